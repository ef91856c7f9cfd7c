// Reads the scenario language (fixtures/README.md) into a Scenario. Never crashes and
// never hangs on any input (fuzzed: scenario/fuzz); every malformed statement, unknown
// name, value out of range, duplicate job or callback, and `at` going back in time is
// one error, "path:line:col: message", at the first offending word.
#ifndef DOHARNESS_SCENARIO_PARSE_H_
#define DOHARNESS_SCENARIO_PARSE_H_

#include <optional>
#include <string>
#include <string_view>

#include "scenario/scenario.h"

namespace doharness::scenario {

struct ParseResult {
  std::optional<Scenario> scenario;  // set when the text is a valid scenario
  std::string error;                 // "fixtures/x.scenario:12:7: unknown job state 'DONE'"
};

// `path` names the text in messages and is kept in Scenario::path.
ParseResult ParseScenario(std::string_view text, std::string_view path);

// Reads and parses a file; an unreadable file is an error "path: cannot read: reason".
ParseResult ParseScenarioFile(const std::string& path);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_PARSE_H_
