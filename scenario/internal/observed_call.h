// ObservedCall: one notification a scenario's callback received, as the expectations
// see it (`expect calls`, `expect count`): which callback, which job, which method,
// what it returned, and where it stands among all the engine's calls.
#ifndef DOHARNESS_SCENARIO_INTERNAL_OBSERVED_CALL_H_
#define DOHARNESS_SCENARIO_INTERNAL_OBSERVED_CALL_H_

#include <cstdint>

#include "deliveryoptimization.h"
#include "scenario/scenario.h"

namespace doharness::scenario::internal {

struct ObservedCall {
  int callback = 0;  // index in Scenario::callbacks
  int job = -1;      // index in Scenario::jobs; -1: pJob was not one of them
  NotificationMethod method = NotificationMethod::kJobTransferred;
  HRESULT result = S_OK;
  // The engine's count of notification calls when this one started (EngineStats::calls):
  // orders the calls of different callbacks into one sequence.
  uint64_t ordinal = 0;
};

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_OBSERVED_CALL_H_
