// A conformance case in an isolated child (isolation/supervisor.h), so that a callback
// that crashes, exits, hangs, stops or runs out of memory costs that case only: the
// case's verdict says so ("SIGSEGV (signal 11) in JobTransferred on job 1", "JobTransferred
// did not return within 10000 ms") and the run goes on.
#ifndef DOHARNESS_CONFORMANCE_ISOLATION_H_
#define DOHARNESS_CONFORMANCE_ISOLATION_H_

#include <cstdint>
#include <functional>
#include <string>

#include "conformance/case.h"
#include "isolation/supervisor.h"

namespace doharness::conformance {

// The limits of a case's child. Hangs are judged call by call: the watchdog ends the
// case as a hang once one watched call into the callback has run for twice `hang_ms`.
// A call slower than `hang_ms` that returns before that fails time.no_hang only (its
// case measures durations). The child is killed after CaseLimitMs(hang_ms) of wall
// time: a hang outside the watched calls.
isolation::ChildLimits CaseLimits(int hang_ms, int64_t memory_mb);

// max(10 * hang_ms, 30 s).
// In 64 bits: ten times the largest --hang-ms does not fit an int.
int64_t CaseLimitMs(int hang_ms);

// A case's outcome as its child sends it (the kResult frame).
std::string EncodeCaseOutcome(const CaseOutcome& outcome);

// The verdict for what became of a case's child: the outcome it sent, or a crash or a
// hang naming the call that was running. Unless the case passed, the message ends
// with the tail of what the child wrote on stdout and stderr.
CaseOutcome CaseOutcomeOf(const isolation::Outcome& child);

// Runs `run` in a forked child with CaseLimits(hang_ms, memory_mb).
CaseOutcome RunIsolated(const std::function<CaseOutcome()>& run, int hang_ms,
                        int64_t memory_mb = isolation::ChildLimits{}.memory_mb);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_ISOLATION_H_
