// CallWatch: which calls into the callback under test are running, and since when, so
// that the watchdog of an isolated case (isolation.h) can end a call that does not
// return. The recording proxy brackets every call it makes to the callee with a Scope;
// without a watchdog a Scope costs a few atomic operations and nothing else.
#ifndef DOHARNESS_CONFORMANCE_INTERNAL_CALL_WATCH_H_
#define DOHARNESS_CONFORMANCE_INTERNAL_CALL_WATCH_H_

#include <cstdint>
#include <string>

namespace doharness::conformance::internal {

class CallWatch {
 public:
  // Marks one call as running for its lifetime. `what` must outlive it (a literal).
  class Scope {
   public:
    explicit Scope(const char* what);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    int slot_;
  };

  // Starts a thread that checks the running calls every few milliseconds; once one has
  // run for `limit_ms`, it calls `on_hang` with a message naming the call ("JobTransferred
  // did not return within 10000 ms"). `on_hang` must end the process. For a forked child
  // only: the thread is never joined.
  static void StartWatchdog(int64_t limit_ms, void (*on_hang)(const std::string& message));
};

}  // namespace doharness::conformance::internal

#endif  // DOHARNESS_CONFORMANCE_INTERNAL_CALL_WATCH_H_
