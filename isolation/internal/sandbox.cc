#include "isolation/internal/sandbox.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "isolation/child.h"
#include "isolation/supervisor.h"

namespace doharness::isolation::internal {
namespace {

[[noreturn]] void RunWorker(const SandboxFds& fds, int64_t memory_mb, const std::function<void()>& worker) {
  const int input_fd = fds.input >= 0 ? fds.input : open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (input_fd >= 0) dup2(input_fd, STDIN_FILENO);
  dup2(fds.output, STDOUT_FILENO);
  dup2(fds.output, STDERR_FILENO);
  signal(SIGPIPE, SIG_DFL);
  if (memory_mb > 0 && kMemoryLimitApplies) {
    const rlim_t bytes = static_cast<rlim_t>(memory_mb) << 20;
    const rlimit limit{bytes, bytes};
    setrlimit(RLIMIT_AS, &limit);
  }
  worker();
  _exit(0);
}

// The namespace's init (pid 1 there): waits for the worker, reaping whatever else ends
// meanwhile, and reports how it ended. Its own exit then ends every process left in
// the namespace; without one it kills its process group.
[[noreturn]] void RunInit(const SandboxFds& fds, int64_t memory_mb, const std::function<void()>& worker,
                          bool in_namespace) {
  const pid_t worker_pid = fork();
  if (worker_pid == 0) RunWorker(fds, memory_mb, worker);
  close(fds.output);
  int status = 0;
  if (worker_pid < 0) {
    Send(fds.channel, Tag::kStartFailed, std::string("fork failed: ") + strerror(errno));
    _exit(0);
  }
  for (;;) {
    const pid_t ended = waitpid(-1, &status, WUNTRACED);
    if (ended == worker_pid) break;
    if (ended < 0 && errno != EINTR) break;
  }
  Send(fds.channel, Tag::kWorkerEnded, std::to_string(status));
  if (!in_namespace) kill(0, SIGKILL);  // the keeper and the init too: they are done
  _exit(0);
}

}  // namespace

pid_t StartSandboxed(const SandboxFds& fds, int64_t memory_mb, const std::function<void()>& worker) {
  const pid_t keeper = fork();
  if (keeper != 0) return keeper;
  setpgid(0, 0);
  // Root (as in a container) needs no user namespace; anyone else needs one for the PID
  // namespace.
  bool in_namespace = unshare(CLONE_NEWPID) == 0 || unshare(CLONE_NEWUSER | CLONE_NEWPID) == 0;
  if (!in_namespace) {
    Send(fds.channel, Tag::kNoSandbox, std::string("unshare(CLONE_NEWPID) failed: ") + strerror(errno));
  }
  const pid_t init = fork();
  if (init == 0) RunInit(fds, memory_mb, worker, in_namespace);
  if (init < 0) Send(fds.channel, Tag::kStartFailed, std::string("fork failed: ") + strerror(errno));
  close(fds.channel);
  close(fds.output);
  int status = 0;
  while (init > 0 && waitpid(init, &status, 0) < 0 && errno == EINTR) {
  }
  _exit(0);
}

}  // namespace doharness::isolation::internal
