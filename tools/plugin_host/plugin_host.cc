#include "tools/plugin_host/plugin_host.h"

#include <exception>
#include <string>

#include "api/com_ptr.h"
#include "api/names.h"
#include "deliveryoptimization.h"
#include "doharness_plugin.h"
#include "tools/plugin_host/internal/dynamic_library.h"
#include "tools/plugin_host/internal/one_line.h"

namespace doharness::tools {

using internal::OneLine;

PluginOrError LoadPlugin(const std::string& path) {
  std::variant<internal::DynamicLibrary, std::string> opened = internal::OpenLibrary(path);
  if (std::string* error = std::get_if<std::string>(&opened)) return std::move(*error);
  const internal::DynamicLibrary library = std::get<internal::DynamicLibrary>(opened);

  Plugin plugin;
  plugin.path = path;
  plugin.factory = reinterpret_cast<DoHarnessCreateCallbackFn>(
      internal::FindExport(library, DOHARNESS_CREATE_CALLBACK_SYMBOL));
  if (plugin.factory == nullptr) {
    internal::CloseLibrary(library);
    return path + " does not export " DOHARNESS_CREATE_CALLBACK_SYMBOL " (declare it extern \"C\")";
  }
  if (auto abi = reinterpret_cast<DoHarnessPluginAbiFn>(internal::FindExport(library, DOHARNESS_PLUGIN_ABI_SYMBOL))) {
    plugin.abi = abi();
  }
  if (plugin.abi != DOHARNESS_PLUGIN_ABI_VERSION) {
    internal::CloseLibrary(library);
    return path + " was built for plugin ABI " + std::to_string(plugin.abi) +
           "; this doharness speaks " + std::to_string(DOHARNESS_PLUGIN_ABI_VERSION);
  }
  // Never closed from here on: see Plugin.
  return plugin;
}

CallbackOrError CreateFromPlugin(const Plugin& plugin) {
  const std::string prefix = plugin.path + ": " DOHARNESS_CREATE_CALLBACK_SYMBOL " ";
  IUnknown* object = nullptr;
  HRESULT hr;
  try {
    hr = plugin.factory(&object);
  } catch (const std::exception& e) {
    return prefix + "threw an exception: " + OneLine(e.what());
  } catch (...) {
    return prefix + "threw an exception";
  }
  // A failed call's out-parameter is not the caller's (COM-doc): left alone.
  if (FAILED(hr)) return prefix + "failed with " + HresultName(hr);
  if (object == nullptr) return prefix + "returned " + HresultName(hr) + " but no object";
  return ComPtr<IUnknown>::Attach(object);
}

}  // namespace doharness::tools
