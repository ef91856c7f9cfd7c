// The conformance suite runner: runs the cases of every selected rule against a
// callback factory and returns a report with one verdict per catalog rule.
//
//   doharness::conformance::SuiteOptions options;
//   options.profile = "bits";
//   ConformanceReport report = RunConformance(
//       [](IUnknown** out) { return MyCreateCallback(out); }, options);
//   std::cout << ToHumanSummary(report);
//
// Without `isolate`, cases run in this process: a callback that crashes kills the run
// and one that hangs hangs it. With `isolate`, each case runs in a forked child
// (isolation.h) and such callbacks give crash / hang verdicts. RunConformanceWith takes
// any way of running a case: `doharness check` runs each in a fresh child program that
// loads the plugin itself, so that the runner never loads it.
#ifndef DOHARNESS_CONFORMANCE_SUITE_H_
#define DOHARNESS_CONFORMANCE_SUITE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "conformance/case.h"
#include "conformance/report.h"
#include "deliveryoptimization.h"

namespace doharness::conformance {

struct SuiteOptions {
  std::string profile = "do";  // "do" or "bits"
  uint64_t seed = 1;
  std::string rules_glob = "*";  // SelectRules syntax
  TimeLimits limits;             // time.no_hang and time.prompt; hang_ms also ends an isolated case
  bool isolate = false;          // each case in a forked child
  int64_t memory_mb = 2048;      // an isolated case's address space; 0 for no limit
  // Rules are dealt round-robin over shards in catalog order; this run takes those
  // with position % shard_count == shard_index.
  int shard_index = 0, shard_count = 1;
  std::string callback_name;  // for the report's "callback"
};

// One verdict per catalog rule, in catalog order. Rules outside the glob or the shard
// are skip "not selected". An unknown profile gives every rule skip with a message
// naming it. An engine promise whose case crashed or hung is skip "the callback
// crashed: ..." / "the callback hung: ...": the callback under test runs in every
// case, and its crash says nothing about the engine.
ConformanceReport RunConformance(const CallbackFactory& factory, const SuiteOptions& options);

// How a run gets the outcome of one case.
using CaseRunner = std::function<CaseOutcome(const Case& c)>;

// RunConformance with cases run by `run_case`.
ConformanceReport RunConformanceWith(const CaseRunner& run_case, const SuiteOptions& options);

// What every case of a run gets: `factory`, and the options' profile (Do for an
// unknown one), seed and limits; in_own_process when the options isolate.
CaseContext CaseContextFor(const CallbackFactory& factory, const SuiteOptions& options);

// The verdict of one rule from the outcomes of its cases (fail, crash or hang from the
// first such case; skip if every case skipped; else pass).
RuleVerdict Aggregate(const std::string& rule, const std::vector<std::pair<std::string, CaseOutcome>>& outcomes);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_SUITE_H_
