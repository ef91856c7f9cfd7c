#include "scenario/child_serve.h"

#include <utility>

#include "scenario/run_batch.h"
#include "scenario/run_isolated.h"

namespace doharness::scenario {

void ServeChildWork(const ChildWork& work, const CallbackFactory& under_test, int channel) {
  switch (work.kind) {
    case ChildWork::Kind::kReplay:
      if (!work.scenarios.empty()) ReplayInChild(work.scenarios.front(), under_test, channel);
      return;
    case ChildWork::Kind::kBatch: {
      IsolationOptions options;
      options.rules_glob = work.rules_glob;
      options.stop_at_first_failure = work.stop_at_first_failure;
      RunBatchInChild(work.scenarios, InProcessRunner(under_test), options, channel);
      return;
    }
  }
}

ChildStarter ForkedChildren(CallbackFactory under_test) {
  return [under_test = std::move(under_test)](const ChildWork& work, const isolation::ChildLimits& limits,
                                               const isolation::DataSink& data) {
    return isolation::Supervise([&](int channel) { ServeChildWork(work, under_test, channel); }, limits, data);
  };
}

}  // namespace doharness::scenario
