// Runs a Scenario on the fake engine (deterministic dispatch) and checks its
// expectations: what `doharness replay` does, and what `doharness explore` does many
// times a second.
//
//   ParseResult parsed = ParseScenarioFile("fixtures/bugs/complete_failure.scenario");
//   RunOptions options;
//   options.under_test = [](IUnknown** out) { return CreateMyCallback(out); };
//   ScenarioResult result = RunScenario(*parsed.scenario, options);
//   for (const ExpectationFailure& f : result.failures) std::cerr << f.message << "\n";
//   std::string trace = result.trace;  // JSON Lines, byte-identical for the same scenario
#ifndef DOHARNESS_SCENARIO_RUN_H_
#define DOHARNESS_SCENARIO_RUN_H_

#include <functional>
#include <string>
#include <vector>

#include "api/callback_factory.h"
#include "deliveryoptimization.h"
#include "conformance/time_limits.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

struct RunOptions {
  // Stands wherever the scenario declares `callback NAME under_test`. Required when
  // the scenario has one (the tools pass the reference callback by default).
  CallbackFactory under_test;
  // Record the engine trace into ScenarioResult::trace. Off for explore's inner loop.
  bool trace = true;
  // The limits of time.no_hang and time.prompt (the conformance suite's defaults).
  conformance::TimeLimits limits;
};

struct ExpectationFailure {
  SourcePos pos;        // of the expectation (or of the statement that could not run)
  std::string message;  // "path:12:1: expected state ACKNOWLEDGED of J1, got TRANSFERRED"
};

struct ScenarioResult {
  // Every expectation that did not hold, in file order; empty: the scenario passed.
  std::vector<ExpectationFailure> failures;
  // `expect rule` statements on advisory rules (job.acknowledges, job.handles_error)
  // that did not hold, in file order: reported as advice, never failing the scenario.
  std::vector<ExpectationFailure> advice;
  // Rule violations observed on the callback under test, as "rule: message" (the
  // recording proxy's and spies' findings), whether or not an expectation names them.
  std::vector<std::string> violations;
  std::string trace;  // JSON Lines (docs/architecture.md "Trace"), when RunOptions::trace
  bool passed() const { return failures.empty(); }
};

// Runs in this process: a callback that crashes or hangs takes the caller with it; the
// tools run it under conformance/isolation.h. An action that the engine refuses is not
// an error (its HRESULT is in the trace); a scenario that names an undeclared job or
// callback cannot come out of ParseScenario.
ScenarioResult RunScenario(const Scenario& scenario, const RunOptions& options);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_RUN_H_
