#include "scenario/run_batch.h"

#include <sstream>
#include <string>

#include "isolation/child.h"
#include "isolation/supervisor.h"

namespace doharness::scenario {
namespace {

// One field of a verdict: no tabs, no newlines.
std::string Field(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return text;
}

// The child: for each run from `first`, a kStage frame with its index before it starts
// and a kResult frame "signature\tmessage\t..." once it is judged.
void RunChild(const std::vector<Scenario>& scenarios, size_t first, const RunFunction& run,
              const IsolationOptions& options, int channel) {
  const FailureFilter filter(options.rules_glob);
  for (size_t i = first; i < scenarios.size(); ++i) {
    isolation::Send(channel, isolation::Tag::kStage, std::to_string(i));
    RunOutcome outcome;
    outcome.result = run(scenarios[i]);
    const std::vector<Failure> failures = Judge(scenarios[i], outcome, filter);
    std::string fields;
    for (const Failure& f : failures) fields += (fields.empty() ? "" : "\t") + Field(f.signature) + "\t" + Field(f.message);
    isolation::Send(channel, isolation::Tag::kResult, fields);
    if (options.stop_at_first_failure && !failures.empty()) break;
  }
}

std::vector<Failure> ParseFailures(const std::string& fields) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(fields);
  while (std::getline(in, part, '\t')) parts.push_back(part);
  std::vector<Failure> failures;
  for (size_t i = 0; i + 1 < parts.size(); i += 2) failures.push_back({parts[i], parts[i + 1]});
  return failures;
}

// The last non-empty line of what a child wrote.
std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) return "";
  const size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

// Runs scenarios[first...] in one child. Appends a verdict for every run the child
// finished and for the run that crashed or hung in it; returns the index to go on from.
size_t RunOneChild(const std::vector<Scenario>& scenarios, size_t first, const RunFunction& run,
                   const IsolationOptions& options, BatchVerdicts* verdicts) {
  isolation::ChildLimits limits;
  limits.step_limit_ms = options.hang_ms;  // each run's wall time: a kStage frame restarts it
  limits.call_limit_ms = int64_t{2} * options.hang_ms;  // the wall-time limit speaks first
  const isolation::ChildRun child = isolation::Supervise(
      [&](int channel) { RunChild(scenarios, first, run, options, channel); }, limits);
  size_t next = first;
  bool running = false;
  for (const isolation::Frame& frame : child.frames) {
    if (frame.tag == isolation::Tag::kStage) {
      next = static_cast<size_t>(std::stoul(frame.text)) + 1;
      running = true;
    } else if (frame.tag == isolation::Tag::kResult && running) {
      verdicts->push_back(ParseFailures(frame.text));
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

}  // namespace

RunFunction InProcessRunner(CallbackFactory under_test) {
  return [under_test = std::move(under_test)](const Scenario& scenario) {
    RunOptions options;
    options.under_test = under_test;
    options.trace = false;
    return RunScenario(scenario, options);
  };
}

BatchVerdicts RunBatchIsolated(const std::vector<Scenario>& scenarios, const RunFunction& run,
                               const IsolationOptions& options) {
  BatchVerdicts verdicts;
  size_t next = 0;
  while (next < scenarios.size()) {
    next = RunOneChild(scenarios, next, run, options, &verdicts);
    if (options.stop_at_first_failure && !verdicts.empty() && !verdicts.back().empty()) break;
  }
  return verdicts;
}

}  // namespace doharness::scenario
