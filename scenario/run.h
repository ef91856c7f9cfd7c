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
#include <ostream>
#include <string>
#include <vector>

#include "api/callback_factory.h"
#include "deliveryoptimization.h"
#include "conformance/observations.h"
#include "conformance/time_limits.h"
#include "scenario/scenario.h"

namespace doharness::scenario {

struct RunOptions {
  // Stands wherever the scenario declares `callback NAME under_test`. Required when
  // the scenario has one (the tools pass the reference callback by default).
  CallbackFactory under_test;
  // Record the engine trace into ScenarioResult::trace. Off for explore's inner loop.
  bool trace = true;
  // With `trace`: where the trace goes instead, written a line at a time as the run
  // ends, so that a trace of millions of events is never held whole as text.
  std::ostream* trace_out = nullptr;
  // The limits of time.no_hang and time.prompt (the conformance suite's defaults).
  conformance::TimeLimits limits;
};

struct ExpectationFailure {
  SourcePos pos;        // of the expectation (or of the statement that could not run)
  std::string message;  // "path:12:1: expected state ACKNOWLEDGED of J1, got TRANSFERRED"
  std::string what;     // the same without the place: "expected state ACKNOWLEDGED of J1, ..."
  // Which expectation did not hold (ExpectationNumbered); -1: a statement that could
  // not run (an unknown name, a fault the engine refused).
  int expectation = -1;
};

// What became of one job: its state when the run ended (before the engine shut down)
// and the notifications the callback under test received on it, in the order they
// began, each with what it returned.
struct JobOutcome {
  BG_JOB_STATE state = BG_JOB_STATE_SUSPENDED;
  std::vector<CallPattern> under_test_calls;
};

struct ScenarioResult {
  // Every expectation that did not hold, in file order; empty: the scenario passed.
  std::vector<ExpectationFailure> failures;
  // `expect rule` statements on advisory rules (job.acknowledges, job.handles_error)
  // that did not hold, in file order: reported as advice, never failing the scenario.
  std::vector<ExpectationFailure> advice;
  // Rule violations observed on the callback under test (the recording proxy's and
  // spies' findings, the script's over-releases), whether or not an expectation names
  // them; misuses of engine objects as rule "engine" or "engine.KIND".
  std::vector<conformance::Violation> violations;
  std::string trace;  // JSON Lines (docs/architecture.md "Trace"), when RunOptions::trace
  std::vector<JobOutcome> jobs;  // by Scenario::jobs; empty when the run could not be set up
  bool passed() const { return failures.empty(); }
};

// Runs in this process: a callback that crashes or hangs takes the caller with it; the
// tools run it in a sandboxed child (run_isolated.h). An action that the engine refuses
// is not an error (its HRESULT is in the trace); a scenario that names an undeclared
// job or callback cannot come out of ParseScenario.
ScenarioResult RunScenario(const Scenario& scenario, const RunOptions& options);

// The expectation numbered `number`: Scenario::expectations[number], or for a number
// past them, the (number - expectations.size())-th timed expectation (`at TIME expect`)
// of the timeline. nullptr when there is none.
const Expectation* ExpectationNumbered(const Scenario& scenario, int number);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_RUN_H_
