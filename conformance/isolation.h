// Runs a conformance case in a forked child, so that a callback that crashes, aborts
// or hangs costs that case only: the parent reports crash ("SIGSEGV (signal 11)",
// "exited with code 3") or hang ("JobTransferred did not return within 10000 ms") and
// goes on. Linux only.
#ifndef DOHARNESS_CONFORMANCE_ISOLATION_H_
#define DOHARNESS_CONFORMANCE_ISOLATION_H_

#include <cstdint>
#include <functional>
#include <string>

#include "conformance/case.h"

namespace doharness::conformance {

// Forks (RunIsolatedWithResult, below); the child runs `run` and sends its outcome back
// over a pipe, then _exit(0).
//
// Hangs are judged call by call: in the child a watchdog ends the case as a hang ("
// JobTransferred did not return within 10000 ms") once one call into the callback under
// test (internal/call_watch.h) has run for twice `hang_ms`. A call slower than `hang_ms`
// that returns before that fails time.no_hang only (its case measures durations), and
// every other case still ends as it would. The parent SIGKILLs a child that has not
// ended after CaseLimitMs(hang_ms) of wall time: a hang outside the watched calls.
CaseOutcome RunIsolated(const std::function<CaseOutcome()>& run, int hang_ms);

// What a forked child of RunIsolatedWithResult came to.
struct IsolatedRun {
  enum class Status {
    kReturned,  // text: the string `run` returned, byte for byte
    kCrashed,   // text: "SIGSEGV (signal 11)", "exited with code 3 without an outcome"
    kHung,      // text: the watchdog's "JobTransferred did not return within 400 ms"
    kTimedOut,  // text: "did not end within 30000 ms" (the wall-time limit)
  };
  Status status = Status::kReturned;
  std::string text;
};

// The mechanism of RunIsolated, for a result of any size and content (a scenario's
// failures and trace): the child sends back what `run` returns. A watched call that
// runs for `call_limit_ms` is a hang; the child is SIGKILLed after `run_limit_ms` of
// wall time.
IsolatedRun RunIsolatedWithResult(const std::function<std::string()>& run, int64_t call_limit_ms,
                                  int64_t run_limit_ms);

// max(10 * hang_ms, 30 s).
// In 64 bits: ten times the largest --hang-ms does not fit an int.
int64_t CaseLimitMs(int hang_ms);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_ISOLATION_H_
