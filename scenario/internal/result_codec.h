// A ScenarioResult as bytes and back, for the isolated child's kResult frame: every
// field as "SIZE:BYTES", so that any bytes (a trace, a message) pass unchanged.
#ifndef DOHARNESS_SCENARIO_INTERNAL_RESULT_CODEC_H_
#define DOHARNESS_SCENARIO_INTERNAL_RESULT_CODEC_H_

#include <optional>
#include <string>
#include <string_view>

#include "scenario/run.h"

namespace doharness::scenario::internal {

std::string EncodeResult(const ScenarioResult& result);
// nullopt: not what EncodeResult writes.
std::optional<ScenarioResult> DecodeResult(std::string_view text);

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_RESULT_CODEC_H_
