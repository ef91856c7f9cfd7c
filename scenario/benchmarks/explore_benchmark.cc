// Speed of `doharness explore` (issue: explore, "Speed"). Run with
//   bazel run -c opt //scenario/benchmarks:explore_benchmark
// It reports:
//   - explored runs a second in process on one-job scenarios of the generator, each run
//     on the fake engine with the reference callback and judged (goal: 10,000/s), and
//     the generator's own cost;
//   - runs a second of the whole search as the tool makes it (isolated in forked
//     children, batches of 256, every kind of generated scenario);
//   - the time to find and shrink a bug-zoo entry's bug from seed 1 (goal: under 10 s).
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "examples/bug_zoo/bug_zoo.h"
#include "examples/reference_callback/reference_callback.h"
#include "scenario/explore.h"

namespace doharness::scenario {
namespace {

// One-job scenarios of the seed-1 stream, made before timing.
std::vector<Scenario> OneJobScenarios(size_t n) {
  std::vector<Scenario> scenarios;
  ScenarioGenerator generator(1);
  while (scenarios.size() < n) {
    Scenario s = generator.Next();
    if (s.jobs.size() == 1) scenarios.push_back(std::move(s));
  }
  return scenarios;
}

void BM_ExploredRunOneJobInProcess(benchmark::State& state) {
  const std::vector<Scenario> scenarios = OneJobScenarios(1000);
  const RunFunction run = InProcessRunner(examples::CreateReferenceCallback);
  size_t next = 0, failed = 0;
  for (auto _ : state) {
    const Scenario& scenario = scenarios[next++ % scenarios.size()];
    RunOutcome outcome;
    outcome.result = run(scenario);
    failed += Judge(scenario, outcome).empty() ? 0 : 1;
  }
  if (failed != 0) state.SkipWithError("the reference callback failed a run");
  state.SetItemsProcessed(state.iterations());
  state.counters["runs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExploredRunOneJobInProcess);

void BM_GenerateScenario(benchmark::State& state) {
  ScenarioGenerator generator(1);
  for (auto _ : state) benchmark::DoNotOptimize(generator.Next());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GenerateScenario);

void BM_ExploreIsolated(benchmark::State& state) {
  ExploreOptions options;
  options.budget = 2000;
  const RunFunction run = InProcessRunner(examples::CreateReferenceCallback);
  for (auto _ : state) {
    const ExploreResult result = Explore(options, run);
    if (result.found) state.SkipWithError("the reference callback failed a run");
  }
  state.counters["runs/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * options.budget, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ExploreIsolated)->Unit(benchmark::kMillisecond)->UseRealTime();

// Found and shrunk, isolated, as `doharness explore --callback lib<entry>.so` does.
void BM_FindAndShrinkZooBug(benchmark::State& state, const char* entry) {
  const RunFunction run = InProcessRunner(examples::FindZooEntry(entry)->create);
  for (auto _ : state) {
    const ExploreResult result = Explore({}, run);
    if (!result.found) {
      state.SkipWithError("no failure found");
      break;
    }
    state.counters["search runs"] = result.runs;
    state.counters["shrink runs"] = result.found->shrink_attempts;
  }
}
BENCHMARK_CAPTURE(BM_FindAndShrinkZooBug, ret_transferred_ok, "ret_transferred_ok")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_FindAndShrinkZooBug, tol_modification_after_transferred, "tol_modification_after_transferred")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_FindAndShrinkZooBug, tol_repeated_transferred, "tol_repeated_transferred")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace doharness::scenario

BENCHMARK_MAIN();
