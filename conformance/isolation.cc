#include "conformance/isolation.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "conformance/internal/call_watch.h"
#include "conformance/internal/forked_child.h"

namespace doharness::conformance {
namespace {

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

// The pipe protocol: one frame, a tag ('R' returned, 'H' hung, 'C' crashed in the call
// that follows; CallWatch::ReportCrashes writes that one), the length of the text in
// decimal, a newline, the text. The length tells a whole frame from one cut short.
std::string Frame(char tag, const std::string& text) { return tag + std::to_string(text.size()) + "\n" + text; }

// The tag and text of `output` when it is exactly one whole frame.
std::optional<std::pair<char, std::string>> WholeFrame(const std::string& output) {
  const size_t newline = output.find('\n');
  if (newline == std::string::npos || newline <= 1 || newline >= 20 ||
      output.find_first_not_of("0123456789", 1) != newline ||
      output.size() - newline - 1 != std::stoull(output.substr(1, newline - 1))) {
    return std::nullopt;
  }
  return std::make_pair(output[0], output.substr(newline + 1));
}

// The child's end of the pipe, for the watchdog.
int result_fd = -1;

[[noreturn]] void ReportHangAndExit(const std::string& message) {
  internal::WriteAll(result_fd, Frame('H', message));
  _exit(0);
}

}  // namespace

int64_t CaseLimitMs(int hang_ms) { return std::max<int64_t>(int64_t{10} * hang_ms, 30000); }

IsolatedRun RunIsolatedWithResult(const std::function<std::string()>& run, int64_t call_limit_ms,
                                  int64_t run_limit_ms) {
  using Status = IsolatedRun::Status;
  int fds[2];
  if (pipe(fds) != 0) return {Status::kCrashed, std::string("pipe failed: ") + strerror(errno)};
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return {Status::kCrashed, std::string("fork failed: ") + strerror(errno)};
  }
  if (pid == 0) {
    close(fds[0]);
    internal::RestoreCrashSignals();
    internal::CallWatch::ReportCrashes(fds[1], /*framed=*/true);
    result_fd = fds[1];
    internal::CallWatch::StartWatchdog(call_limit_ms, ReportHangAndExit);
    const std::string result = run();
    internal::WriteAll(fds[1], Frame('R', result));
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  std::string output;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_limit_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), INT_MAX)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // the deadline check above ends it
    char buffer[65536];
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
  if (timed_out) return {Status::kTimedOut, "did not end within " + std::to_string(run_limit_ms) + " ms"};
  const std::optional<std::pair<char, std::string>> frame = WholeFrame(output);
  if (WIFSIGNALED(status)) {
    std::string message = internal::SignalName(WTERMSIG(status));
    if (frame && frame->first == 'C') message += " in " + frame->second;
    return {Status::kCrashed, message};
  }
  if (frame && (frame->first == 'R' || frame->first == 'H')) {
    return {frame->first == 'R' ? Status::kReturned : Status::kHung, frame->second};
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {Status::kCrashed, "exited with code " + std::to_string(code) + " without an outcome"};
}

CaseOutcome RunIsolated(const std::function<CaseOutcome()>& run, int hang_ms) {
  const IsolatedRun child = RunIsolatedWithResult(
      [&run] {
        const CaseOutcome outcome = run();
        return OutcomeLine(outcome.status, outcome.message);
      },
      int64_t{2} * hang_ms, CaseLimitMs(hang_ms));
  switch (child.status) {
    case IsolatedRun::Status::kCrashed: return {RuleStatus::kCrash, child.text};
    case IsolatedRun::Status::kHung: return {RuleStatus::kHang, child.text};
    case IsolatedRun::Status::kTimedOut: return {RuleStatus::kHang, "the case " + child.text};
    case IsolatedRun::Status::kReturned: break;
  }
  const size_t tab = child.text.find('\t');
  RuleStatus parsed = RuleStatus::kPass;
  if (tab == std::string::npos || !ParseStatus(child.text.substr(0, tab), &parsed)) {
    return {RuleStatus::kCrash, "sent an outcome that does not parse: " + child.text};
  }
  return {parsed, child.text.substr(tab + 1, child.text.size() - tab - 2)};
}

}  // namespace doharness::conformance
