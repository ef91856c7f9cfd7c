// RunIsolated: outcomes come back from the child; crash, abort, exit and hang become
// verdicts while the parent survives.
#include "conformance/isolation.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

#include "conformance/internal/call_watch.h"
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
        const internal::CallWatch::Scope call("JobTransferred", 2);
        std::raise(SIGSEGV);
        return CaseOutcome::Pass();
      },
      5000);
  EXPECT_EQ(o.status, RuleStatus::kCrash);
  EXPECT_EQ(o.message, "SIGSEGV (signal 11) in JobTransferred on job 2");
  const CaseOutcome nested = RunIsolated(
      []() -> CaseOutcome {
        const internal::CallWatch::Scope outer("JobModification", 1);
        std::thread([] {
          const internal::CallWatch::Scope inner(internal::QueryInterfaceCallName(IID_IUnknown, true));
          std::abort();
        }).join();
        return CaseOutcome::Pass();
      },
      5000);
  EXPECT_EQ(nested.status, RuleStatus::kCrash);
  EXPECT_EQ(nested.message, "SIGABRT (signal 6) in QueryInterface(IID_IUnknown, NULL)");
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

TEST(IsolationTest, CallThatDoesNotReturnIsAHangAtTwiceTheLimit) {
  const auto start = std::chrono::steady_clock::now();
  const CaseOutcome o = RunIsolated(
      []() -> CaseOutcome {
        const internal::CallWatch::Scope call("JobTransferred");
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
          const internal::CallWatch::Scope call("JobTransferred");
          while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(250)) {
          }
        }
        return CaseOutcome::Pass();
      },
      200);
  EXPECT_EQ(o.status, RuleStatus::kPass) << o.message;
}

TEST(IsolationTest, ResultOfAnySizeAndContentComesBack) {
  std::string bytes(1 << 20, 'x');  // larger than a pipe's buffer
  bytes += std::string("\n\t\0R12\nH", 9);
  const IsolatedRun child = RunIsolatedWithResult([&bytes] { return bytes; }, 5000, 30000);
  EXPECT_EQ(child.status, IsolatedRun::Status::kReturned);
  EXPECT_EQ(child.text, bytes);
}

TEST(IsolationTest, ResultCrashAndHangAreTold) {
  const IsolatedRun crashed = RunIsolatedWithResult(
      []() -> std::string {
        std::raise(SIGSEGV);
        return "never";
      },
      5000, 30000);
  EXPECT_EQ(crashed.status, IsolatedRun::Status::kCrashed);
  EXPECT_EQ(crashed.text, "SIGSEGV (signal 11)");
  const IsolatedRun hung = RunIsolatedWithResult(
      []() -> std::string {
        const internal::CallWatch::Scope call("JobError");
        for (;;) {
        }
      },
      200, 30000);
  EXPECT_EQ(hung.status, IsolatedRun::Status::kHung);
  EXPECT_EQ(hung.text, "JobError did not return within 200 ms");
  const IsolatedRun timed_out = RunIsolatedWithResult(
      []() -> std::string {
        for (;;) {
        }
      },
      5000, 300);
  EXPECT_EQ(timed_out.status, IsolatedRun::Status::kTimedOut);
  EXPECT_EQ(timed_out.text, "did not end within 300 ms");
}

}  // namespace
}  // namespace doharness::conformance
