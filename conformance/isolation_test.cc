// RunIsolated: outcomes come back from the child; crash, abort, exit and hang become
// verdicts while the parent survives.
#include "conformance/isolation.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>

#include "gtest/gtest.h"

namespace doharness::conformance {
namespace {

TEST(IsolationTest, OutcomeComesBack) {
  const CaseOutcome o = RunIsolated([] { return CaseOutcome::Fail("JobError returned E_FAIL\ton job 2"); }, 5000);
  EXPECT_EQ(o.status, RuleStatus::kFail);
  EXPECT_EQ(o.message, "JobError returned E_FAIL on job 2");
  EXPECT_EQ(RunIsolated([] { return CaseOutcome::Pass(); }, 5000).status, RuleStatus::kPass);
}

TEST(IsolationTest, SegfaultIsCrash) {
  const CaseOutcome o = RunIsolated(
      [] {
        std::raise(SIGSEGV);
        return CaseOutcome::Pass();
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kCrash);
  EXPECT_EQ(o.message, "SIGSEGV (signal 11)");  // also under the sanitizer configs
}

TEST(IsolationTest, TerminateIsCrashSigabrt) {
  const CaseOutcome o = RunIsolated(
      []() -> CaseOutcome {
        std::terminate();
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kCrash);
  EXPECT_EQ(o.message, "SIGABRT (signal 6)");
}

TEST(IsolationTest, ExitWithoutOutcomeIsCrash) {
  const CaseOutcome o = RunIsolated(
      []() -> CaseOutcome {
        std::_Exit(3);
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kCrash);
  EXPECT_EQ(o.message.rfind("exited with code 3", 0), 0u) << o.message;
}

TEST(IsolationTest, HangIsKilledWithinTheLimit) {
  const auto start = std::chrono::steady_clock::now();
  const CaseOutcome o = RunIsolated(
      []() -> CaseOutcome {
        for (;;) {
        }
      },
      200);
  EXPECT_EQ(o.status, RuleStatus::kHang);
  EXPECT_EQ(o.message, "no return within 200 ms");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
}  // namespace doharness::conformance
