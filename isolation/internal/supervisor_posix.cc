// Supervise on POSIX: the child runs in the sandbox of internal/sandbox.h, and the
// supervisor polls its channel and its output until it ends or its step runs out.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <string>

#include "isolation/child.h"
#include "isolation/internal/run_collector.h"
#include "isolation/internal/sandbox.h"
#include "isolation/supervisor.h"

namespace doharness::isolation {
namespace {

using internal::RunCollector;

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

ChildRun StartFailed(const std::string& why) {
  ChildRun run;
  run.frames.push_back({Tag::kStartFailed, why});
  return run;
}

// A file in memory holding `input`, at its start, for the worker's stdin; -1 for none.
int InputFile(const std::string& input) {
  if (input.empty()) return -1;
  const int fd = memfd_create("doharness-child-input", MFD_CLOEXEC);
  if (fd < 0) return -1;
  for (size_t done = 0; done < input.size();) {
    const ssize_t n = write(fd, input.data() + done, input.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return -1;
    }
    done += static_cast<size_t>(n);
  }
  lseek(fd, 0, SEEK_SET);
  return fd;
}

ChildRun Run(const std::function<void(int channel_fd)>& worker, const ChildLimits& limits, const DataSink& data,
             const std::string& input = "") {
  Pipe channel, output;
  if (!OpenPipe(&channel) || !OpenPipe(&output)) {
    const int pipe_errno = errno;
    CloseFd(&channel.read);
    CloseFd(&channel.write);
    return StartFailed(std::string("pipe failed: ") + strerror(pipe_errno));
  }
  int input_fd = InputFile(input);
  if (!input.empty() && input_fd < 0) {
    const int input_errno = errno;
    for (int* fd : {&channel.read, &channel.write, &output.read, &output.write}) CloseFd(fd);
    return StartFailed(std::string("cannot hold the child's input: ") + strerror(input_errno));
  }
  std::fflush(nullptr);
  const pid_t keeper = internal::StartSandboxed({channel.write, output.write, input_fd}, limits.memory_mb,
                                                [&] { worker(channel.write); });
  const int start_errno = errno;
  CloseFd(&input_fd);
  CloseFd(&channel.write);
  CloseFd(&output.write);
  if (keeper < 0) {
    CloseFd(&channel.read);
    CloseFd(&output.read);
    return StartFailed(std::string("fork failed: ") + strerror(start_errno));
  }
  setpgid(keeper, keeper);  // also here, so that a kill at the limit never misses the group

  RunCollector collector(limits, data);
  std::string bytes;
  bool killed = false;
  while ((channel.read >= 0 || output.read >= 0) && !collector.worker_ended()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(collector.deadline() - RunCollector::Clock::now()).count();
    if (left <= 0) {
      killed = true;
      break;
    }
    pollfd fds[2] = {{channel.read, POLLIN, 0}, {output.read, POLLIN, 0}};
    const int ready = poll(fds, 2, static_cast<int>(std::min<int64_t>(left, INT_MAX)));
    if (ready <= 0) continue;  // EINTR, or the deadline check above ends it
    if (fds[0].revents != 0 && !ReadAvailable(channel.read, &bytes, /*wait=*/true)) CloseFd(&channel.read);
    collector.AddChannelBytes(bytes);
    bytes.clear();
    if (fds[1].revents != 0 && !ReadAvailable(output.read, &bytes, /*wait=*/true)) CloseFd(&output.read);
    collector.AddOutput(bytes);
    bytes.clear();
  }
  // The worker is gone: what it wrote is already in the pipes. A descendant that
  // escaped the sandbox may hold them open; nothing waits for it.
  if (channel.read >= 0) ReadAvailable(channel.read, &bytes, /*wait=*/false);
  collector.AddChannelBytes(bytes);
  bytes.clear();
  if (output.read >= 0) ReadAvailable(output.read, &bytes, /*wait=*/false);
  collector.AddOutput(bytes);
  CloseFd(&channel.read);
  CloseFd(&output.read);
  if (killed) {
    kill(-keeper, SIGKILL);
    kill(keeper, SIGKILL);
  }
  int keeper_status = 0;
  while (waitpid(keeper, &keeper_status, 0) < 0 && errno == EINTR) {
  }
  ChildRun run = std::move(collector.run());
  const int worker_status = collector.worker_status();
  if (killed) {
    run.end = ChildRun::End::kKilled;
  } else if (!collector.worker_ended()) {
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

}  // namespace

ChildRun Supervise(const ChildProgram& program, const ChildLimits& limits, const DataSink& data) {
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
      limits, data, program.input);
}

ChildRun Supervise(const ChildFunction& function, const ChildLimits& limits, const DataSink& data) {
  return Run(
      [&](int channel_fd) {
        BeginChild(channel_fd, limits.call_limit_ms);
        function(channel_fd);
      },
      limits, data);
}

}  // namespace doharness::isolation
