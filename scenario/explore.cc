#include "scenario/explore.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace doharness::scenario {
namespace {

using std::chrono::milliseconds;

// Calls ExploreOptions::progress at most every progress_interval_ms.
class ProgressMeter {
 public:
  explicit ProgressMeter(const ExploreOptions& options)
      : options_(options), start_(Clock::now()), last_(start_) {}

  void Update(int runs, bool shrinking, const std::string& best) {
    if (!options_.progress) return;
    const Clock::time_point now = Clock::now();
    if (now - last_ < milliseconds(options_.progress_interval_ms)) return;
    last_ = now;
    const double seconds_so_far = std::chrono::duration<double>(now - start_).count();
    options_.progress({runs, seconds_so_far > 0 ? runs / seconds_so_far : 0.0, shrinking, best});
  }

 private:
  using Clock = std::chrono::steady_clock;
  const ExploreOptions& options_;
  Clock::time_point start_;
  Clock::time_point last_;
};

// Runs a batch and judges each run, up to the first that fails.
using BatchRunner = std::function<BatchVerdicts(const std::vector<Scenario>& batch)>;

IsolationOptions BatchOptions(const ExploreOptions& options) {
  return {options.hang_ms, /*stop_at_first_failure=*/true, options.rules_glob};
}

ExploreResult ExploreWith(const ExploreOptions& options, const BatchRunner& run_batch) {
  ExploreResult result;
  ProgressMeter meter(options);
  ScenarioGenerator generator(options.seed);
  const size_t batch_size = static_cast<size_t>(std::max(1, options.batch_size));
  const int shard_count = std::max(1, options.shard_count);
  int stream_index = 0;  // of the next scenario the generator makes
  while (stream_index < options.budget && !result.found) {
    std::vector<Scenario> batch;
    std::vector<int> indices;  // in the stream, of batch[i]
    for (; stream_index < options.budget && batch.size() < batch_size; ++stream_index) {
      Scenario scenario = generator.Next();
      if (stream_index % shard_count != options.shard_index) continue;
      batch.push_back(std::move(scenario));
      indices.push_back(stream_index);
    }
    if (batch.empty()) break;
    const BatchVerdicts verdicts = run_batch(batch);
    for (size_t i = 0; i < verdicts.size() && !result.found; ++i) {
      if (verdicts[i].empty()) continue;
      FoundFailure found;
      found.failure = verdicts[i].front();
      found.original = batch[i];
      found.run_index = indices[i];
      result.found = std::move(found);
    }
    result.runs += static_cast<int>(verdicts.size());
    meter.Update(result.runs, false, "");
  }
  if (!result.found) return result;

  FoundFailure& found = *result.found;
  const std::string& signature = found.failure.signature;
  int shrink_runs = 0;
  std::string best = signature + ": " + ToString(SizeOf(found.original));
  // The failure as the smallest scenario so far has it: shrinking renumbers the
  // expectations that ReplayableScenario keeps by number.
  Failure last_failure = found.failure;
  auto still_fails = [&](const Scenario& candidate) {
    const BatchVerdicts verdicts = run_batch({candidate});
    ++shrink_runs;
    meter.Update(result.runs + shrink_runs, true, best);
    if (verdicts.empty()) return false;
    for (const Failure& failure : verdicts.back()) {
      if (failure.signature != signature) continue;
      last_failure = failure;  // Shrink keeps every candidate that still fails
      return true;
    }
    return false;
  };
  auto on_step = [&](const Scenario& smaller) { best = signature + ": " + ToString(SizeOf(smaller)); };
  ShrinkResult shrunk = Shrink(found.original, still_fails, on_step);
  found.shrunk = ReplayableScenario(shrunk.scenario, last_failure);
  found.shrink_attempts = shrunk.attempts;
  return result;
}

}  // namespace

ExploreResult Explore(const ExploreOptions& options, const RunFunction& run) {
  const FailureFilter filter(options.rules_glob);
  return ExploreWith(options, [&](const std::vector<Scenario>& batch) -> BatchVerdicts {
    if (options.isolate) return RunBatchIsolated(batch, run, BatchOptions(options));
    BatchVerdicts verdicts;
    for (const Scenario& scenario : batch) {
      RunOutcome outcome;
      outcome.result = run(scenario);
      verdicts.push_back(Judge(scenario, outcome, filter));
      if (!verdicts.back().empty()) break;
    }
    return verdicts;
  });
}

ExploreResult Explore(const ExploreOptions& options, const ChildStarter& children) {
  return ExploreWith(options, [&](const std::vector<Scenario>& batch) {
    return RunBatchIsolated(batch, children, BatchOptions(options));
  });
}

}  // namespace doharness::scenario
