// Checking one `expect` statement of a scenario against what the run has observed so
// far, and the words of its failure message: "expected state ACKNOWLEDGED of J1, got
// TRANSFERRED"; calls are listed compactly ("JobModification×12, JobTransferred=S_FALSE").
#ifndef DOHARNESS_SCENARIO_INTERNAL_EXPECTATIONS_H_
#define DOHARNESS_SCENARIO_INTERNAL_EXPECTATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "deliveryoptimization.h"
#include "scenario/internal/cast.h"
#include "scenario/internal/observed_call.h"
#include "scenario/internal/rules.h"
#include "scenario/scenario.h"

namespace doharness::scenario::internal {

// What the run has observed, now.
struct Observed {
  const Cast* cast;
  std::vector<ObservedCall> calls;   // every callback's, in the engine's order
  std::vector<BG_JOB_STATE> states;  // by job index
  std::vector<long> refs;            // by callback index, as each last reported it
  // What the proxy of the callback under test recorded, for `expect rule` and `expect
  // survives`; null when the scenario declares no callback under test.
  const conformance::Recorder* recorder = nullptr;
  // The callback under test's factory, profile, seed and time limits, for the rules
  // judged by the suite's own cases.
  conformance::CaseContext suite;
};

// nullopt when `expectation` holds; else the message, without the position.
std::optional<std::string> Check(const Expectation& expectation, const Observed& observed);

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_EXPECTATIONS_H_
