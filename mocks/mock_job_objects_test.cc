// MockJob, MockError and MockFile stand in for the engine's objects in a test of a
// callback: every method is mocked, and the references the callback takes and
// drops show in the ledgers.
#include <type_traits>

#include "api/com_ptr.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/actions.h"
#include "mocks/com_object.h"
#include "mocks/matchers.h"
#include "mocks/mock_error.h"
#include "mocks/mock_file.h"
#include "mocks/mock_job.h"

namespace doharness::mocks {
namespace {

using ::testing::_;
using ::testing::DoAll;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::SetArgPointee;
using ::testing::StrictMock;

// Every method of each interface is mocked: none is left abstract.
static_assert(!std::is_abstract_v<MockJob>);
static_assert(!std::is_abstract_v<MockError>);
static_assert(!std::is_abstract_v<MockFile>);

// The code under test: a JobError handler as the BITS samples write it. It looks
// at the failed file when there is one (and only then: contract section 8, bug 2),
// and cancels the job.
HRESULT CancelOnError(IBackgroundCopyJob* job, IBackgroundCopyError* error,
                      BG_FILE_PROGRESS* failed_file_progress) {
  IBackgroundCopyFile* file = nullptr;
  if (SUCCEEDED(error->GetFile(&file)) && file != nullptr) {
    file->GetProgress(failed_file_progress);
    file->Release();
  }
  return job->Cancel();
}

TEST(MockJobObjectsTest, EachAnswersItsOwnInterface) {
  auto job = MakeComObject<MockJob>();
  auto error = MakeComObject<MockError>();
  auto file = MakeComObject<MockFile>();
  ComPtr<IBackgroundCopyJob> as_job;
  ComPtr<IBackgroundCopyError> as_error;
  ComPtr<IBackgroundCopyFile> as_file;

  EXPECT_EQ(job.As(&as_job), S_OK);
  EXPECT_EQ(error.As(&as_error), S_OK);
  EXPECT_EQ(file.As(&as_file), S_OK);
  EXPECT_EQ(job.As(&as_file), E_NOINTERFACE);
  EXPECT_EQ(file.As(&as_error), E_NOINTERFACE);
  EXPECT_EQ(job->ledger()->refcount(), 2u);
}

TEST(MockJobObjectsTest, ErrorWithoutAFile) {
  auto job = MakeComObject<StrictMock<MockJob>>();
  auto error = MakeComObject<StrictMock<MockError>>();
  EXPECT_CALL(*error, GetFile(_))
      .WillOnce(DoAll(SetArgPointee<0>(nullptr), Return(BG_E_FILE_NOT_AVAILABLE)));
  EXPECT_CALL(*job, Cancel()).WillOnce(Return(S_OK));
  BG_FILE_PROGRESS progress{};

  EXPECT_EQ(CancelOnError(job.Get(), error.Get(), &progress), S_OK);
}

TEST(MockJobObjectsTest, ErrorWithAFileHandsOutAReference) {
  auto job = MakeComObject<StrictMock<MockJob>>();
  auto error = MakeComObject<StrictMock<MockError>>();
  auto file = MakeComObject<StrictMock<MockFile>>();
  EXPECT_CALL(*error, GetFile(_))
      .WillOnce(DoAll(SetArgPointeeAddRef<0>(file.Get()), Return(S_OK)));
  EXPECT_CALL(*file, GetProgress(_))
      .WillOnce(DoAll(SetArgPointee<0>(BG_FILE_PROGRESS{100, 40, FALSE}), Return(S_OK)));
  EXPECT_CALL(*job, Cancel()).WillOnce(Return(BG_E_INVALID_STATE));
  BG_FILE_PROGRESS progress{};

  EXPECT_THAT(CancelOnError(job.Get(), error.Get(), &progress), HresultIs(BG_E_INVALID_STATE));

  EXPECT_EQ(progress.BytesTransferred, 40u);
  // The handler released the file it was given, and kept nothing.
  EXPECT_EQ(file->ledger()->ToString(), "AddRef -> 2\nRelease -> 1");
}

TEST(MockJobObjectsTest, SetArgPointeeAddRefPassesNull) {
  auto error = MakeComObject<StrictMock<MockError>>();
  EXPECT_CALL(*error, GetFile(_)).WillOnce(DoAll(SetArgPointeeAddRef<0>(
                                                     static_cast<IBackgroundCopyFile*>(nullptr)),
                                                 Return(BG_E_FILE_NOT_AVAILABLE)));
  int sentinel = 0;
  auto* file = reinterpret_cast<IBackgroundCopyFile*>(&sentinel);

  EXPECT_EQ(error->GetFile(&file), BG_E_FILE_NOT_AVAILABLE);
  EXPECT_EQ(file, nullptr);
}

TEST(MockJobObjectsTest, JobMethodsTakeMatchers) {
  auto job = MakeComObject<StrictMock<MockJob>>();
  EXPECT_CALL(*job, SetNotifyFlags(NotifyFlagsAre(BG_NOTIFY_JOB_TRANSFERRED |
                                                  BG_NOTIFY_JOB_ERROR)))
      .WillOnce(Return(S_OK));
  EXPECT_CALL(*job, SetPriority(BG_JOB_PRIORITY_FOREGROUND)).WillOnce(Return(S_OK));

  EXPECT_EQ(job->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR), S_OK);
  EXPECT_EQ(job->SetPriority(BG_JOB_PRIORITY_FOREGROUND), S_OK);
}

TEST(MockJobObjectsTest, UnsetMethodsReturnSOk) {
  auto job = MakeComObject<NiceMock<MockJob>>();
  ULONG flags = 7;

  EXPECT_EQ(job->TakeOwnership(), S_OK);
  EXPECT_EQ(job->GetNotifyFlags(&flags), S_OK);
  EXPECT_EQ(flags, 7u);  // untouched
}

}  // namespace
}  // namespace doharness::mocks
