// Shrink: greedy delta debugging of a failing scenario under a predicate, and
// ReplayableScenario, the failing scenario as a file that fails on the callback that
// failed and passes on one that keeps the rules.
#ifndef DOHARNESS_SCENARIO_SHRINK_H_
#define DOHARNESS_SCENARIO_SHRINK_H_

#include <functional>
#include <string>

#include "scenario/judge.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

// How big a scenario is, for "smaller" and for progress lines.
struct ScenarioSize {
  int jobs = 0;
  int files = 0;
  int faults = 0;
  int actions = 0;  // timeline entries
};
ScenarioSize SizeOf(const Scenario& scenario);
std::string ToString(const ScenarioSize& size);  // "1 job, 2 files, 0 faults, 3 actions"

struct ShrinkResult {
  Scenario scenario;  // the smallest failing one found
  int attempts = 0;   // candidates tried (runs made)
};

// Greedy delta debugging: tries, until none is accepted, candidates one step simpler
// than the current scenario -- without a job (and its faults and actions), without a
// file, fault or timeline action, default settings, a shorter run, an action earlier,
// a flag bit cleared, faults at byte 0, once, briefly, with E_FAIL, smaller files at
// the default rate, jobs renamed J1, J2, ... -- and keeps every one for which
// `still_fails` holds. `on_step`, if set, sees each accepted scenario.
ShrinkResult Shrink(const Scenario& failing, const std::function<bool(const Scenario&)>& still_fails,
                    const std::function<void(const Scenario&)>& on_step = nullptr);

// The scenario to write for a failure: `scenario` with its expectations replaced by
// `expect survives` and, for a signature that is a rule of the catalog, `expect rule
// RULE` (for "expect:LINE", that expectation); they fail on the callback that failed
// and hold on one that keeps the rules.
Scenario ReplayableScenario(const Scenario& scenario, const Failure& failure);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_SHRINK_H_
