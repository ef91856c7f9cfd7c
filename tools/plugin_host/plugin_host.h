// The plugin host: loads a third-party callback plugin, a shared library with the
// exports of api/include/doharness_plugin.h (ABI 1), and makes callback objects with
// it. Every failure comes back as one line for stderr, which the doharness command
// prints before it exits with 2 (docs/architecture.md):
//
//   doharness::tools::PluginOrError loaded = doharness::tools::LoadPlugin(path);
//   if (const std::string* error = std::get_if<std::string>(&loaded)) {
//     std::cerr << *error << "\n";
//     return 2;
//   }
//   const doharness::tools::Plugin& plugin = std::get<doharness::tools::Plugin>(loaded);
//   doharness::tools::CallbackOrError made = doharness::tools::CreateFromPlugin(plugin);
//
// dlopen on Linux, LoadLibraryW on Windows (internal/dynamic_library.h).
#ifndef DOHARNESS_TOOLS_PLUGIN_HOST_PLUGIN_HOST_H_
#define DOHARNESS_TOOLS_PLUGIN_HOST_PLUGIN_HOST_H_

#include <string>
#include <variant>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"
#include "doharness_plugin.h"

namespace doharness::tools {

// A loaded plugin. Its library stays loaded until the process exits: objects it made
// may outlive any Plugin value (an engine holds them, and their Release runs the
// library's code), so the host never unloads a library it handed out. A Plugin is a
// plain value; copies share the one loaded library.
struct Plugin {
  DoHarnessCreateCallbackFn factory = nullptr;
  // What DoHarnessPluginAbi returned: DOHARNESS_PLUGIN_ABI_VERSION, since LoadPlugin
  // refuses any other; also when the library does not export it (it is optional).
  unsigned abi = DOHARNESS_PLUGIN_ABI_VERSION;
  std::string path;  // as given to LoadPlugin
};

using PluginOrError = std::variant<Plugin, std::string>;
using CallbackOrError = std::variant<ComPtr<IUnknown>, std::string>;

// Loads the library at `path` (dlopen(RTLD_NOW | RTLD_LOCAL); LoadLibraryW on Windows)
// and looks up its exports. A path without a directory names a file in the current
// directory (as a command-line argument does), not a library for the loader to search
// for. The errors, each one line, PATH as given:
//   cannot load PATH: <the loader's reason>            (missing, unreadable, unresolved symbols,
//                                                       a DLL it depends on missing, ...)
//   PATH is not a loadable library: <why>              (not ELF; on Windows not a PE DLL, or
//                                                       a DLL of another architecture)
//   PATH does not export DoHarnessCreateCallback (declare it extern "C")
//   PATH was built for plugin ABI 7; this doharness speaks 1
// A library refused after dlopen succeeded is unloaded again: nothing of it was used
// but DoHarnessPluginAbi.
PluginOrError LoadPlugin(const std::string& path);

// Calls the plugin's factory for a new callback object, whose one reference the
// returned ComPtr owns. The errors, each one line:
//   PATH: DoHarnessCreateCallback failed with E_OUTOFMEMORY (0x8007000E)
//   PATH: DoHarnessCreateCallback returned S_OK (0x00000000) but no object
//   PATH: DoHarnessCreateCallback threw an exception: <what()>
CallbackOrError CreateFromPlugin(const Plugin& plugin);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_PLUGIN_HOST_PLUGIN_HOST_H_
