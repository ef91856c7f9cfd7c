#include "tools/cli/output_file.h"

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tools/cli/output_file_platform.h"

namespace doharness::tools {

std::string WriteOutputFile(const std::string& path, const std::string& text) {
  std::istringstream contents(text);
  return WriteOutputFile(path, contents);
}

std::string CheckDistinctOutputs(const std::vector<std::pair<std::string, std::string>>& outputs) {
  auto same = [](const std::string& a, const std::string& b) {
    if (a == kStandardOutput || b == kStandardOutput) return a == b;
    return NameTheSameFile(a, b);
  };
  for (size_t i = 0; i < outputs.size(); ++i) {
    for (size_t j = i + 1; j < outputs.size(); ++j) {
      const auto& [first_option, first] = outputs[i];
      const auto& [second_option, second] = outputs[j];
      if (!first.empty() && !second.empty() && same(first, second)) {
        return first_option + " and " + second_option + " name the same file " + second;
      }
    }
  }
  return "";
}

}  // namespace doharness::tools
