// Reports: the summary counts, Validate, the JSON report parsed back with nlohmann,
// the JUnit XML's exact shape and escaping (its well-formedness under a real XML
// parser is junit_wellformed_test), and the human summary.
#include "conformance/report.h"

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/rule_catalog.h"
#include "conformance/verdict.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace doharness {
namespace conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A valid report: every catalog rule, passed once.
ConformanceReport AllPass() {
  ConformanceReport report{"1.2.3", "do", "libx.so", 7, {}};
  for (const Rule& rule : Catalog()) {
    report.verdicts.push_back({std::string(rule.id), RuleStatus::kPass, "", 1});
  }
  return report;
}

void Set(ConformanceReport& report, std::string_view id, RuleStatus status,
         std::string message) {
  for (RuleVerdict& verdict : report.verdicts) {
    if (verdict.id == id) {
      verdict.status = status;
      verdict.message = std::move(message);
      return;
    }
  }
  ADD_FAILURE() << "no verdict " << id;
}

// Every status once or more: 2 required, 2 recommended and 1 advisory failures, 1 skip,
// 2 xfail.
ConformanceReport Mixed() {
  ConformanceReport report = AllPass();
  Set(report, "ret.error_ok", RuleStatus::kFail, "JobError returned E_FAIL");
  Set(report, "time.no_hang", RuleStatus::kHang, "no return within 5000 ms");
  Set(report, "com.null_out", RuleStatus::kCrash, "SIGSEGV in QueryInterface");
  Set(report, "time.prompt", RuleStatus::kFail, "JobError took 250 ms");
  Set(report, "ret.file_transferred_ok", RuleStatus::kSkip, "no IBackgroundCopyCallback2");
  Set(report, "job.acknowledges", RuleStatus::kXfail, "never Completes");
  Set(report, "flags.default", RuleStatus::kXfail, "");
  Set(report, "job.handles_error", RuleStatus::kFail, "the job stayed in ERROR");
  return report;
}

TEST(StatusTest, NamesAreTheReportSpellings) {
  EXPECT_EQ(RuleStatusName(RuleStatus::kPass), "pass");
  EXPECT_EQ(RuleStatusName(RuleStatus::kFail), "fail");
  EXPECT_EQ(RuleStatusName(RuleStatus::kCrash), "crash");
  EXPECT_EQ(RuleStatusName(RuleStatus::kHang), "hang");
  EXPECT_EQ(RuleStatusName(RuleStatus::kSkip), "skip");
  EXPECT_EQ(RuleStatusName(RuleStatus::kXfail), "xfail");
}

TEST(SummarizeTest, CountsFailuresByLevelAndXfailNowhere) {
  const ReportSummary all_pass = Summarize(AllPass());
  EXPECT_EQ(all_pass.required_failed, 0);
  EXPECT_EQ(all_pass.recommended_failed, 0);
  EXPECT_EQ(all_pass.advisory_failed, 0);
  EXPECT_EQ(all_pass.passed, 68);
  EXPECT_EQ(all_pass.skipped, 0);

  const ReportSummary mixed = Summarize(Mixed());
  EXPECT_EQ(mixed.required_failed, 2);     // fail, hang
  EXPECT_EQ(mixed.recommended_failed, 2);  // crash, fail
  EXPECT_EQ(mixed.advisory_failed, 1);
  EXPECT_EQ(mixed.passed, 68 - 8);
  EXPECT_EQ(mixed.skipped, 1);
}

TEST(SummarizeTest, UnknownRuleFailingCountsAsRequired) {
  ConformanceReport report;
  report.verdicts.push_back({"ret.nope", RuleStatus::kFail, "", 1});
  EXPECT_EQ(Summarize(report).required_failed, 1);
}

TEST(ValidateTest, AcceptsEveryRuleOnce) {
  EXPECT_EQ(Validate(AllPass()), "");
  EXPECT_EQ(Validate(Mixed()), "");
}

TEST(ValidateTest, NamesUnknownMissingAndRepeatedRules) {
  ConformanceReport report = AllPass();
  report.verdicts.erase(report.verdicts.begin() + 15);  // ret.error_ok
  report.verdicts.push_back({"com.identity", RuleStatus::kPass, "", 1});
  report.verdicts.push_back({"ret.nope", RuleStatus::kPass, "", 1});
  EXPECT_EQ(Validate(report),
            "unknown rule ret.nope; rule com.identity appears 2 times; missing rule ret.error_ok");

  EXPECT_THAT(Validate(ConformanceReport{}),
              StartsWith("missing rule com.identity; missing rule com.callback_iid; "));
}

TEST(ToJsonTest, ParsesBackInTheDesignShape) {
  const ConformanceReport report = Mixed();
  const nlohmann::ordered_json json = nlohmann::ordered_json::parse(ToJson(report));

  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  EXPECT_THAT(keys, ElementsAre("harness", "version", "profile", "callback", "seed", "rules",
                                "summary"));
  EXPECT_EQ(json["harness"], "doharness");
  EXPECT_EQ(json["version"], "1.2.3");
  EXPECT_EQ(json["profile"], "do");
  EXPECT_EQ(json["callback"], "libx.so");
  EXPECT_EQ(json["seed"], 7);

  ASSERT_TRUE(json["rules"].is_array());
  ASSERT_EQ(json["rules"].size(), Catalog().size());
  std::set<std::string> ids;
  std::set<std::string> statuses;
  for (size_t i = 0; i < json["rules"].size(); ++i) {
    const auto& entry = json["rules"][i];
    std::vector<std::string> entry_keys;
    for (const auto& item : entry.items()) entry_keys.push_back(item.key());
    EXPECT_THAT(entry_keys, ElementsAre("id", "level", "family", "status", "message", "cases"));
    const std::string id = entry["id"];
    EXPECT_TRUE(ids.insert(id).second) << "twice: " << id;
    const Rule* rule = FindRule(id);
    ASSERT_NE(rule, nullptr) << id;
    EXPECT_EQ(entry["level"], std::string(RuleLevelName(rule->level))) << id;
    EXPECT_EQ(entry["family"], std::string(RuleFamilyName(rule->family))) << id;
    EXPECT_EQ(entry["status"], std::string(RuleStatusName(report.verdicts[i].status))) << id;
    EXPECT_EQ(entry["message"], report.verdicts[i].message) << id;
    EXPECT_EQ(entry["cases"], 1) << id;
    statuses.insert(entry["status"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), Catalog().size());
  EXPECT_EQ(statuses, (std::set<std::string>{"pass", "fail", "crash", "hang", "skip", "xfail"}));

  EXPECT_EQ(json["summary"], nlohmann::ordered_json::parse(R"({"required_failed": 2,
      "recommended_failed": 2, "advisory_failed": 1, "passed": 60, "skipped": 1})"));
}

TEST(ToJsonTest, KeepsAnyMessageAndReplacesInvalidUtf8) {
  ConformanceReport report = AllPass();
  report.seed = std::numeric_limits<uint64_t>::max();
  Set(report, "ret.error_ok", RuleStatus::kFail, "a \"quoted\"\\ line\nnext\x01 \xC3\xA9");
  Set(report, "ret.modification_ok", RuleStatus::kFail, "bad \xFF byte");
  const nlohmann::json json = nlohmann::json::parse(ToJson(report));
  EXPECT_EQ(json["seed"].get<uint64_t>(), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(json["rules"][15]["message"], "a \"quoted\"\\ line\nnext\x01 \xC3\xA9");
  EXPECT_EQ(json["rules"][16]["message"], "bad \xEF\xBF\xBD byte");
}

TEST(ToJunitXmlTest, ExactShape) {
  ConformanceReport report;
  report.version = "1.2.3";
  report.profile = "bits";
  report.callback = "lib<a&b>.so";
  report.seed = 9;
  report.verdicts = {{"com.identity", RuleStatus::kPass, "", 2},
                     {"ret.error_ok", RuleStatus::kFail, "JobError returned E_FAIL", 1},
                     {"time.no_hang", RuleStatus::kHang, "no return within 5000 ms", 1},
                     {"ret.file_transferred_ok", RuleStatus::kSkip, "no Callback2", 0},
                     {"flags.default", RuleStatus::kXfail, "flags 0x01", 1}};
  EXPECT_EQ(ToJunitXml(report),
            R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="doharness" tests="5" failures="2" skipped="2">
    <properties>
      <property name="version" value="1.2.3"/>
      <property name="profile" value="bits"/>
      <property name="callback" value="lib&lt;a&amp;b&gt;.so"/>
      <property name="seed" value="9"/>
    </properties>
    <testcase name="com.identity" classname="callback"/>
    <testcase name="ret.error_ok" classname="callback">
      <failure type="fail" message="JobError returned E_FAIL"/>
    </testcase>
    <testcase name="time.no_hang" classname="callback">
      <failure type="hang" message="no return within 5000 ms"/>
    </testcase>
    <testcase name="ret.file_transferred_ok" classname="callback">
      <skipped message="no Callback2"/>
    </testcase>
    <testcase name="flags.default" classname="engine">
      <skipped type="xfail" message="expected failure: flags 0x01"/>
    </testcase>
  </testsuite>
</testsuites>
)");
}

TEST(ToJunitXmlTest, EscapesMarkupAndReplacesWhatXmlCannotCarry) {
  ConformanceReport report = AllPass();
  Set(report, "com.null_out", RuleStatus::kCrash,
      "a<b & \"c\" 'd'>\n\t\r \x01 \xFF \xC3\xA9 \xED\xA0\x80 \xEF\xBF\xBE");
  EXPECT_THAT(ToJunitXml(report),
              HasSubstr("<failure type=\"crash\" message=\"a&lt;b &amp; &quot;c&quot; &apos;d&apos;"
                        "&gt;&#10;&#9;&#13; \xEF\xBF\xBD \xEF\xBF\xBD \xC3\xA9 "
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\"/>"));
}

TEST(ToJunitXmlTest, OneTestcasePerRule) {
  const std::string xml = ToJunitXml(Mixed());
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"doharness\" tests=\"68\" failures=\"5\" "
                             "skipped=\"3\">"));
  for (const Rule& rule : Catalog()) {
    const std::string testcase = "<testcase name=\"" + std::string(rule.id) + "\" classname=\"" +
                                 std::string(RuleFamilyName(rule.family)) + "\"";
    const size_t first = xml.find(testcase);
    EXPECT_NE(first, std::string::npos) << rule.id;
    EXPECT_EQ(xml.find(testcase, first + 1), std::string::npos) << rule.id;
  }
}

TEST(ToHumanSummaryTest, OneLineARuleThenCounts) {
  ConformanceReport report;
  report.verdicts = {{"com.identity", RuleStatus::kPass, "", 2},
                     {"ret.error_ok", RuleStatus::kFail, "JobError returned E_FAIL", 1},
                     {"com.null_out", RuleStatus::kCrash, "SIGSEGV in QueryInterface", 1},
                     {"ret.file_transferred_ok", RuleStatus::kSkip, "no Callback2", 0},
                     {"job.acknowledges", RuleStatus::kXfail, "never Completes", 1},
                     {"job.handles_error", RuleStatus::kFail, "stayed in ERROR", 1},
                     {"time.no_hang", RuleStatus::kHang, "line one\nline two\r\n", 1}};
  EXPECT_EQ(ToHumanSummary(report),
            "PASS  com.identity\n"
            "FAIL  ret.error_ok: JobError returned E_FAIL\n"
            "CRASH com.null_out: SIGSEGV in QueryInterface\n"
            "SKIP  ret.file_transferred_ok: no Callback2\n"
            "XFAIL job.acknowledges: never Completes\n"
            "FAIL  job.handles_error: stayed in ERROR\n"
            "HANG  time.no_hang: line one line two\n"
            "7 rules: 1 passed, 2 required failed, 1 recommended failed, 1 advisory failed, "
            "1 skipped, 1 xfail\n");
}

}  // namespace
}  // namespace conformance
}  // namespace doharness
