#include "tools/cli/callback_under_test.h"

#include <memory>
#include <cstdio>
#include <mutex>

#include "examples/reference_callback/reference_callback.h"
#include "isolation/supervisor.h"
#include "tools/cli/plugin_child.h"
#include "tools/plugin_host/plugin_host.h"

namespace doharness::tools {
namespace {

// The plugin, loaded by the first call of the factory: in a child, never in the runner.
// Replay, record and explore have their own limits for the callback's calls; the
// plugin's loading gets the default --hang-ms.
constexpr int kProbeStepLimitMs = 5000;

struct PluginLoadedOnFirstUse {
  std::string path;
  std::once_flag once;
  PluginOrError plugin;
};

}  // namespace

std::variant<CallbackFactory, std::string> LoadCallbackUnderTest(const std::string& plugin_path) {
  if (plugin_path.empty()) return CallbackFactory(examples::CreateReferenceCallback);
#if defined(_WIN32)
  // Replay, record and explore run the callback in a fork of the runner; Windows has
  // none, and a plugin never runs in the runner.
  return "--callback " + plugin_path +
         ": on Windows, replay, record and explore run the bundled reference callback only (not yet a DLL); "
         "`doharness check --callback` checks a DLL";
#else
  if (std::string error = ProbePlugin(plugin_path, kProbeStepLimitMs, isolation::ChildLimits{}.memory_mb); !error.empty()) return error;
  auto lazy = std::make_shared<PluginLoadedOnFirstUse>();
  lazy->path = plugin_path;
  return CallbackFactory([lazy](IUnknown** out) -> HRESULT {
    std::call_once(lazy->once, [&] { lazy->plugin = LoadPlugin(lazy->path); });
    if (const std::string* error = std::get_if<std::string>(&lazy->plugin)) {
      std::fprintf(stderr, "%s\n", error->c_str());  // captured with the child's output
      return E_FAIL;
    }
    return std::get<Plugin>(lazy->plugin).factory(out);
  });
#endif
}

}  // namespace doharness::tools
