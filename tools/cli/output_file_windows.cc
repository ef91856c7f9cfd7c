// output_file.h on Windows: the same rules, with Windows' means. A path is replaced
// through a uniquely named temporary file beside it and MoveFileExW; "read-only" is the
// file's read-only attribute; the special files written into are the devices (NUL,
// CON).
#include <windows.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <string>
#include <system_error>

#include "api/wide_string.h"
#include "tools/cli/output_file.h"
#include "tools/cli/output_file_platform.h"

namespace doharness::tools {
namespace {

namespace fs = std::filesystem;

std::string CannotWrite(const std::string& path, const std::string& why) { return "cannot write " + path + ": " + why; }

fs::path PathOf(const std::string& utf8) { return fs::path(Utf8ToWide(utf8)); }

std::string SystemMessage(DWORD error) {
  return std::error_code(static_cast<int>(error), std::system_category()).message();
}

bool IsDevice(const std::string& path) {
  std::string name = PathOf(path).stem().string();
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name == "NUL" || name == "CON";
}

// The file a path names once links are followed: itself when it does not exist yet.
fs::path Resolved(const std::string& path) {
  std::error_code error;
  const fs::path resolved = fs::weakly_canonical(PathOf(path), error);
  return error ? fs::absolute(PathOf(path), error) : resolved;
}

std::string WriteInto(const std::string& shown, std::FILE* file, std::istream& contents) {
  char block[65536];
  while (contents) {
    contents.read(block, sizeof block);
    const size_t size = static_cast<size_t>(contents.gcount());
    if (std::fwrite(block, 1, size, file) != size) return CannotWrite(shown, "the write failed");
  }
  if (contents.bad() || std::fflush(file) != 0) return CannotWrite(shown, "the write failed");
  return "";
}

std::string ReplaceAtomically(const std::string& shown, const fs::path& target, std::istream& contents) {
  const fs::path directory = target.parent_path();
  wchar_t temporary[MAX_PATH];
  if (GetTempFileNameW(directory.c_str(), L"doh", 0, temporary) == 0) {
    return CannotWrite(shown, SystemMessage(GetLastError()));
  }
  std::string error;
  {
    std::ofstream out(fs::path(temporary), std::ios::binary | std::ios::trunc);
    if (contents.peek() != std::char_traits<char>::eof()) out << contents.rdbuf();  // << of nothing fails
    out.flush();
    if (!out || contents.bad()) error = CannotWrite(shown, "the write failed");
  }
  if (error.empty() && !MoveFileExW(temporary, target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    error = CannotWrite(shown, SystemMessage(GetLastError()));
  }
  if (!error.empty()) DeleteFileW(temporary);
  return error;
}

}  // namespace

std::string CheckOutputPath(const std::string& path, StandardOutput standard_output) {
  if (path == kStandardOutput) {
    return standard_output == StandardOutput::kAllowed ? "" : "cannot write to standard output ('-') here: name a file";
  }
  if (path.empty()) return "an output path is empty";
  if (IsDevice(path)) return "";
  const DWORD attributes = GetFileAttributesW(PathOf(path).c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES) {
    if (attributes & FILE_ATTRIBUTE_DIRECTORY) return CannotWrite(path, "it is a directory");
    if (attributes & FILE_ATTRIBUTE_READONLY) return CannotWrite(path, "it is read-only");
  }
  const fs::path directory = Resolved(path).parent_path();
  const std::string shown_directory = PathOf(path).parent_path().empty() ? "." : PathOf(path).parent_path().string();
  const DWORD directory_attributes = GetFileAttributesW(directory.c_str());
  if (directory_attributes == INVALID_FILE_ATTRIBUTES) {
    return CannotWrite(path, "directory " + shown_directory + " does not exist");
  }
  if (!(directory_attributes & FILE_ATTRIBUTE_DIRECTORY)) return CannotWrite(path, shown_directory + " is not a directory");
  return "";
}

bool NameTheSameFile(const std::string& a, const std::string& b) {
  if (IsDevice(a) || IsDevice(b)) return false;
  return _wcsicmp(Resolved(a).c_str(), Resolved(b).c_str()) == 0;  // Windows paths ignore case
}

std::string WriteOutputFile(const std::string& path, std::istream& contents) {
  if (path == kStandardOutput) return WriteInto("standard output", stdout, contents);
  if (std::string error = CheckOutputPath(path, StandardOutput::kRefused); !error.empty()) return error;
  if (IsDevice(path)) {
    std::FILE* device = _wfopen(PathOf(path).c_str(), L"wb");
    if (device == nullptr) return CannotWrite(path, "cannot open it");
    std::string error = WriteInto(path, device, contents);
    std::fclose(device);
    return error;
  }
  return ReplaceAtomically(path, Resolved(path), contents);
}

}  // namespace doharness::tools
