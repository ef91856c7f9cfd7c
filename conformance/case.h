// Conformance cases: small scenarios that each decide one rule of the catalog. A case
// makes the callback under test with the suite's factory, drives an engine (or calls
// the callback directly), and returns a CaseOutcome for its rule only. The registry
// maps every rule id of the catalog (callback obligations and engine promises) to its
// cases; suite.h runs them and aggregates the outcomes into verdicts.
#ifndef DOHARNESS_CONFORMANCE_CASE_H_
#define DOHARNESS_CONFORMANCE_CASE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/callback_factory.h"
#include "conformance/time_limits.h"
#include "conformance/verdict.h"
#include "deliveryoptimization.h"
#include "engine/profile.h"

namespace doharness::conformance {

// What one case found for its rule: pass, fail (message says what happened), skip
// (message says why), or, from isolation.h, crash / hang.
struct CaseOutcome {
  RuleStatus status = RuleStatus::kPass;
  std::string message;

  static CaseOutcome Pass() { return {RuleStatus::kPass, ""}; }
  static CaseOutcome Fail(std::string message) { return {RuleStatus::kFail, std::move(message)}; }
  static CaseOutcome Skip(std::string message) { return {RuleStatus::kSkip, std::move(message)}; }
};

// What a case gets to work with.
struct CaseContext {
  CallbackFactory factory;  // the callback under test
  Profile profile = Profile::Do();
  uint64_t seed = 1;
  TimeLimits limits;
  // The case has a process of its own that ends soon after it (an isolated child):
  // what the callback may still reach when the case ends (the spies it was handed, the
  // jobs, the engine) is then kept until the process exits instead of being freed, so
  // that a late call from a thread of the callback is recorded or answered with an
  // error code, never a crash blamed on the case.
  bool in_own_process = false;
};

struct Case {
  std::string name;  // "ret.retry_bounded/complete_fails"
  std::string rule;  // the catalog id it decides
  std::function<CaseOutcome(const CaseContext&)> run;
};

// Every case, grouped by rule in catalog order. Each of the 68 rules has at least one.
const std::vector<Case>& AllCases();
// The cases of one rule id (empty for an unknown id).
std::vector<const Case*> CasesOf(std::string_view rule);

// The case named `name` ("ret.retry_bounded/complete_fails"), or null.
const Case* FindCase(std::string_view name);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_CASE_H_
