// RunScenarioIsolated: RunScenario in a sandboxed child (//isolation), so that a
// callback that crashes or hangs fails the run instead of ending the caller. The child
// sends its ScenarioResult back over the isolation protocol; what `doharness replay`
// and `doharness record` run.
#ifndef DOHARNESS_SCENARIO_RUN_ISOLATED_H_
#define DOHARNESS_SCENARIO_RUN_ISOLATED_H_

#include <string>

#include "scenario/run.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

// When `finished` is false the callback crashed or hung: `what` says how ("the
// callback crashed: SIGSEGV (signal 11)") and `result` is empty.
struct IsolatedRun {
  bool finished = false;
  std::string what;
  ScenarioResult result;
};

// A call into the callback under test that runs for `hang_ms` of wall time is a hang;
// so is a child still running after max(10 * hang_ms, 30 s). (The time.* rules the
// scenario expects keep options.limits.)
IsolatedRun RunScenarioIsolated(const Scenario& scenario, const RunOptions& options, int hang_ms);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_RUN_ISOLATED_H_
