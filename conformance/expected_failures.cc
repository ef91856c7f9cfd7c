#include "conformance/expected_failures.h"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/user_text.h"
#include "conformance/report.h"
#include "conformance/rule_catalog.h"
#include "conformance/verdict.h"

namespace doharness {
namespace conformance {
namespace {

constexpr std::string_view kBlanks = " \t";

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

// The syntax of rule ids: ^[a-z]+\.[a-z_0-9]+$.
bool IsWellFormedId(std::string_view id) {
  const size_t dot = id.find('.');
  if (dot == 0 || dot == std::string_view::npos || dot + 1 == id.size()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == dot) continue;
    const char c = id[i];
    if (!IsLower(c) && !(i > dot && (c == '_' || (c >= '0' && c <= '9')))) return false;
  }
  return true;
}

std::string_view TrimBlanks(std::string_view s) {
  const size_t begin = s.find_first_not_of(kBlanks);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kBlanks) - begin + 1);
}

// "id (status): message", without ": message" when there is none.
std::string Describe(const RuleVerdict& verdict) {
  std::string text = verdict.id + " (" + std::string(RuleStatusName(verdict.status)) + ")";
  if (!verdict.message.empty()) text += ": " + verdict.message;
  return text;
}

}  // namespace

const ExpectedFailure* ExpectedFailureList::Find(std::string_view id) const {
  for (const ExpectedFailure& entry : entries) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

ExpectedFailureParseResult ExpectedFailureList::Parse(std::string_view text,
                                                      std::string_view filename) {
  text = WithoutByteOrderMark(text);
  ExpectedFailureList list;
  list.filename = std::string(filename);
  int line_number = 0;
  for (size_t start = 0;;) {
    const size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto error = [&](size_t column, const std::string& message) {
      return ExpectedFailureParseResult{
          std::nullopt, list.filename + ":" + std::to_string(line_number) + ":" +
                            std::to_string(column + 1) + ": " + message};
    };

    const size_t id_begin = line.find_first_not_of(kBlanks);
    if (id_begin != std::string_view::npos && line[id_begin] != '#') {
      const size_t id_end = line.find_first_of(" \t#", id_begin);
      const std::string id(line.substr(id_begin, id_end - id_begin));
      if (!IsWellFormedId(id)) return error(id_begin, "malformed rule id " + Excerpt(id));
      if (FindRule(id) == nullptr) return error(id_begin, "unknown rule id " + Excerpt(id));
      if (const ExpectedFailure* first = list.Find(id)) {
        return error(id_begin, "duplicate rule id " + Excerpt(id) + ", first listed on line " +
                                   std::to_string(first->line));
      }
      const size_t rest = line.find_first_not_of(kBlanks, id_end);
      std::string prefix;
      if (rest != std::string_view::npos) {
        if (line[rest] != '#') {
          return error(rest, "unexpected text after rule id " + Excerpt(id) +
                                 "; a message prefix starts with '#'");
        }
        prefix = std::string(TrimBlanks(line.substr(rest + 1)));
      }
      list.entries.push_back({id, prefix, line_number});
    }

    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return ExpectedFailureParseResult{std::move(list), ""};
}

ExpectedFailureResult ApplyExpectedFailures(const ExpectedFailureList& list,
                                            ConformanceReport* report) {
  ExpectedFailureResult result;
  std::set<std::string_view> reported;
  for (RuleVerdict& verdict : report->verdicts) {
    reported.insert(verdict.id);
    const ExpectedFailure* listed = list.Find(verdict.id);
    if (listed == nullptr) {
      if (!IsFailure(verdict.status)) continue;
      switch (CountingLevel(verdict.id)) {
        case RuleLevel::kRequired:
          result.problems.push_back("unlisted required rule failed: " + Describe(verdict));
          break;
        case RuleLevel::kRecommended:
          result.warnings.push_back("unlisted recommended rule failed: " + Describe(verdict));
          break;
        case RuleLevel::kAdvisory:
          result.advice.push_back("unlisted advisory rule failed: " + Describe(verdict));
          break;
      }
      continue;
    }
    const std::string where = list.filename + ":" + std::to_string(listed->line) + ": ";
    if (IsFailure(verdict.status)) {
      if (std::string_view(verdict.message).substr(0, listed->message_prefix.size()) ==
          listed->message_prefix) {
        verdict.status = RuleStatus::kXfail;
      } else {
        result.problems.push_back(where + "listed rule failed with another message: " +
                                  Describe(verdict) + "; expected a message starting with '" +
                                  listed->message_prefix + "'");
      }
    } else if (verdict.status == RuleStatus::kPass) {
      result.problems.push_back(where + "listed rule passed: " + verdict.id);
    } else if (verdict.status == RuleStatus::kSkip) {
      result.warnings.push_back(where + "listed rule was skipped: " + Describe(verdict));
    }
  }
  for (const ExpectedFailure& entry : list.entries) {
    if (reported.count(entry.id) == 0) {
      result.problems.push_back(list.filename + ":" + std::to_string(entry.line) +
                                ": listed rule is not in the report: " + entry.id);
    }
  }
  result.ok = result.problems.empty();
  return result;
}

}  // namespace conformance
}  // namespace doharness
