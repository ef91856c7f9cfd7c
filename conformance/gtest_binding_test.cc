// The GoogleTest binding on the reference callback: 68 tests named by rule id, all
// passing; one more test checks the count.
#include "conformance/gtest_binding.h"

#include <string>

#include "conformance/rule_catalog.h"
#include "examples/reference_callback/reference_callback.h"
#include "gtest/gtest.h"

DOHARNESS_CALLBACK_CONFORMANCE(ReferenceCallback, [](IUnknown** out) {
  return doharness::examples::CreateReferenceCallback(out);
});

namespace doharness::conformance {
namespace {

TEST(GtestBindingTest, RegistersOneTestPerRule) {
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  int found = 0;
  for (int i = 0; i < unit.total_test_suite_count(); ++i) {
    const ::testing::TestSuite& suite = *unit.GetTestSuite(i);
    if (std::string(suite.name()) != "ReferenceCallback") continue;
    found = suite.total_test_count();
    ASSERT_EQ(std::string(suite.GetTestInfo(0)->name()), std::string(Catalog().front().id));
  }
  EXPECT_EQ(found, 68);
  EXPECT_EQ(Catalog().size(), 68u);
}

}  // namespace
}  // namespace doharness::conformance
