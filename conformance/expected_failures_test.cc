// The expected-failure list: the file format, every parse error with its exact
// file:line:col, and every case of ApplyExpectedFailures.
#include "conformance/expected_failures.h"

#include <string>
#include <string_view>
#include <vector>

#include "conformance/report.h"
#include "conformance/rule_catalog.h"
#include "conformance/verdict.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace doharness {
namespace conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Parses text that must be valid.
ExpectedFailureList ListOf(std::string_view text) {
  ExpectedFailureParseResult result = ExpectedFailureList::Parse(text, "xfail.txt");
  EXPECT_TRUE(result.list.has_value()) << result.error;
  return result.list.value_or(ExpectedFailureList{});
}

// The error of text that must be invalid.
std::string ErrorOf(std::string_view text) {
  ExpectedFailureParseResult result = ExpectedFailureList::Parse(text, "xfail.txt");
  EXPECT_FALSE(result.list.has_value());
  return result.error;
}

ConformanceReport AllPass() {
  ConformanceReport report;
  for (const Rule& rule : Catalog()) {
    report.verdicts.push_back({std::string(rule.id), RuleStatus::kPass, "", 1});
  }
  return report;
}

RuleVerdict& VerdictOf(ConformanceReport& report, std::string_view id) {
  for (RuleVerdict& verdict : report.verdicts) {
    if (verdict.id == id) return verdict;
  }
  ADD_FAILURE() << "no verdict " << id;
  return report.verdicts.front();
}

void Set(ConformanceReport& report, std::string_view id, RuleStatus status,
         std::string message) {
  RuleVerdict& verdict = VerdictOf(report, id);
  verdict.status = status;
  verdict.message = std::move(message);
}

// ---- Parse ------------------------------------------------------------------------------

TEST(ParseTest, IdsPrefixesCommentsAndBlankLines) {
  const ExpectedFailureList list = ListOf(
      "# Known failures of libx.\n"
      "\n"
      "ret.error_ok\n"
      "   # indented comment\n"
      "  com.null_out   #   SIGSEGV in QueryInterface  \r\n"
      "time.prompt#took\n"
      "job.acknowledges #\n"
      "\t\n"
      "job.handles_error");  // no final newline
  EXPECT_EQ(list.filename, "xfail.txt");
  ASSERT_EQ(list.entries.size(), 5u);
  EXPECT_EQ(list.entries[0].id, "ret.error_ok");
  EXPECT_EQ(list.entries[0].message_prefix, "");
  EXPECT_EQ(list.entries[0].line, 3);
  EXPECT_EQ(list.entries[1].id, "com.null_out");
  EXPECT_EQ(list.entries[1].message_prefix, "SIGSEGV in QueryInterface");
  EXPECT_EQ(list.entries[1].line, 5);
  EXPECT_EQ(list.entries[2].id, "time.prompt");
  EXPECT_EQ(list.entries[2].message_prefix, "took");
  EXPECT_EQ(list.entries[3].id, "job.acknowledges");
  EXPECT_EQ(list.entries[3].message_prefix, "");
  EXPECT_EQ(list.entries[4].id, "job.handles_error");
  EXPECT_EQ(list.entries[4].line, 9);

  ASSERT_NE(list.Find("time.prompt"), nullptr);
  EXPECT_EQ(list.Find("time.prompt")->line, 6);
  EXPECT_EQ(list.Find("ret.transferred_ok"), nullptr);
}

TEST(ParseTest, EmptyTextIsAnEmptyList) {
  EXPECT_THAT(ListOf("").entries, IsEmpty());
  EXPECT_THAT(ListOf("\n\n# only comments\n").entries, IsEmpty());
}

TEST(ParseTest, UnknownRuleId) {
  EXPECT_EQ(ErrorOf("ret.error_ok\n\n  ret.nope # x\n"),
            "xfail.txt:3:3: unknown rule id 'ret.nope'");
}

TEST(ParseTest, DuplicateRuleId) {
  EXPECT_EQ(ErrorOf("ret.error_ok\ncom.identity\n\tret.error_ok # again\n"),
            "xfail.txt:3:2: duplicate rule id 'ret.error_ok', first listed on line 1");
}

TEST(ParseTest, MalformedRuleId) {
  EXPECT_EQ(ErrorOf("RET.ERROR_OK\n"), "xfail.txt:1:1: malformed rule id 'RET.ERROR_OK'");
  EXPECT_EQ(ErrorOf("ok\n  ret.error_ok,com.identity\n"),
            "xfail.txt:1:1: malformed rule id 'ok'");
  EXPECT_EQ(ErrorOf("ret.error_ok,com.identity\n"),
            "xfail.txt:1:1: malformed rule id 'ret.error_ok,com.identity'");
}

// A UTF-8 byte order mark, as Windows editors write one, is not part of the first id.
TEST(ParseTest, ALeadingByteOrderMarkIsSkipped) {
  const ExpectedFailureList list = ListOf("\xEF\xBB\xBFret.error_ok\n");
  ASSERT_EQ(list.entries.size(), 1u);
  EXPECT_EQ(list.entries[0].id, "ret.error_ok");
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF\xEF\xBB\xBFret.error_ok\n"),
            "xfail.txt:1:1: malformed rule id '\xEF\xBB\xBFret.error_ok'");
}

// A huge line gives a short message: the id is quoted in part.
TEST(ParseTest, LongIdsAreQuotedInPart) {
  const std::string error = ErrorOf(std::string(10 << 20, 'x') + "\n");
  EXPECT_EQ(error, "xfail.txt:1:1: malformed rule id '" + std::string(40, 'x') + "...'");
}

TEST(ParseTest, TextAfterIdWithoutHash) {
  EXPECT_EQ(ErrorOf("# header\nret.error_ok  JobError returned E_FAIL\n"),
            "xfail.txt:2:15: unexpected text after rule id 'ret.error_ok'; a message prefix "
            "starts with '#'");
  EXPECT_EQ(ErrorOf("ret.error_ok\tcom.identity"),
            "xfail.txt:1:14: unexpected text after rule id 'ret.error_ok'; a message prefix "
            "starts with '#'");
}

TEST(ParseTest, LineNumbersCountCrlfLinesOnce) {
  EXPECT_EQ(ErrorOf("ret.error_ok\r\n\r\nret.nope\r\n"),
            "xfail.txt:3:1: unknown rule id 'ret.nope'");
}

// ---- ApplyExpectedFailures --------------------------------------------------------------

TEST(ApplyTest, EmptyListAndAllPassIsOk) {
  ConformanceReport report = AllPass();
  const ExpectedFailureResult result = ApplyExpectedFailures(ExpectedFailureList{}, &report);
  EXPECT_TRUE(result.ok);
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(ApplyTest, ListedFailureWithoutPrefixBecomesXfail) {
  ConformanceReport report = AllPass();
  Set(report, "ret.error_ok", RuleStatus::kFail, "JobError returned E_FAIL");
  const ExpectedFailureResult result = ApplyExpectedFailures(ListOf("ret.error_ok\n"), &report);
  EXPECT_TRUE(result.ok);
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_THAT(result.warnings, IsEmpty());
  EXPECT_EQ(VerdictOf(report, "ret.error_ok").status, RuleStatus::kXfail);
  EXPECT_EQ(VerdictOf(report, "ret.error_ok").message, "JobError returned E_FAIL");
  EXPECT_EQ(Summarize(report).required_failed, 0);
}

TEST(ApplyTest, ListedCrashAndHangWithMatchingPrefixBecomeXfail) {
  ConformanceReport report = AllPass();
  Set(report, "com.null_out", RuleStatus::kCrash, "SIGSEGV in QueryInterface");
  Set(report, "time.no_hang", RuleStatus::kHang, "no return within 5000 ms");
  const ExpectedFailureResult result = ApplyExpectedFailures(
      ListOf("com.null_out # SIGSEGV\ntime.no_hang # no return within 5000 ms\n"), &report);
  EXPECT_TRUE(result.ok);
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_EQ(VerdictOf(report, "com.null_out").status, RuleStatus::kXfail);
  EXPECT_EQ(VerdictOf(report, "time.no_hang").status, RuleStatus::kXfail);
}

TEST(ApplyTest, ListedFailureWithAnotherMessageIsAProblem) {
  ConformanceReport report = AllPass();
  Set(report, "ret.error_ok", RuleStatus::kFail, "JobError returned E_UNEXPECTED");
  const ExpectedFailureResult result =
      ApplyExpectedFailures(ListOf("\nret.error_ok # JobError returned E_FAIL\n"), &report);
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problems,
              ElementsAre("xfail.txt:2: listed rule failed with another message: ret.error_ok "
                          "(fail): JobError returned E_UNEXPECTED; expected a message starting "
                          "with 'JobError returned E_FAIL'"));
  EXPECT_EQ(VerdictOf(report, "ret.error_ok").status, RuleStatus::kFail);
}

TEST(ApplyTest, ListedRuleThatPassesIsAProblem) {
  ConformanceReport report = AllPass();
  const ExpectedFailureResult result =
      ApplyExpectedFailures(ListOf("# stale\nret.error_ok # JobError returned E_FAIL\n"), &report);
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problems, ElementsAre("xfail.txt:2: listed rule passed: ret.error_ok"));
  EXPECT_EQ(VerdictOf(report, "ret.error_ok").status, RuleStatus::kPass);
}

TEST(ApplyTest, UnlistedRequiredFailureIsAProblem) {
  ConformanceReport report = AllPass();
  Set(report, "ret.error_ok", RuleStatus::kFail, "JobError returned E_FAIL");
  Set(report, "tol.no_exception", RuleStatus::kCrash, "");
  const ExpectedFailureResult result = ApplyExpectedFailures(ListOf("com.null_out\n"), &report);
  EXPECT_FALSE(result.ok);
  // com.null_out is listed but passes: a problem of its own, in list order after the rest.
  EXPECT_THAT(result.problems,
              ElementsAre("xfail.txt:1: listed rule passed: com.null_out",
                          "unlisted required rule failed: ret.error_ok (fail): JobError "
                          "returned E_FAIL",
                          "unlisted required rule failed: tol.no_exception (crash)"));
  EXPECT_EQ(VerdictOf(report, "ret.error_ok").status, RuleStatus::kFail);
}

TEST(ApplyTest, UnlistedRecommendedFailureIsOnlyAWarning) {
  ConformanceReport report = AllPass();
  Set(report, "time.prompt", RuleStatus::kFail, "JobError took 250 ms");
  const ExpectedFailureResult result = ApplyExpectedFailures(ExpectedFailureList{}, &report);
  EXPECT_TRUE(result.ok);
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_THAT(result.warnings,
              ElementsAre("unlisted recommended rule failed: time.prompt (fail): JobError took "
                          "250 ms"));
  EXPECT_EQ(VerdictOf(report, "time.prompt").status, RuleStatus::kFail);
}

TEST(ApplyTest, UnlistedAdvisoryFailureIsAdviceNotAWarningNorAProblem) {
  ConformanceReport report = AllPass();
  Set(report, "job.handles_error", RuleStatus::kFail, "the job stayed in ERROR");
  const ExpectedFailureResult result = ApplyExpectedFailures(ListOf(""), &report);
  EXPECT_TRUE(result.ok);
  EXPECT_THAT(result.problems, IsEmpty());
  EXPECT_THAT(result.warnings, IsEmpty());
  EXPECT_THAT(result.advice, ElementsAre("unlisted advisory rule failed: job.handles_error "
                                         "(fail): the job stayed in ERROR"));
  EXPECT_EQ(VerdictOf(report, "job.handles_error").status, RuleStatus::kFail);
}

TEST(ApplyTest, ListedRecommendedFailureBecomesXfailWithoutWarning) {
  ConformanceReport report = AllPass();
  Set(report, "time.prompt", RuleStatus::kFail, "JobError took 250 ms");
  const ExpectedFailureResult result = ApplyExpectedFailures(ListOf("time.prompt\n"), &report);
  EXPECT_TRUE(result.ok);
  EXPECT_THAT(result.warnings, IsEmpty());
  EXPECT_EQ(VerdictOf(report, "time.prompt").status, RuleStatus::kXfail);
}

TEST(ApplyTest, ListedRuleSkippedIsAWarning) {
  ConformanceReport report = AllPass();
  Set(report, "ret.file_transferred_ok", RuleStatus::kSkip, "no IBackgroundCopyCallback2");
  const ExpectedFailureResult result =
      ApplyExpectedFailures(ListOf("ret.file_transferred_ok\n"), &report);
  EXPECT_TRUE(result.ok);
  EXPECT_THAT(result.warnings,
              ElementsAre("xfail.txt:1: listed rule was skipped: ret.file_transferred_ok "
                          "(skip): no IBackgroundCopyCallback2"));
  EXPECT_EQ(VerdictOf(report, "ret.file_transferred_ok").status, RuleStatus::kSkip);
}

TEST(ApplyTest, ListedRuleMissingFromTheReportIsAProblem) {
  ConformanceReport report = AllPass();
  report.verdicts.erase(report.verdicts.begin());  // com.identity
  const ExpectedFailureResult result = ApplyExpectedFailures(ListOf("com.identity\n"), &report);
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problems,
              ElementsAre("xfail.txt:1: listed rule is not in the report: com.identity"));
}

TEST(ApplyTest, ApplyingTwiceChangesNothingMore) {
  ConformanceReport report = AllPass();
  Set(report, "ret.error_ok", RuleStatus::kFail, "JobError returned E_FAIL");
  const ExpectedFailureList list = ListOf("ret.error_ok # JobError\n");
  ASSERT_TRUE(ApplyExpectedFailures(list, &report).ok);
  const ExpectedFailureResult again = ApplyExpectedFailures(list, &report);
  EXPECT_TRUE(again.ok);
  EXPECT_THAT(again.problems, IsEmpty());
  EXPECT_EQ(VerdictOf(report, "ret.error_ok").status, RuleStatus::kXfail);
}

}  // namespace
}  // namespace conformance
}  // namespace doharness
