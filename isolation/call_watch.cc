#include "isolation/call_watch.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

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

long ThisThread() {
  thread_local const long id = syscall(SYS_gettid);
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
int crash_fd = -1;
bool crash_framed = false;

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
      const ssize_t n = write(fd, buffer_ + done, used_ - done);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

 private:
  char buffer_[200];
  size_t used_ = 0;
};

void OnCrash(int sig) {
  const long self = ThisThread();
  const Slot* running = nullptr;
  for (const Slot& slot : slots) {
    if (slot.start_ns.load() == 0) continue;
    const bool mine = slot.thread.load() == self;
    if (running == nullptr || mine) running = &slot;
    if (mine) break;
  }
  if (running != nullptr && crash_fd >= 0) {
    SignalSafeText call;
    const char* what = running->what.load();
    call.Add(what != nullptr ? what : "a call");
    if (const int job = running->job.load(); job != 0) {
      call.Add(" on job ");
      call.Add(static_cast<long>(job));
    }
    SignalSafeText out;
    if (crash_framed) {
      out.Add("C");
      out.Add(static_cast<long>(call.size()));
      out.Add("\n");
      out.Add(call);
    } else {
      out.Add("crashed in ");
      out.Add(call);
      out.Add("\n");
    }
    out.WriteTo(crash_fd);
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

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
  if (slot_ >= 0) slots[slot_].start_ns.store(0);
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

void CallWatch::ReportCrashes(int fd, bool framed) {
  crash_fd = fd;
  crash_framed = framed;
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(sig, OnCrash);
}

}  // namespace doharness::isolation
