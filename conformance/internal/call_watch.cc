#include "conformance/internal/call_watch.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace doharness::conformance::internal {
namespace {

// A fixed table, lock-free: the watchdog must not wait for a lock that a hanging call
// (or a thread it blocks) may hold. A call that finds no free slot goes unwatched.
struct Slot {
  std::atomic<int64_t> start_ns{0};  // 0: free
  std::atomic<const char*> what{nullptr};
};
std::array<Slot, 64> slots;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CallWatch::Scope::Scope(const char* what) : slot_(-1) {
  const int64_t now = std::max<int64_t>(NowNs(), 1);
  for (int i = 0; i < static_cast<int>(slots.size()); ++i) {
    int64_t expected = 0;
    if (slots[i].start_ns.compare_exchange_strong(expected, now)) {
      slots[i].what.store(what);
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
          const char* what = slot.what.load();
          on_hang(std::string(what != nullptr ? what : "a call") + " did not return within " +
                  std::to_string(limit_ms) + " ms");
        }
      }
    }
  }).detach();
}

}  // namespace doharness::conformance::internal
