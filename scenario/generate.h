// ScenarioGenerator: a seeded stream of random scenarios within what the contract
// allows (1-4 jobs, files, faults, flags, late registration, redelivery, seeded
// modification order, re-entrance), each expecting the callback under test to survive
// and keep the rules a run shows. Deterministic for a seed (std::mt19937_64, no time,
// no addresses), with every standard library.
#ifndef DOHARNESS_SCENARIO_GENERATE_H_
#define DOHARNESS_SCENARIO_GENERATE_H_

#include <cstdint>
#include <random>

#include "scenario/scenario.h"

namespace doharness::scenario {

// The name of the callback under test in every generated scenario.
inline constexpr char kUnderTestName[] = "C";

// The rules a generated scenario expects (`expect rule`), besides `expect survives`:
// those RunScenario judges from the calls and the jobs' states, which no violation
// reports as it happens. The rules the recording proxy and the spies report (params.*,
// com.refcount_*, tol.no_exception, ...) come in ScenarioResult::violations anyway.
// time.no_hang and time.prompt are not among them: they measure wall time, which a
// loaded machine stretches; a hang is caught by the isolation's limit instead. The
// most specific first: Judge names a run by its first failure, and a JobTransferred
// failed three times in a row breaks ret.transferred_ok too.
inline constexpr const char* kJudgedRules[] = {
    "ret.retry_bounded",   "ret.transferred_ok",      "ret.error_ok",
    "ret.modification_ok", "ret.file_transferred_ok",
};
// The advisory rules (job.acknowledges, job.handles_error) are not among them: advice
// never makes explore report a failure.

// A seeded stream of scenarios. Each has one `callback C under_test` on 1-4 jobs, and
// expects survival and kJudgedRules.
class ScenarioGenerator {
 public:
  explicit ScenarioGenerator(uint64_t seed);
  Scenario Next();

 private:
  std::mt19937_64 random_;
};

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_GENERATE_H_
