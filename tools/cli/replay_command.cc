#include "tools/cli/replay_command.h"

#include <sys/stat.h>

#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "conformance/time_limits.h"
#include "scenario/parse.h"
#include "scenario/run_isolated.h"
#include "tools/cli/arguments.h"
#include "tools/cli/callback_under_test.h"
#include "tools/cli/output_file.h"
#include "tools/cli/spool_file.h"

namespace doharness::tools {
namespace {

struct ReplayArgs {
  std::string scenario;
  std::string callback;
  std::string trace;
  bool update_golden = false;
  int hang_ms = conformance::kDefaultHangMs;
};

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

// One event of a JSON Lines trace as it is read: its text, and whether a newline ended
// it (only a trace's last event may lack one).
struct EventLine {
  std::string text;
  bool ended = false;
};

bool NextEvent(std::istream& trace, EventLine* event) {
  if (trace.peek() == std::char_traits<char>::eof()) return false;
  std::getline(trace, event->text);
  event->ended = !trace.eof();
  return true;
}

// "" when `got` is `golden` byte for byte; else where it first differs: the event's
// line number, two events of context before it, then the golden event ("-") and the
// replay's ("+"). Traces that differ only in their last newline differ at the line
// after the last one. Both are read a line at a time: a trace may be millions of events.
std::string FirstDifference(const std::string& golden_path, std::istream& golden, std::istream& got) {
  std::deque<std::string> context;  // the (at most) two events before
  bool endings_differ = false;
  EventLine want, have;
  for (size_t i = 0;; ++i) {
    const bool more_wanted = NextEvent(golden, &want), more_had = NextEvent(got, &have);
    if (more_wanted && more_had && want.text == have.text) {
      endings_differ = endings_differ || want.ended != have.ended;
      context.push_back(std::move(want.text));
      if (context.size() > 2) context.pop_front();
      continue;
    }
    if (!more_wanted && !more_had && !endings_differ) return "";
    std::ostringstream out;
    out << golden_path << ":" << i + 1 << ": the trace differs from the golden trace at event " << i + 1 << "\n";
    for (size_t c = 0; c < context.size(); ++c) out << "  " << i - context.size() + c + 1 << "  " << context[c] << "\n";
    out << "- " << i + 1 << "  " << (more_wanted ? want.text : "(end of the golden trace)") << "\n";
    out << "+ " << i + 1 << "  " << (more_had ? have.text : "(end of the trace)") << "\n";
    return out.str();
  }
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
  // The trace goes to a temporary file as the child sends it, when anything reads it.
  const bool trace_read = !args.trace.empty() || args.update_golden || Exists(golden_path);
  std::optional<SpoolFile> trace;
  if (trace_read) {
    trace.emplace();
    if (std::string error = trace->error(); !error.empty()) return BadInput(error);
  }
  const scenario::IsolatedRun replay = scenario::RunScenarioIsolated(
      *parsed.scenario, std::get<scenario::ChildStarter>(children), args.hang_ms, [&trace](std::string_view piece) {
        if (trace) trace->Append(piece);
      });
  if (!replay.finished) {
    out << path << ": " << replay.what << "\n";
    if (args.update_golden) std::cerr << "doharness: " << golden_path << " not written: the replay did not finish\n";
    if (!args.trace.empty()) std::cerr << "doharness: " << args.trace << " not written: the replay did not finish\n";
    out << "FAIL " << path << ": the replay did not finish";
    if (expectations > 0) out << "; its " << Expectations(expectations) << " were not checked";
    out << "\n";
    return 1;
  }
  if (trace) {
    if (std::string error = trace->error(); !error.empty()) return BadInput(error);
  }

  const scenario::ScenarioResult& result = replay.result;
  for (const scenario::ExpectationFailure& failure : result.failures) out << failure.message << "\n";
  for (const scenario::ExpectationFailure& advice : result.advice) out << "advice: " << advice.message << "\n";
  for (const conformance::Violation& violation : result.violations) {
    out << path << ": violation: " << violation.rule << ": " << violation.message << "\n";
  }
  out.flush();
  if (!args.trace.empty()) {
    if (std::string error = WriteOutputFile(args.trace, trace->Contents()); !error.empty()) {
      return BadInput(error);
    }
  }
  bool trace_differs = false;
  if (args.update_golden) {
    if (std::string error = WriteOutputFile(golden_path, trace->Contents()); !error.empty()) {
      return BadInput(error);
    }
    out << "wrote " << golden_path << "\n";
  } else if (trace_read && Exists(golden_path)) {
    std::ifstream golden(golden_path, std::ios::binary);
    if (!golden) {
      return BadInput("cannot read " + golden_path);
    }
    const std::string difference = FirstDifference(golden_path, golden, trace->Contents());
    if (golden.bad()) {
      return BadInput("cannot read " + golden_path);
    }
    trace_differs = !difference.empty();
    out << difference;
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
