// The isolation protocol, version 1: what a child that runs a callback sends its
// supervisor (supervisor.h) over the channel, one frame after another. A frame is a
// tag byte, the length of its text in decimal, a newline, then the text; the length
// tells a whole frame from one cut short by a crash. A fresh child program (one
// started by path) finds the channel on file descriptor kChannelFd (on Windows, through
// kChannelHandleVariable; child.h's ChannelFd) and sends kHello first; the supervisor
// refuses any other version.
#ifndef DOHARNESS_ISOLATION_PROTOCOL_H_
#define DOHARNESS_ISOLATION_PROTOCOL_H_

#include <optional>
#include <string>
#include <string_view>

namespace doharness::isolation {

inline constexpr int kProtocolVersion = 1;
inline constexpr int kChannelFd = 3;
// Windows has no descriptor to inherit by number: the channel is an inheritable pipe
// handle whose value the child finds in this environment variable.
inline constexpr char kChannelHandleVariable[] = "DOHARNESS_CHANNEL_HANDLE";

// What a frame says. The child sends the first seven; the sandbox around it the rest.
enum class Tag : char {
  kHello = 'V',         // text: the protocol version, "1"
  kStage = 'S',         // a new step starts (its text is the caller's); its wall-time limit restarts
  kResult = 'R',        // what the step came to (the caller's text, any bytes)
  kData = 'D',          // a piece of what the step streams back (a replay's trace): see DataSink
  kHang = 'H',          // the watchdog's "JobTransferred did not return within 400 ms"
  kCrashContext = 'C',  // where the child crashed: "in JobTransferred on job 1"
  kOutOfMemory = 'M',   // "exceeded the 2048 MiB case memory limit"
  kNoSandbox = 'N',     // no PID namespace for this child: why
  kWorkerEnded = 'W',   // the child's wait status, in decimal, from the sandbox's init
  kStartFailed = 'X',   // a fresh child could not be started: why
};

struct Frame {
  Tag tag;
  std::string text;
};

std::string EncodeFrame(Tag tag, std::string_view text);

// Frames out of a byte stream that arrives in pieces.
class FrameReader {
 public:
  void Append(std::string_view bytes);
  // The next whole frame, or nothing until more bytes arrive.
  std::optional<Frame> Next();
  // Bytes that do not start a frame: the stream is not this protocol.
  bool malformed() const { return malformed_; }

 private:
  // Frames taken are skipped, not erased one by one, so that a piece holding many
  // frames costs its length; the buffer drops them once they are half of it.
  std::string pending_;
  size_t taken_ = 0;
  bool malformed_ = false;
};

}  // namespace doharness::isolation

#endif  // DOHARNESS_ISOLATION_PROTOCOL_H_
