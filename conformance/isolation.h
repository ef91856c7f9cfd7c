// Runs a conformance case in a forked child, so that a callback that crashes, aborts
// or hangs costs that case only: the parent reports crash ("SIGSEGV (signal 11)",
// "exited with code 3") or hang ("no return within 5000 ms") and goes on. Linux only.
#ifndef DOHARNESS_CONFORMANCE_ISOLATION_H_
#define DOHARNESS_CONFORMANCE_ISOLATION_H_

#include <functional>

#include "conformance/case.h"

namespace doharness::conformance {

// Forks; the child runs `run` and writes "status\tmessage\n" to a pipe, then _exit(0).
// The parent waits at most `hang_ms` of wall time, then SIGKILLs the child.
CaseOutcome RunIsolated(const std::function<CaseOutcome()>& run, int hang_ms);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_ISOLATION_H_
