#include "conformance/internal/forked_child.h"

#include <string.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace doharness::conformance::internal {

void RestoreCrashSignals() {
  std::signal(SIGSEGV, SIG_DFL);
  std::signal(SIGBUS, SIG_DFL);
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return (abbrev != nullptr ? std::string("SIG") + abbrev : std::string("signal")) + " (signal " +
         std::to_string(sig) + ")";
}

}  // namespace doharness::conformance::internal
