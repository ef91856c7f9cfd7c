#include "isolation/call_watch.h"

#if defined(_WIN32)
#include <io.h>
#include <windows.h>
#else
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace doharness::isolation {
namespace {

// A fixed table, lock-free: the watchdog must not wait for a lock that a hanging call
// (or a thread it blocks) may hold. A call that finds no free slot goes unwatched.
struct Slot {
  std::atomic<int64_t> start_ns{0};  // 0: free
  std::atomic<const char*> what{nullptr};
  std::atomic<int> job{0};
  std::atomic<long> thread{0};
};
std::array<Slot, 64> slots;
// The call that returned last, for a crash outside any call (heap damage found later).
std::atomic<const char*> last_what{nullptr};
std::atomic<int> last_job{0};

long ThisThread() {
#if defined(_WIN32)
  thread_local const long id = static_cast<long>(GetCurrentThreadId());
#else
  thread_local const long id = syscall(SYS_gettid);
#endif
  return id;
}

// "JobTransferred" or "JobTransferred on job 3".
std::string Describe(const Slot& slot) {
  const char* what = slot.what.load();
  std::string text = what != nullptr ? what : "a call";
  if (const int job = slot.job.load(); job != 0) text += " on job " + std::to_string(job);
  return text;
}

// ---- The crash reporter: async-signal-safe, so no allocation and no stdio ----
// (On Windows it runs as the unhandled-exception filter, where the same care holds: the
// heap may be what broke.)
int crash_fd = -1;

// Appends to a fixed buffer, cutting what does not fit.
class SignalSafeText {
 public:
  void Add(const char* text) {
    for (; *text != '\0' && used_ < sizeof buffer_; ++text) buffer_[used_++] = *text;
  }
  void Add(long number) {
    char digits[24];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + number % 10);
      number /= 10;
    } while (number > 0 && n < 24);
    while (n > 0 && used_ < sizeof buffer_) buffer_[used_++] = digits[--n];
  }
  void Add(const SignalSafeText& other) {
    for (size_t i = 0; i < other.used_ && used_ < sizeof buffer_; ++i) buffer_[used_++] = other.buffer_[i];
  }
  size_t size() const { return used_; }
  void WriteTo(int fd) const {
    for (size_t done = 0; done < used_;) {
#if defined(_WIN32)
      const int n = _write(fd, buffer_ + done, static_cast<unsigned>(used_ - done));
#else
      const ssize_t n = write(fd, buffer_ + done, used_ - done);
#endif
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

 private:
  char buffer_[200];
  size_t used_ = 0;
};

void AddCall(SignalSafeText& text, const char* what, int job) {
  text.Add(what != nullptr ? what : "a call");
  if (job != 0) {
    text.Add(" on job ");
    text.Add(static_cast<long>(job));
  }
}

// Sends where the crash happened (kCrashContext): the call running on this thread, or
// on any thread, or the call that returned last.
void SendCrashContext() {
  const long self = ThisThread();
  const Slot* running = nullptr;
  for (const Slot& slot : slots) {
    if (slot.start_ns.load() == 0) continue;
    const bool mine = slot.thread.load() == self;
    if (running == nullptr || mine) running = &slot;
    if (mine) break;
  }
  SignalSafeText context;
  if (running != nullptr) {
    context.Add("in ");
    AddCall(context, running->what.load(), running->job.load());
  } else if (const char* last = last_what.load(); last != nullptr) {
    context.Add("after ");
    AddCall(context, last, last_job.load());
    context.Add(" returned");
  }
  if (context.size() > 0 && crash_fd >= 0) {
    SignalSafeText frame;
    frame.Add("C");
    frame.Add(static_cast<long>(context.size()));
    frame.Add("\n");
    frame.Add(context);
    frame.WriteTo(crash_fd);
  }
}

#if defined(_WIN32)
// STATUS_FATAL_APP_EXIT, the status Windows gives an abort(): the supervisor names it.
constexpr UINT kAbortExitCode = 0x40000015;

// The process then ends with the exception's code as its exit code, which the
// supervisor reads back (no debugger, no error-report dialog).
LONG WINAPI OnUnhandledException(EXCEPTION_POINTERS* exception) {
  SendCrashContext();
  TerminateProcess(GetCurrentProcess(), exception->ExceptionRecord->ExceptionCode);
  return EXCEPTION_EXECUTE_HANDLER;
}

// abort(), and so std::terminate: the supervisor reads the exit code 3 as an abort.
void OnAbort(int) {
  SendCrashContext();
  TerminateProcess(GetCurrentProcess(), kAbortExitCode);
}
#else
void OnCrash(int sig) {
  SendCrashContext();
  signal(sig, SIG_DFL);
  raise(sig);
}
#endif

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const char* QueryInterfaceCallName(REFIID iid, bool null_out) {
  if (IsEqualGUID(iid, IID_IUnknown)) {
    return null_out ? "QueryInterface(IID_IUnknown, NULL)" : "QueryInterface(IID_IUnknown)";
  }
  if (IsEqualGUID(iid, IID_IBackgroundCopyCallback)) {
    return null_out ? "QueryInterface(IID_IBackgroundCopyCallback, NULL)" : "QueryInterface(IID_IBackgroundCopyCallback)";
  }
  if (IsEqualGUID(iid, IID_IBackgroundCopyCallback2)) {
    return null_out ? "QueryInterface(IID_IBackgroundCopyCallback2, NULL)"
                    : "QueryInterface(IID_IBackgroundCopyCallback2)";
  }
  return null_out ? "QueryInterface(another IID, NULL)" : "QueryInterface(another IID)";
}

CallWatch::Scope::Scope(const char* what, int job) : slot_(-1) {
  const int64_t now = std::max<int64_t>(NowNs(), 1);
  for (int i = 0; i < static_cast<int>(slots.size()); ++i) {
    int64_t expected = 0;
    if (slots[i].start_ns.compare_exchange_strong(expected, now)) {
      slots[i].what.store(what);
      slots[i].job.store(job);
      slots[i].thread.store(ThisThread());
      slot_ = i;
      return;
    }
  }
}

CallWatch::Scope::~Scope() {
  if (slot_ < 0) return;
  last_what.store(slots[slot_].what.load());
  last_job.store(slots[slot_].job.load());
  slots[slot_].start_ns.store(0);
}

void CallWatch::StartWatchdog(int64_t limit_ms, void (*on_hang)(const std::string& message)) {
  const int64_t limit_ns = limit_ms * 1000000;
  const auto period = std::chrono::milliseconds(std::clamp<int64_t>(limit_ms / 20, 1, 50));
  std::thread([limit_ns, period, limit_ms, on_hang] {
    for (;;) {
      std::this_thread::sleep_for(period);  // the watchdog's own wall clock, not a test's
      const int64_t now = NowNs();
      for (Slot& slot : slots) {
        const int64_t start = slot.start_ns.load();
        if (start != 0 && now - start >= limit_ns) {
          on_hang(Describe(slot) + " did not return within " + std::to_string(limit_ms) + " ms");
        }
      }
    }
  }).detach();
}

void CallWatch::ReportCrashes(int fd) {
  crash_fd = fd;
  last_what.store(nullptr);  // a forked child starts with none of its parent's calls
#if defined(_WIN32)
  // Room for the filter on a thread whose stack overflowed.
  ULONG guarantee = 64 * 1024;
  SetThreadStackGuarantee(&guarantee);
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
  SetUnhandledExceptionFilter(OnUnhandledException);
  signal(SIGABRT, OnAbort);
#else
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(sig, OnCrash);
#endif
}

}  // namespace doharness::isolation
