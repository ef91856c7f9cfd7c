// `doharness rules`: prints the rule catalog, one rule a line: id, level, family and
// statement, separated by tabs. Exit code 0.
#ifndef DOHARNESS_TOOLS_CLI_RULES_COMMAND_H_
#define DOHARNESS_TOOLS_CLI_RULES_COMMAND_H_

#include <CLI/CLI.hpp>

namespace doharness::tools {

// Adds `rules` to `app`: run during app.parse, it leaves its exit code in *exit_code.
void AddRulesCommand(CLI::App& app, int* exit_code);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_RULES_COMMAND_H_
