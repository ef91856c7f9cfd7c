#include <dlfcn.h>

#include <fstream>
#include <string>

#include "tools/plugin_host/internal/dynamic_library.h"
#include "tools/plugin_host/internal/one_line.h"

namespace doharness::tools::internal {
namespace {

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
  return file.gcount() < 4 || magic[0] != 0x7F || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F';
}

}  // namespace

std::variant<DynamicLibrary, std::string> OpenLibrary(const std::string& path) {
  const std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void* library = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const std::string why = LastDlError();
    if (ReadableButNotElf(file)) return path + " is not a loadable library: " + why;
    return "cannot load " + path + ": " + why;
  }
  return DynamicLibrary{library};
}

void* FindExport(DynamicLibrary library, const char* name) { return dlsym(library.handle, name); }

void CloseLibrary(DynamicLibrary library) { dlclose(library.handle); }

}  // namespace doharness::tools::internal
