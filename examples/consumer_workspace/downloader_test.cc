// The consumer's download manager on DO Harness's fake engine: a transient error is
// ridden out, an HTTP 404 cancels the job; and gMock's mocks with InSequence and the
// matchers, as a consumer uses them.
#include "downloader.h"

#include "api/com_ptr.h"
#include "engine/fake_engine.h"
#include "engine/fault.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/matchers.h"
#include "mocks/mock_callback.h"

namespace {

using doharness::ComPtr;
using doharness::FakeEngine;
using doharness::Fault;
using doharness::mocks::HresultIs;
using doharness::mocks::MakeComObject;
using doharness::mocks::MockCallback;
using testing::_;

ComPtr<IBackgroundCopyJob> NewJob(FakeEngine& engine, IBackgroundCopyCallback* callback) {
  ComPtr<IBackgroundCopyJob> job;
  EXPECT_EQ(engine.CreateJob(L"update", &job), S_OK);
  EXPECT_EQ(engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a", 1 << 20, 1 << 18}), S_OK);
  EXPECT_EQ(job->SetNotifyInterface(callback), S_OK);
  return job;
}

TEST(DownloaderTest, RidesOutATransientErrorThenCancelsOnHttp404) {
  FakeEngine engine;
  DownloadCallback* callback = new DownloadCallback;
  ComPtr<IBackgroundCopyJob> job = NewJob(engine, callback);
  ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::TransientAt(0, 1 << 18, HRESULT(0x80072EE2),
                                                             std::chrono::seconds(30))),
            S_OK);
  ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::HttpStatusAt(0, 1 << 19, 404)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(callback->outcome(), DownloadCallback::Outcome::kFailed);
  EXPECT_THAT(callback->last_error(), HresultIs(HRESULT(0x80190194)));  // BG_E_HTTP_ERROR_404
  callback->Release();
}

TEST(DownloaderTest, CompletesATransferredJob) {
  FakeEngine engine;
  DownloadCallback* callback = new DownloadCallback;
  ComPtr<IBackgroundCopyJob> job = NewJob(engine, callback);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(callback->outcome(), DownloadCallback::Outcome::kDone);
  callback->Release();
}

TEST(DownloaderTest, MocksInSequence) {
  FakeEngine engine;
  auto mock = MakeComObject<testing::NiceMock<MockCallback>>();
  ComPtr<IBackgroundCopyJob> job = NewJob(engine, mock.Get());
  ASSERT_EQ(job->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION), S_OK);
  {
    testing::InSequence in_order;
    EXPECT_CALL(*mock, JobModification(job.Get(), 0)).Times(testing::AtLeast(1));
    EXPECT_CALL(*mock, JobTransferred(job.Get())).WillOnce([](IBackgroundCopyJob* j) { return j->Complete(); });
  }
  EXPECT_CALL(*mock, JobError(_, _)).Times(0);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
}

}  // namespace
