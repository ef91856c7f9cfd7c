// `doharness replay SCENARIO [--callback LIB.so] [--trace FILE] [--update-golden] [--hang-ms N]`:
// replays a scenario file (fixtures/README.md) against a callback and checks its
// expectations and its golden trace.
//
// The run happens in a sandboxed child (scenario/run_isolated.h), so that a callback that
// crashes or hangs fails the replay instead of ending the tool: the child sends back
// the failed expectations, the violations and the trace. `--callback` stands for the
// scenario's `callback NAME under_test`; without it, the reference callback does.
//
// Output (stdout): each failed expectation, "path:line:col: expected ...", in file order;
// each `expect rule` on an advisory rule that did not hold, as "advice: path:line:col:
// ..." (advice never fails the replay);
// a crash or hang as "path: the callback crashed: SIGSEGV (signal 11)" / "path: the
// callback hung: JobTransferred did not return within 5000 ms"; the first difference
// from the golden trace; then one summary line, "PASS path (N expectations)" or
// "FAIL path: ...".
//
// Golden trace: PATH.trace beside PATH.scenario. When it exists, the run's trace must
// equal it byte for byte. `--update-golden` writes it (creates it) instead of comparing,
// and the exit code then depends on the expectations alone. A replay that crashed or
// hung has no trace: no golden trace and no --trace file is written, and the golden
// trace is not compared (the crash already fails the replay).
//
// Exit codes: 0 every expectation held (and the trace equals the golden one), 1 not,
// or the callback crashed or hung; 2 bad usage or bad input: a scenario that does not
// parse ("path:line:col: message", alone on stderr), a library that cannot be loaded
// or used, a file that cannot be written (one line on stderr, "doharness: ...").
#ifndef DOHARNESS_TOOLS_CLI_REPLAY_COMMAND_H_
#define DOHARNESS_TOOLS_CLI_REPLAY_COMMAND_H_

#include <CLI/CLI.hpp>

namespace doharness::tools {

// Adds `replay` to `app`: run during app.parse, it leaves its exit code in *exit_code.
void AddReplayCommand(CLI::App& app, int* exit_code);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_REPLAY_COMMAND_H_
