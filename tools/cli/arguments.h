// Validators for the commands' arguments, so that a value a command cannot honour is
// refused before anything runs, with one line and exit code 2 ("doharness: --budget:
// must be at least 1 (got '0')"), instead of being wrapped, cut or silently replaced.
#ifndef DOHARNESS_TOOLS_CLI_ARGUMENTS_H_
#define DOHARNESS_TOOLS_CLI_ARGUMENTS_H_

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace doharness::tools {

// Every command ends bad usage or bad input the same way: `doharness: REASON` on
// stderr, exit code 2. Returns 2.
int BadInput(const std::string& reason);

// The largest time limit in milliseconds (about 24.8 days): every limit derived from it
// (twice it, ten times it) is computed in 64 bits.
inline constexpr int64_t kMaxLimitMs = 2147483647;

// A whole number, decimal digits only, from `min` to `max` (--hang-ms, --prompt-ms,
// --budget).
CLI::Validator WholeNumber(int64_t min, int64_t max);

// The options several commands share, each with its validator.
// --callback LIB: the plugin under test; never empty (`--callback ""` would otherwise
// mean the bundled reference callback).
CLI::Option* AddCallbackOption(CLI::App* command, std::string* callback);
// --seed N: 0 to 2^64-1, decimal digits only ("-1" and 2^64 are refused, not wrapped).
CLI::Option* AddSeedOption(CLI::App* command, uint64_t* seed, const std::string& help);
// --rules GLOB: rule ids (conformance::SelectRules); a glob that selects none is refused.
CLI::Option* AddRulesOption(CLI::App* command, std::string* rules, const std::string& help);
// --shard I/N: shard I of N (0 <= I < N), as Bazel's test sharding numbers them.
struct Shard {
  int index = 0;
  int count = 1;
};
CLI::Option* AddShardOption(CLI::App* command, Shard* shard, const std::string& help);
// --hang-ms N, --prompt-ms N: 1 to kMaxLimitMs; the help names *ms as the default.
CLI::Option* AddLimitMsOption(CLI::App* command, const std::string& name, int* ms, const std::string& help);
// --memory-mb N: the address space of each child that runs the callback, 0 (no limit)
// to kMaxMemoryMb.
inline constexpr int64_t kMaxMemoryMb = int64_t{1} << 20;
CLI::Option* AddMemoryOption(CLI::App* command, int64_t* memory_mb);

}  // namespace doharness::tools

#endif  // DOHARNESS_TOOLS_CLI_ARGUMENTS_H_
