#include "conformance/suite.h"

#include <set>
#include <utility>
#include <vector>

#include "conformance/isolation.h"
#include "conformance/rule_catalog.h"
#include "engine/profile.h"

namespace doharness::conformance {
namespace {

// An engine promise's case runs the callback under test too. When the callback crashed
// or hung there, the promise was not put to the test: the verdict says so rather than
// blaming the engine (the callback's own rules report the crash).
CaseOutcome AsEnginePromise(CaseOutcome outcome) {
  if (outcome.status == RuleStatus::kCrash) return CaseOutcome::Skip("the callback crashed: " + outcome.message);
  if (outcome.status == RuleStatus::kHang) return CaseOutcome::Skip("the callback hung: " + outcome.message);
  return outcome;
}

}  // namespace

RuleVerdict Aggregate(const std::string& rule, const std::vector<std::pair<std::string, CaseOutcome>>& outcomes) {
  RuleVerdict verdict;
  verdict.id = rule;
  int skipped = 0;
  std::string skip_reason;
  for (const auto& [name, outcome] : outcomes) {
    if (outcome.status == RuleStatus::kSkip) {
      ++skipped;
      if (skip_reason.empty()) skip_reason = outcome.message;
      continue;
    }
    ++verdict.cases;
    if (IsFailure(outcome.status) && !IsFailure(verdict.status)) {
      verdict.status = outcome.status;
      verdict.message = outcome.message;
    }
  }
  if (IsFailure(verdict.status)) return verdict;
  if (outcomes.empty()) {
    verdict.status = RuleStatus::kSkip;
    verdict.message = "no case exercises this rule";
  } else if (skipped == static_cast<int>(outcomes.size())) {
    verdict.status = RuleStatus::kSkip;
    verdict.message = skip_reason;
  } else {
    verdict.status = RuleStatus::kPass;
    verdict.message.clear();
  }
  return verdict;
}

CaseContext CaseContextFor(const CallbackFactory& factory, const SuiteOptions& options) {
  CaseContext ctx;
  ctx.factory = factory;
  ctx.profile = Profile::ByName(options.profile).value_or(Profile::Do());
  ctx.seed = options.seed;
  ctx.limits = options.limits;
  ctx.in_own_process = options.isolate;
  return ctx;
}

ConformanceReport RunConformance(const CallbackFactory& factory, const SuiteOptions& options) {
  const CaseContext ctx = CaseContextFor(factory, options);
  return RunConformanceWith(
      [&](const Case& c) {
        auto run = [&] { return c.run(ctx); };
        return options.isolate ? RunIsolated(run, options.limits.hang_ms, options.memory_mb) : run();
      },
      options);
}

ConformanceReport RunConformanceWith(const CaseRunner& run_case, const SuiteOptions& options) {
  ConformanceReport report;
  report.profile = options.profile;
  report.callback = options.callback_name;
  report.seed = options.seed;
  const bool known_profile = Profile::ByName(options.profile).has_value();
  std::set<std::string_view> selected;
  for (const Rule* rule : SelectRules(options.rules_glob)) selected.insert(rule->id);

  const std::vector<Rule>& catalog = Catalog();
  const int shards = options.shard_count > 0 ? options.shard_count : 1;
  for (size_t i = 0; i < catalog.size(); ++i) {
    const std::string id(catalog[i].id);
    const bool in_shard = static_cast<int>(i % static_cast<size_t>(shards)) == options.shard_index;
    if (!known_profile) {
      report.verdicts.push_back({id, RuleStatus::kSkip, "unknown profile '" + options.profile + "'", 0});
      continue;
    }
    if (selected.count(catalog[i].id) == 0 || !in_shard) {
      report.verdicts.push_back({id, RuleStatus::kSkip, "not selected", 0});
      continue;
    }
    std::vector<std::pair<std::string, CaseOutcome>> outcomes;
    for (const Case* c : CasesOf(id)) {
      CaseOutcome outcome = run_case(*c);
      outcomes.emplace_back(c->name,
                            catalog[i].family == RuleFamily::kEngine ? AsEnginePromise(std::move(outcome)) : outcome);
    }
    report.verdicts.push_back(Aggregate(id, outcomes));
  }
  return report;
}

}  // namespace doharness::conformance
