#include "scenario/explore.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <sstream>
#include <utility>

#include "conformance/rule_catalog.h"
#include "isolation/child.h"
#include "isolation/supervisor.h"

namespace doharness::scenario {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * 1024;
constexpr ULONG kAllFlags = 0x1F;

// How long a generated run may take in virtual time. Long enough for the slowest
// transfer (1 MiB at 64 KiB/s), a two-minute stall and a late registration; short
// enough that a callback which never returns S_OK is redelivered a bounded number of
// times (120 at the 5 s retry delay) instead of for the 7 days of the default.
constexpr Duration kGeneratedRunLength = minutes(10);

// ---- Generation -----------------------------------------------------------------

// Uniform choices from a 64-bit generator, written out so that a seed gives the same
// scenarios with every standard library (std::uniform_int_distribution may differ).
class Chooser {
 public:
  explicit Chooser(std::mt19937_64& random) : random_(random) {}
  uint64_t Below(uint64_t n) { return random_() % n; }
  bool Chance(double p) { return static_cast<double>(random_() >> 11) * 0x1.0p-53 < p; }
  template <class T>
  T Pick(std::initializer_list<T> values) {
    return *(values.begin() + Below(values.size()));
  }

 private:
  std::mt19937_64& random_;
};

HRESULT FaultCode(Chooser& choose) {
  return choose.Pick<HRESULT>({E_FAIL, E_ACCESSDENIED, E_OUTOFMEMORY,
                               static_cast<HRESULT>(0x80030070),    // STG_E_MEDIUMFULL (facility storage)
                               static_cast<HRESULT>(0x80072EE7)});  // WININET name not resolved
}

// A fault in the transfer of `job`: one of the five kinds the contract lets the
// service report (fatal, HTTP status, job-level error, transient error, stall).
Fault TransferFault(Chooser& choose, const JobDecl& job) {
  const int file = static_cast<int>(choose.Below(job.files.size()));
  const uint64_t at = job.files[file].size * choose.Below(4) / 4;
  switch (choose.Below(5)) {
    case 0:
      return Fault::FatalAt(file, at, FaultCode(choose));
    case 1:
      return Fault::HttpStatusAt(file, at, choose.Pick({404, 403, 500, 503}));
    case 2:
      return Fault::JobError(FaultCode(choose));
    case 3:
      return Fault::TransientAt(file, at, FaultCode(choose), choose.Pick<Duration>({seconds(1), seconds(30), minutes(2)}));
    default:
      return Fault::StallAt(file, at, choose.Pick<Duration>({seconds(1), seconds(30), minutes(2)}));
  }
}

TimedAction Action(Duration at, const std::string& job, JobCall::Method method) {
  TimedAction action;
  action.at = at;
  action.job = job;
  action.call.method = method;
  return action;
}

TimedAction Register(Duration at, const std::string& job, const std::string& callback) {
  TimedAction action = Action(at, job, JobCall::Method::kSetNotifyInterface);
  action.call.callback = callback;
  return action;
}

TimedAction SetFlags(Duration at, const std::string& job, ULONG flags) {
  TimedAction action = Action(at, job, JobCall::Method::kSetNotifyFlags);
  action.call.flags = flags;
  return action;
}

ULONG NotifyFlags(Chooser& choose) {
  if (choose.Chance(0.5)) return 0x0B;  // TRANSFERRED | ERROR | MODIFICATION, the usual set
  if (choose.Chance(0.5)) return 0x1B;  // ... and FILE_TRANSFERRED
  return static_cast<ULONG>(choose.Below(kAllFlags + 1));
}

// A later time than `after`, within the run.
Duration Later(Chooser& choose, Duration after) {
  return after + choose.Pick<Duration>({milliseconds(100), seconds(1), seconds(5), seconds(30), minutes(2)});
}

// ---- Judging ----------------------------------------------------------------------

const Expectation* ExpectationAt(const Scenario& scenario, const SourcePos& pos) {
  for (const Expectation& e : scenario.expectations) {
    if (e.pos.line == pos.line && e.pos.col == pos.col) return &e;
  }
  for (const TimedAction& action : scenario.timeline) {
    if (action.expect && action.expect->pos.line == pos.line && action.expect->pos.col == pos.col) {
      return &*action.expect;
    }
  }
  return nullptr;
}

std::string SignatureOf(const Scenario& scenario, const ExpectationFailure& failure) {
  const Expectation* expectation = ExpectationAt(scenario, failure.pos);
  if (expectation != nullptr && expectation->kind == Expectation::Kind::kRule) return expectation->rule;
  if (expectation != nullptr && expectation->kind == Expectation::Kind::kSurvives) return "crash";
  return "expect:" + std::to_string(failure.pos.line);
}

void AddUnique(std::vector<Failure>* failures, Failure failure) {
  for (const Failure& f : *failures) {
    if (f.signature == failure.signature) return;
  }
  failures->push_back(std::move(failure));
}

bool HasSignature(const std::vector<Failure>& failures, const std::string& signature) {
  return std::any_of(failures.begin(), failures.end(),
                     [&](const Failure& f) { return f.signature == signature; });
}

// ---- Isolation ----------------------------------------------------------------------

// One field of a verdict: no tabs, no newlines.
std::string Field(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return text;
}

// The child: for each run from `first`, a kStage frame with its index before it starts
// and a kResult frame "signature\tmessage\t..." once it is judged.
void RunChild(const std::vector<Scenario>& scenarios, size_t first, const RunFunction& run,
              const IsolationOptions& options, int channel) {
  const FailureFilter filter(options.rules_glob);
  for (size_t i = first; i < scenarios.size(); ++i) {
    isolation::Send(channel, isolation::Tag::kStage, std::to_string(i));
    RunOutcome outcome;
    outcome.result = run(scenarios[i]);
    const std::vector<Failure> failures = Judge(scenarios[i], outcome, filter);
    std::string fields;
    for (const Failure& f : failures) fields += (fields.empty() ? "" : "\t") + Field(f.signature) + "\t" + Field(f.message);
    isolation::Send(channel, isolation::Tag::kResult, fields);
    if (options.stop_at_first_failure && !failures.empty()) break;
  }
}

std::vector<Failure> ParseFailures(const std::string& fields) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(fields);
  while (std::getline(in, part, '\t')) parts.push_back(part);
  std::vector<Failure> failures;
  for (size_t i = 0; i + 1 < parts.size(); i += 2) failures.push_back({parts[i], parts[i + 1]});
  return failures;
}

// The last non-empty line of what a child wrote.
std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) return "";
  const size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// Runs scenarios[first...] in one child. Appends a verdict for every run the child
// finished and for the run that crashed or hung in it; returns the index to go on from.
size_t RunOneChild(const std::vector<Scenario>& scenarios, size_t first, const RunFunction& run,
                   const IsolationOptions& options, BatchVerdicts* verdicts) {
  isolation::ChildLimits limits;
  limits.step_limit_ms = options.hang_ms;  // each run's wall time: a kStage frame restarts it
  limits.call_limit_ms = int64_t{2} * options.hang_ms;  // the wall-time limit speaks first
  const isolation::ChildRun child = isolation::Supervise(
      [&](int channel) { RunChild(scenarios, first, run, options, channel); }, limits);
  size_t next = first;
  bool running = false;
  for (const isolation::Frame& frame : child.frames) {
    if (frame.tag == isolation::Tag::kStage) {
      next = static_cast<size_t>(std::stoul(frame.text)) + 1;
      running = true;
    } else if (frame.tag == isolation::Tag::kResult && running) {
      verdicts->push_back(ParseFailures(frame.text));
      running = false;
    }
  }
  if (!running) return next;
  const isolation::Outcome outcome = isolation::OutcomeOf(child, limits);
  switch (outcome.status) {
    case isolation::Outcome::Status::kTimedOut:
      verdicts->push_back({{"hang", "no return within " + std::to_string(options.hang_ms) + " ms"}});
      break;
    case isolation::Outcome::Status::kHung:
      verdicts->push_back({{"hang", outcome.text}});
      break;
    default: {
      std::string message = outcome.text;
      const std::string said = LastLine(outcome.output);
      if (!said.empty()) message += ": " + said.substr(0, 300);
      verdicts->push_back({{"crash", message}});
    }
  }
  return next;
}

// ---- Shrinking ----------------------------------------------------------------------

// One kind of simplification. `count` candidates for a scenario; `make` builds the
// i-th, or nothing when it would change nothing. `again`: after a candidate is
// accepted, try the same index once more (a removal moved the next element there; a
// halving may halve again).
struct Simplification {
  std::function<size_t(const Scenario&)> count;
  std::function<std::optional<Scenario>(const Scenario&, size_t)> make;
  bool again;
};

void SortTimeline(Scenario* s) {
  std::stable_sort(s->timeline.begin(), s->timeline.end(),
                   [](const TimedAction& a, const TimedAction& b) { return a.at < b.at; });
}

void RemoveJob(Scenario* s, size_t index) {
  const std::string name = s->jobs[index].name;
  s->jobs.erase(s->jobs.begin() + static_cast<long>(index));
  auto names = [&](const std::string& job) { return job == name; };
  s->faults.erase(std::remove_if(s->faults.begin(), s->faults.end(), [&](const FaultDecl& f) { return names(f.job); }),
                  s->faults.end());
  s->timeline.erase(std::remove_if(s->timeline.begin(), s->timeline.end(),
                                   [&](const TimedAction& a) {
                                     return names(a.job) || (a.expect && names(a.expect->job));
                                   }),
                    s->timeline.end());
  s->expectations.erase(std::remove_if(s->expectations.begin(), s->expectations.end(),
                                       [&](const Expectation& e) { return names(e.job); }),
                        s->expectations.end());
  for (Behaviour& b : s->behaviours) {
    b.steps.erase(std::remove_if(b.steps.begin(), b.steps.end(), [&](const Step& step) { return names(step.on_job); }),
                  b.steps.end());
  }
}

// The job and file index of the `index`-th file of the scenario, counted across jobs.
bool LocateFile(const Scenario& s, size_t index, size_t* job, size_t* file) {
  for (size_t j = 0; j < s.jobs.size(); ++j) {
    if (index < s.jobs[j].files.size()) {
      *job = j;
      *file = index;
      return true;
    }
    index -= s.jobs[j].files.size();
  }
  return false;
}

size_t FileCount(const Scenario& s) {
  size_t n = 0;
  for (const JobDecl& job : s.jobs) n += job.files.size();
  return n;
}

void RemoveFile(Scenario* s, size_t job, size_t file) {
  JobDecl& decl = s->jobs[job];
  decl.files.erase(decl.files.begin() + static_cast<long>(file));
  const int removed = static_cast<int>(file);
  std::vector<FaultDecl> kept;
  for (FaultDecl f : s->faults) {
    const bool file_fault = f.fault.kind == Fault::Kind::kFatal || f.fault.kind == Fault::Kind::kTransient ||
                            f.fault.kind == Fault::Kind::kStall;
    if (f.job == decl.name && file_fault && f.fault.file_index != Fault::kNoFile) {
      if (f.fault.file_index == removed) continue;
      if (f.fault.file_index > removed) --f.fault.file_index;
    }
    kept.push_back(std::move(f));
  }
  s->faults = std::move(kept);
}

template <class Element>
Simplification RemoveEach(std::vector<Element> Scenario::*elements) {
  return {[elements](const Scenario& s) { return (s.*elements).size(); },
          [elements](const Scenario& s, size_t i) -> std::optional<Scenario> {
            Scenario candidate = s;
            (candidate.*elements).erase((candidate.*elements).begin() + static_cast<long>(i));
            return candidate;
          },
          true};
}

// Values a shrinker moves a field down to, smallest first: round numbers, so that a
// written scenario reads well.
template <class T>
using Ladder = std::vector<T>;

// Candidates that lower one field of each element of a vector of the scenario to each
// smaller value of `ladder`, smallest first (the first accepted is the smallest that
// still fails; the larger ones then change nothing).
template <class Element, class T>
Simplification Lower(std::vector<Element> Scenario::*elements, std::function<T*(Element*)> field, Ladder<T> ladder) {
  const size_t steps = ladder.size();
  return {[elements, steps](const Scenario& s) { return (s.*elements).size() * steps; },
          [elements, field, ladder](const Scenario& s, size_t i) -> std::optional<Scenario> {
            Scenario candidate = s;
            T* value = field(&(candidate.*elements)[i / ladder.size()]);
            if (!(ladder[i % ladder.size()] < *value)) return std::nullopt;
            *value = ladder[i % ladder.size()];
            SortTimeline(&candidate);
            return candidate;
          },
          false};
}

// The same for a field of the scenario as a whole.
template <class T>
Simplification LowerSetting(std::function<T*(Scenario*)> field, Ladder<T> ladder) {
  return {[steps = ladder.size()](const Scenario&) { return steps; },
          [field, ladder](const Scenario& s, size_t i) -> std::optional<Scenario> {
            Scenario candidate = s;
            T* value = field(&candidate);
            if (!(ladder[i] < *value)) return std::nullopt;
            *value = ladder[i];
            return candidate;
          },
          false};
}

// A setting back to its default.
template <class T>
Simplification Reset(std::function<T*(Scenario*)> field, T default_value) {
  return {[](const Scenario&) { return size_t{1}; },
          [field, default_value](const Scenario& s, size_t) -> std::optional<Scenario> {
            Scenario candidate = s;
            T* value = field(&candidate);
            if (*value == default_value) return std::nullopt;
            *value = default_value;
            return candidate;
          },
          false};
}

// Candidates that set a field of a file (the `i / values.size()`-th of the scenario,
// counted across jobs) to each of `values` that `better` prefers to its value, in order.
Simplification EachFile(uint64_t FileDecl::*field, Ladder<uint64_t> values,
                        std::function<bool(uint64_t candidate, uint64_t current)> better) {
  return {[steps = values.size()](const Scenario& s) { return FileCount(s) * steps; },
          [field, values, better](const Scenario& s, size_t i) -> std::optional<Scenario> {
            size_t job = 0, file = 0;
            if (!LocateFile(s, i / values.size(), &job, &file)) return std::nullopt;
            Scenario candidate = s;
            uint64_t& value = candidate.jobs[job].files[file].*field;
            if (!better(values[i % values.size()], value)) return std::nullopt;
            value = values[i % values.size()];
            return candidate;
          },
          false};
}

// The jobs named J1, J2, ... in order, with their files' URLs and local names to
// match, as the generator names them: what the shrinker left reads as if written so.
std::optional<Scenario> Renumbered(const Scenario& s, size_t) {
  Scenario candidate = s;
  std::map<std::string, std::string> renamed;
  for (size_t j = 0; j < candidate.jobs.size(); ++j) {
    JobDecl& job = candidate.jobs[j];
    const std::string name = "J" + std::to_string(j + 1);
    renamed[job.name] = name;
    job.name = name;
    job.display_name = "job " + std::to_string(j + 1);
    for (size_t f = 0; f < job.files.size(); ++f) {
      job.files[f].job = name;
      job.files[f].remote_url = "http://example/" + name + "/" + std::to_string(f);
      job.files[f].local_name = "/tmp/" + name + "-" + std::to_string(f);
    }
  }
  auto rename = [&](std::string* job) {
    auto it = renamed.find(*job);
    if (it != renamed.end()) *job = it->second;
  };
  for (FaultDecl& f : candidate.faults) rename(&f.job);
  for (TimedAction& a : candidate.timeline) {
    rename(&a.job);
    if (a.expect) rename(&a.expect->job);
  }
  for (Expectation& e : candidate.expectations) rename(&e.job);
  for (Behaviour& b : candidate.behaviours) {
    for (Step& step : b.steps) rename(&step.on_job);
  }
  bool changed = false;
  for (size_t j = 0; j < s.jobs.size() && !changed; ++j) {
    changed = s.jobs[j].name != candidate.jobs[j].name || s.jobs[j].display_name != candidate.jobs[j].display_name;
    for (size_t f = 0; f < s.jobs[j].files.size() && !changed; ++f) {
      changed = s.jobs[j].files[f].remote_url != candidate.jobs[j].files[f].remote_url ||
                s.jobs[j].files[f].local_name != candidate.jobs[j].files[f].local_name;
    }
  }
  if (!changed) return std::nullopt;
  return candidate;
}

// Biggest cuts first: whole jobs, then files, faults and actions, then settings and
// values.
std::vector<Simplification> Simplifications() {
  const EngineSettings defaults;
  const FileDecl default_file;
  const Ladder<Duration> times = {Duration{0}, milliseconds(100), seconds(1), seconds(5), seconds(30), minutes(2)};
  std::vector<Simplification> all;
  all.push_back({[](const Scenario& s) { return s.jobs.size(); },
                 [](const Scenario& s, size_t i) -> std::optional<Scenario> {
                   Scenario candidate = s;
                   RemoveJob(&candidate, i);
                   return candidate;
                 },
                 true});
  all.push_back({FileCount,
                 [](const Scenario& s, size_t i) -> std::optional<Scenario> {
                   size_t job = 0, file = 0;
                   if (!LocateFile(s, i, &job, &file)) return std::nullopt;
                   Scenario candidate = s;
                   RemoveFile(&candidate, job, file);
                   return candidate;
                 },
                 true});
  all.push_back(RemoveEach(&Scenario::faults));
  all.push_back(RemoveEach(&Scenario::timeline));
  all.push_back(RemoveEach(&Scenario::behaviours));

  all.push_back(Reset<std::string>([](Scenario* s) { return &s->engine.profile; }, defaults.profile));
  all.push_back(Reset<ModificationOrder>([](Scenario* s) { return &s->engine.modification_order; },
                                         defaults.modification_order));
  all.push_back(LowerSetting<int>([](Scenario* s) { return &s->engine.reentrant_modification_depth; }, {0, 1}));
  all.push_back(Reset<bool>([](Scenario* s) { return &s->engine.coalesce_modifications; },
                            defaults.coalesce_modifications));
  all.push_back(Reset<Duration>([](Scenario* s) { return &s->engine.retry_delay; }, defaults.retry_delay));
  all.push_back(Reset<uint64_t>([](Scenario* s) { return &s->engine.chunk_bytes; }, defaults.chunk_bytes));
  all.push_back(Reset<int>([](Scenario* s) { return &s->engine.concurrency_limit; }, defaults.concurrency_limit));
  all.push_back(Reset<uint64_t>([](Scenario* s) { return &s->engine.seed; }, defaults.seed));
  all.push_back(LowerSetting<Duration>([](Scenario* s) { return &s->end_after; },
                                       {seconds(1), seconds(10), minutes(1), minutes(10), hours(1)}));

  all.push_back(Lower<TimedAction, Duration>(&Scenario::timeline, [](TimedAction* a) { return &a->at; }, times));
  for (ULONG bit = 1; bit <= kAllFlags; bit <<= 1) {
    all.push_back({[](const Scenario& s) { return s.timeline.size(); },
                   [bit](const Scenario& s, size_t i) -> std::optional<Scenario> {
                     Scenario candidate = s;
                     TimedAction& action = candidate.timeline[i];
                     if (action.expect || action.call.method != JobCall::Method::kSetNotifyFlags ||
                         (action.call.flags & bit) == 0) {
                       return std::nullopt;
                     }
                     action.call.flags &= ~bit;
                     return candidate;
                   },
                   false});
  }

  all.push_back(Lower<FaultDecl, uint64_t>(&Scenario::faults, [](FaultDecl* f) { return &f->fault.at_byte; },
                                           {0, kKiB, 16 * kKiB, 64 * kKiB}));
  all.push_back(Lower<FaultDecl, int>(&Scenario::faults, [](FaultDecl* f) { return &f->fault.times; }, {1, 2}));
  all.push_back(Lower<FaultDecl, Duration>(&Scenario::faults, [](FaultDecl* f) { return &f->fault.duration; },
                                           {seconds(1), seconds(30)}));
  all.push_back({[](const Scenario& s) { return s.faults.size(); },
                 [](const Scenario& s, size_t i) -> std::optional<Scenario> {
                   if (s.faults[i].fault.code == E_FAIL) return std::nullopt;
                   Scenario candidate = s;
                   candidate.faults[i].fault.code = E_FAIL;
                   return candidate;
                 },
                 false});

  all.push_back(EachFile(&FileDecl::size, {1 * kKiB, 16 * kKiB, 64 * kKiB, 256 * kKiB},
                         [](uint64_t candidate, uint64_t current) { return candidate < current; }));
  all.push_back(EachFile(&FileDecl::bytes_per_second, {default_file.bytes_per_second},
                         [](uint64_t candidate, uint64_t current) { return candidate != current; }));
  all.push_back({[](const Scenario&) { return size_t{1}; }, Renumbered, false});
  return all;
}

}  // namespace

// ---- Generation -----------------------------------------------------------------------

ScenarioGenerator::ScenarioGenerator(uint64_t seed) : random_(seed) {}

Scenario ScenarioGenerator::Next() {
  Chooser choose(random_);
  Scenario s;
  EngineSettings& engine = s.engine;
  engine.profile = choose.Chance(0.15) ? "bits" : "do";
  engine.seed = 1 + choose.Below(1u << 20);
  engine.modification_order = choose.Chance(0.5) ? ModificationOrder::kSeeded : ModificationOrder::kRaiseOrder;
  engine.reentrant_modification_depth = choose.Chance(0.3) ? 1 + static_cast<int>(choose.Below(2)) : 0;
  engine.coalesce_modifications = choose.Chance(0.15);
  engine.retry_delay = choose.Pick<Duration>({seconds(1), seconds(5), seconds(30)});
  engine.chunk_bytes = choose.Pick<uint64_t>({16 * kKiB, 64 * kKiB});
  engine.concurrency_limit = 1 + static_cast<int>(choose.Below(4));

  CallbackDecl callback;
  callback.name = kUnderTestName;
  callback.kind = CallbackDecl::Kind::kUnderTest;
  s.callbacks.push_back(callback);

  // Mostly one or two jobs: most bugs need one, and small scenarios run fast.
  const int jobs = choose.Pick({1, 1, 1, 1, 2, 2, 3, 4});
  for (int j = 1; j <= jobs; ++j) {
    JobDecl job;
    job.name = "J" + std::to_string(j);
    job.display_name = "job " + std::to_string(j);
    const int files = choose.Pick({1, 1, 1, 2, 2, 3, 4, 4});
    for (int f = 0; f < files; ++f) {
      FileDecl file;
      file.job = job.name;
      file.remote_url = "http://example/" + job.name + "/" + std::to_string(f);
      file.local_name = "/tmp/" + job.name + "-" + std::to_string(f);
      file.size = choose.Pick<uint64_t>({1 * kKiB, 16 * kKiB, 64 * kKiB, 256 * kKiB, 1 * kMiB});
      file.bytes_per_second = choose.Pick<uint64_t>({64 * kKiB, 256 * kKiB, 1 * kMiB});
      job.files.push_back(file);
    }

    if (choose.Chance(0.35)) s.faults.push_back({job.name, TransferFault(choose, job), {}});
    // Complete or Cancel failing: JobTransferred and JobError are redelivered, or the
    // job stays TRANSFERRED/ERROR for a later registration or Resume to find.
    if (choose.Chance(0.25)) {
      s.faults.push_back({job.name, Fault::CompleteFails(FaultCode(choose), 1 + static_cast<int>(choose.Below(6))), {}});
    }
    if (choose.Chance(0.2)) {
      s.faults.push_back({job.name, Fault::CancelFails(FaultCode(choose), 1 + static_cast<int>(choose.Below(2))), {}});
    }

    // Flags, registration (mostly at once, sometimes late), Resume; then perhaps more.
    const Duration registered = choose.Chance(0.7) ? Duration{0} : Later(choose, Duration{0});
    s.timeline.push_back(SetFlags(Duration{0}, job.name, NotifyFlags(choose)));
    s.timeline.push_back(Register(registered, job.name, kUnderTestName));
    s.timeline.push_back(Action(Duration{0}, job.name, JobCall::Method::kResume));
    if (choose.Chance(0.2)) s.timeline.push_back(Register(Later(choose, registered), job.name, kUnderTestName));
    if (choose.Chance(0.15)) s.timeline.push_back(Action(Later(choose, Duration{0}), job.name, JobCall::Method::kResume));
    if (choose.Chance(0.1)) {
      const Duration suspended = Later(choose, Duration{0});
      s.timeline.push_back(Action(suspended, job.name, JobCall::Method::kSuspend));
      s.timeline.push_back(Action(Later(choose, suspended), job.name, JobCall::Method::kResume));
    }
    if (choose.Chance(0.1)) s.timeline.push_back(Register(Later(choose, registered), job.name, ""));
    if (choose.Chance(0.1)) s.timeline.push_back(SetFlags(Later(choose, Duration{0}), job.name, NotifyFlags(choose)));
    if (choose.Chance(0.05)) s.timeline.push_back(Action(Later(choose, Duration{0}), job.name, JobCall::Method::kCancel));
    if (choose.Chance(0.05)) s.timeline.push_back(Action(Later(choose, Duration{0}), job.name, JobCall::Method::kComplete));
    s.jobs.push_back(std::move(job));
  }
  SortTimeline(&s);
  s.end_after = kGeneratedRunLength;

  Expectation survives;
  survives.kind = Expectation::Kind::kSurvives;
  s.expectations.push_back(survives);
  auto expect_rule = [&](const char* rule) {
    Expectation e;
    e.kind = Expectation::Kind::kRule;
    e.rule = rule;
    s.expectations.push_back(e);
  };
  for (const char* rule : kJudgedRules) expect_rule(rule);
  // Judge tells expectations apart by position, as a reader of the file would number them.
  for (size_t i = 0; i < s.expectations.size(); ++i) s.expectations[i].pos = {static_cast<int>(i) + 1, 1};
  return s;
}

// ---- Judging ----------------------------------------------------------------------------

FailureFilter::FailureFilter(std::string_view rules_glob) {
  for (const conformance::Rule* rule : conformance::SelectRules(rules_glob)) {
    if (rule->level == conformance::RuleLevel::kRequired) selected_required_.emplace(rule->id);
  }
}

bool FailureFilter::Counts(const Failure& failure) const {
  if (conformance::FindRule(failure.signature) == nullptr) return true;  // crash, hang, expect:LINE, engine
  return selected_required_.count(failure.signature) != 0;
}

std::vector<Failure> Judge(const Scenario& scenario, const RunOutcome& outcome, const FailureFilter& filter) {
  switch (outcome.status) {
    case RunOutcome::Status::kCrashed:
      return {{"crash", outcome.message}};
    case RunOutcome::Status::kHung:
      return {{"hang", outcome.message}};
    case RunOutcome::Status::kFinished:
      break;
  }
  std::vector<Failure> failures;
  auto add = [&](Failure failure) {
    if (filter.Counts(failure)) AddUnique(&failures, std::move(failure));
  };
  for (const std::string& violation : outcome.result.violations) {
    add({violation.substr(0, violation.find(": ")), violation});
  }
  for (const ExpectationFailure& failure : outcome.result.failures) {
    add({SignatureOf(scenario, failure), failure.message});
  }
  return failures;
}

RunFunction InProcessRunner(CallbackFactory under_test) {
  return [under_test = std::move(under_test)](const Scenario& scenario) {
    RunOptions options;
    options.under_test = under_test;
    options.trace = false;
    return RunScenario(scenario, options);
  };
}

BatchVerdicts RunBatchIsolated(const std::vector<Scenario>& scenarios, const RunFunction& run,
                               const IsolationOptions& options) {
  BatchVerdicts verdicts;
  size_t next = 0;
  while (next < scenarios.size()) {
    next = RunOneChild(scenarios, next, run, options, &verdicts);
    if (options.stop_at_first_failure && !verdicts.empty() && !verdicts.back().empty()) break;
  }
  return verdicts;
}

// ---- Shrinking ----------------------------------------------------------------------------

ScenarioSize SizeOf(const Scenario& scenario) {
  ScenarioSize size;
  size.jobs = static_cast<int>(scenario.jobs.size());
  size.files = static_cast<int>(FileCount(scenario));
  size.faults = static_cast<int>(scenario.faults.size());
  size.actions = static_cast<int>(scenario.timeline.size());
  return size;
}

std::string ToString(const ScenarioSize& size) {
  auto count = [](int n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); };
  return count(size.jobs, "job") + ", " + count(size.files, "file") + ", " + count(size.faults, "fault") + ", " +
         count(size.actions, "action");
}

ShrinkResult Shrink(const Scenario& failing, const std::function<bool(const Scenario&)>& still_fails,
                    const std::function<void(const Scenario&)>& on_step) {
  ShrinkResult result{failing, 0};
  const std::vector<Simplification> simplifications = Simplifications();
  // Every accepted candidate is strictly simpler (fewer elements, or a smaller value
  // that never grows back), so the passes end.
  for (bool changed = true; changed;) {
    changed = false;
    for (const Simplification& simplification : simplifications) {
      for (size_t i = 0; i < simplification.count(result.scenario);) {
        std::optional<Scenario> candidate = simplification.make(result.scenario, i);
        if (candidate) {
          ++result.attempts;
          if (still_fails(*candidate)) {
            result.scenario = std::move(*candidate);
            changed = true;
            if (on_step) on_step(result.scenario);
            if (simplification.again) continue;
          }
        }
        ++i;
      }
    }
  }
  return result;
}

Scenario ReplayableScenario(const Scenario& scenario, const Failure& failure) {
  Scenario replayable = scenario;
  const Expectation* kept = nullptr;
  if (failure.signature.rfind("expect:", 0) == 0) {
    const int line = std::stoi(failure.signature.substr(7));
    for (const Expectation& e : scenario.expectations) {
      if (e.pos.line == line) kept = &e;
    }
  }
  replayable.expectations.clear();
  replayable.timeline.erase(std::remove_if(replayable.timeline.begin(), replayable.timeline.end(),
                                           [](const TimedAction& a) { return a.expect.has_value(); }),
                            replayable.timeline.end());
  Expectation survives;
  survives.kind = Expectation::Kind::kSurvives;
  replayable.expectations.push_back(survives);
  if (kept != nullptr) {
    replayable.expectations.push_back(*kept);
  } else if (conformance::FindRule(failure.signature) != nullptr) {
    Expectation rule;
    rule.kind = Expectation::Kind::kRule;
    rule.rule = failure.signature;
    replayable.expectations.push_back(rule);
  }
  // Positions as a reader numbers them; Judge matches failures by position.
  for (size_t i = 0; i < replayable.expectations.size(); ++i) {
    replayable.expectations[i].pos = {static_cast<int>(i) + 1, 1};
  }
  return replayable;
}

// ---- Exploring ------------------------------------------------------------------------------

namespace {

// Calls ExploreOptions::progress at most every progress_interval_ms.
class ProgressMeter {
 public:
  explicit ProgressMeter(const ExploreOptions& options)
      : options_(options), start_(Clock::now()), last_(start_) {}

  void Update(int runs, bool shrinking, const std::string& best) {
    if (!options_.progress) return;
    const Clock::time_point now = Clock::now();
    if (now - last_ < milliseconds(options_.progress_interval_ms)) return;
    last_ = now;
    const double seconds_so_far = std::chrono::duration<double>(now - start_).count();
    options_.progress({runs, seconds_so_far > 0 ? runs / seconds_so_far : 0.0, shrinking, best});
  }

 private:
  using Clock = std::chrono::steady_clock;
  const ExploreOptions& options_;
  Clock::time_point start_;
  Clock::time_point last_;
};

}  // namespace

ExploreResult Explore(const ExploreOptions& options, const RunFunction& run) {
  const FailureFilter filter(options.rules_glob);
  auto run_batch = [&](const std::vector<Scenario>& batch) -> BatchVerdicts {
    if (options.isolate) {
      return RunBatchIsolated(batch, run, {options.hang_ms, /*stop_at_first_failure=*/true, options.rules_glob});
    }
    BatchVerdicts verdicts;
    for (const Scenario& scenario : batch) {
      RunOutcome outcome;
      outcome.result = run(scenario);
      verdicts.push_back(Judge(scenario, outcome, filter));
      if (!verdicts.back().empty()) break;
    }
    return verdicts;
  };

  ExploreResult result;
  ProgressMeter meter(options);
  ScenarioGenerator generator(options.seed);
  const size_t batch_size = static_cast<size_t>(std::max(1, options.batch_size));
  const int shard_count = std::max(1, options.shard_count);
  int stream_index = 0;  // of the next scenario the generator makes
  while (stream_index < options.budget && !result.found) {
    std::vector<Scenario> batch;
    std::vector<int> indices;  // in the stream, of batch[i]
    for (; stream_index < options.budget && batch.size() < batch_size; ++stream_index) {
      Scenario scenario = generator.Next();
      if (stream_index % shard_count != options.shard_index) continue;
      batch.push_back(std::move(scenario));
      indices.push_back(stream_index);
    }
    if (batch.empty()) break;
    const BatchVerdicts verdicts = run_batch(batch);
    for (size_t i = 0; i < verdicts.size() && !result.found; ++i) {
      if (verdicts[i].empty()) continue;
      FoundFailure found;
      found.failure = verdicts[i].front();
      found.original = batch[i];
      found.run_index = indices[i];
      result.found = std::move(found);
    }
    result.runs += static_cast<int>(verdicts.size());
    meter.Update(result.runs, false, "");
  }
  if (!result.found) return result;

  FoundFailure& found = *result.found;
  const std::string& signature = found.failure.signature;
  int shrink_runs = 0;
  std::string best = signature + ": " + ToString(SizeOf(found.original));
  auto still_fails = [&](const Scenario& candidate) {
    const BatchVerdicts verdicts = run_batch({candidate});
    ++shrink_runs;
    meter.Update(result.runs + shrink_runs, true, best);
    return !verdicts.empty() && HasSignature(verdicts.back(), signature);
  };
  auto on_step = [&](const Scenario& smaller) { best = signature + ": " + ToString(SizeOf(smaller)); };
  ShrinkResult shrunk = Shrink(found.original, still_fails, on_step);
  found.shrunk = ReplayableScenario(shrunk.scenario, found.failure);
  found.shrink_attempts = shrunk.attempts;
  return result;
}

}  // namespace doharness::scenario
