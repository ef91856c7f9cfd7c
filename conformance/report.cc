#include "conformance/report.h"

#include <cctype>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "conformance/rule_catalog.h"
#include "conformance/verdict.h"

namespace doharness {
namespace conformance {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

std::string_view LevelName(const Rule* rule) {
  return rule == nullptr ? "unknown" : RuleLevelName(rule->level);
}

std::string_view FamilyName(const Rule* rule) {
  return rule == nullptr ? "unknown" : RuleFamilyName(rule->family);
}

// The code point of the UTF-8 sequence at text[i] and its length in bytes, or
// {U+FFFD, 1} when the byte there does not start a valid (shortest-form) sequence.
std::pair<char32_t, size_t> DecodeUtf8(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return {lead, 1};
  size_t length;
  char32_t code_point;
  char32_t smallest;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, smallest = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, smallest = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, smallest = 0x10000;
  } else {
    return {0xFFFD, 1};
  }
  if (i + length > text.size()) return {0xFFFD, 1};
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return {0xFFFD, 1};
    code_point = (code_point << 6) | (next & 0x3F);
  }
  if (code_point < smallest || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return {0xFFFD, 1};
  }
  return {code_point, length};
}

// The characters of XML 1.0 ("Char" production).
bool IsXmlChar(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// `text` as the value of a double-quoted XML attribute. Line breaks and tabs are
// written as character references so that attribute normalization keeps them.
std::string XmlAttribute(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto [c, length] = DecodeUtf8(text, i);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c == 0xFFFD || !IsXmlChar(c)) {
          out += kReplacementCharacter;
        } else {
          out += text.substr(i, length);
        }
    }
    i += length;
  }
  return out;
}

std::string Attribute(std::string_view name, std::string_view value) {
  std::string out = " ";
  out += name;
  out += "=\"";
  out += XmlAttribute(value);
  out += '"';
  return out;
}

// "FAIL " etc.: the status upper-case, padded to the widest ("CRASH", "XFAIL").
std::string StatusColumn(RuleStatus status) {
  std::string column(RuleStatusName(status));
  for (char& c : column) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  column.resize(5, ' ');
  return column;
}

}  // namespace

ReportSummary Summarize(const ConformanceReport& report) {
  ReportSummary summary;
  for (const RuleVerdict& verdict : report.verdicts) {
    if (IsFailure(verdict.status)) {
      switch (CountingLevel(verdict.id)) {
        case RuleLevel::kRequired: ++summary.required_failed; break;
        case RuleLevel::kRecommended: ++summary.recommended_failed; break;
        case RuleLevel::kAdvisory: ++summary.advisory_failed; break;
      }
    } else if (verdict.status == RuleStatus::kPass) {
      ++summary.passed;
    } else if (verdict.status == RuleStatus::kSkip) {
      ++summary.skipped;
    }
  }
  return summary;
}

std::string Validate(const ConformanceReport& report) {
  std::map<std::string_view, int> seen;
  std::string problems;
  auto add = [&problems](const std::string& problem) {
    if (!problems.empty()) problems += "; ";
    problems += problem;
  };
  for (const RuleVerdict& verdict : report.verdicts) {
    if (FindRule(verdict.id) == nullptr) {
      add("unknown rule " + verdict.id);
    } else {
      ++seen[verdict.id];
    }
  }
  for (const Rule& rule : Catalog()) {
    const auto it = seen.find(rule.id);
    if (it == seen.end()) {
      add("missing rule " + std::string(rule.id));
    } else if (it->second > 1) {
      add("rule " + std::string(rule.id) + " appears " + std::to_string(it->second) + " times");
    }
  }
  return problems;
}

std::string ToJson(const ConformanceReport& report) {
  using Json = nlohmann::ordered_json;
  Json rules = Json::array();
  for (const RuleVerdict& verdict : report.verdicts) {
    const Rule* rule = FindRule(verdict.id);
    rules.push_back({{"id", verdict.id},
                     {"level", LevelName(rule)},
                     {"family", FamilyName(rule)},
                     {"status", RuleStatusName(verdict.status)},
                     {"message", verdict.message},
                     {"cases", verdict.cases}});
  }
  const ReportSummary summary = Summarize(report);
  Json json = {{"harness", "doharness"},
               {"version", report.version},
               {"profile", report.profile},
               {"callback", report.callback},
               {"seed", report.seed},
               {"rules", std::move(rules)},
               {"summary",
                {{"required_failed", summary.required_failed},
                 {"recommended_failed", summary.recommended_failed},
                 {"advisory_failed", summary.advisory_failed},
                 {"passed", summary.passed},
                 {"skipped", summary.skipped}}}};
  return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string ToJunitXml(const ConformanceReport& report) {
  int failures = 0;
  int skipped = 0;
  for (const RuleVerdict& verdict : report.verdicts) {
    if (IsFailure(verdict.status)) ++failures;
    if (verdict.status == RuleStatus::kSkip || verdict.status == RuleStatus::kXfail) ++skipped;
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  xml += "  <testsuite" + Attribute("name", "doharness") +
         Attribute("tests", std::to_string(report.verdicts.size())) +
         Attribute("failures", std::to_string(failures)) +
         Attribute("skipped", std::to_string(skipped)) + ">\n";
  auto property = [&xml](std::string_view name, std::string_view value) {
    xml += "      <property" + Attribute("name", name) + Attribute("value", value) + "/>\n";
  };
  xml += "    <properties>\n";
  property("version", report.version);
  property("profile", report.profile);
  property("callback", report.callback);
  property("seed", std::to_string(report.seed));
  xml += "    </properties>\n";
  for (const RuleVerdict& verdict : report.verdicts) {
    xml += "    <testcase" + Attribute("name", verdict.id) +
           Attribute("classname", FamilyName(FindRule(verdict.id)));
    if (IsFailure(verdict.status)) {
      xml += ">\n      <failure" + Attribute("type", RuleStatusName(verdict.status)) +
             Attribute("message", verdict.message) + "/>\n    </testcase>\n";
    } else if (verdict.status == RuleStatus::kSkip) {
      xml += ">\n      <skipped" + Attribute("message", verdict.message) + "/>\n    </testcase>\n";
    } else if (verdict.status == RuleStatus::kXfail) {
      xml += ">\n      <skipped" + Attribute("type", "xfail") +
             Attribute("message", "expected failure: " + verdict.message) +
             "/>\n    </testcase>\n";
    } else {
      xml += "/>\n";
    }
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

std::string ToHumanSummary(const ConformanceReport& report) {
  std::string text;
  int xfail = 0;
  for (const RuleVerdict& verdict : report.verdicts) {
    if (verdict.status == RuleStatus::kXfail) ++xfail;
    std::string message = verdict.message;
    for (char& c : message) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    message.erase(message.find_last_not_of(' ') + 1);
    text += StatusColumn(verdict.status) + " " + verdict.id;
    if (!message.empty()) text += ": " + message;
    text += "\n";
  }
  const ReportSummary summary = Summarize(report);
  text += std::to_string(report.verdicts.size()) + " rules: " + std::to_string(summary.passed) +
          " passed, " + std::to_string(summary.required_failed) + " required failed, " +
          std::to_string(summary.recommended_failed) + " recommended failed, " +
          std::to_string(summary.advisory_failed) + " advisory failed, " +
          std::to_string(summary.skipped) + " skipped, " + std::to_string(xfail) + " xfail\n";
  return text;
}

}  // namespace conformance
}  // namespace doharness
