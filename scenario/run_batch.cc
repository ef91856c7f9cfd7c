#include "scenario/run_batch.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "isolation/child.h"
#include "isolation/supervisor.h"
#include "scenario/internal/field_codec.h"

namespace doharness::scenario {
namespace {

using internal::FieldReader;

std::string EncodeFailures(const std::vector<Failure>& failures) {
  std::string out;
  for (const Failure& f : failures) {
    internal::PutField(&out, f.signature);
    internal::PutField(&out, f.message);
    internal::PutNumber(&out, f.expectation);
  }
  return out;
}

std::optional<std::vector<Failure>> DecodeFailures(std::string_view text) {
  FieldReader in(text);
  std::vector<Failure> failures;
  while (!in.AtEnd()) {
    Failure f;
    if (!in.Next(&f.signature) || !in.Next(&f.message) || !in.NextNumber(&f.expectation)) return std::nullopt;
    failures.push_back(std::move(f));
  }
  return failures;
}



// The last non-empty line of what a child wrote.
std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) return "";
  const size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// Starts the child that runs scenarios[first...].
using BatchChildStarter = std::function<isolation::ChildRun(size_t first, const isolation::ChildLimits& limits)>;

// Runs scenarios[first...] in one child. Appends a verdict for every run the child
// finished and for the run that crashed or hung in it; returns the index to go on from.
size_t RunOneChild(const std::vector<Scenario>& scenarios, size_t first, const BatchChildStarter& start,
                   const IsolationOptions& options, BatchVerdicts* verdicts) {
  isolation::ChildLimits limits;
  limits.step_limit_ms = options.hang_ms;  // each run's wall time: a kStage frame restarts it
  limits.call_limit_ms = int64_t{2} * options.hang_ms;  // the wall-time limit speaks first
  const isolation::ChildRun child = start(first, limits);
  // The child starts the runs in order, one kStage frame each: the parent counts them
  // rather than reading the index back (the callback runs in that child too).
  size_t next = first;
  bool running = false;
  for (const isolation::Frame& frame : child.frames) {
    if (frame.tag == isolation::Tag::kStage) {
      if (running) verdicts->push_back({{"crash", "the run sent back no verdict"}});
      if (next == scenarios.size()) break;
      ++next;
      running = true;
    } else if (frame.tag == isolation::Tag::kResult && running) {
      std::optional<std::vector<Failure>> failures = DecodeFailures(frame.text);
      verdicts->push_back(failures ? std::move(*failures)
                                   : std::vector<Failure>{{"crash", "the run sent back a verdict that does not decode"}});
      running = false;
    }
  }
  if (!running) return next;
  const isolation::Outcome outcome = isolation::OutcomeOf(child, limits);
  switch (outcome.status) {
    case isolation::Outcome::Status::kTimedOut:
      verdicts->push_back({{"hang", "no return within " + std::to_string(options.hang_ms) + " ms"}});
      break;
    case isolation::Outcome::Status::kHung:
      verdicts->push_back({{"hang", outcome.text}});
      break;
    default: {
      std::string message = outcome.text;
      const std::string said = LastLine(outcome.output);
      if (!said.empty()) message += ": " + said.substr(0, 300);
      verdicts->push_back({{"crash", message}});
    }
  }
  return next;
}

BatchVerdicts RunBatchInChildren(const std::vector<Scenario>& scenarios, const BatchChildStarter& start,
                                 const IsolationOptions& options) {
  BatchVerdicts verdicts;
  size_t next = 0;
  while (next < scenarios.size()) {
    next = RunOneChild(scenarios, next, start, options, &verdicts);
    if (options.stop_at_first_failure && !verdicts.empty() && !verdicts.back().empty()) break;
  }
  return verdicts;
}

}  // namespace

RunFunction InProcessRunner(CallbackFactory under_test) {
  return [under_test = std::move(under_test)](const Scenario& scenario) {
    RunOptions options;
    options.under_test = under_test;
    options.trace = false;
    return RunScenario(scenario, options);
  };
}

void RunBatchInChild(const std::vector<Scenario>& scenarios, const RunFunction& run, const IsolationOptions& options,
                     int channel) {
  const FailureFilter filter(options.rules_glob);
  for (size_t i = 0; i < scenarios.size(); ++i) {
    const Scenario& scenario = scenarios[i];
    isolation::Send(channel, isolation::Tag::kStage, std::to_string(i));
    RunOutcome outcome;
    outcome.result = run(scenario);
    const std::vector<Failure> failures = Judge(scenario, outcome, filter);
    isolation::Send(channel, isolation::Tag::kResult, EncodeFailures(failures));
    if (options.stop_at_first_failure && !failures.empty()) break;
  }
}

BatchVerdicts RunBatchIsolated(const std::vector<Scenario>& scenarios, const ChildStarter& children,
                               const IsolationOptions& options) {
  return RunBatchInChildren(
      scenarios,
      [&](size_t first, const isolation::ChildLimits& limits) {
        ChildWork work;
        work.kind = ChildWork::Kind::kBatch;
        work.scenarios.assign(scenarios.begin() + static_cast<std::ptrdiff_t>(first), scenarios.end());
        work.rules_glob = options.rules_glob;
        work.stop_at_first_failure = options.stop_at_first_failure;
        return children(work, limits, nullptr);
      },
      options);
}

BatchVerdicts RunBatchIsolated(const std::vector<Scenario>& scenarios, const RunFunction& run,
                               const IsolationOptions& options) {
  return RunBatchInChildren(
      scenarios,
      [&](size_t first, const isolation::ChildLimits& limits) {
        return isolation::Supervise(
            [&](int channel) {
              const std::vector<Scenario> rest(scenarios.begin() + static_cast<std::ptrdiff_t>(first), scenarios.end());
              RunBatchInChild(rest, run, options, channel);
            },
            limits);
      },
      options);
}

}  // namespace doharness::scenario
