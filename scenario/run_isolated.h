// RunScenarioIsolated: RunScenario in an isolated child (//isolation), so that a
// callback that crashes or hangs fails the run instead of ending the caller. The child
// (child_work.h: a fork, or a program that loads a plugin) sends its ScenarioResult
// back over the isolation protocol; what `doharness replay` and `doharness record` run.
#ifndef DOHARNESS_SCENARIO_RUN_ISOLATED_H_
#define DOHARNESS_SCENARIO_RUN_ISOLATED_H_

#include <string>

#include "scenario/child_work.h"
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

// Runs `scenario` in a child that `children` starts, trace on (ChildWork::kReplay). A
// call into the callback under test that runs for `hang_ms` of wall time is a hang; so
// is a child still running after max(10 * hang_ms, 30 s). (The time.* rules the
// scenario expects keep their default limits.) The trace goes to `trace` a piece at a
// time as the child sends it, or without one into the result's ScenarioResult::trace.
// Pieces may have arrived before a child that crashes or hangs.
IsolatedRun RunScenarioIsolated(const Scenario& scenario, const ChildStarter& children, int hang_ms,
                                const isolation::DataSink& trace = nullptr);

// The child's side: runs `scenario` with `under_test`, trace on, and sends its trace
// (kData frames) then the rest of its result.
void ReplayInChild(const Scenario& scenario, const CallbackFactory& under_test, int channel);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_RUN_ISOLATED_H_
