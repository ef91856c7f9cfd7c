// `doharness rules`: prints the rule catalog, one rule a line: id, level, family and
// statement, separated by tabs. Exit code 0.
#ifndef DOHARNESS_TOOLS_CLI_RULES_COMMAND_H_
#define DOHARNESS_TOOLS_CLI_RULES_COMMAND_H_

#include <CLI/CLI.hpp>

namespace doharness::tools {

// Adds the `rules` subcommand to `app`. When the command line names it, it runs from the
// subcommand's callback during app.parse and leaves its exit code in *exit_code (every
// subcommand has this shape: doharness_main.cc returns that code).
void AddRulesCommand(CLI::App& app, int* exit_code);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_RULES_COMMAND_H_
