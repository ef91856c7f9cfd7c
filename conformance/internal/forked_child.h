// What a forked child that runs a callback, and its parent, both need: the child's
// crash seen as its signal, its whole report written to a pipe, and the parent's
// name for the signal that ended it. Shared by the conformance suite's isolation
// (isolation.h) and the explorer's batches (scenario/explore.h). Linux only.
#ifndef DOHARNESS_CONFORMANCE_INTERNAL_FORKED_CHILD_H_
#define DOHARNESS_CONFORMANCE_INTERNAL_FORKED_CHILD_H_

#include <string>

namespace doharness::conformance::internal {

// In the child: SIGSEGV and SIGBUS end it with that signal again. A sanitizer's own
// handlers (installed at start-up) would turn a crash of the callback into an exit
// code of their own.
void RestoreCrashSignals();

// In the child: all of `text` to `fd`, retried on EINTR; stops quietly when the parent
// has gone.
void WriteAll(int fd, const std::string& text);

// In the parent: "SIGSEGV (signal 11)", or "signal (signal 99)" for a number without
// a name.
std::string SignalName(int sig);

}  // namespace doharness::conformance::internal

#endif  // DOHARNESS_CONFORMANCE_INTERNAL_FORKED_CHILD_H_
