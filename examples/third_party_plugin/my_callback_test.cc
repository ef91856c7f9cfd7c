// libmy_callback.so, built by build.sh with the plain compiler command, works as a
// plugin: the plugin host loads it, and its callback completes transferred jobs and
// cancels failed ones on the fake engine, in both profiles, and is freed at the end.
#include <variant>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"
#include "engine/fake_engine.h"
#include "engine/fault.h"
#include "engine/profile.h"
#include "engine/testing/engine_test_util.h"
#include "gtest/gtest.h"
#include "tools/plugin_host/plugin_host.h"

namespace doharness {
namespace {

using engine_testing::BothProfiles;
using engine_testing::MakeJob;
using engine_testing::OptionsFor;
using engine_testing::ProfileParamName;
using engine_testing::StateOf;

class MyCallbackTest : public testing::TestWithParam<Profile> {};

INSTANTIATE_TEST_SUITE_P(Profiles, MyCallbackTest, testing::ValuesIn(BothProfiles()), ProfileParamName);

TEST_P(MyCallbackTest, CompletesTransferredJobsAndCancelsFailedOnes) {
  tools::PluginOrError loaded = tools::LoadPlugin("examples/third_party_plugin/libmy_callback.so");
  ASSERT_TRUE(std::holds_alternative<tools::Plugin>(loaded)) << std::get<std::string>(loaded);
  tools::CallbackOrError made = tools::CreateFromPlugin(std::get<tools::Plugin>(loaded));
  ASSERT_TRUE(std::holds_alternative<ComPtr<IUnknown>>(made)) << std::get<std::string>(made);
  IUnknown* callback = std::get<ComPtr<IUnknown>>(made).Detach();

  FakeEngine engine(OptionsFor(GetParam()));
  auto good = MakeJob(engine, 2);
  auto bad = MakeJob(engine, 2);
  ASSERT_EQ(engine.ScriptFault(bad.Get(), Fault::HttpStatusAt(1, 0, 404)), S_OK);
  for (IBackgroundCopyJob* job : {good.Get(), bad.Get()}) {
    ASSERT_EQ(job->SetNotifyFlags(0x1B), S_OK);
    ASSERT_EQ(job->SetNotifyInterface(callback), S_OK);
    ASSERT_EQ(job->Resume(), S_OK);
  }
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(good.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_EQ(StateOf(bad.Get()), BG_JOB_STATE_CANCELLED);
  EXPECT_EQ(engine.stats().violations, 0u);
  // The engine let go of both registrations: the test's reference is the last.
  EXPECT_EQ(callback->AddRef(), 2u);
  EXPECT_EQ(callback->Release(), 1u);
  EXPECT_EQ(callback->Release(), 0u);
}

}  // namespace
}  // namespace doharness
