// The catalog generated from rules.md: its size and order, id syntax and uniqueness,
// spot values of each field, FindRule, and SelectRules against a regex oracle.
#include "conformance/rule_catalog.h"

#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace doharness {
namespace conformance {
namespace {

using ::testing::ElementsAre;

std::vector<std::string_view> Ids(const std::vector<const Rule*>& rules) {
  std::vector<std::string_view> ids;
  for (const Rule* rule : rules) ids.push_back(rule->id);
  return ids;
}

TEST(RuleCatalogTest, HasEveryRuleOfRulesMdCallbackObligationsFirst) {
  const std::vector<Rule>& catalog = Catalog();
  ASSERT_EQ(catalog.size(), 68u);
  for (size_t i = 0; i < catalog.size(); ++i) {
    EXPECT_EQ(catalog[i].family, i < 33 ? RuleFamily::kCallback : RuleFamily::kEngine)
        << catalog[i].id;
  }
  EXPECT_EQ(catalog.front().id, "com.identity");
  EXPECT_EQ(catalog[32].id, "job.handles_error");
  EXPECT_EQ(catalog[33].id, "flags.default");
  EXPECT_EQ(catalog.back().id, "state.enum_semantics");
}

TEST(RuleCatalogTest, IdsAreUniqueAndWellFormed) {
  const std::regex id_syntax("^[a-z]+\\.[a-z_0-9]+$");
  std::set<std::string_view> ids;
  for (const Rule& rule : Catalog()) {
    EXPECT_TRUE(std::regex_match(std::string(rule.id), id_syntax)) << rule.id;
    EXPECT_TRUE(ids.insert(rule.id).second) << "duplicate " << rule.id;
  }
}

TEST(RuleCatalogTest, EveryFieldIsFilled) {
  for (const Rule& rule : Catalog()) {
    EXPECT_FALSE(rule.statement.empty()) << rule.id;
    EXPECT_EQ(rule.source, rule.family == RuleFamily::kCallback ? "rules.md: Callback obligations"
                                                                : "rules.md: Engine promises")
        << rule.id;
  }
}

TEST(RuleCatalogTest, SpotValues) {
  const Rule* error_ok = FindRule("ret.error_ok");
  ASSERT_NE(error_ok, nullptr);
  EXPECT_EQ(error_ok->level, RuleLevel::kRequired);
  EXPECT_EQ(error_ok->family, RuleFamily::kCallback);
  EXPECT_EQ(error_ok->statement, "return S_OK from JobError");
  EXPECT_EQ(error_ok->source, "rules.md: Callback obligations");

  const Rule* prompt = FindRule("time.prompt");
  ASSERT_NE(prompt, nullptr);
  EXPECT_EQ(prompt->level, RuleLevel::kRecommended);
  EXPECT_EQ(prompt->statement, "return from every call within the prompt limit (default 100 ms)");

  const Rule* flags_default = FindRule("flags.default");
  ASSERT_NE(flags_default, nullptr);
  EXPECT_EQ(flags_default->level, RuleLevel::kRequired);
  EXPECT_EQ(flags_default->family, RuleFamily::kEngine);
  EXPECT_EQ(flags_default->statement, "gives a new job the notify flags 0x03");
  EXPECT_EQ(flags_default->source, "rules.md: Engine promises");

  const Rule* resume_empty = FindRule("state.resume_empty");
  ASSERT_NE(resume_empty, nullptr);
  EXPECT_EQ(resume_empty->statement,
            "refuses Resume on a job without files (BG_E_EMPTY / DO_E_JOB_EMPTY) and leaves it "
            "SUSPENDED");
}

TEST(RuleCatalogTest, RecommendedRulesAreTheFourOfRulesMd) {
  std::vector<std::string_view> recommended;
  for (const Rule& rule : Catalog()) {
    if (rule.level == RuleLevel::kRecommended) recommended.push_back(rule.id);
  }
  EXPECT_THAT(recommended,
              ElementsAre("com.null_out", "com.stable_set", "com.refcount_exact", "time.prompt"));
}

TEST(RuleCatalogTest, AdvisoryRulesAreTheTwoOfRulesMd) {
  std::vector<std::string_view> advisory;
  for (const Rule& rule : Catalog()) {
    if (rule.level == RuleLevel::kAdvisory) advisory.push_back(rule.id);
  }
  EXPECT_THAT(advisory, ElementsAre("job.acknowledges", "job.handles_error"));
}

TEST(RuleCatalogTest, NamesAreTheReportSpellings) {
  EXPECT_EQ(RuleLevelName(RuleLevel::kRequired), "required");
  EXPECT_EQ(RuleLevelName(RuleLevel::kRecommended), "recommended");
  EXPECT_EQ(RuleLevelName(RuleLevel::kAdvisory), "advisory");
  EXPECT_EQ(RuleFamilyName(RuleFamily::kCallback), "callback");
  EXPECT_EQ(RuleFamilyName(RuleFamily::kEngine), "engine");
}

TEST(FindRuleTest, ReturnsTheCatalogEntryOrNull) {
  for (const Rule& rule : Catalog()) EXPECT_EQ(FindRule(rule.id), &rule);
  EXPECT_EQ(FindRule(""), nullptr);
  EXPECT_EQ(FindRule("ret.error"), nullptr);
  EXPECT_EQ(FindRule("ret.error_ok "), nullptr);
  EXPECT_EQ(FindRule("RET.ERROR_OK"), nullptr);
}

TEST(SelectRulesTest, Examples) {
  EXPECT_THAT(Ids(SelectRules("ret.*")),
              ElementsAre("ret.transferred_ok", "ret.error_ok", "ret.modification_ok",
                          "ret.file_transferred_ok", "ret.retry_bounded"));
  // Catalog order, not pattern order; a rule matched twice comes once.
  EXPECT_THAT(Ids(SelectRules("time.prompt, com.identity,com.identity")),
              ElementsAre("com.identity", "time.prompt"));
  EXPECT_THAT(Ids(SelectRules("ret.*,com.identity")),
              ElementsAre("com.identity", "ret.transferred_ok", "ret.error_ok",
                          "ret.modification_ok", "ret.file_transferred_ok", "ret.retry_bounded"));
  EXPECT_THAT(Ids(SelectRules("com.identit?")), ElementsAre("com.identity"));
  EXPECT_EQ(SelectRules("*").size(), Catalog().size());
  EXPECT_EQ(SelectRules("*.no_*").size(), 8u);
  EXPECT_TRUE(SelectRules("").empty());
  EXPECT_TRUE(SelectRules(" , ,").empty());
  EXPECT_TRUE(SelectRules("ret").empty());   // whole ids only
  EXPECT_TRUE(SelectRules("?").empty());
}

// fnmatch semantics through a regex translation of the glob, on every catalog id.
TEST(SelectRulesTest, AgreesWithRegexTranslation) {
  for (std::string glob : {"*", "**", "*_ok", "r*t*o*", "*a*a*a*", "l*e*e", "?????.*", "*.?",
                           "com.*_*", "*o*r*d*e*r*", "st*e.*e", "*.*.*", "flags.gate_?????",
                           "*t", "t*", "order.*_*_*"}) {
    std::string regex;
    for (char c : glob) {
      regex += c == '*' ? ".*" : c == '?' ? "." : c == '.' ? "\\." : std::string(1, c);
    }
    const std::regex oracle(regex);
    std::vector<std::string_view> expected;
    for (const Rule& rule : Catalog()) {
      if (std::regex_match(std::string(rule.id), oracle)) expected.push_back(rule.id);
    }
    EXPECT_EQ(Ids(SelectRules(glob)), expected) << glob;
  }
}

}  // namespace
}  // namespace conformance
}  // namespace doharness
