#include "conformance/gtest_binding.h"

#include <string>
#include <utility>

#include "conformance/rule_catalog.h"
#include "gtest/gtest.h"

namespace doharness::conformance {
namespace {

class RuleTest : public ::testing::Test {
 public:
  RuleTest(std::string id, CallbackFactory factory, SuiteOptions options)
      : id_(std::move(id)), factory_(std::move(factory)), options_(std::move(options)) {}

  void TestBody() override {
    options_.rules_glob = id_;
    options_.shard_index = 0;
    options_.shard_count = 1;
    const ConformanceReport report = RunConformance(factory_, options_);
    for (const RuleVerdict& v : report.verdicts) {
      if (v.id != id_) continue;
      if (v.status == RuleStatus::kSkip) GTEST_SKIP() << v.message;
      if (!IsFailure(v.status)) return;
      const std::string text = std::string(RuleStatusName(v.status)) + ": " + v.message;
      switch (CountingLevel(id_)) {
        case RuleLevel::kRequired: ADD_FAILURE() << id_ << " " << text; return;
        case RuleLevel::kRecommended:
          std::printf("WARNING: recommended rule %s %s\n", id_.c_str(), text.c_str());
          return;
        case RuleLevel::kAdvisory:
          std::printf("ADVICE: advisory rule %s %s\n", id_.c_str(), text.c_str());
          return;
      }
    }
    ADD_FAILURE() << "no verdict for " << id_;
  }

 private:
  const std::string id_;
  const CallbackFactory factory_;
  SuiteOptions options_;
};

}  // namespace

int RegisterConformanceTests(const char* suite_name, CallbackFactory factory, const char* file, int line,
                             SuiteOptions options) {
  int registered = 0;
  for (const Rule& rule : Catalog()) {
    const std::string id(rule.id);
    ::testing::RegisterTest(suite_name, id.c_str(), nullptr, nullptr, file, line,
                            [id, factory, options]() -> ::testing::Test* { return new RuleTest(id, factory, options); });
    ++registered;
  }
  return registered;
}

}  // namespace doharness::conformance
