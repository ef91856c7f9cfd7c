// RunIsolated: outcomes come back from the child; crash, abort, exit and hang become
// verdicts while the parent survives.
#include "conformance/isolation.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

#include "isolation/call_watch.h"
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

// A crash inside a watched call names the call and its job; on another thread, the
// call running on the crashing thread is the one named.
TEST(IsolationTest, CrashNamesTheCallThatWasRunning) {
  const CaseOutcome o = RunIsolated(
      [] {
        const isolation::CallWatch::Scope call("JobTransferred", 2);
        std::raise(SIGSEGV);
        return CaseOutcome::Pass();
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kCrash);
  EXPECT_EQ(o.message, "SIGSEGV (signal 11) in JobTransferred on job 2");
  const CaseOutcome nested = RunIsolated(
      []() -> CaseOutcome {
        const isolation::CallWatch::Scope outer("JobModification", 1);
        std::thread([] {
          const isolation::CallWatch::Scope inner(isolation::QueryInterfaceCallName(IID_IUnknown, true));
          std::abort();
        }).join();
        return CaseOutcome::Pass();
      },
      5000);
  EXPECT_EQ(nested.status, RuleStatus::kCrash);
  EXPECT_EQ(nested.message, "SIGABRT (signal 6) in QueryInterface(IID_IUnknown, NULL)");
}

// Outside any call (a callback that damaged the heap makes the harness crash later),
// the crash names the call that returned last.
TEST(IsolationTest, CrashOutsideCallsNamesTheLastCallThatReturned) {
  const CaseOutcome o = RunIsolated(
      [] {
        { const isolation::CallWatch::Scope call("JobTransferred", 1); }
        std::raise(SIGSEGV);
        return CaseOutcome::Pass();
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kCrash);
  EXPECT_EQ(o.message, "SIGSEGV (signal 11) after JobTransferred on job 1 returned");
}

TEST(IsolationTest, TerminateIsCrashSigabrt) {
  const CaseOutcome o = RunIsolated(
      []() -> CaseOutcome {
        std::terminate();
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kCrash);
  EXPECT_EQ(o.message, "SIGABRT (signal 6) (its output ended: 'terminate called without an active exception\\x0A')");
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

TEST(IsolationTest, CallThatDoesNotReturnIsAHangAtTwiceTheLimit) {
  const auto start = std::chrono::steady_clock::now();
  const CaseOutcome o = RunIsolated(
      []() -> CaseOutcome {
        const isolation::CallWatch::Scope call("JobTransferred");
        for (;;) {
        }
      },
      200);
  EXPECT_EQ(o.status, RuleStatus::kHang);
  EXPECT_EQ(o.message, "JobTransferred did not return within 400 ms");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(IsolationTest, SlowCallThatReturnsIsNotAHang) {
  // Slower than the limit (time.no_hang judges that), back before twice the limit.
  const CaseOutcome o = RunIsolated(
      [] {
        const auto start = std::chrono::steady_clock::now();
        {
          const isolation::CallWatch::Scope call("JobTransferred");
          while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(250)) {
          }
        }
        return CaseOutcome::Pass();
      },
      200);
  EXPECT_EQ(o.status, RuleStatus::kPass) << o.message;
}

TEST(IsolationTest, WhatAFailedCaseWroteEndsItsMessage) {
  const CaseOutcome o = RunIsolated(
      [] {
        std::printf("forged: 68 rules: 68 passed\n");
        std::fflush(stdout);
        return CaseOutcome::Fail("JobError returned E_FAIL");
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kFail);
  EXPECT_EQ(o.message, "JobError returned E_FAIL (its output ended: 'forged: 68 rules: 68 passed\\x0A')");
  const CaseOutcome passed = RunIsolated(
      [] {
        std::printf("chatty\n");
        return CaseOutcome::Pass();
      },
      5000);
  EXPECT_EQ(passed.status, RuleStatus::kPass);
  EXPECT_EQ(passed.message, "");
}

}  // namespace
}  // namespace doharness::conformance
