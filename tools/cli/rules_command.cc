#include "tools/cli/rules_command.h"

#include <iostream>

#include "conformance/rule_catalog.h"

namespace doharness::tools {

void AddRulesCommand(CLI::App& app, int* exit_code) {
  CLI::App* command = app.add_subcommand("rules", "print the rule catalog");
  command->callback([exit_code] {
    for (const conformance::Rule& rule : conformance::Catalog()) {
      std::cout << rule.id << "\t" << conformance::RuleLevelName(rule.level) << "\t"
                << conformance::RuleFamilyName(rule.family) << "\t" << rule.statement << "\n";
    }
    *exit_code = 0;
  });
}

}  // namespace doharness::tools
