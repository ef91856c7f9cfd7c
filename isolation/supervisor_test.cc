// Children that crash, exit, hang, stop, signal their parent, leave grandchildren,
// eat memory or flood their output: each ends as data, in bounded time, and the
// supervisor (this test process) lives on.
#include "isolation/supervisor.h"

#include <signal.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

#include "gtest/gtest.h"
#include "isolation/call_watch.h"
#include "isolation/child.h"

namespace doharness::isolation {
namespace {

using Status = Outcome::Status;

// A limit no test reaches unless the supervisor fails to end a child by itself.
constexpr int64_t kNeverMs = 120000;

Outcome RunFunction(const ChildFunction& function, ChildLimits limits = {}) {
  if (limits.step_limit_ms == ChildLimits{}.step_limit_ms) limits.step_limit_ms = kNeverMs;
  return OutcomeOf(Supervise(function, limits), limits);
}

void Result(int channel, const std::string& text) { Send(channel, Tag::kResult, text); }

TEST(SupervisorTest, AResultOfAnySizeComesBack) {
  std::string bytes(1 << 20, 'x');  // larger than a pipe's buffer
  bytes += std::string("\n\t\0R12\nH", 9);
  const Outcome outcome = RunFunction([&bytes](int channel) { Result(channel, bytes); });
  EXPECT_EQ(outcome.status, Status::kReturned);
  EXPECT_EQ(outcome.text, bytes);
}

// What a child streams (DataStream) reaches the caller's sink as it comes, in pieces of
// at most 64 KiB, and is not kept among the frames; without a sink it is.
TEST(SupervisorTest, StreamedDataGoesToTheSinkInOrder) {
  std::string bytes;
  for (int i = 0; bytes.size() < 300 * 1024; ++i) bytes += "{\"event\":" + std::to_string(i) + "}\n";
  const ChildFunction child = [&bytes](int channel) {
    DataStream data(channel);
    data << bytes.substr(0, 1000);
    data.flush();  // a piece of its own
    data << bytes.substr(1000);
    data.flush();
    Result(channel, "done");
  };
  ChildLimits limits;
  limits.step_limit_ms = kNeverMs;
  std::string streamed;
  size_t pieces = 0;
  const ChildRun run = Supervise(child, limits, [&](std::string_view piece) {
    EXPECT_LE(piece.size(), 64u * 1024);
    streamed.append(piece);
    ++pieces;
  });
  EXPECT_EQ(streamed, bytes);
  EXPECT_GE(pieces, 6u);  // 1000 bytes, then the rest in blocks
  for (const Frame& frame : run.frames) EXPECT_NE(frame.tag, Tag::kData);
  const Outcome outcome = OutcomeOf(run, limits);
  EXPECT_EQ(outcome.status, Status::kReturned);
  EXPECT_EQ(outcome.text, "done");

  std::string kept;
  for (const Frame& frame : Supervise(child, limits).frames) {
    if (frame.tag == Tag::kData) kept += frame.text;
  }
  EXPECT_EQ(kept, bytes);
}

TEST(SupervisorTest, ACrashNamesTheCallThatWasRunning) {
  const Outcome outcome = RunFunction([](int) {
    const CallWatch::Scope call("JobTransferred", 2);
    std::raise(SIGSEGV);
  });
  EXPECT_EQ(outcome.status, Status::kCrashed);
  EXPECT_EQ(outcome.text, "SIGSEGV (signal 11) in JobTransferred on job 2");
  const Outcome aborted = RunFunction([](int) { std::abort(); });
  EXPECT_EQ(aborted.text, "SIGABRT (signal 6)");
}

TEST(SupervisorTest, AnExitWithoutAResultIsACrashWhateverItsCode) {
  const Outcome zero = RunFunction([](int) { std::exit(0); });
  EXPECT_EQ(zero.status, Status::kCrashed);
  EXPECT_EQ(zero.text, "exited with code 0 without an outcome");
  EXPECT_EQ(RunFunction([](int) { _exit(3); }).text, "exited with code 3 without an outcome");
}

TEST(SupervisorTest, AWatchedCallThatDoesNotReturnIsAHang) {
  ChildLimits limits;
  limits.call_limit_ms = 200;
  const Outcome outcome = RunFunction(
      [](int) {
        const CallWatch::Scope call("JobError");
        for (;;) pause();
      },
      limits);
  EXPECT_EQ(outcome.status, Status::kHung);
  EXPECT_EQ(outcome.text, "JobError did not return within 200 ms");
}

TEST(SupervisorTest, AChildPastItsStepLimitIsKilled) {
  ChildLimits limits;
  limits.step_limit_ms = 300;
  const Outcome outcome = OutcomeOf(Supervise([](int) { for (;;) pause(); }, limits), limits);
  EXPECT_EQ(outcome.status, Status::kTimedOut);
  EXPECT_EQ(outcome.text, "did not end within 300 ms");
}

TEST(SupervisorTest, TheLastStageIsTold) {
  ChildLimits limits;
  const ChildRun run = Supervise(
      [](int channel) {
        for (int step = 0; step < 3; ++step) Send(channel, Tag::kStage, std::to_string(step));
        Result(channel, "done");
      },
      limits);
  const Outcome outcome = OutcomeOf(run, limits);
  EXPECT_EQ(outcome.status, Status::kReturned);
  EXPECT_EQ(outcome.last_stage, "2");
}

TEST(SupervisorTest, AChildThatStopsItselfIsSeenAtOnce) {
  const Outcome outcome = RunFunction([](int) { raise(SIGSTOP); });
  EXPECT_EQ(outcome.status, Status::kCrashed);
  EXPECT_EQ(outcome.text, "stopped by SIGSTOP (signal 19)");
}

// In its PID namespace the child's parent is the sandbox's init, which ignores it.
TEST(SupervisorTest, TheChildCannotSignalItsSupervisor) {
  const pid_t supervisor = getpid();
  for (int sig : {SIGKILL, SIGTERM, SIGSTOP}) {
    const Outcome outcome = RunFunction([supervisor, sig](int channel) {
      if (getppid() == supervisor) {
        Result(channel, "no namespace");
        return;
      }
      kill(getppid(), sig);
      Result(channel, "still here");
    });
    if (outcome.text == "no namespace") GTEST_SKIP() << "PID namespaces are not allowed here";
    EXPECT_EQ(outcome.status, Status::kReturned) << outcome.text;
    EXPECT_EQ(outcome.text, "still here");
  }
}

// A grandchild that keeps the pipes open and never ends costs nothing: it dies with
// the sandbox once the child has ended.
TEST(SupervisorTest, AGrandchildHoldingThePipesDoesNotHoldTheSupervisor) {
  const Outcome outcome = RunFunction([](int channel) {
    if (fork() == 0) {
      setsid();
      for (;;) pause();
    }
    Result(channel, "pass");
  });
  EXPECT_EQ(outcome.status, Status::kReturned) << outcome.text;
  EXPECT_EQ(outcome.text, "pass");
}

TEST(SupervisorTest, OutputIsCapturedAndOnlyItsTailKept) {
  const Outcome outcome = RunFunction([](int channel) {
    const std::string line(999, 'o');
    for (int i = 0; i < 10000; ++i) {
      std::fprintf(i % 2 == 0 ? stdout : stderr, "%s\n", line.c_str());
    }
    std::fprintf(stdout, "68 rules: 68 passed\n");
    std::fflush(stdout);
    Result(channel, "pass");
  });
  EXPECT_EQ(outcome.status, Status::kReturned);
  EXPECT_EQ(outcome.output.size(), kOutputTailBytes);
  EXPECT_EQ(outcome.output.substr(outcome.output.size() - 20), "68 rules: 68 passed\n");
}

TEST(SupervisorTest, MemoryPastTheLimitIsReportedAsSuch) {
  if (!kMemoryLimitApplies) GTEST_SKIP() << "no address-space limit under ASan or TSan";
  ChildLimits limits;
  limits.memory_mb = 256;
  const Outcome outcome = RunFunction(
      [](int channel) {
        char* volatile block = new char[size_t{1} << 30];
        block[0] = 1;
        Result(channel, "allocated");
      },
      limits);
  EXPECT_EQ(outcome.status, Status::kOutOfMemory);
  EXPECT_EQ(outcome.text, "exceeded the 256 MiB case memory limit");
}

TEST(SupervisorTest, AProgramThatCannotStartIsTold) {
  const Outcome outcome = OutcomeOf(Supervise(ChildProgram{{"/nonexistent/child"}}, {}), {});
  EXPECT_EQ(outcome.status, Status::kCrashed);
  EXPECT_EQ(outcome.text, "cannot run /nonexistent/child: No such file or directory");
}

TEST(SupervisorTest, AProgramOfAnotherProtocolVersionIsRefused) {
  const Outcome outcome =
      OutcomeOf(Supervise(ChildProgram{{"isolation/testdata/other_protocol_child"}}, {}), {});
  EXPECT_EQ(outcome.status, Status::kCrashed);
  EXPECT_EQ(outcome.text, "speaks isolation protocol 99; this doharness speaks 1");
}

}  // namespace
}  // namespace doharness::isolation
