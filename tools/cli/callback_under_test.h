// The callback a doharness command tests (check, replay, record, explore): the plugin
// named by `--callback LIB.so`, loaded through the plugin host (tools/plugin_host), or
// the bundled reference callback when there is no --callback.
#ifndef DOHARNESS_TOOLS_CLI_CALLBACK_UNDER_TEST_H_
#define DOHARNESS_TOOLS_CLI_CALLBACK_UNDER_TEST_H_

#include <string>
#include <variant>

#include "api/callback_factory.h"
#include "deliveryoptimization.h"

namespace doharness::tools {

// The factory for `--callback PATH`, or the reference callback's for "". A plugin is
// first tried in a child (ProbePlugin, plugin_child.h): one that does not load and
// make an object there is bad input, and its one-line error comes back, which
// every command prints as "doharness: ERROR" on stderr before it exits with 2. The
// factory loads the plugin on its first call: call it only in a child.
std::variant<CallbackFactory, std::string> LoadCallbackUnderTest(const std::string& plugin_path);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_CALLBACK_UNDER_TEST_H_
