#include "tools/plugin_host/plugin_host.h"

#include <dlfcn.h>

#include <exception>
#include <fstream>
#include <string>

#include "api/com_ptr.h"
#include "api/names.h"
#include "deliveryoptimization.h"
#include "doharness_plugin.h"

namespace doharness::tools {
namespace {

// Messages are one line each, also when a plugin's text has line breaks in it.
std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string LastDlError() {
  const char* error = dlerror();
  return OneLine(error != nullptr ? error : "unknown error");
}

// Whether `path` is a file that does not start with the ELF magic: such a file is not
// a library at all, whatever else dlopen may say about it. A file that cannot be read
// is left to dlopen's own message.
bool ReadableButNotElf(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  char magic[4] = {};
  file.read(magic, sizeof magic);
  if (file.bad()) return false;
  return file.gcount() < 4 || magic[0] != 0x7F || magic[1] != 'E' || magic[2] != 'L' ||
         magic[3] != 'F';
}

}  // namespace

PluginOrError LoadPlugin(const std::string& path) {
  const std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const std::string why = LastDlError();
    if (ReadableButNotElf(file)) return path + " is not a loadable library: " + why;
    return "cannot load " + path + ": " + why;
  }

  Plugin plugin;
  plugin.path = path;
  plugin.factory = reinterpret_cast<DoHarnessCreateCallbackFn>(
      dlsym(library, DOHARNESS_CREATE_CALLBACK_SYMBOL));
  if (plugin.factory == nullptr) {
    dlclose(library);
    return path + " does not export " DOHARNESS_CREATE_CALLBACK_SYMBOL " (declare it extern \"C\")";
  }
  if (auto abi = reinterpret_cast<DoHarnessPluginAbiFn>(dlsym(library, DOHARNESS_PLUGIN_ABI_SYMBOL))) {
    plugin.abi = abi();
  }
  if (plugin.abi != DOHARNESS_PLUGIN_ABI_VERSION) {
    dlclose(library);
    return path + " was built for plugin ABI " + std::to_string(plugin.abi) +
           "; this doharness speaks " + std::to_string(DOHARNESS_PLUGIN_ABI_VERSION);
  }
  // Never dlclose'd from here on: see Plugin.
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
