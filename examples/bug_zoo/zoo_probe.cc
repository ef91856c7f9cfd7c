// zoo_probe LIB.so...: loads each plugin through the plugin host, makes an object with
// it, asks it for IUnknown and lets it go. Prints "LIB: ok" per plugin; on the first
// failure prints why and exits 1. For plain_build_test (plugins built outside Bazel).
#include <cstdio>
#include <string>
#include <variant>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"
#include "tools/plugin_host/plugin_host.h"

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string path = argv[i];
    doharness::tools::PluginOrError loaded = doharness::tools::LoadPlugin(path);
    if (const std::string* error = std::get_if<std::string>(&loaded)) {
      std::fprintf(stderr, "%s\n", error->c_str());
      return 1;
    }
    doharness::tools::CallbackOrError made =
        doharness::tools::CreateFromPlugin(std::get<doharness::tools::Plugin>(loaded));
    if (const std::string* error = std::get_if<std::string>(&made)) {
      std::fprintf(stderr, "%s\n", error->c_str());
      return 1;
    }
    doharness::ComPtr<IUnknown> object = std::get<doharness::ComPtr<IUnknown>>(made);
    doharness::ComPtr<IUnknown> unknown;
    const HRESULT hr = object.As(&unknown);
    if (hr != S_OK || !unknown) {
      std::fprintf(stderr, "%s: QueryInterface(IID_IUnknown) failed: 0x%08X\n", path.c_str(),
                   static_cast<unsigned>(hr));
      return 1;
    }
    std::printf("%s: ok\n", path.c_str());
  }
  return 0;
}
