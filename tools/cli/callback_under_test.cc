#include "tools/cli/callback_under_test.h"

#include "examples/reference_callback/reference_callback.h"
#include "isolation/supervisor.h"
#include "scenario/child_serve.h"
#include "tools/cli/plugin_child.h"

namespace doharness::tools {
namespace {

// Replay, record and explore have their own limits for the callback's calls; the
// plugin's loading gets the default --hang-ms.
constexpr int kProbeStepLimitMs = 5000;

}  // namespace

std::variant<scenario::ChildStarter, std::string> CallbackUnderTest(const std::string& plugin_path) {
  if (plugin_path.empty()) return scenario::ForkedChildren(examples::CreateReferenceCallback);
  if (std::string error = ProbePlugin(plugin_path, kProbeStepLimitMs, isolation::ChildLimits{}.memory_mb); !error.empty()) {
    return error;
  }
  return ScenarioChildren(plugin_path);
}

}  // namespace doharness::tools
