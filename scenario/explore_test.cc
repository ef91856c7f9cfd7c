// The explorer's parts with injected run functions: the generator's determinism and
// reach, the judge's signatures, the shrinker's minimum, batch isolation (crash, hang,
// stderr), and Explore end to end in process and isolated. explore_zoo_test.cc runs it
// on real callbacks.
#include "scenario/explore.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "gtest/gtest.h"
#include "scenario/print.h"

namespace doharness::scenario {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

bool Registers(const TimedAction& action) {
  return action.call.method == JobCall::Method::kSetNotifyInterface && action.call.callback == kUnderTestName;
}

bool HasFault(const Scenario& s, Fault::Kind kind) {
  return std::any_of(s.faults.begin(), s.faults.end(), [&](const FaultDecl& f) { return f.fault.kind == kind; });
}

int MaxFiles(const Scenario& s) {
  size_t most = 0;
  for (const JobDecl& job : s.jobs) most = std::max(most, job.files.size());
  return static_cast<int>(most);
}

ScenarioResult Violating(const std::string& rule, const std::string& message) {
  ScenarioResult result;
  result.violations.push_back({rule, message});
  return result;
}

TEST(ScenarioGeneratorTest, TheSameSeedGivesTheSameScenarios) {
  ScenarioGenerator a(7), b(7), other(8);
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string text = PrintScenario(a.Next());
    EXPECT_EQ(text, PrintScenario(b.Next())) << "scenario " << i;
    if (text != PrintScenario(other.Next())) ++differ;
  }
  EXPECT_GT(differ, 190);
}

TEST(ScenarioGeneratorTest, ScenariosAreWellFormed) {
  ScenarioGenerator generator(1);
  for (int i = 0; i < 2000; ++i) {
    const Scenario s = generator.Next();
    SCOPED_TRACE(PrintScenario(s));
    ASSERT_EQ(s.callbacks.size(), 1u);
    EXPECT_EQ(s.callbacks[0].name, kUnderTestName);
    EXPECT_EQ(s.callbacks[0].kind, CallbackDecl::Kind::kUnderTest);
    ASSERT_GE(s.jobs.size(), 1u);
    ASSERT_LE(s.jobs.size(), 4u);
    EXPECT_GE(s.engine.concurrency_limit, 1);
    EXPECT_LE(s.engine.concurrency_limit, 4);
    for (const JobDecl& job : s.jobs) {
      EXPECT_GE(job.files.size(), 1u);
      EXPECT_TRUE(std::any_of(s.timeline.begin(), s.timeline.end(),
                              [&](const TimedAction& a) { return a.job == job.name && Registers(a); }));
    }
    for (const FaultDecl& f : s.faults) {
      auto job = std::find_if(s.jobs.begin(), s.jobs.end(), [&](const JobDecl& j) { return j.name == f.job; });
      ASSERT_NE(job, s.jobs.end());
      EXPECT_LT(f.fault.file_index, static_cast<int>(job->files.size()));
    }
    EXPECT_TRUE(std::is_sorted(s.timeline.begin(), s.timeline.end(),
                               [](const TimedAction& x, const TimedAction& y) { return x.at < y.at; }));
    for (const TimedAction& a : s.timeline) EXPECT_LT(a.at, s.end_after);
    const std::vector<std::string> rules(std::begin(kJudgedRules), std::end(kJudgedRules));
    ASSERT_EQ(s.expectations.size(), 1 + rules.size());
    EXPECT_EQ(s.expectations[0].kind, Expectation::Kind::kSurvives);
    for (size_t r = 0; r < rules.size(); ++r) {
      EXPECT_EQ(s.expectations[r + 1].kind, Expectation::Kind::kRule);
      EXPECT_EQ(s.expectations[r + 1].rule, rules[r]);
    }
  }
}

// Every freedom of the contract the issue lists shows up in a few thousand scenarios.
TEST(ScenarioGeneratorTest, ReachesEveryFreedomOfTheContract) {
  std::map<std::string, int> seen;
  ScenarioGenerator generator(3);
  for (int i = 0; i < 3000; ++i) {
    const Scenario s = generator.Next();
    seen["jobs=" + std::to_string(s.jobs.size())]++;
    seen["files=" + std::to_string(MaxFiles(s))]++;
    if (s.engine.modification_order == ModificationOrder::kSeeded) seen["seeded order"]++;
    if (s.engine.reentrant_modification_depth > 0) seen["reentrant"]++;
    if (s.engine.coalesce_modifications) seen["coalesce"]++;
    if (s.engine.profile == "bits") seen["bits"]++;
    for (const FaultDecl& f : s.faults) {
      switch (f.fault.kind) {
        case Fault::Kind::kFatal:
          seen[f.fault.file_index == Fault::kNoFile          ? "job_error"
               : (f.fault.code & 0xFFFF0000) == 0x80190000 ? "http"
                                                            : "fatal"]++;
          break;
        case Fault::Kind::kTransient: seen["transient"]++; break;
        case Fault::Kind::kStall: seen["stall"]++; break;
        case Fault::Kind::kCompleteFails: seen["complete_fails"]++; break;
        case Fault::Kind::kCancelFails: seen["cancel_fails"]++; break;
        case Fault::Kind::kGetterFails: seen["getter_fails"]++; break;  // not generated: getters never fail in explore
      }
    }
    std::set<std::string> registered;
    for (const TimedAction& a : s.timeline) {
      if (a.call.method == JobCall::Method::kSetNotifyFlags && (a.call.flags & BG_NOTIFY_FILE_TRANSFERRED)) {
        seen["file flag"]++;
      }
      if (Registers(a) && a.at > Duration{0} && !registered.count(a.job)) seen["late registration"]++;
      if (Registers(a) && registered.count(a.job)) seen["registered again"]++;
      if (Registers(a)) registered.insert(a.job);
      if (a.call.method == JobCall::Method::kSetNotifyInterface && a.call.callback.empty()) seen["unregistered"]++;
      if (a.call.method == JobCall::Method::kSuspend) seen["suspended"]++;
    }
  }
  for (const char* what : {"jobs=1", "jobs=2", "jobs=3", "jobs=4", "files=4", "seeded order", "reentrant", "coalesce",
                           "bits", "job_error", "http", "fatal", "transient", "stall", "complete_fails",
                           "cancel_fails", "file flag", "late registration", "registered again", "unregistered",
                           "suspended"}) {
    EXPECT_GT(seen[what], 10) << what;
  }
}

TEST(JudgeTest, CrashAndHangAreTheirOwnSignatures) {
  const Scenario s = ScenarioGenerator(1).Next();
  RunOutcome crashed{RunOutcome::Status::kCrashed, "SIGABRT (signal 6)", {}};
  RunOutcome hung{RunOutcome::Status::kHung, "no return within 2000 ms", {}};
  ASSERT_EQ(Judge(s, crashed).size(), 1u);
  EXPECT_EQ(Judge(s, crashed)[0].signature, "crash");
  EXPECT_EQ(Judge(s, crashed)[0].message, "SIGABRT (signal 6)");
  ASSERT_EQ(Judge(s, hung).size(), 1u);
  EXPECT_EQ(Judge(s, hung)[0].signature, "hang");
}

TEST(JudgeTest, ViolationsThenFailedExpectationsEachSignatureOnce) {
  Scenario s;
  Expectation rule;
  rule.kind = Expectation::Kind::kRule;
  rule.rule = "ret.transferred_ok";
  rule.pos = {12, 1};
  Expectation survives;
  survives.kind = Expectation::Kind::kSurvives;
  survives.pos = {13, 1};
  Expectation state;
  state.kind = Expectation::Kind::kState;
  state.pos = {14, 1};
  s.expectations = {rule, survives, state};

  RunOutcome outcome;
  outcome.result.violations = {{"params.job_not_released", "JobTransferred released pJob (job 1)"},
                               {"params.job_not_released", "again (job 2)"}};
  // Each names its expectation by number (ExpectationNumbered), as RunScenario does.
  outcome.result.failures = {
      {{14, 1}, "x:14:1: expected state ACKNOWLEDGED of J1, got TRANSFERRED", "expected state ACKNOWLEDGED of J1, got TRANSFERRED", 2},
      {{12, 1}, "x:12:1: rule ret.transferred_ok broken", "rule ret.transferred_ok broken", 0},
      {{13, 1}, "x:13:1: JobError threw", "JobError threw", 1}};
  const std::vector<Failure> failures = Judge(s, outcome);
  ASSERT_EQ(failures.size(), 4u);
  EXPECT_EQ(failures[0].signature, "params.job_not_released");
  EXPECT_EQ(failures[0].message, "params.job_not_released: JobTransferred released pJob (job 1)");
  EXPECT_EQ(failures[1].signature, "expect:14");
  EXPECT_EQ(failures[2].signature, "ret.transferred_ok");
  EXPECT_EQ(failures[3].signature, "crash");
  EXPECT_TRUE(Judge(s, RunOutcome{}).empty());

  // Only required rules selected by the glob count; other expectations always do.
  const std::vector<Failure> selected = Judge(s, outcome, FailureFilter("ret.*"));
  ASSERT_EQ(selected.size(), 3u);
  EXPECT_EQ(selected[0].signature, "expect:14");
  EXPECT_EQ(selected[1].signature, "ret.transferred_ok");
  EXPECT_EQ(selected[2].signature, "crash");
}

// As `doharness check` counts them: recommended and advisory rules never make a search
// fail; a crash, a hang and an expectation that is no rule's always do.
TEST(FailureFilterTest, CountsRequiredSelectedRulesCrashesAndHangs) {
  const FailureFilter every;
  EXPECT_TRUE(every.Counts({"ret.error_ok", ""}));
  EXPECT_FALSE(every.Counts({"com.refcount_exact", ""}));  // recommended
  EXPECT_FALSE(every.Counts({"time.prompt", ""}));         // recommended
  EXPECT_FALSE(every.Counts({"job.acknowledges", ""}));    // advisory
  for (const char* always : {"crash", "hang", "expect:7", "engine"}) EXPECT_TRUE(every.Counts({always, ""}));
  const FailureFilter params("params.*");
  EXPECT_TRUE(params.Counts({"params.job_not_released", ""}));
  EXPECT_FALSE(params.Counts({"ret.error_ok", ""}));
  EXPECT_TRUE(params.Counts({"crash", ""}));
}

// A scenario with more of everything than a failure needs.
Scenario Bloated() {
  Scenario s = ScenarioGenerator(1).Next();
  s.engine.profile = "bits";
  s.engine.seed = 99;
  s.engine.modification_order = ModificationOrder::kSeeded;
  s.engine.reentrant_modification_depth = 2;
  s.engine.coalesce_modifications = true;
  s.engine.retry_delay = seconds(30);
  s.engine.chunk_bytes = 16 * 1024;
  s.engine.concurrency_limit = 2;
  s.jobs.clear();
  s.faults.clear();
  s.timeline.clear();
  for (const char* name : {"J1", "J2", "J3"}) {
    JobDecl job;
    job.name = name;
    job.display_name = name;
    for (int f = 0; f < 3; ++f) {
      FileDecl file;
      file.job = name;
      file.remote_url = std::string("http://example/") + name + "/" + std::to_string(f);
      file.local_name = std::string("/tmp/") + name + "-" + std::to_string(f);
      file.size = 1024 * 1024;
      file.bytes_per_second = 64 * 1024;
      job.files.push_back(file);
    }
    s.jobs.push_back(job);
    s.faults.push_back({name, Fault::StallAt(2, 512 * 1024, minutes(2)), {}});
    s.faults.push_back({name, Fault::CompleteFails(E_FAIL, 5), {}});
    TimedAction flags;
    flags.job = name;
    flags.call.method = JobCall::Method::kSetNotifyFlags;
    flags.call.flags = 0x1F;
    TimedAction registration;
    registration.at = seconds(30);
    registration.job = name;
    registration.call.method = JobCall::Method::kSetNotifyInterface;
    registration.call.callback = kUnderTestName;
    TimedAction resume;
    resume.job = name;
    resume.call.method = JobCall::Method::kResume;
    s.timeline.push_back(flags);
    s.timeline.push_back(resume);
    s.timeline.push_back(registration);
  }
  std::stable_sort(s.timeline.begin(), s.timeline.end(),
                   [](const TimedAction& x, const TimedAction& y) { return x.at < y.at; });
  return s;
}

// The synthetic bug: a stall on the second file of a job of at least two, at 16 KiB or
// later, under seeded modification order, with the callback registered for the file
// notification.
bool SyntheticBug(const Scenario& s) {
  if (s.engine.modification_order != ModificationOrder::kSeeded) return false;
  for (const FaultDecl& f : s.faults) {
    auto job = std::find_if(s.jobs.begin(), s.jobs.end(), [&](const JobDecl& j) { return j.name == f.job; });
    if (f.fault.kind != Fault::Kind::kStall || f.fault.file_index != 1 || f.fault.at_byte < 16 * 1024 ||
        job == s.jobs.end() || job->files.size() < 2) {
      continue;
    }
    bool registered = false, file_flag = false;
    for (const TimedAction& a : s.timeline) {
      registered |= a.job == f.job && Registers(a);
      file_flag |= a.job == f.job && a.call.method == JobCall::Method::kSetNotifyFlags &&
                   (a.call.flags & BG_NOTIFY_FILE_TRANSFERRED);
    }
    if (registered && file_flag) return true;
  }
  return false;
}

TEST(ShrinkTest, ReducesASyntheticFailureToItsMinimum) {
  Scenario bloated = Bloated();
  for (FaultDecl& f : bloated.faults) {
    if (f.fault.kind == Fault::Kind::kStall) f.fault.file_index = 1;
  }
  ASSERT_TRUE(SyntheticBug(bloated));
  int steps = 0;
  const ShrinkResult shrunk = Shrink(bloated, SyntheticBug, [&](const Scenario&) { ++steps; });

  // J1 and J2 go (J3 alone still fails, and is renamed J1), the third file, the
  // CompleteFails faults and Resume go; everything else goes down to the least that
  // still fails.
  Scenario expected;
  expected.engine.modification_order = ModificationOrder::kSeeded;
  expected.callbacks = bloated.callbacks;
  JobDecl job;
  job.name = "J1";
  job.display_name = "job 1";
  for (int f = 0; f < 2; ++f) {
    FileDecl file;
    file.job = "J1";
    file.remote_url = "http://example/J1/" + std::to_string(f);
    file.local_name = "/tmp/J1-" + std::to_string(f);
    file.size = 1024;
    job.files.push_back(file);
  }
  expected.jobs = {job};
  expected.faults = {{"J1", Fault::StallAt(1, 16 * 1024, seconds(1)), {}}};
  TimedAction flags;
  flags.job = "J1";
  flags.call.method = JobCall::Method::kSetNotifyFlags;
  flags.call.flags = BG_NOTIFY_FILE_TRANSFERRED;
  TimedAction registration;
  registration.job = "J1";
  registration.call.method = JobCall::Method::kSetNotifyInterface;
  registration.call.callback = kUnderTestName;
  expected.timeline = {flags, registration};
  expected.end_after = seconds(1);
  expected.expectations = bloated.expectations;

  EXPECT_EQ(PrintScenario(shrunk.scenario), PrintScenario(expected));
  EXPECT_GT(steps, 10);
  EXPECT_GE(shrunk.attempts, steps);
  EXPECT_EQ(ToString(SizeOf(shrunk.scenario)), "1 job, 2 files, 1 fault, 2 actions");
}

TEST(ShrinkTest, KeepsAScenarioNothingCanBeTakenFrom) {
  const Scenario s = ScenarioGenerator(5).Next();
  const std::string text = PrintScenario(s);
  const ShrinkResult shrunk = Shrink(s, [&](const Scenario& candidate) { return PrintScenario(candidate) == text; });
  EXPECT_EQ(PrintScenario(shrunk.scenario), text);
  EXPECT_GT(shrunk.attempts, 0);
}

TEST(ReplayableScenarioTest, ExpectsTheRuleOrSurvival) {
  const Scenario s = ScenarioGenerator(2).Next();
  const Scenario rule = ReplayableScenario(s, {"ret.transferred_ok", "..."});
  ASSERT_EQ(rule.expectations.size(), 2u);
  EXPECT_EQ(rule.expectations[0].kind, Expectation::Kind::kSurvives);
  EXPECT_EQ(rule.expectations[1].kind, Expectation::Kind::kRule);
  EXPECT_EQ(rule.expectations[1].rule, "ret.transferred_ok");
  for (const char* signature : {"crash", "hang"}) {
    const Scenario survives = ReplayableScenario(s, {signature, "..."});
    ASSERT_EQ(survives.expectations.size(), 1u);
    EXPECT_EQ(survives.expectations[0].kind, Expectation::Kind::kSurvives);
  }
}

// Injected runs: the "callback" breaks tol.reentrant_modification when re-entrance is on
// and a job has two files or more.
ScenarioResult ReentranceBug(const Scenario& s) {
  if (s.engine.reentrant_modification_depth > 0 && MaxFiles(s) >= 2) {
    return Violating("tol.reentrant_modification", "nested JobModification aborted");
  }
  return {};
}

TEST(ExploreTest, FindsAndShrinksInProcess) {
  ExploreOptions options;
  options.seed = 11;
  options.budget = 500;
  options.isolate = false;
  const ExploreResult result = Explore(options, ReentranceBug);
  ASSERT_TRUE(result.found);
  const FoundFailure& found = *result.found;
  EXPECT_EQ(found.failure.signature, "tol.reentrant_modification");
  EXPECT_EQ(result.runs, found.run_index + 1);
  EXPECT_EQ(PrintScenario(found.original), [&] {
    ScenarioGenerator generator(11);
    for (int i = 0; i < found.run_index; ++i) generator.Next();
    return PrintScenario(generator.Next());
  }());
  const Scenario& shrunk = found.shrunk;
  EXPECT_EQ(ToString(SizeOf(shrunk)), "1 job, 2 files, 0 faults, 0 actions");
  EXPECT_EQ(shrunk.engine.reentrant_modification_depth, 1);
  ASSERT_EQ(shrunk.expectations.size(), 2u);
  EXPECT_EQ(shrunk.expectations[1].rule, "tol.reentrant_modification");

  // The same seed finds the same failure and writes the same scenario.
  const ExploreResult again = Explore(options, ReentranceBug);
  ASSERT_TRUE(again.found);
  EXPECT_EQ(again.found->run_index, found.run_index);
  EXPECT_EQ(PrintScenario(again.found->shrunk), PrintScenario(shrunk));
}

// Shards search disjoint parts of the seed's stream, and together the whole: the shard
// that holds the unsharded search's first failure finds the same run; every other
// shard finds a later run of its own residue, or nothing; each shard makes only its own
// runs.
TEST(ExploreTest, ShardsSplitTheStreamByIndex) {
  ExploreOptions options;
  options.seed = 11;
  options.budget = 500;
  options.isolate = false;
  const ExploreResult whole = Explore(options, ReentranceBug);
  ASSERT_TRUE(whole.found);
  const int first = whole.found->run_index;
  options.shard_count = 4;
  for (int shard = 0; shard < 4; ++shard) {
    options.shard_index = shard;
    const ExploreResult part = Explore(options, ReentranceBug);
    if (shard == first % 4) {
      ASSERT_TRUE(part.found) << shard;
      EXPECT_EQ(part.found->run_index, first);
      EXPECT_EQ(PrintScenario(part.found->shrunk), PrintScenario(whole.found->shrunk));
      EXPECT_EQ(part.runs, first / 4 + 1);
    } else if (part.found) {
      EXPECT_EQ(part.found->run_index % 4, shard);
      EXPECT_GT(part.found->run_index, first);
    } else {
      EXPECT_EQ(part.runs, (500 - shard + 3) / 4) << shard;
    }
  }
}

TEST(ExploreTest, ReportsTheBudgetSpentWhenNothingFails) {
  ExploreOptions options;
  options.budget = 300;
  options.batch_size = 64;
  options.isolate = false;
  int runs = 0;
  const ExploreResult result = Explore(options, [&](const Scenario&) {
    ++runs;
    return ScenarioResult{};
  });
  EXPECT_FALSE(result.found);
  EXPECT_EQ(result.runs, 300);
  EXPECT_EQ(runs, 300);
}

TEST(ExploreTest, ReportsProgressAtMostAtItsInterval) {
  ExploreOptions options;
  options.budget = 50;
  options.batch_size = 1;
  options.isolate = false;
  options.progress_interval_ms = 0;
  std::vector<ExploreProgress> reports;
  options.progress = [&](const ExploreProgress& p) { reports.push_back(p); };
  Explore(options, [](const Scenario&) { return ScenarioResult{}; });
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().runs, 50);
  EXPECT_FALSE(reports.back().shrinking);

  options.progress_interval_ms = 1000 * 1000;
  reports.clear();
  Explore(options, [](const Scenario&) { return ScenarioResult{}; });
  EXPECT_TRUE(reports.empty());
}

// Marks scenarios by their engine seed for the isolation tests.
std::vector<Scenario> Marked(int n) {
  std::vector<Scenario> scenarios(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) scenarios[static_cast<size_t>(i)].engine.seed = static_cast<uint64_t>(i);
  return scenarios;
}

// Seed 1 aborts after a line on stderr, seed 3 never returns, seed 4 breaks a rule.
ScenarioResult Misbehaving(const Scenario& s) {
  switch (s.engine.seed) {
    case 1:
      std::fprintf(stderr, "noise\nFAIL_FAST_IF(finished) at bug.cc:12\n");
      std::abort();
    case 3:
      for (;;) pause();
    case 4:
      return Violating("ret.error_ok", "JobError returned E_FAIL");
    default:
      return {};
  }
}

TEST(RunBatchIsolatedTest, EachRunEndsInItsOwnVerdict) {
  const BatchVerdicts verdicts = RunBatchIsolated(Marked(6), Misbehaving, {200, /*stop_at_first_failure=*/false});
  ASSERT_EQ(verdicts.size(), 6u);
  EXPECT_TRUE(verdicts[0].empty());
  ASSERT_EQ(verdicts[1].size(), 1u);
  EXPECT_EQ(verdicts[1][0].signature, "crash");
  EXPECT_EQ(verdicts[1][0].message, "SIGABRT (signal 6): FAIL_FAST_IF(finished) at bug.cc:12");
  EXPECT_TRUE(verdicts[2].empty());
  ASSERT_EQ(verdicts[3].size(), 1u);
  EXPECT_EQ(verdicts[3][0].signature, "hang");
  EXPECT_EQ(verdicts[3][0].message, "no return within 200 ms");
  ASSERT_EQ(verdicts[4].size(), 1u);
  EXPECT_EQ(verdicts[4][0].signature, "ret.error_ok");
  EXPECT_EQ(verdicts[4][0].message, "ret.error_ok: JobError returned E_FAIL");
  EXPECT_TRUE(verdicts[5].empty());
}

TEST(RunBatchIsolatedTest, StopsAtTheFirstFailure) {
  const BatchVerdicts verdicts = RunBatchIsolated(Marked(6), Misbehaving, {200, /*stop_at_first_failure=*/true});
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(verdicts[1][0].signature, "crash");
}

TEST(RunBatchIsolatedTest, AnExitWithoutAVerdictIsACrash) {
  const BatchVerdicts verdicts = RunBatchIsolated(Marked(1), [](const Scenario&) -> ScenarioResult { _exit(3); },
                                                  {200, true});
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0][0].signature, "crash");
  EXPECT_EQ(verdicts[0][0].message, "exited with code 3 without an outcome");
}

TEST(ExploreTest, FindsAndShrinksACrashInIsolation) {
  ExploreOptions options;
  options.seed = 4;
  options.budget = 1000;
  options.batch_size = 100;
  const ExploreResult result = Explore(options, [](const Scenario& s) -> ScenarioResult {
    if (HasFault(s, Fault::Kind::kCancelFails) && s.jobs.size() >= 2) std::abort();
    return {};
  });
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.found->failure.signature, "crash");
  EXPECT_EQ(ToString(SizeOf(result.found->shrunk)), "2 jobs, 0 files, 1 fault, 0 actions");
  ASSERT_EQ(result.found->shrunk.expectations.size(), 1u);
  EXPECT_EQ(result.found->shrunk.expectations[0].kind, Expectation::Kind::kSurvives);
}

}  // namespace
}  // namespace doharness::scenario
