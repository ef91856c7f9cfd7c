// The suite on every bug-zoo callback, in both profiles: each must fail exactly the
// rules its .expected file lists (the ones it is written to break) and no other
// required rule; a recommended rule it breaks as a consequence is a warning, printed.
// So no rule check can silently stop catching its bug, and no check blames an
// unrelated required rule.
#include <cstdlib>
#include <iostream>
#include <string>

#include "conformance/expected_failures.h"
#include "conformance/report.h"
#include "conformance/suite.h"
#include "examples/bug_zoo/bug_zoo.h"
#include "gtest/gtest.h"

namespace doharness::examples {
namespace {

using conformance::ApplyExpectedFailures;
using conformance::ConformanceReport;
using conformance::ExpectedFailureList;
using conformance::SuiteOptions;

struct ZooCase {
  const ZooEntry* entry;
  std::string profile;
};

std::vector<ZooCase> AllCases() {
  std::vector<ZooCase> cases;
  for (const ZooEntry& entry : BugZoo()) {
    for (std::string_view profile : ZooProfiles(entry)) cases.push_back({&entry, std::string(profile)});
  }
  return cases;
}

class ZooConformanceTest : public testing::TestWithParam<ZooCase> {};

TEST_P(ZooConformanceTest, FailsExactlyTheRulesItBreaks) {
  const ZooEntry& entry = *GetParam().entry;
  // The hanging entry sleeps this long in its call: past the hang limit (time.no_hang
  // fails), back before twice the limit (isolation.h), so its cases still end.
  setenv("DOHARNESS_ZOO_HANG_MS", "600", /*overwrite=*/1);
  SuiteOptions options;
  options.profile = GetParam().profile;
  options.isolate = true;  // crashing and hanging entries fail their cases, not the test
  options.limits.hang_ms = 400;  // well above time_prompt's 250 ms
  options.callback_name = std::string(entry.name);
  ConformanceReport report = conformance::RunConformance(entry.create, options);
  ASSERT_EQ(conformance::Validate(report), "");

  auto parsed = ExpectedFailureList::Parse(entry.expected_failures, entry.expected_path);
  ASSERT_TRUE(parsed.list.has_value()) << parsed.error;
  conformance::ExpectedFailureResult result = ApplyExpectedFailures(*parsed.list, &report);
  std::string problems;
  for (const std::string& p : result.problems) problems += "\n  " + p;
  for (const std::string& w : result.warnings) std::cout << entry.name << ": warning: " << w << "\n";
  for (const std::string& a : result.advice) std::cout << entry.name << ": advice: " << a << "\n";
  EXPECT_TRUE(result.ok)
      << entry.name << " (" << GetParam().profile << "):" << problems << "\n"
      << conformance::ToHumanSummary(report);
}

INSTANTIATE_TEST_SUITE_P(BugZoo, ZooConformanceTest, testing::ValuesIn(AllCases()),
                         [](const testing::TestParamInfo<ZooCase>& info) {
                           return std::string(info.param.entry->name) + "_" + info.param.profile;
                         });

}  // namespace
}  // namespace doharness::examples
