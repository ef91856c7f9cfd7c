// The inside of an isolated child: what it sets up before any callback code runs, and
// how it talks to its supervisor (supervisor.h) over the channel (protocol.h). A
// forked child gets this from the supervisor; a fresh child program calls BeginChild
// itself, on ChannelFd(), as its first step.
#ifndef DOHARNESS_ISOLATION_CHILD_H_
#define DOHARNESS_ISOLATION_CHILD_H_

#include <cstdint>
#include <ostream>
#include <streambuf>
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

// An output stream whose bytes reach the supervisor as kData frames of up to 64 KiB,
// sent as each block fills and when flushed: how a child streams back what it should
// not hold whole (a replay's trace). The supervisor hands them to its DataSink.
class DataStream : public std::ostream {
 public:
  explicit DataStream(int channel_fd);
  ~DataStream() override;  // sends what is left

 private:
  class Blocks : public std::streambuf {
   public:
    explicit Blocks(int channel_fd);

   protected:
    int_type overflow(int_type c) override;
    int sync() override;

   private:
    int channel_fd_;
    char block_[64 * 1024];
  };
  Blocks blocks_;
};

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
