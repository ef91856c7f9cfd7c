#include "isolation/supervisor.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>

#include "isolation/child.h"
#include "isolation/internal/sandbox.h"

namespace doharness::isolation {
namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read = -1;
  int write = -1;
};

bool OpenPipe(Pipe* pipe) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  pipe->read = fds[0];
  pipe->write = fds[1];
  return true;
}

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

// Once a process: every child would say the same.
void WarnNoSandbox(const std::string& why) {
  static std::atomic<bool> warned{false};
  if (warned.exchange(true)) return;
  std::fprintf(stderr, "doharness: warning: callbacks run without a PID namespace (%s): they can see and signal "
               "the runner\n", why.c_str());
}

// Reads what is there now, without waiting; false at the end of the stream.
bool ReadAvailable(int fd, std::string* into, bool wait) {
  char buffer[65536];
  for (;;) {
    if (!wait) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 0) <= 0) return true;
    }
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    into->append(buffer, static_cast<size_t>(n));
    if (wait) return true;
  }
}

void KeepTail(std::string* output) {
  if (output->size() > kOutputTailBytes) output->erase(0, output->size() - kOutputTailBytes);
}

ChildRun Run(const std::function<void(int channel_fd)>& worker, const ChildLimits& limits) {
  ChildRun run;
  Pipe channel, output;
  if (!OpenPipe(&channel) || !OpenPipe(&output)) {
    run.frames.push_back({Tag::kStartFailed, std::string("pipe failed: ") + strerror(errno)});
    CloseFd(&channel.read);
    CloseFd(&channel.write);
    return run;
  }
  std::fflush(nullptr);
  const pid_t keeper = internal::StartSandboxed({channel.write, output.write}, limits.memory_mb,
                                                [&] { worker(channel.write); });
  const int start_errno = errno;
  CloseFd(&channel.write);
  CloseFd(&output.write);
  if (keeper < 0) {
    CloseFd(&channel.read);
    CloseFd(&output.read);
    run.frames.push_back({Tag::kStartFailed, std::string("fork failed: ") + strerror(start_errno)});
    return run;
  }
  setpgid(keeper, keeper);  // also here, so that a kill at the limit never misses the group

  FrameReader reader;
  std::string channel_bytes;
  bool worker_ended = false, killed = false;
  int worker_status = 0;
  Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(limits.step_limit_ms);
  auto take_frames = [&] {
    reader.Append(channel_bytes);
    channel_bytes.clear();
    while (std::optional<Frame> frame = reader.Next()) {
      if (frame->tag == Tag::kWorkerEnded) {
        worker_ended = true;
        worker_status = std::atoi(frame->text.c_str());
        continue;
      }
      if (frame->tag == Tag::kNoSandbox) {
        WarnNoSandbox(frame->text);
        continue;
      }
      if (frame->tag == Tag::kStage) deadline = Clock::now() + std::chrono::milliseconds(limits.step_limit_ms);
      run.frames.push_back(std::move(*frame));
    }
  };
  while ((channel.read >= 0 || output.read >= 0) && !worker_ended) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      killed = true;
      break;
    }
    pollfd fds[2] = {{channel.read, POLLIN, 0}, {output.read, POLLIN, 0}};
    const int ready = poll(fds, 2, static_cast<int>(std::min<int64_t>(left, INT_MAX)));
    if (ready <= 0) continue;  // EINTR, or the deadline check above ends it
    if (fds[0].revents != 0 && !ReadAvailable(channel.read, &channel_bytes, /*wait=*/true)) CloseFd(&channel.read);
    if (fds[1].revents != 0 && !ReadAvailable(output.read, &run.output, /*wait=*/true)) CloseFd(&output.read);
    take_frames();
    KeepTail(&run.output);
  }
  // The worker is gone: what it wrote is already in the pipes. A descendant that
  // escaped the sandbox may hold them open; nothing waits for it.
  if (channel.read >= 0) ReadAvailable(channel.read, &channel_bytes, /*wait=*/false);
  if (output.read >= 0) ReadAvailable(output.read, &run.output, /*wait=*/false);
  take_frames();
  KeepTail(&run.output);
  CloseFd(&channel.read);
  CloseFd(&output.read);
  if (killed) {
    kill(-keeper, SIGKILL);
    kill(keeper, SIGKILL);
  }
  int keeper_status = 0;
  while (waitpid(keeper, &keeper_status, 0) < 0 && errno == EINTR) {
  }
  if (killed) {
    run.end = ChildRun::End::kKilled;
  } else if (!worker_ended) {
    // The sandbox itself was killed (only possible without a PID namespace).
    run.end = ChildRun::End::kSignaled;
    run.code = SIGKILL;
  } else if (WIFEXITED(worker_status)) {
    run.code = WEXITSTATUS(worker_status);
  } else if (WIFSIGNALED(worker_status)) {
    run.end = ChildRun::End::kSignaled;
    run.code = WTERMSIG(worker_status);
  } else {
    run.end = ChildRun::End::kStopped;
    run.code = WSTOPSIG(worker_status);
  }
  return run;
}

const Frame* Last(const ChildRun& run, Tag tag) {
  for (auto it = run.frames.rbegin(); it != run.frames.rend(); ++it) {
    if (it->tag == tag) return &*it;
  }
  return nullptr;
}

}  // namespace

ChildRun Supervise(const ChildProgram& program, const ChildLimits& limits) {
  // Built before the fork: the worker only duplicates a descriptor and execs.
  std::vector<char*> argv;
  for (const std::string& arg : program.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  return Run(
      [&argv](int channel_fd) {
        if (channel_fd == kChannelFd) {
          fcntl(kChannelFd, F_SETFD, 0);
        } else {
          dup2(channel_fd, kChannelFd);
        }
        if (argv[0] != nullptr) execv(argv[0], argv.data());
        Send(kChannelFd, Tag::kStartFailed,
             std::string("cannot run ") + (argv[0] != nullptr ? argv[0] : "(no program)") + ": " + strerror(errno));
      },
      limits);
}

ChildRun Supervise(const ChildFunction& function, const ChildLimits& limits) {
  return Run(
      [&](int channel_fd) {
        BeginChild(channel_fd, limits.call_limit_ms);
        function(channel_fd);
      },
      limits);
}

Outcome OutcomeOf(const ChildRun& run, const ChildLimits& limits) {
  using Status = Outcome::Status;
  Outcome outcome;
  outcome.output = run.output;
  if (const Frame* stage = Last(run, Tag::kStage)) outcome.last_stage = stage->text;
  auto told = [&](Status status, std::string text) {
    outcome.status = status;
    outcome.text = std::move(text);
    return outcome;
  };
  if (const Frame* failed = Last(run, Tag::kStartFailed)) return told(Status::kCrashed, failed->text);
  switch (run.end) {
    case ChildRun::End::kKilled:
      return told(Status::kTimedOut, "did not end within " + std::to_string(limits.step_limit_ms) + " ms");
    case ChildRun::End::kSignaled: {
      std::string text = SignalName(run.code);
      if (const Frame* call = Last(run, Tag::kCrashContext)) text += " " + call->text;
      return told(Status::kCrashed, text);
    }
    case ChildRun::End::kStopped:
      return told(Status::kCrashed, "stopped by " + SignalName(run.code));
    case ChildRun::End::kExited:
      break;
  }
  if (const Frame* memory = Last(run, Tag::kOutOfMemory)) return told(Status::kOutOfMemory, memory->text);
  if (const Frame* hang = Last(run, Tag::kHang)) return told(Status::kHung, hang->text);
  const Frame* hello = Last(run, Tag::kHello);
  const Frame* result = Last(run, Tag::kResult);
  if (result != nullptr && Last(run, Tag::kStage) > result) result = nullptr;  // it answered an earlier step
  if (result != nullptr && hello != nullptr && hello->text == std::to_string(kProtocolVersion)) {
    return told(Status::kReturned, result->text);
  }
  if (hello != nullptr && hello->text != std::to_string(kProtocolVersion)) {
    return told(Status::kCrashed, "speaks isolation protocol " + hello->text + "; this doharness speaks " +
                                      std::to_string(kProtocolVersion));
  }
  return told(Status::kCrashed, "exited with code " + std::to_string(run.code) + " without an outcome");
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return (abbrev != nullptr ? std::string("SIG") + abbrev : std::string("signal")) + " (signal " +
         std::to_string(sig) + ")";
}

}  // namespace doharness::isolation
