// The child's side of ChildWork (child_work.h), and children that are forks of this
// process: a callback linked into the caller (the reference callback, a test's own)
// runs its scenarios in them. The doharness command's child program serves the same
// work with a plugin it loads (tools/cli/plugin_child.h).
#ifndef DOHARNESS_SCENARIO_CHILD_SERVE_H_
#define DOHARNESS_SCENARIO_CHILD_SERVE_H_

#include "api/callback_factory.h"
#include "scenario/child_work.h"

namespace doharness::scenario {

// Does `work` with `under_test` on `channel`: the frames RunScenarioIsolated and
// RunBatchIsolated read.
void ServeChildWork(const ChildWork& work, const CallbackFactory& under_test, int channel);

// Children that are forks of this process serving the work with `under_test`. On
// Windows, which has no fork, the work runs in this process (isolation/supervisor.h):
// for callbacks linked in, never for a plugin.
ChildStarter ForkedChildren(CallbackFactory under_test);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_CHILD_SERVE_H_
