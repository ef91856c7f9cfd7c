// Replaying a scenario as `doharness replay` does in its child (parse, run on the fake
// engine with the reference callback, trace recorded), with 4k and 16k jobs: the
// work is four times larger, so a linear replay takes about four times as long
// (goal: at most 5x). Run with
//   bazel run -c opt //scenario/benchmarks:replay_benchmark
#include <string>

#include "benchmark/benchmark.h"
#include "engine/benchmarks/summary_reporter.h"
#include "examples/reference_callback/reference_callback.h"
#include "scenario/parse.h"
#include "scenario/run.h"

namespace doharness::scenario {
namespace {

// `jobs` jobs of one small file each, all registered to the callback under test and
// resumed at once; every job must end ACKNOWLEDGED.
std::string ManyJobsScenario(int jobs) {
  std::string text = "profile do\nseed 1\ncallback C under_test\n";
  for (int i = 1; i <= jobs; ++i) {
    const std::string job = "J" + std::to_string(i);
    text += "job " + job + " \"job\"\nfile " + job + " http://example/" + job + " /tmp/" + job +
            " size=64KiB rate=1MiB/s\n";
  }
  for (int i = 1; i <= jobs; ++i) {
    const std::string job = "J" + std::to_string(i);
    text += "at 0s " + job + " SetNotifyInterface C\nat 0s " + job + " Resume\n";
  }
  text += "end after 1h\nexpect survives\n";
  return text;
}

void BM_ReplayJobs(benchmark::State& state) {
  const std::string text = ManyJobsScenario(static_cast<int>(state.range(0)));
  RunOptions options;
  options.under_test = [](IUnknown** out) { return examples::CreateReferenceCallback(out); };
  for (auto _ : state) {
    ParseResult parsed = ParseScenario(text, "many_jobs.scenario");
    if (!parsed.scenario) {
      state.SkipWithError("the generated scenario does not parse");
      return;
    }
    ScenarioResult result = RunScenario(*parsed.scenario, options);
    if (!result.passed()) state.SkipWithError(result.failures.front().message.c_str());
    for (const JobOutcome& job : result.jobs) {
      if (job.state != BG_JOB_STATE_ACKNOWLEDGED) state.SkipWithError("a job did not end ACKNOWLEDGED");
    }
    benchmark::DoNotOptimize(result.trace.size());
  }
  state.counters["jobs"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_ReplayJobs)->Arg(4096)->Arg(16384)->Unit(benchmark::kMillisecond);

class ReplaySummary : public benchmarks::SummaryReporter {
 public:
  void Finalize() override {
    SummaryReporter::Finalize();
    Heading("growth: time at four times the work / at the base");
    Line("scenario replay, 4k -> 16k jobs", "BM_ReplayJobs/16384", "BM_ReplayJobs/4096", 1, 5);
  }
};

}  // namespace
}  // namespace doharness::scenario

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  doharness::scenario::ReplaySummary reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
