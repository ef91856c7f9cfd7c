#include "tools/cli/record_command.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "api/names.h"
#include "conformance/case_run.h"
#include "conformance/rule_catalog.h"
#include "conformance/time_limits.h"
#include "deliveryoptimization.h"
#include "engine/fault.h"
#include "scenario/parse.h"
#include "scenario/print.h"
#include "scenario/run_isolated.h"
#include "scenario/scenario.h"
#include "tools/cli/arguments.h"
#include "tools/cli/callback_under_test.h"
#include "tools/cli/output_file.h"

namespace doharness::tools {
namespace {

using scenario::Expectation;
using scenario::JobCall;
using scenario::Scenario;

constexpr char kUnderTest[] = "C";
// The files of a run made from --jobs/--files (a case's are conformance::kCaseFileSize).
constexpr uint64_t kOptionsFileSize = 256 * 1024;

struct RecordArgs {
  std::string callback;
  std::string profile = "do";
  uint64_t seed = 1;
  int jobs = 1;
  int files = 1;
  std::string fault = "none";
  std::string flags = "0x0B";
  std::string rule;
  std::string out;
  std::string trace;
  int hang_ms = conformance::kDefaultHangMs;
};

// ---- What to record ---------------------------------------------------------------------
using conformance::CaseRun;
using conformance::JobPlan;

std::string RecordableRules() {
  std::string list;
  for (std::string_view rule : conformance::RecordableRules()) list += (list.empty() ? "" : ", ") + std::string(rule);
  return list;
}

// The plan of --jobs, --files, --fault and --flags: the fault on J1.
std::variant<CaseRun, std::string> RunFromOptions(const RecordArgs& args) {
  const std::optional<ULONG> flags = ParseNotifyFlags(args.flags);
  if (!flags) return "--flags '" + args.flags + "' is not a set of notify flags (e.g. 0x0B, TRANSFERRED|ERROR)";
  std::optional<Fault> fault;
  if (args.fault == "http404") fault = conformance::ErrorWithFile();
  if (args.fault == "job_error") fault = conformance::ErrorWithoutFile();
  if (args.fault == "complete_fails") fault = Fault::CompleteFails(E_FAIL);
  if (args.fault == "transient") {
    fault = Fault::TransientAt(0, 64 * 1024, BG_E_NETWORK_DISCONNECTED, std::chrono::minutes(2));
  }
  if (fault && fault->file_index >= 0 && fault->kind != Fault::Kind::kCompleteFails && args.files == 0) {
    return "--fault " + args.fault + " happens in a file: it needs --files 1 or more";
  }
  CaseRun run;
  for (int i = 0; i < args.jobs; ++i) {
    JobPlan job;
    job.files = args.files;
    job.flags = *flags;
    if (i == 0) job.fault = fault;
    run.jobs.push_back(job);
  }
  return run;
}

// ---- The scenario -------------------------------------------------------------------------
std::string JobName(size_t index) { return "J" + std::to_string(index + 1); }

scenario::TimedAction Action(Duration at, const std::string& job, JobCall::Method method, ULONG flags = 0,
                             const std::string& callback = "") {
  scenario::TimedAction action;
  action.at = at;
  action.job = job;
  action.call.method = method;
  action.call.flags = flags;
  action.call.callback = callback;
  return action;
}

Scenario SetUp(const RecordArgs& args, const CaseRun& run, uint64_t file_size) {
  Scenario s;
  s.engine.profile = args.profile;
  s.engine.seed = args.seed;
  s.engine.reentrant_modification_depth = run.reentrant_modification_depth;
  scenario::CallbackDecl callback;
  callback.name = kUnderTest;
  callback.kind = scenario::CallbackDecl::Kind::kUnderTest;
  s.callbacks.push_back(callback);
  for (size_t i = 0; i < run.jobs.size(); ++i) {
    const JobPlan& job_plan = run.jobs[i];
    scenario::JobDecl job;
    job.name = JobName(i);
    job.display_name = "job " + std::to_string(i + 1);
    for (int f = 0; f < job_plan.files; ++f) {
      scenario::FileDecl file;
      file.job = job.name;
      file.remote_url = "http://example/" + job.name + "/" + std::to_string(f);
      file.local_name = "/tmp/" + job.name + "_" + std::to_string(f);
      file.size = file_size;
      job.files.push_back(file);
    }
    if (job_plan.fault) s.faults.push_back({job.name, *job_plan.fault, {}});
    const Duration start{0};
    s.timeline.push_back(Action(start, job.name, JobCall::Method::kSetNotifyFlags, job_plan.flags));
    s.timeline.push_back(Action(start, job.name, JobCall::Method::kSetNotifyInterface, 0, kUnderTest));
    s.timeline.push_back(Action(start, job.name, JobCall::Method::kResume));
    s.jobs.push_back(std::move(job));
  }
  if (run.resume_first_job_after) {
    s.timeline.push_back(Action(*run.resume_first_job_after, JobName(0), JobCall::Method::kResume));
  }
  s.end_after = std::chrono::hours(1);
  return s;
}

Expectation Expect(Expectation::Kind kind, const std::string& job = "") {
  Expectation e;
  e.kind = kind;
  e.job = job;
  e.callback = kUnderTest;
  return e;
}

// Each job's final state and C's calls on it, as expectations.
void PinWhatHappened(const std::vector<scenario::JobOutcome>& jobs, Scenario* s) {
  for (size_t i = 0; i < s->jobs.size() && i < jobs.size(); ++i) {
    Expectation state = Expect(Expectation::Kind::kState, s->jobs[i].name);
    state.state = jobs[i].state;
    s->expectations.push_back(state);
    Expectation calls = Expect(Expectation::Kind::kCallsExactly, s->jobs[i].name);
    calls.calls = jobs[i].under_test_calls;
    s->expectations.push_back(calls);
  }
}

// ---- The command ---------------------------------------------------------------------------
std::string CommandLine(const RecordArgs& args) {
  std::ostringstream line;
  line << "doharness record";
  if (!args.callback.empty()) line << " --callback " << args.callback;
  line << " --profile " << args.profile << " --seed " << args.seed;
  if (!args.rule.empty()) {
    line << " --rule " << args.rule;
  } else {
    line << " --jobs " << args.jobs << " --files " << args.files << " --fault " << args.fault << " --flags "
         << args.flags;
  }
  line << " --out " << args.out;
  return line.str();
}

// Time rules measure wall time, which a loaded machine stretches: a replay elsewhere
// could fail where the recording held.
bool RuleIsStable(std::string_view rule) { return rule.substr(0, 5) != "time."; }

int RunRecord(const RecordArgs& args) {
  CaseRun run;
  uint64_t file_size = kOptionsFileSize;
  if (!args.rule.empty()) {
    std::optional<CaseRun> recordable = conformance::RecordableRunOf(args.rule);
    if (!recordable) {
      const std::string why = conformance::FindRule(args.rule) == nullptr
                                  ? "it is not a rule id (see doharness rules)"
                                  : "its conformance case needs what a scenario cannot say (direct calls to the "
                                    "callback, interface probes, or the engine's own checks); check it with "
                                    "doharness check --rules " + args.rule;
      return BadInput("cannot record rule " + args.rule + " as a scenario: " + why);
    }
    run = std::move(*recordable);
    file_size = conformance::kCaseFileSize;
  } else {
    std::variant<CaseRun, std::string> from_options = RunFromOptions(args);
    if (const std::string* error = std::get_if<std::string>(&from_options)) {
      return BadInput(*error);
    }
    run = std::get<CaseRun>(std::move(from_options));
  }
  for (const std::string& error :
       {CheckOutputPath(args.out, StandardOutput::kRefused),
        args.trace.empty() ? "" : CheckOutputPath(args.trace, StandardOutput::kRefused),
        CheckDistinctOutputs({{"--out", args.out}, {"--trace", args.trace}})}) {
    if (!error.empty()) {
      return BadInput(error);
    }
  }
  std::variant<scenario::ChildStarter, std::string> children = CallbackUnderTest(args.callback);
  if (const std::string* error = std::get_if<std::string>(&children)) {
    return BadInput(*error);
  }
  const scenario::ChildStarter& under_test = std::get<scenario::ChildStarter>(children);

  Scenario s = SetUp(args, run, file_size);
  // The candidates kept only when they held on the recorded run: survival (number 0)
  // and the rule (number 1).
  Scenario candidate = s;
  candidate.expectations.push_back(Expect(Expectation::Kind::kSurvives));
  std::optional<Expectation> rule;
  if (!args.rule.empty() && RuleIsStable(args.rule)) {
    rule = Expect(Expectation::Kind::kRule);
    rule->rule = args.rule;
    candidate.expectations.push_back(*rule);
  }
  const scenario::IsolatedRun recorded = scenario::RunScenarioIsolated(candidate, under_test, args.hang_ms);

  std::ostringstream header;
  header << "Recorded by: " << CommandLine(args) << "\n";
  std::string replay_command = "doharness replay " + args.out + (args.callback.empty() ? "" : " --callback " + args.callback);
  if (!recorded.finished) {
    header << "The recording did not finish: " << recorded.what << ".\n"
           << "Nothing is pinned: replaying this reproduces it.";
    if (std::string error = WriteOutputFile(args.out, scenario::PrintScenario(s, header.str())); !error.empty()) {
      return BadInput(error);
    }
    std::cout << "record: " << recorded.what << "\nwrote " << args.out << "; reproduce it with:\n  " << replay_command
              << "\n";
    return 1;
  }

  PinWhatHappened(recorded.result.jobs, &s);
  bool survived = true;
  for (const scenario::ExpectationFailure& failure : recorded.result.failures) {
    if (failure.expectation == 0) {
      survived = false;
      header << "The callback did not survive: " << failure.what << "\n";
    }
    if (failure.expectation == 1) {
      header << "No `expect rule " << args.rule << "`: " << failure.what << "\n";
      rule.reset();
    }
  }
  if (!args.rule.empty() && !RuleIsStable(args.rule)) {
    header << "No `expect rule " << args.rule << "`: it measures wall time, which differs from run to run\n";
  }
  if (survived) s.expectations.push_back(Expect(Expectation::Kind::kSurvives));
  if (rule) s.expectations.push_back(*rule);
  const std::string text = scenario::PrintScenario(s, header.str() + "Replays to the same trace with the same callback.");
  for (const auto& [path, contents] : {std::pair{args.out, text}, std::pair{args.trace, recorded.result.trace}}) {
    if (path.empty()) continue;
    if (std::string error = WriteOutputFile(path, contents); !error.empty()) {
      return BadInput(error);
    }
  }

  // What was written must be what replay reads: parse it back and run it again.
  const scenario::ParseResult parsed = scenario::ParseScenario(text, args.out);
  std::string differs;
  if (!parsed.scenario) {
    differs = "it does not parse: " + parsed.error;
  } else {
    const scenario::IsolatedRun replayed = scenario::RunScenarioIsolated(*parsed.scenario, under_test, args.hang_ms);
    if (!replayed.finished) {
      differs = replayed.what;
    } else if (!replayed.result.failures.empty()) {
      differs = replayed.result.failures.front().message;
    } else if (replayed.result.trace != recorded.result.trace) {
      differs = "its trace differs from the recording's";
    }
  }
  std::cout << "recorded " << s.jobs.size() << " job" << (s.jobs.size() == 1 ? "" : "s") << ", "
            << s.expectations.size() << " expectations; wrote " << args.out << "\n";
  if (!differs.empty()) {
    std::cerr << "doharness: " << args.out << " does not replay as recorded: " << differs << "\n";
    return 1;
  }
  std::cout << "replay it with:\n  " << replay_command << "\n";
  return 0;
}

}  // namespace

void AddRecordCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<RecordArgs>();
  CLI::App* command =
      app.add_subcommand("record", "run a callback once and write what happened as a scenario that replays the same");
  AddCallbackOption(command, &args->callback);
  command->add_option("--profile", args->profile, "do or bits (default do)")->check(CLI::IsMember({"do", "bits"}));
  AddSeedOption(command, &args->seed, "the engine's seed (default 1)");
  CLI::Option* jobs = command->add_option("--jobs", args->jobs, "jobs, J1..JN (default 1)")->check(WholeNumber(1, 64));
  CLI::Option* files =
      command->add_option("--files", args->files, "files a job, 256 KiB each (default 1)")->check(WholeNumber(0, 16));
  CLI::Option* fault =
      command->add_option("--fault", args->fault, "what goes wrong in J1 (default none)")
          ->check(CLI::IsMember({"http404", "job_error", "complete_fails", "transient", "none"}));
  CLI::Option* flags = command->add_option(
      "--flags", args->flags, "notify flags each job registers C with (default 0x0B: TRANSFERRED|ERROR|MODIFICATION)");
  command
      ->add_option("--rule", args->rule,
                   "record the set-up of this rule's conformance case instead of --jobs/--files/--fault/--flags; one of " +
                       RecordableRules())
      ->excludes(jobs)
      ->excludes(files)
      ->excludes(fault)
      ->excludes(flags);
  command->add_option("--out", args->out, "the scenario file to write")->required();
  command->add_option("--trace", args->trace, "also write the recorded run's trace (JSON Lines) here");
  AddLimitMsOption(command, "--hang-ms", &args->hang_ms,
                   "a call into the callback that has not returned after this long is a hang");
  command->callback([args, exit_code] { *exit_code = RunRecord(*args); });
}

}  // namespace doharness::tools
