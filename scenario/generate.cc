#include "scenario/generate.h"

#include <initializer_list>
#include <string>

#include "engine/fault.h"

namespace doharness::scenario {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// How long a generated run may take in virtual time. Long enough for the slowest
// transfer (1 MiB at 64 KiB/s), a two-minute stall and a late registration; short
// enough that a callback which never returns S_OK is redelivered a bounded number of
// times (120 at the 5 s retry delay) instead of for the 7 days of the default.
constexpr Duration kGeneratedRunLength = minutes(10);


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
  return static_cast<ULONG>(choose.Below(kEveryNotifyFlag + 1));
}

// A later time than `after`, within the run.
Duration Later(Chooser& choose, Duration after) {
  return after + choose.Pick<Duration>({milliseconds(100), seconds(1), seconds(5), seconds(30), minutes(2)});
}

}  // namespace

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

}  // namespace doharness::scenario
