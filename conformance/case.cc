#include "conformance/case.h"

#include <algorithm>

#include "conformance/cases/registry.h"
#include "conformance/rule_catalog.h"

namespace doharness::conformance {

const std::vector<Case>& AllCases() {
  static const std::vector<Case>* cases = [] {
    std::vector<Case> all;
    for (auto part : {cases::ComCases(), cases::RunCases(), cases::FlagsCases(), cases::OrderCases(),
                      cases::LifeCases(), cases::StateCases()}) {
      for (Case& c : part) all.push_back(std::move(c));
    }
    // Catalog order, each rule's cases together.
    auto rank = [](const Case& c) {
      const auto& catalog = Catalog();
      for (size_t i = 0; i < catalog.size(); ++i) {
        if (catalog[i].id == c.rule) return i;
      }
      return catalog.size();
    };
    std::stable_sort(all.begin(), all.end(), [&](const Case& a, const Case& b) { return rank(a) < rank(b); });
    return new std::vector<Case>(std::move(all));
  }();
  return *cases;
}

std::vector<const Case*> CasesOf(std::string_view rule) {
  std::vector<const Case*> found;
  for (const Case& c : AllCases()) {
    if (c.rule == rule) found.push_back(&c);
  }
  return found;
}

const Case* FindCase(std::string_view name) {
  for (const Case& c : AllCases()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace doharness::conformance
