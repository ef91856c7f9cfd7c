// `doharness explore [--callback LIB.so] [--seed N] [--budget N] [--shard I/N] [--out FILE] [--hang-ms N]`:
// searches the behaviours the contract allows for one that makes the callback break a
// rule, crash or hang (scenario/explore.h), and writes the smallest such scenario. With
// --shard I/N it makes only the runs of the first --budget of the seed's stream whose
// index is I modulo N, so that N machines split one search.
//
// Exit codes: 1 a failure was found (the scenario is written to --out, default
// explore-failure.scenario, and the replay command printed), 0 the budget of runs ran
// out without one, 2 bad usage or bad input (library, option values, unwritable --out)
// with a one-line reason on stderr.
//
// Progress: when stderr is a terminal, one line rewritten in place at most four times a
// second (runs, runs a second, the smallest failure so far); otherwise a line every
// ten seconds, so that a long search in a CI log shows it is alive and a short one
// prints nothing.
#ifndef DOHARNESS_TOOLS_CLI_EXPLORE_COMMAND_H_
#define DOHARNESS_TOOLS_CLI_EXPLORE_COMMAND_H_

#include <CLI/CLI.hpp>

namespace doharness::tools {

// Adds `explore` to `app`: run during app.parse, it leaves its exit code in *exit_code.
void AddExploreCommand(CLI::App& app, int* exit_code);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_EXPLORE_COMMAND_H_
