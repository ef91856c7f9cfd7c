// ChildWork as bytes: every fixture and generated scenario decodes to one that prints
// the same and encodes to the same bytes (so positions survive too), and bytes that
// are not an encoding are refused.
#include "scenario/child_work.h"

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "scenario/generate.h"
#include "scenario/parse.h"
#include "scenario/print.h"

namespace doharness::scenario {
namespace {

ChildWork Batch(std::vector<Scenario> scenarios) {
  ChildWork work;
  work.kind = ChildWork::Kind::kBatch;
  work.scenarios = std::move(scenarios);
  work.rules_glob = "life.*";
  work.stop_at_first_failure = false;
  return work;
}

void ExpectSameWork(const ChildWork& work) {
  const std::string bytes = EncodeChildWork(work);
  const std::optional<ChildWork> decoded = DecodeChildWork(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(EncodeChildWork(*decoded), bytes);
  EXPECT_EQ(decoded->kind, work.kind);
  EXPECT_EQ(decoded->rules_glob, work.rules_glob);
  EXPECT_EQ(decoded->stop_at_first_failure, work.stop_at_first_failure);
  ASSERT_EQ(decoded->scenarios.size(), work.scenarios.size());
  for (size_t i = 0; i < work.scenarios.size(); ++i) {
    const Scenario& want = work.scenarios[i];
    const Scenario& have = decoded->scenarios[i];
    EXPECT_EQ(PrintScenario(have), PrintScenario(want));
    EXPECT_EQ(have.path, want.path);
    ASSERT_EQ(have.expectations.size(), want.expectations.size());
    for (size_t e = 0; e < want.expectations.size(); ++e) {
      EXPECT_EQ(have.expectations[e].pos.line, want.expectations[e].pos.line);
      EXPECT_EQ(have.expectations[e].pos.col, want.expectations[e].pos.col);
    }
  }
}

TEST(ChildWork, EveryFixtureSurvivesTheBytes) {
  std::vector<Scenario> fixtures;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("fixtures")) {
    if (entry.path().extension() != ".scenario") continue;
    const ParseResult parsed = ParseScenarioFile(entry.path().string());
    ASSERT_TRUE(parsed.scenario.has_value()) << parsed.error;
    fixtures.push_back(*parsed.scenario);
  }
  EXPECT_GE(fixtures.size(), 4u);
  for (const Scenario& fixture : fixtures) {
    SCOPED_TRACE(fixture.path);
    ChildWork replay;
    replay.scenarios = {fixture};
    ExpectSameWork(replay);
  }
  ExpectSameWork(Batch(fixtures));
}

TEST(ChildWork, GeneratedScenariosKeepTheirNumbering) {
  // Explore's scenarios number their expectations 1, 2, ...: a judge tells them apart
  // by that, in the child as in the parent.
  ScenarioGenerator generator(7);
  std::vector<Scenario> batch;
  for (int i = 0; i < 200; ++i) batch.push_back(generator.Next());
  ExpectSameWork(Batch(batch));
}

TEST(ChildWork, RefusesWhatIsNotAnEncoding) {
  ScenarioGenerator generator(3);
  const std::string bytes = EncodeChildWork(Batch({generator.Next(), generator.Next()}));
  EXPECT_FALSE(DecodeChildWork(bytes.substr(0, bytes.size() - 1)).has_value());
  EXPECT_FALSE(DecodeChildWork(bytes + "1:x").has_value());
  EXPECT_FALSE(DecodeChildWork("").has_value());
  EXPECT_FALSE(DecodeChildWork("not bytes of a work").has_value());
  // The kind is the first field: a number past the last kind is not one.
  std::string forged = bytes;
  ASSERT_EQ(forged.substr(0, 2), "1:");
  forged[2] = '7';
  EXPECT_FALSE(DecodeChildWork(forged).has_value());
}

}  // namespace
}  // namespace doharness::scenario
