// `doharness check [--callback LIB.so] [--profile do|bits] [--rules GLOB] [--json FILE]
//                  [--junit FILE] [--expected-failures FILE] [--hang-ms N] [--prompt-ms N]
//                  [--seed N] [--shard I/N] [--memory-mb N]`:
// runs the conformance suite on a callback and reports each rule's verdict. The
// plugin is loaded only in sandboxed children (tools/cli/plugin_child.h): one that
// tries it first, then one per case.
//
// Output: a human summary on stdout, and the JSON report (--json) and the JUnit XML
// report (--junit), each written whole or not at all. `--json -` or `--junit -` writes
// that report on stdout, and the human summary then goes to stderr.
//
// Exit codes: 0 every required rule passed (and, with --expected-failures, the list
// matched), 1 not, 2 bad usage or bad input, with a one-line reason on stderr.
#ifndef DOHARNESS_TOOLS_CLI_CHECK_COMMAND_H_
#define DOHARNESS_TOOLS_CLI_CHECK_COMMAND_H_

#include <CLI/CLI.hpp>

namespace doharness::tools {

// Adds `check` to `app`: run during app.parse, it leaves its exit code in *exit_code.
void AddCheckCommand(CLI::App& app, int* exit_code);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_CHECK_COMMAND_H_
