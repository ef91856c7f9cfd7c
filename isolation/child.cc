#include "isolation/child.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "isolation/call_watch.h"

namespace doharness::isolation {
namespace {

int channel = -1;  // for the watchdog and the new-handler, which take no argument

[[noreturn]] void EndWithHang(const std::string& message) {
  Send(channel, Tag::kHang, message);
  _exit(0);
}

void WriteAll(int fd, const char* bytes, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = write(fd, bytes + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// operator new failed: in a child, that is the memory limit (supervisor.h) at work.
// Nothing here allocates: the heap is what ran out.
[[noreturn]] void EndOutOfMemory() {
  rlimit limit{};
  char text[96] = "ran out of memory";
  if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    std::snprintf(text, sizeof text, "exceeded the %llu MiB case memory limit",
                  static_cast<unsigned long long>(limit.rlim_cur >> 20));
  }
  char header[32];
  const int header_size =
      std::snprintf(header, sizeof header, "%c%zu\n", static_cast<char>(Tag::kOutOfMemory), std::strlen(text));
  WriteAll(channel, header, static_cast<size_t>(header_size));
  WriteAll(channel, text, std::strlen(text));
  _exit(0);
}

}  // namespace

void Send(int channel_fd, Tag tag, std::string_view text) {
  const std::string frame = EncodeFrame(tag, text);
  WriteAll(channel_fd, frame.data(), frame.size());
}

void BeginChild(int channel_fd, int64_t call_limit_ms) {
  channel = channel_fd;
  // A sanitizer's own handlers (installed at start-up) would turn a crash of the
  // callback into an exit code of their own.
  std::signal(SIGSEGV, SIG_DFL);
  std::signal(SIGBUS, SIG_DFL);
  CallWatch::ReportCrashes(channel_fd);
  CallWatch::StartWatchdog(call_limit_ms, EndWithHang);
  std::set_new_handler(EndOutOfMemory);
  Send(channel_fd, Tag::kHello, std::to_string(kProtocolVersion));
}

}  // namespace doharness::isolation
