#include "tools/cli/callback_under_test.h"

#include "examples/reference_callback/reference_callback.h"
#include "tools/plugin_host/plugin_host.h"

namespace doharness::tools {

std::variant<CallbackFactory, std::string> LoadCallbackUnderTest(const std::string& plugin_path) {
  if (plugin_path.empty()) return CallbackFactory(examples::CreateReferenceCallback);
  PluginOrError plugin = LoadPlugin(plugin_path);
  if (const std::string* error = std::get_if<std::string>(&plugin)) return *error;
  const Plugin& loaded = std::get<Plugin>(plugin);
  CallbackOrError probe = CreateFromPlugin(loaded);
  if (const std::string* error = std::get_if<std::string>(&probe)) return *error;
  return CallbackFactory(loaded.factory);
}

}  // namespace doharness::tools
