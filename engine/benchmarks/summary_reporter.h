// SummaryReporter: Google Benchmark's console table, then the figures a benchmark
// program states its goals in, each computed from the repetitions of the benchmarks it
// names: at the fastest, the median and the slowest run (this machine is noisy; a goal
// is judged on the medians). A program subclasses it and prints its lines in Finalize.
#ifndef DOHARNESS_ENGINE_BENCHMARKS_SUMMARY_REPORTER_H_
#define DOHARNESS_ENGINE_BENCHMARKS_SUMMARY_REPORTER_H_

#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"

namespace doharness::benchmarks {

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  SummaryReporter();  // colours only on a terminal
  void ReportRuns(const std::vector<Run>& runs) override;

 protected:
  // "\nTEXT                 min  median     max".
  static void Heading(const char* text);
  // One figure: the CPU time of benchmark `name` divided by `per`, over that of `base`
  // (or alone, in ns, when `base` is empty), at the fastest, median and slowest runs;
  // with a goal > 0, whether the median is at most the goal. Nothing when a benchmark
  // named did not run (filtered out).
  void Line(const char* label, const std::string& name, const std::string& base, double per, double goal) const;

 private:
  std::map<std::string, std::vector<double>> ns_;  // CPU ns of one iteration, each repetition
};

}  // namespace doharness::benchmarks

#endif  // DOHARNESS_ENGINE_BENCHMARKS_SUMMARY_REPORTER_H_
