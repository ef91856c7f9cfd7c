// Speed of RunScenario, the inner loop of `doharness explore` (goal: at least 10,000
// runs a second in process). The scenario is the explorer's usual one: one job of one
// 256 KiB file in 64 KiB steps, every job notification, a callback that completes the
// job in JobTransferred, an expectation on the calls and one on the state, trace off.
// Run with
//   bazel run -c opt //scenario/benchmarks:run_benchmark
// once with a scripted callback and once with the reference callback under test
// (behind the recording proxy, judged by a rule).
#include <chrono>

#include "benchmark/benchmark.h"
#include "examples/reference_callback/reference_callback.h"
#include "scenario/run.h"
#include "scenario/scenario.h"

namespace doharness::scenario {
namespace {

Scenario OneJob(CallbackDecl::Kind kind) {
  Scenario s;
  s.jobs.push_back({"J1", "update", {{"J1", "http://example/a", "/tmp/a", 256 * 1024, 1024 * 1024, {}}}, {}});
  s.callbacks.push_back({"C", kind, false, {}});
  if (kind == CallbackDecl::Kind::kScripted) {
    Step complete;
    complete.call.method = JobCall::Method::kComplete;
    s.behaviours.push_back({"C", NotificationMethod::kJobTransferred, 0, {complete}, S_OK, {}});
  }
  TimedAction flags;
  flags.job = "J1";
  flags.call.method = JobCall::Method::kSetNotifyFlags;
  flags.call.flags = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION;
  TimedAction reg = flags;
  reg.call.method = JobCall::Method::kSetNotifyInterface;
  reg.call.callback = "C";
  TimedAction resume = flags;
  resume.call.method = JobCall::Method::kResume;
  s.timeline = {flags, reg, resume};
  Expectation calls;
  calls.kind = Expectation::Kind::kCallsOrder;
  calls.callback = "C";
  calls.job = "J1";
  calls.calls = {{NotificationMethod::kJobModification, std::nullopt}, {NotificationMethod::kJobTransferred, S_OK}};
  Expectation state;
  state.kind = Expectation::Kind::kState;
  state.job = "J1";
  state.state = BG_JOB_STATE_ACKNOWLEDGED;
  s.expectations = {calls, state};
  if (kind == CallbackDecl::Kind::kUnderTest) {
    Expectation rule;
    rule.kind = Expectation::Kind::kRule;
    rule.rule = "ret.transferred_ok";
    s.expectations.push_back(rule);
  }
  return s;
}

void Run(benchmark::State& state, CallbackDecl::Kind kind) {
  const Scenario scenario = OneJob(kind);
  RunOptions options;
  options.trace = false;
  options.under_test = [](IUnknown** out) { return examples::CreateReferenceCallback(out); };
  for (auto _ : state) {
    ScenarioResult result = RunScenario(scenario, options);
    if (!result.passed()) state.SkipWithError(result.failures.front().message.c_str());
    benchmark::DoNotOptimize(result);
  }
  state.counters["runs_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_OneJobScripted(benchmark::State& state) { Run(state, CallbackDecl::Kind::kScripted); }
BENCHMARK(BM_OneJobScripted);

void BM_OneJobUnderTest(benchmark::State& state) { Run(state, CallbackDecl::Kind::kUnderTest); }
BENCHMARK(BM_OneJobUnderTest);

}  // namespace
}  // namespace doharness::scenario

BENCHMARK_MAIN();
