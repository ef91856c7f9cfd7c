#include "conformance/isolation.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <string>

#include "conformance/internal/call_watch.h"

namespace doharness::conformance {
namespace {

std::string SignalName(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return std::string(abbrev != nullptr ? std::string("SIG") + abbrev : "signal") + " (signal " + std::to_string(sig) + ")";
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

bool ParseStatus(const std::string& word, RuleStatus* status) {
  for (RuleStatus s : {RuleStatus::kPass, RuleStatus::kFail, RuleStatus::kCrash, RuleStatus::kHang, RuleStatus::kSkip,
                       RuleStatus::kXfail}) {
    if (RuleStatusName(s) == word) {
      *status = s;
      return true;
    }
  }
  return false;
}

std::string OutcomeLine(RuleStatus status, std::string message) {
  for (char& c : message) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return std::string(RuleStatusName(status)) + "\t" + message + "\n";
}

// The child's end of the pipe, for the watchdog.
int outcome_fd = -1;

[[noreturn]] void ReportHangAndExit(const std::string& message) {
  WriteAll(outcome_fd, OutcomeLine(RuleStatus::kHang, message));
  _exit(0);
}

}  // namespace

int CaseLimitMs(int hang_ms) { return std::max(10 * hang_ms, 30000); }

CaseOutcome RunIsolated(const std::function<CaseOutcome()>& run, int hang_ms) {
  int fds[2];
  if (pipe(fds) != 0) return {RuleStatus::kCrash, std::string("pipe failed: ") + strerror(errno)};
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return {RuleStatus::kCrash, std::string("fork failed: ") + strerror(errno)};
  }
  if (pid == 0) {
    close(fds[0]);
    // A crash of the callback is reported as its signal: a sanitizer's own handlers
    // (installed at start-up) would turn it into an exit code of their own.
    std::signal(SIGSEGV, SIG_DFL);
    std::signal(SIGBUS, SIG_DFL);
    outcome_fd = fds[1];
    internal::CallWatch::StartWatchdog(2 * hang_ms, ReportHangAndExit);
    const CaseOutcome outcome = run();
    WriteAll(fds[1], OutcomeLine(outcome.status, outcome.message));
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string output;
  bool timed_out = false;
  const int case_limit_ms = CaseLimitMs(hang_ms);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(case_limit_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check above ends it
    char buffer[4096];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child closed or died
    output.append(buffer, static_cast<size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return {RuleStatus::kHang, "the case did not end within " + std::to_string(case_limit_ms) + " ms"};
  if (WIFSIGNALED(status)) return {RuleStatus::kCrash, SignalName(WTERMSIG(status))};
  const size_t tab = output.find('\t');
  RuleStatus parsed = RuleStatus::kPass;
  if (tab == std::string::npos || output.empty() || output.back() != '\n' ||
      !ParseStatus(output.substr(0, tab), &parsed)) {
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return {RuleStatus::kCrash, "exited with code " + std::to_string(code) + " without an outcome"};
  }
  return {parsed, output.substr(tab + 1, output.size() - tab - 2)};
}

}  // namespace doharness::conformance
