// Explore: searches the behaviours the contract allows for one that makes the callback
// under test break a rule, crash or hang, and shrinks it to the smallest scenario that
// still fails the same way. What `doharness explore` runs (tools/cli/explore_command.h).
//
//   ExploreOptions options;
//   options.seed = 7;
//   options.budget = 2000;
//   ExploreResult result = Explore(options, InProcessRunner(&CreateMyCallback));
//   if (result.found) std::cout << PrintScenario(result.found->shrunk);
//
// The pieces, each usable alone, each in its own header:
//   - generate.h: ScenarioGenerator, a seeded stream of random scenarios;
//   - judge.h: Judge, a run's outcome as failures with signatures;
//   - run_batch.h: RunBatchIsolated, scenarios in isolated children;
//   - shrink.h: Shrink and ReplayableScenario.
//
// Everything is deterministic for a seed (std::mt19937_64, no time, no addresses),
// except which run hangs, which depends on the wall-time limit.
#ifndef DOHARNESS_SCENARIO_EXPLORE_H_
#define DOHARNESS_SCENARIO_EXPLORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "scenario/child_work.h"
#include "scenario/generate.h"
#include "scenario/judge.h"
#include "scenario/run_batch.h"
#include "scenario/scenario.h"
#include "scenario/shrink.h"

namespace doharness::scenario {

struct ExploreProgress {
  int runs = 0;               // runs made, search and shrink
  double runs_per_second = 0;
  bool shrinking = false;
  std::string best;           // the smallest failure so far: "crash: 1 job, 1 file, ..."; "" before one
};

struct ExploreOptions {
  uint64_t seed = 1;
  int budget = 2000;     // search runs: the first `budget` of the seed's stream (shrinking is on top)
  // Of those, this search makes the runs whose index in the stream is shard_index
  // modulo shard_count: shards search disjoint parts, and together the whole.
  int shard_index = 0;
  int shard_count = 1;
  bool isolate = true;   // RunBatchIsolated; off: in this process (a crash takes the caller)
  int hang_ms = kDefaultRunHangMs;  // isolate only
  int batch_size = 256;  // runs a child makes in a row
  std::string rules_glob = "*";  // the failures that count (FailureFilter)
  // Called at most every progress_interval_ms of wall time.
  std::function<void(const ExploreProgress&)> progress;
  int progress_interval_ms = 250;
};

struct FoundFailure {
  Failure failure;     // of the run found
  Scenario original;   // as generated
  int run_index = 0;   // 0-based index of that run in the seed's stream
  Scenario shrunk;     // ReplayableScenario of the smallest one that fails the same way
  int shrink_attempts = 0;
};

struct ExploreResult {
  int runs = 0;  // search runs made (by this shard)
  std::optional<FoundFailure> found;
};

// Generates the first `budget` scenarios of the seed's stream and runs this shard's;
// on the first that fails, shrinks it (same signature as its first failure) and
// returns it. Each run is made by `run`, in forked children or in this process
// (ExploreOptions::isolate)...
ExploreResult Explore(const ExploreOptions& options, const RunFunction& run);
// ...or in the children `children` starts (child_work.h), always isolated: how the
// doharness command explores a plugin.
ExploreResult Explore(const ExploreOptions& options, const ChildStarter& children);

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_EXPLORE_H_
