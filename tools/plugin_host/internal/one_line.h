// OneLine: the plugin host's messages are one line each, also when a plugin's or the
// loader's text has line breaks in it.
#ifndef DOHARNESS_TOOLS_PLUGIN_HOST_INTERNAL_ONE_LINE_H_
#define DOHARNESS_TOOLS_PLUGIN_HOST_INTERNAL_ONE_LINE_H_

#include <string>

namespace doharness::tools::internal {

inline std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace doharness::tools::internal

#endif  // DOHARNESS_TOOLS_PLUGIN_HOST_INTERNAL_ONE_LINE_H_
