// The callback a doharness command tests (check, replay, record, explore): the plugin
// named by `--callback LIB.so` (LIB.dll on Windows), run by child programs that load
// it (plugin_child.h), or the bundled reference callback when there is no --callback.
#ifndef DOHARNESS_TOOLS_CLI_CALLBACK_UNDER_TEST_H_
#define DOHARNESS_TOOLS_CLI_CALLBACK_UNDER_TEST_H_

#include <string>
#include <variant>

#include "scenario/child_work.h"

namespace doharness::tools {

// The children that run the scenarios of replay, record and explore with the callback
// of `--callback PATH`: fresh child programs that load the plugin; for "", forks
// running the reference callback. A plugin is first tried in a child (ProbePlugin,
// plugin_child.h): one that does not load and make an object there is bad input, and
// its one-line error comes back, which every command prints as "doharness: ERROR" on
// stderr before it exits with 2.
std::variant<scenario::ChildStarter, std::string> CallbackUnderTest(const std::string& plugin_path);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_CALLBACK_UNDER_TEST_H_
