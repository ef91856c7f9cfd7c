#include "scenario/judge.h"

#include <string>
#include <utility>

#include "conformance/rule_catalog.h"

namespace doharness::scenario {
namespace {

std::string SignatureOf(const Scenario& scenario, const ExpectationFailure& failure) {
  const Expectation* expectation = ExpectationNumbered(scenario, failure.expectation);
  if (expectation != nullptr && expectation->kind == Expectation::Kind::kRule) return expectation->rule;
  if (expectation != nullptr && expectation->kind == Expectation::Kind::kSurvives) return "crash";
  return "expect:" + std::to_string(failure.pos.line);
}

void AddUnique(std::vector<Failure>* failures, Failure failure) {
  for (const Failure& f : *failures) {
    if (f.signature == failure.signature) return;
  }
  failures->push_back(std::move(failure));
}

}  // namespace

FailureFilter::FailureFilter(std::string_view rules_glob) {
  for (const conformance::Rule* rule : conformance::SelectRules(rules_glob)) {
    if (rule->level == conformance::RuleLevel::kRequired) selected_required_.emplace(rule->id);
  }
}

bool FailureFilter::Counts(const Failure& failure) const {
  if (conformance::FindRule(failure.signature) == nullptr) return true;  // crash, hang, expect:LINE, engine
  return selected_required_.count(failure.signature) != 0;
}

std::vector<Failure> Judge(const Scenario& scenario, const RunOutcome& outcome, const FailureFilter& filter) {
  switch (outcome.status) {
    case RunOutcome::Status::kCrashed:
      return {{"crash", outcome.message}};
    case RunOutcome::Status::kHung:
      return {{"hang", outcome.message}};
    case RunOutcome::Status::kFinished:
      break;
  }
  std::vector<Failure> failures;
  auto add = [&](Failure failure) {
    if (filter.Counts(failure)) AddUnique(&failures, std::move(failure));
  };
  for (const conformance::Violation& violation : outcome.result.violations) {
    add({violation.rule, violation.rule + ": " + violation.message});
  }
  for (const ExpectationFailure& failure : outcome.result.failures) {
    add({SignatureOf(scenario, failure), failure.message, failure.expectation});
  }
  return failures;
}

}  // namespace doharness::scenario
