// Judge: one run's outcome as failures, each with a signature ("ret.transferred_ok",
// "crash", "hang") that says when two runs fail the same way, filtered as `doharness
// check` counts them (FailureFilter).
#ifndef DOHARNESS_SCENARIO_JUDGE_H_
#define DOHARNESS_SCENARIO_JUDGE_H_

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/run.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

// One way a run failed.
struct Failure {
  // What makes two failures "the same" for shrinking: the rule id ("params.job_not_released"),
  // "crash" (signal, abort, exit, or `expect survives` failed), "hang" (no return within
  // the wall-time limit), or "expect:LINE" for another expectation that did not hold.
  std::string signature;
  std::string message;  // what happened, one line
  // For an expectation that did not hold, its number (ExpectationNumbered); else -1.
  int expectation = -1;
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
// the run passed. `scenario` is the one that ran: a failed expectation's signature is
// the rule it names, "crash" for `expect survives`, else "expect:LINE".
std::vector<Failure> Judge(const Scenario& scenario, const RunOutcome& outcome,
                           const FailureFilter& filter = FailureFilter());

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_JUDGE_H_
