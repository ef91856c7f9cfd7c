#include "tools/cli/explore_command.h"

#include <unistd.h>

#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <variant>

#include "scenario/explore.h"
#include "scenario/parse.h"
#include "scenario/print.h"
#include "tools/cli/arguments.h"
#include "tools/cli/callback_under_test.h"
#include "tools/cli/output_file.h"

namespace doharness::tools {
namespace {

// Runs in one explore: enough for hours of search, small enough for the counters.
constexpr int64_t kMaxBudget = 1000000000;

struct ExploreArgs {
  std::string callback;
  uint64_t seed = 1;
  int budget = 2000;
  std::string out = "explore-failure.scenario";
  int hang_ms = scenario::kDefaultRunHangMs;
  Shard shard;
  std::string rules = "*";
};

// The progress line policy of explore_command.h.
std::function<void(const scenario::ExploreProgress&)> ProgressPrinter(bool terminal) {
  return [terminal](const scenario::ExploreProgress& p) {
    std::ostringstream line;
    line << "explore: " << p.runs << " runs, " << static_cast<long>(p.runs_per_second) << " runs/s";
    if (p.shrinking) line << ", shrinking, best " << p.best;
    if (terminal) {
      std::cerr << "\r\033[K" << line.str() << std::flush;
    } else {
      std::cerr << line.str() << "\n" << std::flush;
    }
  };
}

// Warns when the written text, read back as replay reads it, does not fail the same way.
void WarnUnlessReplaysTheSame(const std::string& text, const std::string& path,
                              const scenario::ChildStarter& children, const std::string& signature, int hang_ms) {
  scenario::ParseResult parsed = scenario::ParseScenario(text, path);
  if (!parsed.scenario) {
    std::cerr << "doharness: warning: the written scenario does not parse back: " << parsed.error << "\n";
    return;
  }
  const scenario::BatchVerdicts verdicts = scenario::RunBatchIsolated({*parsed.scenario}, children, {hang_ms, true});
  for (const scenario::Failure& failure : verdicts.empty() ? std::vector<scenario::Failure>{} : verdicts.back()) {
    if (failure.signature == signature) return;
  }
  std::cerr << "doharness: warning: the written scenario, read back, does not fail with " << signature << "\n";
}

int RunExplore(const ExploreArgs& args) {
  if (std::string error = CheckOutputPath(args.out, StandardOutput::kRefused); !error.empty()) return BadInput(error);
  std::variant<scenario::ChildStarter, std::string> children = CallbackUnderTest(args.callback);
  if (const std::string* error = std::get_if<std::string>(&children)) return BadInput(*error);
  const scenario::ChildStarter& under_test = std::get<scenario::ChildStarter>(children);
  const std::string callback_name = args.callback.empty() ? "the reference callback" : args.callback;

  scenario::ExploreOptions options;
  options.seed = args.seed;
  options.budget = args.budget;
  options.rules_glob = args.rules;
  options.shard_index = args.shard.index;
  options.shard_count = args.shard.count;
  options.hang_ms = args.hang_ms;
  const bool terminal = isatty(STDERR_FILENO) != 0;
  options.progress = ProgressPrinter(terminal);
  options.progress_interval_ms = terminal ? 250 : 10000;

  const std::string shard =
      args.shard.count > 1 ? " --shard " + std::to_string(args.shard.index) + "/" + std::to_string(args.shard.count) : "";
  std::cout << "doharness explore: " << callback_name << ", seed " << args.seed << ", budget " << args.budget
            << " runs" << (shard.empty() ? "" : ", shard" + shard.substr(8)) << std::endl;
  const scenario::ExploreResult result = scenario::Explore(options, under_test);
  if (terminal) std::cerr << "\r\033[K" << std::flush;
  if (!result.found) {
    std::cout << "no failure in " << result.runs << " runs" << std::endl;
    return 0;
  }

  const scenario::FoundFailure& found = *result.found;
  const std::string signature = found.failure.signature;
  std::ostringstream header;
  header << "Found by: doharness explore" << (args.callback.empty() ? "" : " --callback " + args.callback)
         << (args.rules == "*" ? "" : " --rules '" + args.rules + "'")
         << " --seed " << args.seed << shard << " (run " << found.run_index << ")\n"
         << "Failure: " << found.failure.message << "\n"
         << "Shrunk from " << scenario::ToString(scenario::SizeOf(found.original)) << " in "
         << found.shrink_attempts << " runs";
  const std::string text = scenario::PrintScenario(found.shrunk, header.str());
  if (std::string error = WriteOutputFile(args.out, text); !error.empty()) return BadInput(error);

  std::cout << "run " << found.run_index << " of the seed's stream fails: " << found.failure.message << "\n"
            << "shrunk to " << scenario::ToString(scenario::SizeOf(found.shrunk)) << " in " << found.shrink_attempts
            << " runs; wrote " << args.out << "\n";
  WarnUnlessReplaysTheSame(text, args.out, under_test, signature, args.hang_ms);
  std::cout << "replay it with:\n  doharness replay " << args.out
            << (args.callback.empty() ? "" : " --callback " + args.callback) << std::endl;
  return 1;
}

}  // namespace

void AddExploreCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ExploreArgs>();
  CLI::App* command =
      app.add_subcommand("explore", "search the orderings the contract allows for one that breaks a callback");
  AddCallbackOption(command, &args->callback);
  AddSeedOption(command, &args->seed, "seed of the search (default 1): the same seed finds the same scenario");
  command->add_option("--budget", args->budget, "runs to try before giving up (default 2000)")
      ->check(WholeNumber(1, kMaxBudget));
  command->add_option("--out", args->out, "where to write the failing scenario (default explore-failure.scenario)");
  AddLimitMsOption(command, "--hang-ms", &args->hang_ms, "a run longer than this hangs");
  AddRulesOption(command, &args->rules,
                 "the rules whose failures count, a glob as check's (default '*'); only required ones count, "
                 "and a crash or a hang always does");
  AddShardOption(command, &args->shard,
                 "search shard I of N (I/N): the runs of the seed's stream whose index is I modulo N");
  command->callback([args, exit_code] { *exit_code = RunExplore(*args); });
}

}  // namespace doharness::tools
