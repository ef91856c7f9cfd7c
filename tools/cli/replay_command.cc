#include "tools/cli/replay_command.h"

#include <sys/stat.h>

#include <cstdlib>
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

#include "conformance/isolation.h"
#include "conformance/time_limits.h"
#include "isolation/child.h"
#include "isolation/supervisor.h"
#include "scenario/parse.h"
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
void PutField(std::string* out, std::string_view field) {
  *out += std::to_string(field.size());
  *out += ':';
  out->append(field.data(), field.size());
}

class FieldReader {
 public:
  explicit FieldReader(std::string_view text) : text_(text) {}

  bool Next(std::string* field) {
    const size_t colon = text_.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 19) return false;
    size_t size = 0;
    for (char c : text_.substr(0, colon)) {
      if (c < '0' || c > '9') return false;
      size = size * 10 + static_cast<size_t>(c - '0');
    }
    if (text_.size() - colon - 1 < size) return false;
    field->assign(text_.substr(colon + 1, size));
    text_.remove_prefix(colon + 1 + size);
    return true;
  }
  bool NextNumber(int* number) {
    std::string field;
    if (!Next(&field) || field.empty() || field.size() > 9 || field.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    *number = std::stoi(field);
    return true;
  }
  bool AtEnd() const { return text_.empty(); }

 private:
  std::string_view text_;
};

void PutFailures(std::string* out, const std::vector<scenario::ExpectationFailure>& failures) {
  PutField(out, std::to_string(failures.size()));
  for (const scenario::ExpectationFailure& failure : failures) {
    PutField(out, std::to_string(failure.pos.line));
    PutField(out, std::to_string(failure.pos.col));
    PutField(out, failure.message);
  }
}

bool NextFailures(FieldReader* in, std::vector<scenario::ExpectationFailure>* failures) {
  int count = 0;
  if (!in->NextNumber(&count)) return false;
  failures->resize(count);
  for (scenario::ExpectationFailure& failure : *failures) {
    if (!in->NextNumber(&failure.pos.line) || !in->NextNumber(&failure.pos.col) || !in->Next(&failure.message)) {
      return false;
    }
  }
  return true;
}

std::string EncodeResult(const scenario::ScenarioResult& result) {
  std::string out;
  PutFailures(&out, result.failures);
  PutFailures(&out, result.advice);
  PutField(&out, std::to_string(result.violations.size()));
  for (const std::string& violation : result.violations) PutField(&out, violation);
  PutField(&out, result.trace);
  return out;
}

std::optional<scenario::ScenarioResult> DecodeResult(std::string_view text) {
  FieldReader in(text);
  scenario::ScenarioResult result;
  if (!NextFailures(&in, &result.failures) || !NextFailures(&in, &result.advice)) return std::nullopt;
  int count = 0;
  if (!in.NextNumber(&count)) return std::nullopt;
  result.violations.resize(count);
  for (std::string& violation : result.violations) {
    if (!in.Next(&violation)) return std::nullopt;
  }
  if (!in.Next(&result.trace) || !in.AtEnd()) return std::nullopt;
  return result;
}

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
      std::cerr << "doharness: " << error << "\n";
      return 2;
    }
  }
  // A trace on stdout keeps stdout for itself.
  std::ostream& out = args.trace == kStandardOutput ? std::cerr : std::cout;
  std::variant<CallbackFactory, std::string> factory = LoadCallbackUnderTest(args.callback);
  if (const std::string* error = std::get_if<std::string>(&factory)) {
    std::cerr << "doharness: " << *error << "\n";
    return 2;
  }

  const std::string& path = args.scenario;
  const int expectations = CountExpectations(*parsed.scenario);
  const IsolatedReplay replay =
      ReplayIsolated(*parsed.scenario, std::get<CallbackFactory>(factory), args.hang_ms);
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
  for (const std::string& violation : result.violations) out << path << ": violation: " << violation << "\n";
  out.flush();
  if (!args.trace.empty()) {
    if (std::string error = WriteOutputFile(args.trace, result.trace); !error.empty()) {
      std::cerr << "doharness: " << error << "\n";
      return 2;
    }
  }
  bool trace_differs = false;
  if (args.update_golden) {
    if (std::string error = WriteOutputFile(golden_path, result.trace); !error.empty()) {
      std::cerr << "doharness: " << error << "\n";
      return 2;
    }
    out << "wrote " << golden_path << "\n";
  } else if (Exists(golden_path)) {
    const std::optional<std::string> golden = ReadWhole(golden_path);
    if (!golden) {
      std::cerr << "doharness: cannot read " << golden_path << "\n";
      return 2;
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

IsolatedReplay ReplayIsolated(const scenario::Scenario& scenario, const CallbackFactory& under_test,
                              int hang_ms) {
  isolation::ChildLimits limits;
  limits.call_limit_ms = hang_ms;
  limits.step_limit_ms = conformance::CaseLimitMs(hang_ms);
  const isolation::ChildRun run = isolation::Supervise(
      [&](int channel) {
        scenario::RunOptions options;
        options.under_test = under_test;
        isolation::Send(channel, isolation::Tag::kResult, EncodeResult(scenario::RunScenario(scenario, options)));
      },
      limits);
  const isolation::Outcome child = isolation::OutcomeOf(run, limits);
  IsolatedReplay replay;
  switch (child.status) {
    case isolation::Outcome::Status::kCrashed: replay.what = "the callback crashed: " + child.text; break;
    case isolation::Outcome::Status::kOutOfMemory: replay.what = "the callback " + child.text; break;
    case isolation::Outcome::Status::kHung: replay.what = "the callback hung: " + child.text; break;
    case isolation::Outcome::Status::kTimedOut: replay.what = "the replay " + child.text; break;
    case isolation::Outcome::Status::kReturned:
      if (std::optional<scenario::ScenarioResult> result = DecodeResult(child.text)) {
        replay.finished = true;
        replay.result = std::move(*result);
      } else {
        replay.what = "the replay sent back a result that does not decode";
      }
      break;
  }
  return replay;
}

void AddReplayCommand(CLI::App& app) {
  auto args = std::make_shared<ReplayArgs>();
  CLI::App* command = app.add_subcommand("replay", "replay a scenario file and check its expectations and golden trace");
  command->add_option("scenario", args->scenario, "the .scenario file (fixtures/README.md)")->required();
  AddCallbackOption(command, &args->callback);
  command->add_option("--trace", args->trace, "write the trace (JSON Lines) here ('-': stdout)");
  command->add_flag("--update-golden", args->update_golden,
                    "write the golden trace beside the scenario (NAME.trace) instead of comparing with it");
  AddLimitMsOption(command, "--hang-ms", &args->hang_ms,
                   "a call into the callback that has not returned after this long is a hang");
  command->callback([args] { std::exit(RunReplay(*args)); });
}

}  // namespace doharness::tools
