#include "engine/benchmarks/summary_reporter.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace doharness::benchmarks {
namespace {

double Quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(q * static_cast<double>(values.size() - 1) + 0.5)];
}

}  // namespace

SummaryReporter::SummaryReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular) {}

void SummaryReporter::ReportRuns(const std::vector<Run>& runs) {
  ConsoleReporter::ReportRuns(runs);
  for (const Run& run : runs) {
    if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
    ns_[run.run_name.str()].push_back(run.GetAdjustedCPUTime() * 1e9 /
                                      benchmark::GetTimeUnitMultiplier(run.time_unit));
  }
}

void SummaryReporter::Heading(const char* text) { std::printf("\n%-50s %7s %7s %7s\n", text, "min", "median", "max"); }

void SummaryReporter::Line(const char* label, const std::string& name, const std::string& base, double per,
                           double goal) const {
  const auto found = ns_.find(name);
  const auto found_base = ns_.find(base);
  if (found == ns_.end() || (!base.empty() && found_base == ns_.end())) return;
  double at[3];
  const double quantiles[3] = {0, 0.5, 1};
  for (int i = 0; i < 3; ++i) {
    at[i] = Quantile(found->second, quantiles[i]) / per;
    if (!base.empty()) at[i] /= Quantile(found_base->second, quantiles[i]);
  }
  std::printf("  %-48s %7.2f %7.2f %7.2f", label, at[0], at[1], at[2]);
  if (goal > 0) std::printf("   goal <= %.0fx: %s", goal, at[1] <= goal ? "met" : "NOT met");
  std::printf("\n");
}

}  // namespace doharness::benchmarks
