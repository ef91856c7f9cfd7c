// The supervisor: runs code that may crash, exit, hang, stop, fork, flood its output
// or eat memory in a sandboxed child process, and returns what became of it as data.
// The child is either a fresh program started by path (the doharness command runs
// plugins so: nothing of a plugin is ever loaded by the runner) or a fork of this
// process running a function (for tests, and for callbacks linked into the caller's
// own binary). Either way it speaks the isolation protocol (protocol.h) on its channel.
//
//   isolation::ChildLimits limits;
//   limits.step_limit_ms = 5000;
//   isolation::ChildRun run = isolation::Supervise(isolation::ChildProgram{{exe, "probe"}}, limits);
//   isolation::Outcome outcome = isolation::OutcomeOf(run, limits);
//
// On Linux the child runs in a PID namespace (internal/sandbox.h has the process tree).
// On Windows only a fresh program is a child (there is no fork): it runs in a Job
// Object that bounds its memory and kills everything it started when it ends
// (internal/supervisor_windows.cc).
#ifndef DOHARNESS_ISOLATION_SUPERVISOR_H_
#define DOHARNESS_ISOLATION_SUPERVISOR_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "isolation/protocol.h"

namespace doharness::isolation {

struct ChildLimits {
  // A forked child's watchdog: a watched call (CallWatch) running this long is a hang.
  // A fresh program sets its own (child.h).
  int64_t call_limit_ms = 10000;
  // Wall time from the start, and again from each kStage frame; then the child is
  // killed. The bound for what the watchdog cannot see: a hang outside watched calls.
  int64_t step_limit_ms = 30000;
  // The child's address space, in MiB; 0 for no limit. Not applied in ASan and TSan
  // builds (kMemoryLimitApplies), whose shadow memory needs terabytes of address space.
  int64_t memory_mb = 2048;
};

// A fresh child: argv[0] is the program's path. It finds the channel on kChannelFd
// and should call BeginChild (child.h) first.
struct ChildProgram {
  std::vector<std::string> argv;
  // What the child reads on its stdin (ReadChildInput, child.h): work too large for a
  // command line. Empty: stdin is empty.
  std::string input;
};

// A forked child: runs in a fork of this process, after BeginChild, with the channel's
// file descriptor; the child ends when it returns.
using ChildFunction = std::function<void(int channel_fd)>;

// What became of a child.
struct ChildRun {
  enum class End {
    kExited,    // code: the exit code
    kSignaled,  // code: the signal that ended it
    kStopped,   // code: the signal that stopped it (the sandbox then killed it)
    kKilled,    // the supervisor killed it at step_limit_ms
    kException, // Windows: code: the exception (NTSTATUS) that ended it, 0xC0000005...
  };
  std::vector<Frame> frames;  // what the child sent, in order (kWorkerEnded not included)
  End end = End::kExited;
  int code = 0;
  std::string output;  // the last kOutputTailBytes it wrote on stdout and stderr
};

inline constexpr size_t kOutputTailBytes = 4096;

// Whether ChildLimits::memory_mb is applied in this build: not under ASan or TSan.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kMemoryLimitApplies = false;
#else
inline constexpr bool kMemoryLimitApplies = true;
#endif

// Where a child's kData frames go, in order, as they arrive, instead of into
// ChildRun::frames: what a child streams back (a replay's trace, millions of events)
// need never be held whole. Without one, kData frames are kept like the others.
using DataSink = std::function<void(std::string_view piece)>;

ChildRun Supervise(const ChildProgram& program, const ChildLimits& limits, const DataSink& data = nullptr);
// On Windows, which has no fork, the function runs in this process, on a channel that
// is a pipe to this supervisor: the frames come back as from a child, but a crash, a
// hang or an exit is this process's own. Third-party code must not come here on
// Windows: it runs in a ChildProgram.
ChildRun Supervise(const ChildFunction& function, const ChildLimits& limits, const DataSink& data = nullptr);

// A child that ran one step with one result (the usual case), read from its ChildRun.
struct Outcome {
  enum class Status {
    kReturned,     // text: the last kResult frame, byte for byte, unless a kStage followed it
    kCrashed,      // text: "SIGSEGV (signal 11) in JobTransferred on job 1",
                   //       "exited with code 3 without an outcome", "stopped by SIGSTOP (signal 19)"
    kHung,         // text: the watchdog's "JobTransferred did not return within 400 ms"
    kTimedOut,     // text: "did not end within 30000 ms"
    kOutOfMemory,  // text: "exceeded the 2048 MiB case memory limit"
  };
  Status status = Status::kReturned;
  std::string text;
  std::string last_stage;  // the text of the last kStage frame: what it was doing
  std::string output;      // ChildRun::output
};

Outcome OutcomeOf(const ChildRun& run, const ChildLimits& limits);

// "SIGSEGV (signal 11)", or "signal (signal 99)" for a number without a name.
std::string SignalName(int sig);

// "EXCEPTION_ACCESS_VIOLATION (0xC0000005)", or "exception 0xE0434352" for a code
// without a name here.
std::string ExceptionName(uint32_t code);

}  // namespace doharness::isolation

#endif  // DOHARNESS_ISOLATION_SUPERVISOR_H_
