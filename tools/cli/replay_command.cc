#include "tools/cli/replay_command.h"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "conformance/time_limits.h"
#include "scenario/parse.h"
#include "scenario/run_isolated.h"
#include "tools/cli/arguments.h"
#include "tools/cli/callback_under_test.h"
#include "tools/cli/output_file.h"

namespace doharness::tools {
namespace {

struct ReplayArgs {
  std::string scenario;
  std::string callback;
  std::string trace;
  bool update_golden = false;
  int hang_ms = conformance::kDefaultHangMs;
};

// ---- The child's result on the pipe: fields "SIZE:BYTES", so that any bytes pass ----
// ---- Golden traces ---------------------------------------------------------------------
std::string GoldenPathOf(const std::string& scenario_path) {
  constexpr std::string_view kSuffix = ".scenario";
  const std::string_view path = scenario_path;
  if (path.size() > kSuffix.size() && path.substr(path.size() - kSuffix.size()) == kSuffix) {
    return std::string(path.substr(0, path.size() - kSuffix.size())) + ".trace";
  }
  return scenario_path + ".trace";
}

bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

// The events of a JSON Lines trace, one a line; a final newline ends the last one.
std::vector<std::string_view> EventLines(std::string_view trace) {
  std::vector<std::string_view> lines;
  while (!trace.empty()) {
    const size_t newline = trace.find('\n');
    lines.push_back(trace.substr(0, newline));
    if (newline == std::string_view::npos) break;
    trace.remove_prefix(newline + 1);
  }
  return lines;
}

// Where `got` first differs from `golden`: the event's line number, two events of
// context before it, then the golden event ("-") and the replay's ("+"). Traces that
// differ only in their last newline differ at the line after the last one.
std::string FirstDifference(const std::string& golden_path, const std::string& golden, const std::string& got) {
  const std::vector<std::string_view> want = EventLines(golden), have = EventLines(got);
  size_t i = 0;
  while (i < want.size() && i < have.size() && want[i] == have[i]) ++i;
  std::ostringstream out;
  out << golden_path << ":" << i + 1 << ": the trace differs from the golden trace at event " << i + 1 << "\n";
  for (size_t context = i >= 2 ? i - 2 : 0; context < i; ++context) {
    out << "  " << context + 1 << "  " << want[context] << "\n";
  }
  out << "- " << i + 1 << "  " << (i < want.size() ? want[i] : std::string_view("(end of the golden trace)")) << "\n";
  out << "+ " << i + 1 << "  " << (i < have.size() ? have[i] : std::string_view("(end of the trace)")) << "\n";
  return out.str();
}

int CountExpectations(const scenario::Scenario& s) {
  int count = static_cast<int>(s.expectations.size());
  for (const scenario::TimedAction& action : s.timeline) count += action.expect ? 1 : 0;
  return count;
}

// "1 expectation", "3 expectations".
std::string Expectations(int count) { return std::to_string(count) + (count == 1 ? " expectation" : " expectations"); }

int RunReplay(const ReplayArgs& args) {
  const scenario::ParseResult parsed = scenario::ParseScenarioFile(args.scenario);
  if (!parsed.scenario) {
    std::cerr << parsed.error << "\n";
    return 2;
  }
  const std::string golden_path = GoldenPathOf(args.scenario);
  for (const std::string& error :
       {args.trace.empty() ? "" : CheckOutputPath(args.trace, StandardOutput::kAllowed),
        args.update_golden ? CheckOutputPath(golden_path, StandardOutput::kRefused) : "",
        CheckDistinctOutputs({{"--trace", args.trace}, {"the golden trace", args.update_golden ? golden_path : ""}})}) {
    if (!error.empty()) {
      return BadInput(error);
    }
  }
  // A trace on stdout keeps stdout for itself.
  std::ostream& out = args.trace == kStandardOutput ? std::cerr : std::cout;
  std::variant<scenario::ChildStarter, std::string> children = CallbackUnderTest(args.callback);
  if (const std::string* error = std::get_if<std::string>(&children)) {
    return BadInput(*error);
  }

  const std::string& path = args.scenario;
  const int expectations = CountExpectations(*parsed.scenario);
  const scenario::IsolatedRun replay =
      scenario::RunScenarioIsolated(*parsed.scenario, std::get<scenario::ChildStarter>(children), args.hang_ms);
  if (!replay.finished) {
    out << path << ": " << replay.what << "\n";
    if (args.update_golden) std::cerr << "doharness: " << golden_path << " not written: the replay did not finish\n";
    if (!args.trace.empty()) std::cerr << "doharness: " << args.trace << " not written: the replay did not finish\n";
    out << "FAIL " << path << ": the replay did not finish";
    if (expectations > 0) out << "; its " << Expectations(expectations) << " were not checked";
    out << "\n";
    return 1;
  }

  const scenario::ScenarioResult& result = replay.result;
  for (const scenario::ExpectationFailure& failure : result.failures) out << failure.message << "\n";
  for (const scenario::ExpectationFailure& advice : result.advice) out << "advice: " << advice.message << "\n";
  for (const conformance::Violation& violation : result.violations) {
    out << path << ": violation: " << violation.rule << ": " << violation.message << "\n";
  }
  out.flush();
  if (!args.trace.empty()) {
    if (std::string error = WriteOutputFile(args.trace, result.trace); !error.empty()) {
      return BadInput(error);
    }
  }
  bool trace_differs = false;
  if (args.update_golden) {
    if (std::string error = WriteOutputFile(golden_path, result.trace); !error.empty()) {
      return BadInput(error);
    }
    out << "wrote " << golden_path << "\n";
  } else if (Exists(golden_path)) {
    const std::optional<std::string> golden = ReadWhole(golden_path);
    if (!golden) {
      return BadInput("cannot read " + golden_path);
    }
    trace_differs = *golden != result.trace;
    if (trace_differs) out << FirstDifference(golden_path, *golden, result.trace);
  }

  const size_t failed = result.failures.size();
  if (failed > 0) {
    out << "FAIL " << path << ": " << failed << " of " << Expectations(expectations) << " failed\n";
  } else if (trace_differs) {
    out << "FAIL " << path << ": the trace differs from " << golden_path << "\n";
  } else {
    out << "PASS " << path << " (" << Expectations(expectations) << ")\n";
  }
  return failed > 0 || trace_differs ? 1 : 0;
}

}  // namespace

void AddReplayCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* command = app.add_subcommand("replay", "replay a scenario file and check its expectations and golden trace");
  command->add_option("scenario", args->scenario, "the .scenario file (fixtures/README.md)")->required();
  AddCallbackOption(command, &args->callback);
  command->add_option("--trace", args->trace, "write the trace (JSON Lines) here ('-': stdout)");
  command->add_flag("--update-golden", args->update_golden,
                    "write the golden trace beside the scenario (NAME.trace) instead of comparing with it");
  AddLimitMsOption(command, "--hang-ms", &args->hang_ms,
                   "a call into the callback that has not returned after this long is a hang");
  command->callback([args, exit_code] { *exit_code = RunReplay(*args); });
}

}  // namespace doharness::tools
