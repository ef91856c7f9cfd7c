// The doharness command (docs/architecture.md):
//   doharness check [--callback LIB.so] [--profile do|bits] [--rules GLOB] [--json FILE]
//                   [--junit FILE] [--expected-failures FILE] [--hang-ms N] [--prompt-ms N]
//                   [--seed N] [--shard I/N]
//   doharness rules
// Exit codes: 0 every required rule passed (and the expected-failure list matched),
// 1 not, 2 bad usage or bad input, with a one-line reason on stderr. `--json -` or
// `--junit -` writes that report on stdout, and the human summary then goes to stderr.
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <variant>

#include <CLI/CLI.hpp>

#include "api/names.h"
#include "conformance/expected_failures.h"
#include "conformance/report.h"
#include "conformance/rule_catalog.h"
#include "conformance/suite.h"
#include "tools/cli/arguments.h"
#include "isolation/supervisor.h"
#include "tools/cli/plugin_child.h"
#include "tools/cli/explore_command.h"
#include "tools/cli/output_file.h"
#include "tools/cli/record_command.h"
#include "tools/cli/replay_command.h"

namespace doharness::tools {
namespace {

constexpr const char* kVersion = conformance::kHarnessVersion;

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

  human << "doharness " << kVersion << ": checking " << options.callback_name
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

int RunRules() {
  for (const conformance::Rule& rule : conformance::Catalog()) {
    std::cout << rule.id << "\t" << conformance::RuleLevelName(rule.level) << "\t"
              << conformance::RuleFamilyName(rule.family) << "\t" << rule.statement << "\n";
  }
  return 0;
}

int Main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "__child") return RunChildProgram(argc, argv);
  // `doharness check | head` ends the run's output, not the run: a write to a closed
  // pipe fails with EPIPE instead.
  signal(SIGPIPE, SIG_IGN);
  CLI::App app{"DO Harness: checks IBackgroundCopyCallback implementations", "doharness"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  CheckArgs check;
  CLI::App* check_cmd = app.add_subcommand("check", "run the conformance suite on a callback");
  AddCallbackOption(check_cmd, &check.callback);
  check_cmd->add_option("--profile", check.profile, "do or bits");
  AddRulesOption(check_cmd, &check.rules, "rule ids to run, a glob (e.g. 'ret.*,com.identity')");
  check_cmd->add_option("--json", check.json, "write the JSON report here ('-': stdout)");
  check_cmd->add_option("--junit", check.junit, "write the JUnit XML report here ('-': stdout)");
  check_cmd->add_option("--expected-failures", check.expected_failures, "expected-failure list");
  AddLimitMsOption(check_cmd, "--hang-ms", &check.limits.hang_ms,
                   "a call slower than this fails time.no_hang; isolated, one still running at twice this ends "
                   "its case as a hang");
  AddLimitMsOption(check_cmd, "--prompt-ms", &check.limits.prompt_ms, "a call slower than this is not prompt");
  AddSeedOption(check_cmd, &check.seed, "seed of every ordering choice (default 1)");
  AddShardOption(check_cmd, &check.shard, "run shard I of N (I/N), as Bazel's test sharding");
  AddMemoryOption(check_cmd, &check.memory_mb);
  CLI::App* rules_cmd = app.add_subcommand("rules", "print the rule catalog");
  AddExploreCommand(app);
  AddReplayCommand(app);
  AddRecordCommand(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    std::cerr << "doharness: " << what.substr(0, what.find('\n')) << "\n";
    return 2;
  }
  try {
    check.memory_mb_given = check_cmd->count("--memory-mb") > 0;
    if (*check_cmd) return RunCheck(check);
    if (*rules_cmd) return RunRules();
  } catch (const UsageError& e) {
    std::cerr << "doharness: " << e.reason << "\n";
    return 2;
  }
  return 2;
}

}  // namespace
}  // namespace doharness::tools

int main(int argc, char** argv) { return doharness::tools::Main(argc, argv); }
