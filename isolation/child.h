// The inside of an isolated child: what it sets up before any callback code runs, and
// how it talks to its supervisor (supervisor.h) over the channel (protocol.h). A
// forked child gets this from the supervisor; a fresh child program calls BeginChild
// itself, on ChannelFd(), as its first step.
#ifndef DOHARNESS_ISOLATION_CHILD_H_
#define DOHARNESS_ISOLATION_CHILD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "isolation/protocol.h"

namespace doharness::isolation {

// A fresh child program's end of the channel: kChannelFd on POSIX; on Windows the
// inherited pipe handle named by the environment variable kChannelHandleVariable,
// opened as a file descriptor. -1 when there is none (not started by a supervisor).
int ChannelFd();

// Everything on this program's stdin, in binary: a fresh child's ChildProgram::input.
std::string ReadChildInput();

// Sends one frame; stops quietly when the supervisor has gone.
void Send(int channel_fd, Tag tag, std::string_view text);

// Makes this process an isolated child speaking on `channel_fd`:
//   - a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) first sends where it happened
//     (kCrashContext, CallWatch), then ends the child with its signal, also
//     under a sanitizer that installed handlers of its own;
//   - a watched call still running after `call_limit_ms` sends kHang and ends the child;
//   - an allocation refused by the memory limit sends kOutOfMemory and ends the child;
//   - kHello is sent.
void BeginChild(int channel_fd, int64_t call_limit_ms);

}  // namespace doharness::isolation

#endif  // DOHARNESS_ISOLATION_CHILD_H_
