// RunBatchIsolated: runs many scenarios in isolated children, many a child, so that a
// crash or a hang costs one run and names it; each run judged (judge.h) in the child.
// The children are forks running a run function, or those a ChildStarter starts
// (child_work.h: a program that loads a plugin). InProcessRunner makes the run
// function for a callback linked into this process.
#ifndef DOHARNESS_SCENARIO_RUN_BATCH_H_
#define DOHARNESS_SCENARIO_RUN_BATCH_H_

#include <functional>
#include <string>
#include <vector>

#include "api/callback_factory.h"
#include "scenario/child_work.h"
#include "scenario/judge.h"
#include "scenario/run.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

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

// Runs `scenarios` in children: one child runs as many as it can and tells the parent
// over a pipe which run it starts and how each ended. A run that crashes or outlives
// hang_ms (the child is killed) fails as "crash" or "hang"; the rest of the batch goes
// on in a new child. What crashing runs wrote on stderr is swallowed; the last line
// of it ends the crash message.
//
// In the children `children` starts (ChildWork::kBatch):
BatchVerdicts RunBatchIsolated(const std::vector<Scenario>& scenarios, const ChildStarter& children,
                               const IsolationOptions& options);
// In forks of this process, each run made by `run` (POSIX only: on Windows a fork is
// this process itself):
BatchVerdicts RunBatchIsolated(const std::vector<Scenario>& scenarios, const RunFunction& run,
                               const IsolationOptions& options);

// The child's side: for each scenario, a kStage frame before it starts and a kResult
// frame with its failures once it is judged; stops after the first failure if asked.
void RunBatchInChild(const std::vector<Scenario>& scenarios, const RunFunction& run, const IsolationOptions& options,
                     int channel);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_RUN_BATCH_H_
