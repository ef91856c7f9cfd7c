#include "scenario/run_isolated.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "conformance/isolation.h"
#include "isolation/child.h"
#include "isolation/supervisor.h"
#include "scenario/internal/result_codec.h"

namespace doharness::scenario {

void ReplayInChild(const Scenario& scenario, const CallbackFactory& under_test, int channel) {
  isolation::DataStream trace(channel);
  RunOptions options;
  options.under_test = under_test;
  options.trace_out = &trace;
  const ScenarioResult result = RunScenario(scenario, options);
  trace.flush();
  isolation::Send(channel, isolation::Tag::kResult, internal::EncodeResult(result));
}

IsolatedRun RunScenarioIsolated(const Scenario& scenario, const ChildStarter& children, int hang_ms,
                                const isolation::DataSink& trace) {
  isolation::ChildLimits limits;
  limits.call_limit_ms = hang_ms;
  limits.step_limit_ms = conformance::CaseLimitMs(hang_ms);
  ChildWork work;
  work.kind = ChildWork::Kind::kReplay;
  work.scenarios = {scenario};
  std::string whole_trace;  // without a sink of the caller's
  const isolation::ChildRun run =
      children(work, limits, trace ? trace : [&whole_trace](std::string_view piece) { whole_trace.append(piece); });
  const isolation::Outcome child = isolation::OutcomeOf(run, limits);
  IsolatedRun replay;
  switch (child.status) {
    case isolation::Outcome::Status::kCrashed: replay.what = "the callback crashed: " + child.text; break;
    case isolation::Outcome::Status::kOutOfMemory: replay.what = "the callback " + child.text; break;
    case isolation::Outcome::Status::kHung: replay.what = "the callback hung: " + child.text; break;
    case isolation::Outcome::Status::kTimedOut: replay.what = "the replay " + child.text; break;
    case isolation::Outcome::Status::kReturned:
      if (std::optional<ScenarioResult> result = internal::DecodeResult(child.text)) {
        replay.finished = true;
        replay.result = std::move(*result);
        replay.result.trace = std::move(whole_trace);
      } else {
        replay.what = "the replay sent back a result that does not decode";
      }
      break;
  }
  return replay;
}

}  // namespace doharness::scenario
