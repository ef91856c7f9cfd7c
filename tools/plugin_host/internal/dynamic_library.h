// The operating system's loader, as the plugin host uses it: open a library by path,
// look up an export, close it again. dynamic_library_posix.cc uses dlopen,
// dynamic_library_windows.cc LoadLibraryW; each explains a library it cannot load in
// one line, naming the path as given.
#ifndef DOHARNESS_TOOLS_PLUGIN_HOST_INTERNAL_DYNAMIC_LIBRARY_H_
#define DOHARNESS_TOOLS_PLUGIN_HOST_INTERNAL_DYNAMIC_LIBRARY_H_

#include <string>
#include <variant>

namespace doharness::tools::internal {

// An open library: the loader's handle.
struct DynamicLibrary {
  void* handle = nullptr;
};

// Opens the library at `path`, resolving all its symbols now. A path without a
// directory names a file in the current directory, never one the loader searches for.
// The errors:
//   cannot load PATH: <the loader's reason>
//   PATH is not a loadable library: <why>     (not a library of this system's format,
//                                              or built for another architecture)
std::variant<DynamicLibrary, std::string> OpenLibrary(const std::string& path);

// The export named `name`, or null.
void* FindExport(DynamicLibrary library, const char* name);

void CloseLibrary(DynamicLibrary library);

}  // namespace doharness::tools::internal

#endif  // DOHARNESS_TOOLS_PLUGIN_HOST_INTERNAL_DYNAMIC_LIBRARY_H_
