// What output_file.cc asks of the platform's file (output_file_posix.cc, or
// output_file_windows.cc in the CMake build for Windows), besides output_file.h's
// CheckOutputPath and WriteOutputFile.
#ifndef DOHARNESS_TOOLS_CLI_OUTPUT_FILE_PLATFORM_H_
#define DOHARNESS_TOOLS_CLI_OUTPUT_FILE_PLATFORM_H_

#include <string>

namespace doharness::tools {

// Whether two output paths (neither "-") name one file, so that writing both would
// lose one.
bool NameTheSameFile(const std::string& a, const std::string& b);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_OUTPUT_FILE_PLATFORM_H_
