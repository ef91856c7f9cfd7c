// Writes a Scenario as scenario-language text that parses back to the same Scenario
// (positions aside) and replays to the same trace: what `doharness record` and
// `doharness explore --out` write.
#ifndef DOHARNESS_SCENARIO_PRINT_H_
#define DOHARNESS_SCENARIO_PRINT_H_

#include <string>

#include "scenario/scenario.h"

namespace doharness::scenario {

// `header` lines are written first as `#` comments (e.g. how the scenario was found).
std::string PrintScenario(const Scenario& scenario, const std::string& header = "");

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_PRINT_H_
