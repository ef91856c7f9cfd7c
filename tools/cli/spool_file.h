// SpoolFile: a temporary file for bytes that arrive in pieces and are too many to hold
// in memory (a replay's trace, millions of events) until the command knows where they
// go. The file is removed when the SpoolFile goes, whatever happened.
#ifndef DOHARNESS_TOOLS_CLI_SPOOL_FILE_H_
#define DOHARNESS_TOOLS_CLI_SPOOL_FILE_H_

#include <filesystem>
#include <fstream>
#include <istream>
#include <string>
#include <string_view>

namespace doharness::tools {

class SpoolFile {
 public:
  SpoolFile();  // in the system's temporary directory; see error()
  ~SpoolFile();
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  // "" while the file was made and every piece written; else a one-line reason.
  std::string error() const;
  void Append(std::string_view piece);
  // What was appended, read from its start (again at each call).
  std::istream& Contents();

 private:
  std::filesystem::path path_;
  std::fstream file_;
};

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_SPOOL_FILE_H_
