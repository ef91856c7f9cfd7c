#include "tools/cli/check_command.h"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "conformance/expected_failures.h"
#include "conformance/report.h"
#include "conformance/suite.h"
#include "conformance/time_limits.h"
#include "isolation/supervisor.h"
#include "tools/cli/arguments.h"
#include "tools/cli/output_file.h"
#include "tools/cli/plugin_child.h"

namespace doharness::tools {
namespace {

// A one-line reason for exit code 2.
struct UsageError {
  std::string reason;
};

std::string ReadFile(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) throw UsageError{"cannot read " + path + ": it is a directory"};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError{"cannot read " + path};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A report: never half-written, else exit code 2.
void WriteReport(const std::string& path, const std::string& text) {
  if (std::string error = WriteOutputFile(path, text); !error.empty()) throw UsageError{error};
}

struct CheckArgs {
  std::string callback;
  std::string profile = "do";
  std::string rules = "*";
  std::string json;
  std::string junit;
  std::string expected_failures;
  conformance::TimeLimits limits;
  uint64_t seed = 1;
  int64_t memory_mb = 2048;
  bool memory_mb_given = false;
  Shard shard;
};

int RunCheck(const CheckArgs& args) {
  conformance::SuiteOptions options;
  if (args.profile != "do" && args.profile != "bits") {
    throw UsageError{"unknown profile '" + args.profile + "' (do or bits)"};
  }
  options.profile = args.profile;
  options.seed = args.seed;
  options.limits = args.limits;
  options.memory_mb = args.memory_mb;
  if (args.memory_mb_given && args.memory_mb > 0 && !isolation::kMemoryLimitApplies) {
    std::cerr << "doharness: warning: --memory-mb is not applied in this ASan or TSan build\n";
  }
  options.rules_glob = args.rules;
  options.shard_index = args.shard.index;
  options.shard_count = args.shard.count;

  std::optional<conformance::ExpectedFailureList> expected;
  if (!args.expected_failures.empty()) {
    auto parsed = conformance::ExpectedFailureList::Parse(ReadFile(args.expected_failures),
                                                          args.expected_failures);
    if (!parsed.list) throw UsageError{parsed.error};
    expected = std::move(parsed.list);
  }

  for (const std::string* output : {&args.json, &args.junit}) {
    if (output->empty()) continue;
    if (std::string error = CheckOutputPath(*output, StandardOutput::kAllowed); !error.empty()) throw UsageError{error};
  }
  if (std::string error = CheckDistinctOutputs({{"--json", args.json}, {"--junit", args.junit}}); !error.empty()) {
    throw UsageError{error};
  }
  // A report on stdout keeps stdout for itself.
  std::ostream& human = args.json == kStandardOutput || args.junit == kStandardOutput ? std::cerr : std::cout;

  // The plugin is loaded only by children: first one that tries it, then one per case.
  if (!args.callback.empty()) {
    if (std::string error = ProbePlugin(args.callback, args.limits.hang_ms, args.memory_mb); !error.empty()) throw UsageError{error};
  }
  options.callback_name = args.callback.empty() ? "reference" : args.callback;

  human << "doharness " << conformance::kHarnessVersion << ": checking " << options.callback_name
            << " (profile " << options.profile << ", seed " << options.seed << ")\n";
  conformance::ConformanceReport report =
      conformance::RunConformanceWith(CaseInChildRunner(args.callback, options), options);

  bool ok;
  std::vector<std::string> problems, warnings, advice;
  if (expected) {
    conformance::ExpectedFailureResult result = conformance::ApplyExpectedFailures(*expected, &report);
    ok = result.ok;
    problems = std::move(result.problems);
    warnings = std::move(result.warnings);
    advice = std::move(result.advice);
  } else {
    ok = conformance::Summarize(report).required_failed == 0;
  }
  human << conformance::ToHumanSummary(report);
  for (const std::string& w : warnings) human << "warning: " << w << "\n";
  for (const std::string& a : advice) human << "advice: " << a << "\n";
  for (const std::string& p : problems) human << "problem: " << p << "\n";
  human.flush();
  if (!args.json.empty()) WriteReport(args.json, conformance::ToJson(report));
  if (!args.junit.empty()) WriteReport(args.junit, conformance::ToJunitXml(report));
  return ok ? 0 : 1;
}

}  // namespace

void AddCheckCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* command = app.add_subcommand("check", "run the conformance suite on a callback");
  AddCallbackOption(command, &args->callback);
  command->add_option("--profile", args->profile, "do or bits");
  AddRulesOption(command, &args->rules, "rule ids to run, a glob (e.g. 'ret.*,com.identity')");
  command->add_option("--json", args->json, "write the JSON report here ('-': stdout)");
  command->add_option("--junit", args->junit, "write the JUnit XML report here ('-': stdout)");
  command->add_option("--expected-failures", args->expected_failures, "expected-failure list");
  AddLimitMsOption(command, "--hang-ms", &args->limits.hang_ms,
                   "a call slower than this fails time.no_hang; isolated, one still running at twice this ends "
                   "its case as a hang");
  AddLimitMsOption(command, "--prompt-ms", &args->limits.prompt_ms, "a call slower than this is not prompt");
  AddSeedOption(command, &args->seed, "seed of every ordering choice (default 1)");
  AddShardOption(command, &args->shard, "run shard I of N (I/N), as Bazel's test sharding");
  AddMemoryOption(command, &args->memory_mb);
  command->callback([command, args, exit_code] {
    args->memory_mb_given = command->count("--memory-mb") > 0;
    try {
      *exit_code = RunCheck(*args);
    } catch (const UsageError& e) {
      *exit_code = BadInput(e.reason);
    }
  });
}

}  // namespace doharness::tools
