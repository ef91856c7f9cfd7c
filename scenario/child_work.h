// ChildWork: what an isolated child does with the callback under test, as data, so
// that a fresh program can do it as well as a fork of the caller. A replay runs one
// scenario and sends back its whole result (run_isolated.h); a batch runs scenarios
// in a row, each judged (run_batch.h). The doharness command hands it, encoded, to a
// child program that loads the plugin itself (tools/cli/plugin_child.h): so plugins
// run in children on Windows, which has no fork, as on Linux.
//
//   ChildStarter children = ForkedChildren(&CreateMyCallback);  // child_serve.h
//   IsolatedRun replay = RunScenarioIsolated(scenario, children, /*hang_ms=*/2000);
#ifndef DOHARNESS_SCENARIO_CHILD_WORK_H_
#define DOHARNESS_SCENARIO_CHILD_WORK_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "isolation/supervisor.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

struct ChildWork {
  enum class Kind {
    kReplay,  // scenarios[0], trace on: its trace in kData frames, then one kResult frame with
              // the rest of its ScenarioResult
    kBatch,   // each scenario, trace off: a kStage frame, then a kResult frame with its failures
  };
  Kind kind = Kind::kReplay;
  std::vector<Scenario> scenarios;
  // kBatch: the failures that count (FailureFilter), and whether the child stops at
  // the first run that has one.
  std::string rules_glob = "*";
  bool stop_at_first_failure = true;
};

// Every field of the work, positions included: a decoded scenario is the same one,
// down to the lines its expectations are told apart by.
std::string EncodeChildWork(const ChildWork& work);
// nullopt: not what EncodeChildWork writes.
std::optional<ChildWork> DecodeChildWork(std::string_view bytes);

// Starts a child that does `work` within `limits`, and returns what became of it; what
// the child streams back (a replay's trace) goes to `data` as it arrives.
using ChildStarter = std::function<isolation::ChildRun(const ChildWork& work, const isolation::ChildLimits& limits,
                                                       const isolation::DataSink& data)>;

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_CHILD_WORK_H_
