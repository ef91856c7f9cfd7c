// Explore: searches the behaviours the contract allows for one that makes the callback
// under test break a rule, crash or hang, and shrinks it to the smallest scenario that
// still fails the same way. What `doharness explore` runs (tools/cli/explore_command.h).
//
//   ExploreOptions options;
//   options.seed = 7;
//   options.budget = 2000;
//   ExploreResult result = Explore(options, InProcessRunner(&CreateMyCallback));
//   if (result.found) std::cout << PrintScenario(ReplayableScenario(*result.found));
//
// The pieces, each usable alone:
//   - ScenarioGenerator: a seeded stream of random scenarios (1-4 jobs, files, faults,
//     flags, late registration, redelivery, seeded modification order, re-entrance);
//   - Judge: a run's outcome as failures, each with a signature ("ret.transferred_ok",
//     "crash", "hang") that says when two runs fail the same way;
//   - Shrink: greedy delta debugging of a failing scenario under a predicate;
//   - RunBatchIsolated: runs scenarios in forked children, many a child, so that a crash
//     or a hang costs one run and names it.
//
// Everything is deterministic for a seed (std::mt19937_64, no time, no addresses),
// except which run hangs, which depends on the wall-time limit.
#ifndef DOHARNESS_SCENARIO_EXPLORE_H_
#define DOHARNESS_SCENARIO_EXPLORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/run.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

// The name of the callback under test in every generated scenario.
inline constexpr char kUnderTestName[] = "C";

// The rules a generated scenario expects (`expect rule`), besides `expect survives`:
// those RunScenario judges from the calls and the jobs' states, which no violation
// reports as it happens. The rules the recording proxy and the spies report (params.*,
// com.refcount_*, tol.no_exception, ...) come in ScenarioResult::violations anyway.
// time.no_hang and time.prompt are not among them: they measure wall time, which a
// loaded machine stretches; a hang is caught by the isolation's limit instead. The
// most specific first: Judge names a run by its first failure, and a JobTransferred
// failed three times in a row breaks ret.transferred_ok too.
inline constexpr const char* kJudgedRules[] = {
    "ret.retry_bounded",   "ret.transferred_ok",      "ret.error_ok",
    "ret.modification_ok", "ret.file_transferred_ok",
};
// The advisory rules (job.acknowledges, job.handles_error) are not among them: advice
// never makes explore report a failure.

// A seeded stream of scenarios. Each has one `callback C under_test` on 1-4 jobs, and
// expects survival and kJudgedRules.
class ScenarioGenerator {
 public:
  explicit ScenarioGenerator(uint64_t seed);
  Scenario Next();

 private:
  std::mt19937_64 random_;
};

// One way a run failed.
struct Failure {
  // What makes two failures "the same" for shrinking: the rule id ("params.job_not_released"),
  // "crash" (signal, abort, exit, or `expect survives` failed), "hang" (no return within
  // the wall-time limit), or "expect:LINE" for another expectation that did not hold.
  std::string signature;
  std::string message;  // what happened, one line
};

// What one run came to, as seen from outside it.
struct RunOutcome {
  enum class Status { kFinished, kCrashed, kHung };
  Status status = Status::kFinished;
  std::string message;    // kCrashed/kHung: "SIGABRT (signal 6)", "no return within 2000 ms"
  ScenarioResult result;  // kFinished
};

// Which failures a search counts, as `doharness check` counts them: a crash, a hang, an
// expectation that is not a rule's, and a broken rule that is required and selected by
// the glob (conformance::SelectRules). Recommended and advisory rules never make a
// search fail.
class FailureFilter {
 public:
  explicit FailureFilter(std::string_view rules_glob = "*");
  bool Counts(const Failure& failure) const;

 private:
  std::set<std::string, std::less<>> selected_required_;
};

// The failures of one run that `filter` counts, most telling first: crash or hang; then
// the rule violations in the order observed; then the expectations that failed. Empty:
// the run passed. `scenario` is the one that ran: failed expectations are matched to
// its statements by their positions.
std::vector<Failure> Judge(const Scenario& scenario, const RunOutcome& outcome,
                           const FailureFilter& filter = FailureFilter());

// Runs a scenario in this process with the callback under test.
using RunFunction = std::function<ScenarioResult(const Scenario&)>;

// RunScenario with `under_test`, trace off.
RunFunction InProcessRunner(CallbackFactory under_test);

// The failures of each run of a batch, in order.
using BatchVerdicts = std::vector<std::vector<Failure>>;

// The wall time an explored run may take before it is a hang (explore --hang-ms).
inline constexpr int kDefaultRunHangMs = 2000;

struct IsolationOptions {
  int hang_ms = kDefaultRunHangMs;
  // Stop after the first run that fails (the verdicts end with it).
  bool stop_at_first_failure = true;
  std::string rules_glob = "*";  // the failures that count (FailureFilter)
};

// Runs `scenarios` with `run` in forked children: one child runs as many as it can and
// tells the parent over a pipe which run it starts and how each ended. A run that
// crashes or outlives hang_ms (the child is killed) fails as "crash" or "hang"; the
// rest of the batch goes on in a new child. What crashing runs wrote on stderr is
// swallowed; the last line of it ends the crash message. Linux only.
BatchVerdicts RunBatchIsolated(const std::vector<Scenario>& scenarios, const RunFunction& run,
                               const IsolationOptions& options);

// How big a scenario is, for "smaller" and for progress lines.
struct ScenarioSize {
  int jobs = 0;
  int files = 0;
  int faults = 0;
  int actions = 0;  // timeline entries
};
ScenarioSize SizeOf(const Scenario& scenario);
std::string ToString(const ScenarioSize& size);  // "1 job, 2 files, 0 faults, 3 actions"

struct ShrinkResult {
  Scenario scenario;  // the smallest failing one found
  int attempts = 0;   // candidates tried (runs made)
};

// Greedy delta debugging: tries, until none is accepted, candidates one step simpler
// than the current scenario -- without a job (and its faults and actions), without a
// file, fault or timeline action, default settings, a shorter run, an action earlier,
// a flag bit cleared, faults at byte 0, once, briefly, with E_FAIL, smaller files at
// the default rate, jobs renamed J1, J2, ... -- and keeps every one for which
// `still_fails` holds. `on_step`, if set, sees each accepted scenario.
ShrinkResult Shrink(const Scenario& failing, const std::function<bool(const Scenario&)>& still_fails,
                    const std::function<void(const Scenario&)>& on_step = nullptr);

// The scenario to write for a failure: `scenario` with its expectations replaced by
// `expect survives` and, for a signature that is a rule of the catalog, `expect rule
// RULE` (for "expect:LINE", that expectation); they fail on the callback that failed
// and hold on one that keeps the rules.
Scenario ReplayableScenario(const Scenario& scenario, const Failure& failure);

struct ExploreProgress {
  int runs = 0;               // runs made, search and shrink
  double runs_per_second = 0;
  bool shrinking = false;
  std::string best;           // the smallest failure so far: "crash: 1 job, 1 file, ..."; "" before one
};

struct ExploreOptions {
  uint64_t seed = 1;
  int budget = 2000;     // search runs: the first `budget` of the seed's stream (shrinking is on top)
  // Of those, this search makes the runs whose index in the stream is shard_index
  // modulo shard_count: shards search disjoint parts, and together the whole.
  int shard_index = 0;
  int shard_count = 1;
  bool isolate = true;   // RunBatchIsolated; off: in this process (a crash takes the caller)
  int hang_ms = kDefaultRunHangMs;  // isolate only
  int batch_size = 256;  // runs a child makes in a row
  std::string rules_glob = "*";  // the failures that count (FailureFilter)
  // Called at most every progress_interval_ms of wall time.
  std::function<void(const ExploreProgress&)> progress;
  int progress_interval_ms = 250;
};

struct FoundFailure {
  Failure failure;     // of the run found
  Scenario original;   // as generated
  int run_index = 0;   // 0-based index of that run in the seed's stream
  Scenario shrunk;     // ReplayableScenario of the smallest one that fails the same way
  int shrink_attempts = 0;
};

struct ExploreResult {
  int runs = 0;  // search runs made (by this shard)
  std::optional<FoundFailure> found;
};

// Generates the first `budget` scenarios of the seed's stream and runs this shard's;
// on the first that fails, shrinks it (same signature as its first failure) and
// returns it.
ExploreResult Explore(const ExploreOptions& options, const RunFunction& run);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_EXPLORE_H_
