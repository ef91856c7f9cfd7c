// The bug zoo as a set of files: every entry is a plugin that the plugin host loads and
// whose object answers IBackgroundCopyCallback (com_callback_iid, whose bug that is,
// aside); the in-process registry makes the same objects; every <name>.expected parses
// (conformance/expected_failures.h) and names callback obligations only, the first of
// them the one the entry is named after; and every callback obligation of the catalog
// has an entry named after it. What each entry does wrong is examples/bug_zoo/README.md.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

#include "api/com_ptr.h"
#include "conformance/expected_failures.h"
#include "conformance/rule_catalog.h"
#include "deliveryoptimization.h"
#include "examples/bug_zoo/bug_zoo.h"
#include "gtest/gtest.h"
#include "tools/plugin_host/plugin_host.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace doharness::examples {
namespace {

using conformance::Catalog;
using conformance::ExpectedFailureList;
using conformance::ExpectedFailureParseResult;
using conformance::FindRule;
using conformance::Rule;
using conformance::RuleFamily;

// A rule id as an entry's name spells it: "ret.error_ok" -> "ret_error_ok".
std::string EntryName(std::string_view rule_id) {
  std::string name(rule_id);
  for (char& c : name) {
    if (c == '.') c = '_';
  }
  return name;
}

ExpectedFailureList ParsedList(const ZooEntry& entry) {
  ExpectedFailureParseResult parsed =
      ExpectedFailureList::Parse(entry.expected_failures, entry.expected_path);
  EXPECT_TRUE(parsed.list.has_value()) << parsed.error;
  return parsed.list.value_or(ExpectedFailureList{});
}

// Entries whose bug shows in how their count starts: the Release of a QueryInterface'd
// pointer returns 1 + this (the creator's reference, plus the leaked one, minus the
// missing one).
int CountOffset(std::string_view name) {
  if (name == "com_refcount_balanced") return 1;        // a reference nobody releases
  if (name == "com_refcount_no_early_free") return -1;  // starts at 0
  return 0;
}

// Entries whose objects have a fixed lifetime: Release returns the constant 1.
bool ConstantCounts(std::string_view name) {
  return name == "com_refcount_exact_fixed_lifetime" || name == "com_refcount_exact_stack_object";
}

// Leaks its object by design: LeakSanitizer must not report it.
class LeakAllowed {
 public:
  explicit LeakAllowed(bool allowed) : allowed_(allowed) {
#if defined(__SANITIZE_ADDRESS__)
    if (allowed_) __lsan_disable();
#endif
  }
  ~LeakAllowed() {
#if defined(__SANITIZE_ADDRESS__)
    if (allowed_) __lsan_enable();
#endif
  }
  LeakAllowed(const LeakAllowed&) = delete;
  LeakAllowed& operator=(const LeakAllowed&) = delete;

 private:
  bool allowed_;
};

// Takes over the one reference of `object` (made by `entry`): asks it for
// IBackgroundCopyCallback (com_callback_iid: refused with NULL, as the rule it breaks
// says), and releases everything, checking the counts.
void ExpectCallbackObject(const ZooEntry& entry, IUnknown* object) {
  ASSERT_NE(object, nullptr);
  IBackgroundCopyCallback* callback = nullptr;
  const HRESULT hr = object->QueryInterface(IID_IBackgroundCopyCallback, reinterpret_cast<void**>(&callback));
  if (entry.name == "com_callback_iid") {
    EXPECT_EQ(hr, E_NOINTERFACE);
    EXPECT_EQ(callback, nullptr);
    EXPECT_EQ(object->Release(), 0u);
    return;
  }
  ASSERT_EQ(hr, S_OK);
  ASSERT_NE(callback, nullptr);
  if (ConstantCounts(entry.name)) {
    EXPECT_EQ(callback->Release(), 1u);
    EXPECT_EQ(object->Release(), 1u);
    return;
  }
  const int offset = CountOffset(entry.name);
  EXPECT_EQ(callback->Release(), static_cast<ULONG>(1 + offset));
  if (offset < 0) return;  // it freed itself under the creator's reference: do not touch it
  EXPECT_EQ(object->Release(), static_cast<ULONG>(offset));
}

bool Leaks(std::string_view name) { return CountOffset(name) > 0; }

class ZooEntryTest : public testing::TestWithParam<ZooEntry> {};

std::string EntryParamName(const testing::TestParamInfo<ZooEntry>& info) {
  return std::string(info.param.name);
}

INSTANTIATE_TEST_SUITE_P(BugZoo, ZooEntryTest, testing::ValuesIn(BugZoo()), EntryParamName);

TEST_P(ZooEntryTest, PluginLoadsAndMakesACallback) {
  const ZooEntry& entry = GetParam();
  const std::string path = "examples/bug_zoo/lib" + std::string(entry.name) + ".so";
  tools::PluginOrError loaded = tools::LoadPlugin(path);
  ASSERT_TRUE(std::holds_alternative<tools::Plugin>(loaded)) << std::get<std::string>(loaded);
  const tools::Plugin& plugin = std::get<tools::Plugin>(loaded);
  EXPECT_EQ(plugin.abi, DOHARNESS_PLUGIN_ABI_VERSION);
  LeakAllowed leak(Leaks(entry.name));
  tools::CallbackOrError made = tools::CreateFromPlugin(plugin);
  ASSERT_TRUE(std::holds_alternative<ComPtr<IUnknown>>(made)) << std::get<std::string>(made);
  ExpectCallbackObject(entry, std::get<ComPtr<IUnknown>>(made).Detach());
}

TEST_P(ZooEntryTest, InProcessFactoryMakesACallback) {
  const ZooEntry& entry = GetParam();
  ASSERT_NE(entry.create, nullptr);
  EXPECT_EQ(entry.create(nullptr), E_POINTER);
  LeakAllowed leak(Leaks(entry.name));
  IUnknown* object = nullptr;
  ASSERT_EQ(entry.create(&object), S_OK);
  ExpectCallbackObject(entry, object);
}

TEST_P(ZooEntryTest, ExpectedFailuresNameCallbackRulesStartingWithItsOwn) {
  const ZooEntry& entry = GetParam();
  EXPECT_EQ(entry.expected_path, "examples/bug_zoo/" + std::string(entry.name) + ".expected");
  const ExpectedFailureList list = ParsedList(entry);
  ASSERT_FALSE(list.entries.empty()) << entry.expected_path << " lists no rule";
  // Named after the first rule it lists, perhaps with a variant's suffix.
  const std::string first = EntryName(list.entries.front().id);
  EXPECT_TRUE(entry.name == first || entry.name.substr(0, first.size() + 1) == first + "_")
      << entry.name << " is not named after " << list.entries.front().id;
  for (const conformance::ExpectedFailure& failure : list.entries) {
    const Rule* rule = FindRule(failure.id);
    ASSERT_NE(rule, nullptr) << failure.id;
    EXPECT_EQ(rule->family, RuleFamily::kCallback)
        << entry.expected_path << ":" << failure.line << ": " << failure.id << " is an engine promise";
    EXPECT_EQ(failure.message_prefix, "") << "the suite's messages do not exist yet";
  }
}

// The registry embeds the file that `doharness check --expected-failures` reads.
TEST_P(ZooEntryTest, EmbeddedListIsTheFile) {
  const ZooEntry& entry = GetParam();
  std::ifstream file{std::string(entry.expected_path)};
  ASSERT_TRUE(file) << entry.expected_path;
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), entry.expected_failures);
}

TEST(BugZooTest, EveryCallbackObligationHasAnEntryNamedAfterIt) {
  std::set<std::string> names;
  for (const ZooEntry& entry : BugZoo()) {
    EXPECT_TRUE(names.insert(std::string(entry.name)).second) << "duplicate " << entry.name;
  }
  int obligations = 0;
  for (const Rule& rule : Catalog()) {
    if (rule.family != RuleFamily::kCallback) continue;
    ++obligations;
    const std::string name = EntryName(rule.id);
    ASSERT_TRUE(names.count(name)) << "no entry " << name << " for " << rule.id;
    // ... and that entry lists the rule first.
    const ExpectedFailureList list = ParsedList(*FindZooEntry(name));
    ASSERT_FALSE(list.entries.empty());
    EXPECT_EQ(list.entries.front().id, rule.id);
  }
  EXPECT_EQ(obligations, 33);
  EXPECT_EQ(FindZooEntry("no_such_entry"), nullptr);
}

TEST(BugZooTest, OrderedByName) {
  const std::vector<ZooEntry>& zoo = BugZoo();
  for (size_t i = 1; i < zoo.size(); ++i) EXPECT_LT(zoo[i - 1].name, zoo[i].name);
}

}  // namespace
}  // namespace doharness::examples
