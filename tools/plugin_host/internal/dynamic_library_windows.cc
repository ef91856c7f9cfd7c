#include <windows.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "api/wide_string.h"
#include "tools/plugin_host/internal/dynamic_library.h"
#include "tools/plugin_host/internal/one_line.h"

namespace doharness::tools::internal {
namespace {

std::string SystemMessage(DWORD error) {
  wchar_t* message = nullptr;
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                     FORMAT_MESSAGE_IGNORE_INSERTS,
                                 nullptr, error, 0, reinterpret_cast<wchar_t*>(&message), 0, nullptr);
  std::string text = n > 0 ? OneLine(WideToUtf8(std::wstring_view(message, n))) : "";
  LocalFree(message);
  while (!text.empty() && (text.back() == ' ' || text.back() == '.')) text.pop_back();
  return (text.empty() ? "error" : text) + " (error " + std::to_string(error) + ")";
}

// What the file's headers say it is, when that is not a DLL this process can load:
// "it is not a PE file", "it is built for x86 (32-bit)"; empty when it looks right or
// cannot be read (then the loader's message says why).
std::string WhyNotLoadable(const std::wstring& path) {
  std::ifstream file(std::filesystem::path(path), std::ios::binary);
  if (!file) return "";
  char dos[64] = {};
  file.read(dos, sizeof dos);
  if (file.gcount() < static_cast<std::streamsize>(sizeof dos) || dos[0] != 'M' || dos[1] != 'Z') {
    return "it is not a Windows DLL (no MZ header)";
  }
  uint32_t pe_offset = 0;
  for (int i = 0; i < 4; ++i) pe_offset |= static_cast<uint32_t>(static_cast<unsigned char>(dos[60 + i])) << (8 * i);
  file.seekg(pe_offset);
  char pe[6] = {};
  file.read(pe, sizeof pe);
  if (file.gcount() < 6 || pe[0] != 'P' || pe[1] != 'E' || pe[2] != 0 || pe[3] != 0) {
    return "it is not a Windows DLL (no PE header)";
  }
  const unsigned machine = static_cast<unsigned char>(pe[4]) | static_cast<unsigned char>(pe[5]) << 8;
#if defined(_M_ARM64) || defined(__aarch64__)
  constexpr unsigned kOwnMachine = IMAGE_FILE_MACHINE_ARM64;
  constexpr const char* kOwnName = "ARM64";
#else
  constexpr unsigned kOwnMachine = IMAGE_FILE_MACHINE_AMD64;
  constexpr const char* kOwnName = "x64";
#endif
  if (machine == kOwnMachine) return "";
  const char* name = machine == IMAGE_FILE_MACHINE_I386    ? "x86 (32-bit)"
                     : machine == IMAGE_FILE_MACHINE_AMD64 ? "x64"
                     : machine == IMAGE_FILE_MACHINE_ARM64 ? "ARM64"
                                                           : "another architecture";
  return std::string("it is built for ") + name + "; this doharness is " + kOwnName;
}

}  // namespace

std::variant<DynamicLibrary, std::string> OpenLibrary(const std::string& path) {
  std::wstring file = Utf8ToWide(path);
  if (file.find_first_of(L"/\\:") == std::wstring::npos) file = L".\\" + file;
  // No "cannot load this DLL" dialog: the error comes back here.
  const UINT old_mode = SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
  HMODULE library = LoadLibraryW(file.c_str());
  const DWORD error = GetLastError();
  SetErrorMode(old_mode);
  if (library == nullptr) {
    if (const std::string why = WhyNotLoadable(file); !why.empty()) {
      return path + " is not a loadable library: " + why;
    }
    if (error == ERROR_MOD_NOT_FOUND && GetFileAttributesW(file.c_str()) != INVALID_FILE_ATTRIBUTES) {
      return "cannot load " + path + ": a DLL it depends on is missing (" + SystemMessage(error) + ")";
    }
    return "cannot load " + path + ": " + SystemMessage(error);
  }
  return DynamicLibrary{library};
}

void* FindExport(DynamicLibrary library, const char* name) {
  return reinterpret_cast<void*>(GetProcAddress(static_cast<HMODULE>(library.handle), name));
}

void CloseLibrary(DynamicLibrary library) { FreeLibrary(static_cast<HMODULE>(library.handle)); }

}  // namespace doharness::tools::internal
