// `doharness record [--callback LIB.so] [--profile do|bits] [--seed N] [--jobs N] [--files N]
//                   [--fault KIND] [--flags FLAGS] [--rule ID] [--trace FILE] [--hang-ms N] --out FILE`:
// runs a callback on the fake engine once and writes what happened as a scenario file
// (fixtures/README.md) that replays to the same trace, so that a behaviour seen once
// becomes a regression test.
//
// The scenario: `callback C under_test`; jobs J1..JN with their files; the fault on J1;
// at 0s, on each job, SetNotifyFlags, SetNotifyInterface C and Resume; `end after 1h`.
// `--rule ID` takes the jobs, files, flags and faults of that rule's conformance case
// (conformance/cases/run_cases.cc) instead, for the rules a scenario can express (the
// --help text lists them). After one run (in a forked child, as replay runs), the
// expectations pin what happened: each job's final state, the exact calls of C on each
// job with their results, `expect survives`, and `expect rule ID` when the rule held.
// The written text is parsed back and replayed: it must pass with the same callback
// and give the same trace.
//
// Exit codes: 0 recorded (and it replays the same); 1 the callback crashed or hung (the
// scenario is written all the same, without expectations: replaying it reproduces the
// crash) or the written scenario does not replay the same (a bug of the harness); 2
// bad usage or bad input, a rule that cannot be recorded ("cannot record rule X as a
// scenario: ..."), with one line on stderr.
#ifndef DOHARNESS_TOOLS_CLI_RECORD_COMMAND_H_
#define DOHARNESS_TOOLS_CLI_RECORD_COMMAND_H_

#include <CLI/CLI.hpp>

namespace doharness::tools {

// Adds `record` to `app`: run during app.parse, it leaves its exit code in *exit_code.
void AddRecordCommand(CLI::App& app, int* exit_code);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_RECORD_COMMAND_H_
