// Runs a conformance case in a forked child, so that a callback that crashes, aborts
// or hangs costs that case only: the parent reports crash ("SIGSEGV (signal 11)",
// "exited with code 3") or hang ("JobTransferred did not return within 10000 ms") and
// goes on. Linux only.
#ifndef DOHARNESS_CONFORMANCE_ISOLATION_H_
#define DOHARNESS_CONFORMANCE_ISOLATION_H_

#include <functional>

#include "conformance/case.h"

namespace doharness::conformance {

// Forks; the child runs `run` and writes "status\tmessage\n" to a pipe, then _exit(0).
//
// Hangs are judged call by call: in the child a watchdog ends the case as a hang ("
// JobTransferred did not return within 10000 ms") once one call into the callback under
// test (internal/call_watch.h) has run for twice `hang_ms`. A call slower than `hang_ms`
// that returns before that fails time.no_hang only (its case measures durations), and
// every other case still ends as it would. The parent SIGKILLs a child that has not
// ended after CaseLimitMs(hang_ms) of wall time: a hang outside the watched calls.
CaseOutcome RunIsolated(const std::function<CaseOutcome()>& run, int hang_ms);

// max(10 * hang_ms, 30 s).
int CaseLimitMs(int hang_ms);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_ISOLATION_H_
