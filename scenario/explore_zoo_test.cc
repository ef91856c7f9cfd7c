// Explore on real callbacks, isolated as the tool runs it: for bug-zoo entries whose bug
// a scenario run can show, the seed-1 search finds it and shrinks it to a scenario that,
// written and read back, fails the same way on the entry and passes on the reference
// callback; the reference callback survives a whole budget.
#include <iostream>
#include <string>

#include "examples/bug_zoo/bug_zoo.h"
#include "examples/reference_callback/reference_callback.h"
#include "gtest/gtest.h"
#include "scenario/explore.h"
#include "scenario/parse.h"
#include "scenario/print.h"

namespace doharness::scenario {
namespace {

struct ZooCase {
  const char* entry;
  const char* signature;  // how the search names its bug
};

void PrintTo(const ZooCase& c, std::ostream* os) { *os << c.entry; }

// The entries whose bug shows in a scenario run. The others need what only the
// conformance suite's own cases do: QueryInterface probes (com.*), direct calls with
// dwReserved != 0 (tol.reserved_nonzero), threaded dispatch (tol.concurrent_jobs),
// unregistering from inside the callee's own call (tol.unregister_inside), wall-time
// limits (time.*). Nor are the entries that break only an advisory rule (job_acknowledges,
// job_handles_error) or show only through one (tol_shared_across_jobs, which leaves a
// job TRANSFERRED): advice never makes explore report a failure.
const ZooCase kCases[] = {
    {"ret_transferred_ok", "ret.transferred_ok"},
    {"ret_retry_bounded", "ret.retry_bounded"},
    {"ret_error_ok", "ret.error_ok"},
    {"ret_modification_ok", "ret.modification_ok"},
    {"ret_file_transferred_ok", "ret.file_transferred_ok"},
    {"ret_file_transferred_ok_s_false", "ret.file_transferred_ok"},
    {"params_job_not_released", "params.job_not_released"},
    {"params_error_not_released", "params.error_not_released"},
    {"params_file_not_released", "params.file_not_released"},
    {"params_no_use_after_return", "params.no_use_after_return"},
    {"params_retained_balanced", "params.retained_balanced"},
    {"com_refcount_no_early_free", "com.refcount_no_early_free"},
    {"com_refcount_balanced", "com.refcount_balanced"},
    {"tol_no_exception", "tol.no_exception"},
    {"tol_modification_after_transferred", "crash"},
    {"tol_reentrant_modification", "crash"},
    {"tol_error_without_file", "crash"},
    {"tol_repeated_transferred", "crash"},
    {"tol_error_then_transferred", "crash"},
};

class ExploreZooTest : public testing::TestWithParam<ZooCase> {};

TEST_P(ExploreZooTest, FindsShrinksAndWritesTheBug) {
  const examples::ZooEntry* entry = examples::FindZooEntry(GetParam().entry);
  ASSERT_NE(entry, nullptr);
  const RunFunction buggy = InProcessRunner(entry->create);
  ExploreOptions options;
  options.budget = 5000;
  const ExploreResult result = Explore(options, buggy);
  ASSERT_TRUE(result.found) << "no failure in " << result.runs << " runs";
  const FoundFailure& found = *result.found;
  EXPECT_EQ(found.failure.signature, GetParam().signature) << found.failure.message;

  const std::string text = PrintScenario(found.shrunk);
  std::cout << "run " << found.run_index << ": " << found.failure.message << "\n" << text;
  const ParseResult parsed = ParseScenario(text, "explored.scenario");
  ASSERT_TRUE(parsed.scenario) << parsed.error;
  const BatchVerdicts on_buggy = RunBatchIsolated({*parsed.scenario}, buggy, {});
  ASSERT_EQ(on_buggy.size(), 1u);
  ASSERT_FALSE(on_buggy[0].empty()) << "the written scenario passes on " << entry->name;
  EXPECT_TRUE(std::any_of(on_buggy[0].begin(), on_buggy[0].end(),
                          [&](const Failure& f) { return f.signature == GetParam().signature; }))
      << on_buggy[0][0].signature << ": " << on_buggy[0][0].message;

  RunOptions reference;
  reference.under_test = examples::CreateReferenceCallback;
  const ScenarioResult on_reference = RunScenario(*parsed.scenario, reference);
  EXPECT_TRUE(on_reference.passed()) << on_reference.failures[0].message;
  EXPECT_TRUE(on_reference.violations.empty()) << conformance::ToString(on_reference.violations[0]);
}

INSTANTIATE_TEST_SUITE_P(BugZoo, ExploreZooTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<ZooCase>& info) { return std::string(info.param.entry); });

// The bugs that need the contract's less common freedoms are found through them.
TEST(ExploreZooFreedomsTest, SeededOrderAndReentranceAreWhatTheBugsNeed) {
  for (const char* name : {"tol_modification_after_transferred", "tol_reentrant_modification"}) {
    const ExploreResult result = Explore({}, InProcessRunner(examples::FindZooEntry(name)->create));
    ASSERT_TRUE(result.found) << name;
    const EngineSettings& engine = result.found->shrunk.engine;
    if (std::string(name) == "tol_modification_after_transferred") {
      EXPECT_EQ(engine.modification_order, ModificationOrder::kSeeded);
    } else {
      EXPECT_EQ(engine.reentrant_modification_depth, 1);
    }
  }
}

// A callback that leaves its jobs to the rest of the application breaks advisory rules
// only: the search reports nothing.
TEST(ExploreAdvisoryTest, AdvisoryOnlyEntriesAreNotFailures) {
  for (const char* name : {"job_acknowledges", "job_handles_error"}) {
    ExploreOptions options;
    options.budget = 2000;
    const ExploreResult result = Explore(options, InProcessRunner(examples::FindZooEntry(name)->create));
    EXPECT_FALSE(result.found) << name << ": " << result.found->failure.message;
    EXPECT_EQ(result.runs, 2000) << name;
  }
}

TEST(ExploreReferenceTest, SurvivesTheBudget) {
  ExploreOptions options;
  options.budget = 5000;
  const ExploreResult result = Explore(options, InProcessRunner(examples::CreateReferenceCallback));
  EXPECT_FALSE(result.found) << result.found->failure.message << "\n" << PrintScenario(result.found->shrunk);
  EXPECT_EQ(result.runs, 5000);
}

}  // namespace
}  // namespace doharness::scenario
