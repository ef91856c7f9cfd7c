#include "conformance/rule_catalog.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace doharness {
namespace conformance {
namespace {

// fnmatch-style match of the whole `text` against `pattern` with `*` and `?`.
// Greedy with one backtrack point: the last `*` seen.
bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;  // position of the last `*` in pattern
  size_t star_t = 0;                     // where in text that `*` started matching
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

RuleLevel CountingLevel(std::string_view id) {
  const Rule* rule = FindRule(id);
  return rule == nullptr ? RuleLevel::kRequired : rule->level;
}

std::string_view RuleLevelName(RuleLevel level) {
  switch (level) {
    case RuleLevel::kRequired:
      return "required";
    case RuleLevel::kRecommended:
      return "recommended";
    case RuleLevel::kAdvisory:
      return "advisory";
  }
  return "?";
}

std::string_view RuleFamilyName(RuleFamily family) {
  switch (family) {
    case RuleFamily::kCallback:
      return "callback";
    case RuleFamily::kEngine:
      return "engine";
  }
  return "?";
}

const std::vector<Rule>& Catalog() {
  static const std::vector<Rule>* const catalog = new std::vector<Rule>{
#include "conformance/rule_catalog_data.inc"
  };
  return *catalog;
}

const Rule* FindRule(std::string_view id) {
  for (const Rule& rule : Catalog()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

std::vector<const Rule*> SelectRules(std::string_view glob) {
  std::vector<std::string_view> patterns;
  for (size_t start = 0;;) {
    size_t comma = glob.find(',', start);
    std::string_view pattern = Trim(glob.substr(start, comma - start));
    if (!pattern.empty()) patterns.push_back(pattern);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::vector<const Rule*> selected;
  for (const Rule& rule : Catalog()) {
    for (std::string_view pattern : patterns) {
      if (GlobMatch(pattern, rule.id)) {
        selected.push_back(&rule);
        break;
      }
    }
  }
  return selected;
}

}  // namespace conformance
}  // namespace doharness
