// The rule catalog as data: every rule of rules.md (its stable id, level, family and
// statement), generated at build time from conformance/rules.md, plus lookup by id
// and selection by glob (the `--rules` option of `doharness check`).
#ifndef DOHARNESS_CONFORMANCE_RULE_CATALOG_H_
#define DOHARNESS_CONFORMANCE_RULE_CATALOG_H_

#include <string_view>
#include <vector>

namespace doharness {
namespace conformance {

// Required: a failure fails the run. Recommended: a failure is a warning. Advisory: a
// habit a correct callback may leave to the rest of its application (another thread,
// say); a failure is advice, counted apart from warnings, and never fails a run, an
// explore or a replay.
enum class RuleLevel { kRequired, kRecommended, kAdvisory };

// Callback: an obligation of the callback under test. Engine: a promise of the engine.
enum class RuleFamily { kCallback, kEngine };

// "required" / "recommended" / "advisory": the spelling of reports and of rules.md.
std::string_view RuleLevelName(RuleLevel level);
// "callback" / "engine": the spelling of reports.
std::string_view RuleFamilyName(RuleFamily family);

struct Rule {
  std::string_view id;         // e.g. "ret.error_ok"; never renamed or reused
  RuleLevel level;
  RuleFamily family;
  std::string_view statement;  // the rule's table cell, e.g. "return S_OK from JobError"
  std::string_view source;     // the table it came from, e.g. "rules.md: Callback obligations"
};

// Every rule, in rules.md order (callback obligations, then engine promises).
const std::vector<Rule>& Catalog();

// The rule with this id, or nullptr.
const Rule* FindRule(std::string_view id);

// The level a verdict of this id counts at: its rule's, or kRequired for an id the
// catalog does not know (a report naming an unknown rule must not look clean).
RuleLevel CountingLevel(std::string_view id);

// The rules whose id matches `glob`, in catalog order, each once. `glob` is one or
// more comma-separated patterns (spaces around them ignored) in which `*` matches any
// run of characters, dots included, and `?` exactly one: "ret.*,com.identity",
// "*.no_*", "*". An empty pattern matches nothing.
std::vector<const Rule*> SelectRules(std::string_view glob);

}  // namespace conformance
}  // namespace doharness

#endif  // DOHARNESS_CONFORMANCE_RULE_CATALOG_H_
