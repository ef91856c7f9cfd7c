// The scenario language's words for the model's enumerations (scenario.h): job methods
// ("Resume") and comparisons ("<="). One table each, which the parser reads and the
// printer and the expectation messages write. Notification methods are named by
// api/notification_method.h, as everywhere.
#ifndef DOHARNESS_SCENARIO_NAMES_H_
#define DOHARNESS_SCENARIO_NAMES_H_

#include <optional>
#include <string_view>

#include "scenario/scenario.h"

namespace doharness::scenario {

std::string_view JobMethodName(JobCall::Method method);
std::optional<JobCall::Method> JobMethodNamed(std::string_view name);

std::string_view ComparisonName(Expectation::Op op);
std::optional<Expectation::Op> ComparisonNamed(std::string_view name);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_NAMES_H_
