// The basic life of a job on the fake engine, end to end, with a mock callback.
#include "engine/fake_engine.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/matchers.h"
#include "mocks/mock_callback.h"

namespace doharness {
namespace {

using mocks::MakeComObject;
using mocks::MockCallback;
using mocks::MockCallback2;
using testing::_;
using testing::InSequence;
using testing::NiceMock;
using testing::Return;

TEST(FakeEngineTest, JobTransfersAndIsCompletedFromJobTransferred) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"update", &job), S_OK);
  ASSERT_EQ(engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a", 200 * 1024, 100 * 1024}), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce([](IBackgroundCopyJob* j) {
    return j->Complete();
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  BG_JOB_STATE state;
  ASSERT_EQ(job->GetState(&state), S_OK);
  EXPECT_EQ(state, BG_JOB_STATE_ACKNOWLEDGED);
  // life.release_on_final: only the test's own reference is left.
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
  EXPECT_EQ(engine.Now(), std::chrono::seconds(2));
}

// The example of README.md, "Drive the fake engine from a test", kept compiling here.
TEST(FakeEngineTest, ReadmeExampleCompletesTheJobWhenItIsTransferred) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"update", &job), S_OK);
  ASSERT_EQ(engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a",
                                       /*size=*/1 << 20, /*bytes_per_second=*/1 << 20}), S_OK);
  auto callback = MakeComObject<testing::NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, FileTransferred(job.Get(), _)).Times(0);  // flag not set
  EXPECT_CALL(*callback, JobTransferred(job.Get()))
      .WillOnce([](IBackgroundCopyJob* j) { return j->Complete(); });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
}

TEST(FakeEngineTest, ModificationsComeInRaiseOrderBeforeJobTransferred) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"update", &job), S_OK);
  ASSERT_EQ(engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a", 128 * 1024, 64 * 1024}), S_OK);
  auto callback = MakeComObject<testing::StrictMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyFlags(0x1B), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  {
    InSequence seq;
    // File added (raised before registration, delivered since the gate is read at
    // delivery), TRANSFERRING, two chunks.
    EXPECT_CALL(*callback, JobModification(job.Get(), 0u)).Times(4);
    EXPECT_CALL(*callback, FileTransferred(job.Get(), _));
    EXPECT_CALL(*callback, JobTransferred(job.Get()));
  }
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(job->Cancel(), S_OK);
}

TEST(FakeEngineTest, TraceIsJsonLinesAndByteStableForTheSameSeed) {
  auto run = [] {
    FakeEngine engine;
    ComPtr<IBackgroundCopyJob> job;
    EXPECT_EQ(engine.CreateJob(L"update", &job), S_OK);
    EXPECT_EQ(engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a", 100, 100}), S_OK);
    auto callback = MakeComObject<NiceMock<MockCallback>>();
    EXPECT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
    EXPECT_EQ(job->Resume(), S_OK);
    engine.RunUntilIdle();
    EXPECT_EQ(job->Complete(), S_OK);
    return engine.trace().ToJsonLines();
  };
  std::string first = run();
  EXPECT_EQ(first, run());
  EXPECT_THAT(first, testing::HasSubstr(R"("event":"call","method":"JobTransferred")"));
}

}  // namespace
}  // namespace doharness
