// How `expect rule RULE_ID` is judged on one run of a scenario: from what the recording
// proxy and its spies saw of the callback under test (their violations, the results
// and durations of its calls) and the jobs' states, as the conformance suite's
// observations judge it. Rules that need the suite's own set-ups (probes of the
// interface set, two objects alive at once, a situation provoked by the harness, the
// engine's own promises) are judged by running the suite's cases for the rule
// (conformance/case.h) on new objects from the same factory: their engines are their
// own, and nothing of them is in the scenario's trace.
#ifndef DOHARNESS_SCENARIO_INTERNAL_RULES_H_
#define DOHARNESS_SCENARIO_INTERNAL_RULES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/case.h"
#include "conformance/observations.h"
#include "deliveryoptimization.h"
#include "scenario/internal/cast.h"

namespace doharness::scenario::internal {

// What a rule is judged on.
struct RuleEvidence {
  const conformance::Recorder* recorder;
  const Cast* cast;
  const std::vector<BG_JOB_STATE>* states;  // by job index, now
  // For the rules one run cannot show: the suite's cases, on objects from this factory.
  const conformance::CaseContext* suite;
};

// As a case decides its rule (conformance/case.h): pass when the rule holds, fail with
// what broke it, skip with why it cannot be judged (an id not in the catalog).
conformance::CaseOutcome JudgeRule(std::string_view rule, const RuleEvidence& evidence);

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_RULES_H_
