// The process tree around an isolated child (Linux). The supervisor forks a keeper,
// which leads a new process group and unshares a PID namespace; the keeper forks the
// namespace's init, which forks the worker that runs the callback's code. So the worker
// cannot see or signal the runner (its parent is the init, which ignores its signals),
// every process it starts dies with the init, and a stopped worker is seen at once.
// Where namespaces are not allowed, the same tree runs without one, the init kills
// the process group instead, and kNoSandbox says why.
#ifndef DOHARNESS_ISOLATION_INTERNAL_SANDBOX_H_
#define DOHARNESS_ISOLATION_INTERNAL_SANDBOX_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>

namespace doharness::isolation::internal {

struct SandboxFds {
  int channel = -1;  // the write end of the channel (the init and the worker send on it)
  int output = -1;   // the write end of the worker's stdout and stderr
  int input = -1;    // the worker's stdin, read from where it stands; -1: /dev/null
};

// Forks the keeper and returns its pid (the process group to kill), or -1 with errno.
// The worker gets stdin from `fds.input` (or /dev/null), stdout and stderr on `fds.output`, SIGPIPE at
// its default, an address-space limit of `memory_mb` MiB (none for 0), then runs
// `worker` and _exits(0). Once the worker has ended (or stopped) the init sends its
// wait status as kWorkerEnded.
pid_t StartSandboxed(const SandboxFds& fds, int64_t memory_mb, const std::function<void()>& worker);

}  // namespace doharness::isolation::internal

#endif  // DOHARNESS_ISOLATION_INTERNAL_SANDBOX_H_
