// RecordableRunOf: the runs of the suite's cases that `record --rule` writes, as data.
#include "conformance/case_run.h"

#include "conformance/case.h"
#include "conformance/rule_catalog.h"
#include "gtest/gtest.h"

namespace doharness::conformance {
namespace {

TEST(CaseRunTest, EveryRecordableRuleIsARuleWithCases) {
  ASSERT_FALSE(RecordableRules().empty());
  for (std::string_view rule : RecordableRules()) {
    EXPECT_NE(FindRule(rule), nullptr) << rule;
    EXPECT_FALSE(CasesOf(rule).empty()) << rule;
    const std::optional<CaseRun> run = RecordableRunOf(rule);
    ASSERT_TRUE(run.has_value()) << rule;
    EXPECT_FALSE(run->jobs.empty()) << rule;
  }
}

// The runs are the cases' own: ret.retry_bounded's case has two jobs whose Complete
// fails, tol.reentrant_modification's engine re-enters once, tol.error_then_transferred
// resumes its failed job.
TEST(CaseRunTest, RunsAreTheCasesOwn) {
  const std::optional<CaseRun> retry = RecordableRunOf("ret.retry_bounded");
  ASSERT_TRUE(retry.has_value());
  ASSERT_EQ(retry->jobs.size(), 2u);
  for (const JobPlan& job : retry->jobs) {
    ASSERT_TRUE(job.fault.has_value());
    EXPECT_EQ(job.fault->kind, Fault::Kind::kCompleteFails);
  }
  EXPECT_EQ(RecordableRunOf("tol.reentrant_modification")->reentrant_modification_depth, 1);
  EXPECT_TRUE(RecordableRunOf("tol.error_then_transferred")->resume_first_job_after.has_value());
  EXPECT_EQ(RecordableRunOf("params.file_not_released")->jobs.size(), 3u);
}

// Rules whose cases need what a scenario cannot say have no recordable run.
TEST(CaseRunTest, ProbesDirectCallsAndEngineChecksAreNotRecordable) {
  for (const char* rule : {"com.identity", "tol.reserved_nonzero", "tol.unregister_inside", "flags.gate_file",
                           "no.such_rule"}) {
    EXPECT_FALSE(RecordableRunOf(rule).has_value()) << rule;
  }
}

}  // namespace
}  // namespace doharness::conformance
