// CallWatch: which calls into the callback under test are running, on which job and
// thread, and since when, so that the watchdog of an isolated child (isolation.h) can
// end a call that does not return, and its crash reporter can name the call that was
// running when it crashed. The recording proxy brackets every call it makes to the
// callee with a Scope; without a watchdog a Scope costs a few atomic operations.
#ifndef DOHARNESS_ISOLATION_CALL_WATCH_H_
#define DOHARNESS_ISOLATION_CALL_WATCH_H_

#include <cstdint>
#include <string>

#include "deliveryoptimization.h"

namespace doharness::isolation {

// The name a crash or a hang gives a QueryInterface call, a literal for a Scope:
// "QueryInterface(IID_IUnknown, NULL)", "QueryInterface(IID_IBackgroundCopyCallback2)",
// "QueryInterface(another IID)".
const char* QueryInterfaceCallName(REFIID iid, bool null_out);

class CallWatch {
 public:
  // Marks one call as running for its lifetime. `what` must outlive it (a literal);
  // `job` is the Recorder's job index, 0 for none.
  class Scope {
   public:
    explicit Scope(const char* what, int job = 0);
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

  // In a child: SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT first write to `fd`, as one
  // isolation frame (kCrashContext), where the crash happened: "in JobTransferred on job
  // 1", the call running on the crashing thread (or, failing that, on any thread), or
  // "after JobTransferred on job 1 returned", the call that returned last, when none
  // was running (a callback that damaged the heap crashes later, in the harness). Then
  // the process ends by the signal, as without the handler.
  static void ReportCrashes(int fd);
};

}  // namespace doharness::isolation

#endif  // DOHARNESS_ISOLATION_CALL_WATCH_H_
