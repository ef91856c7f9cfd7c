#include "tools/cli/spool_file.h"

#include <random>
#include <system_error>

namespace doharness::tools {

SpoolFile::SpoolFile() {
  std::error_code error;
  const std::filesystem::path directory = std::filesystem::temp_directory_path(error);
  if (error) return;
  // A random name: two commands at once each make their own.
  std::random_device random;
  const std::string name = "doharness-spool-" + std::to_string(random()) + "-" + std::to_string(random());
  path_ = directory / name;
  file_.open(path_, std::ios::in | std::ios::out | std::ios::trunc | std::ios::binary);
}

SpoolFile::~SpoolFile() {
  file_.close();
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove(path_, ignored);
}

std::string SpoolFile::error() const {
  if (path_.empty()) return "cannot find the temporary directory";
  if (!file_.is_open()) return "cannot make a temporary file in " + path_.parent_path().string();
  if (!file_) return "cannot write the temporary file " + path_.string();
  return "";
}

void SpoolFile::Append(std::string_view piece) {
  if (file_) file_.write(piece.data(), static_cast<std::streamsize>(piece.size()));
}

std::istream& SpoolFile::Contents() {
  file_.flush();
  file_.clear();
  file_.seekg(0);
  return file_;
}

}  // namespace doharness::tools
