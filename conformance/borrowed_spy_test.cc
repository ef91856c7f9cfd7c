// The spies that stand in for pJob, pError and pFile: each way of mistreating a
// borrowed pointer is reported with its rule, correct use is not, and the engine's
// own objects are never touched by the callee's mistakes.
#include "conformance/borrowed_spy.h"

#include <memory>
#include <set>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/internal/observation_testing.h"
#include "conformance/observations.h"
#include "conformance/recording_proxy.h"
#include "deliveryoptimization.h"
#include "engine/fake_engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/mock_callback.h"

namespace doharness::conformance {
namespace {

using mocks::MakeComObject;
using mocks::MockCallback2;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::NiceMock;
using testing_util::CallsOf;
using testing_util::HandToProxy;
using testing_util::kTerminal;
using testing_util::MakeJob;
using testing_util::Messages;
using testing_util::Rules;

// A fake engine, a recorder and a proxy for a NiceMock<MockCallback2>, torn down in
// the order the harness uses: engine first, the recorder (owner of spies and proxy) last.
class BorrowedSpyTest : public ::testing::Test {
 protected:
  explicit BorrowedSpyTest(EngineOptions options = EngineOptions())
      : engine_(std::make_unique<FakeEngine>(options)),
        callback_(HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder_, &proxy_)) {}

  // Shuts the engine down and drops the proxy, then ends the case.
  void Finish() {
    engine_.reset();
    proxy_.Reset();
    recorder_->FinishCase();
  }

  std::shared_ptr<Recorder> recorder_ = std::make_shared<Recorder>();
  std::unique_ptr<FakeEngine> engine_;
  ComPtr<RecordingProxy> proxy_;
  NiceMock<MockCallback2>* callback_;
};

class BorrowedSpyBitsTest : public BorrowedSpyTest {
 protected:
  static EngineOptions Bits() {
    EngineOptions options;
    options.profile = Profile::Bits();
    return options;
  }
  BorrowedSpyBitsTest() : BorrowedSpyTest(Bits()) {}
};

TEST_F(BorrowedSpyTest, OverReleasingPJobIsReportedAndSparesTheEnginesJob) {
  ON_CALL(*callback_, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) {
    EXPECT_EQ(job->Release(), 1u);  // as if the engine's reference were still there
    return job->Complete();
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  EXPECT_EQ(engine_->stats().violations, 0u);
  Finish();
  EXPECT_THAT(Rules(*recorder_), ElementsAre("params.job_not_released"));
  EXPECT_THAT(Messages(*recorder_),
              ElementsAre("JobTransferred released pJob once more than it AddRef'd (job 1)"));
  EXPECT_EQ(recorder_->violations()[0].job, 1);
}

TEST_F(BorrowedSpyTest, OverReleasingPErrorIsReported) {
  ON_CALL(*callback_, JobError).WillByDefault([](IBackgroundCopyJob* job, IBackgroundCopyError* error) {
    error->Release();
    return job->Cancel();
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(engine_->ScriptFault(job.Get(), Fault::HttpStatusAt(0, 0, 404)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  EXPECT_EQ(engine_->stats().violations, 0u);
  Finish();
  EXPECT_THAT(Rules(*recorder_), ElementsAre("params.error_not_released"));
  EXPECT_THAT(Messages(*recorder_),
              ElementsAre("JobError released pError once more than it AddRef'd (job 1)"));
}

TEST_F(BorrowedSpyTest, OverReleasingPFileIsReported) {
  ON_CALL(*callback_, FileTransferred).WillByDefault([](IBackgroundCopyJob*, IBackgroundCopyFile* file) {
    file->Release();
    return S_OK;
  });
  ON_CALL(*callback_, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) { return job->Complete(); });
  auto job = MakeJob(*engine_, proxy_.Get(), 1, kTerminal | BG_NOTIFY_FILE_TRANSFERRED);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  EXPECT_EQ(engine_->stats().violations, 0u);
  Finish();
  EXPECT_THAT(Rules(*recorder_), ElementsAre("params.file_not_released"));
  EXPECT_THAT(Messages(*recorder_),
              ElementsAre("FileTransferred released pFile once more than it AddRef'd (job 1)"));
}

TEST_F(BorrowedSpyTest, BalancedReferencesAreClean) {
  // pJob kept from a JobModification until the JobTransferred; pError and pFile
  // AddRef'd and released inside their call, once through QueryInterface.
  IBackgroundCopyJob* kept = nullptr;
  ON_CALL(*callback_, JobModification).WillByDefault([&kept](IBackgroundCopyJob* job, DWORD) {
    if (kept == nullptr) {
      job->AddRef();
      kept = job;
    }
    return S_OK;
  });
  ON_CALL(*callback_, FileTransferred).WillByDefault([](IBackgroundCopyJob*, IBackgroundCopyFile* file) {
    IUnknown* unknown = nullptr;
    EXPECT_EQ(file->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&unknown)), S_OK);
    EXPECT_EQ(unknown, static_cast<IUnknown*>(file));
    unknown->Release();
    return S_OK;
  });
  ON_CALL(*callback_, JobTransferred).WillByDefault([&kept](IBackgroundCopyJob* job) {
    EXPECT_EQ(kept, job);  // one spy per job
    BG_JOB_STATE state;
    EXPECT_EQ(kept->GetState(&state), S_OK);
    kept->Release();
    return job->Complete();
  });
  auto job = MakeJob(*engine_, proxy_.Get(), 2, testing_util::kAll);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  ASSERT_NE(kept, nullptr);
  Finish();
  EXPECT_THAT(Rules(*recorder_), IsEmpty()) << recorder_->ToString();
}

TEST_F(BorrowedSpyTest, ReferencesKeptToTheEndAreReportedOnceByFinishCase) {
  ON_CALL(*callback_, JobError).WillByDefault([](IBackgroundCopyJob* job, IBackgroundCopyError* error) {
    job->AddRef();
    error->AddRef();
    error->AddRef();
    return job->Cancel();
  });
  ON_CALL(*callback_, FileTransferred).WillByDefault([](IBackgroundCopyJob*, IBackgroundCopyFile* file) {
    file->AddRef();
    return S_OK;
  });
  ON_CALL(*callback_, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) { return job->Complete(); });
  auto failing = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(engine_->ScriptFault(failing.Get(), Fault::HttpStatusAt(0, 0, 404)), S_OK);
  ASSERT_EQ(failing->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  auto job = MakeJob(*engine_, proxy_.Get(), 1, kTerminal | BG_NOTIFY_FILE_TRANSFERRED);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  EXPECT_THAT(Rules(*recorder_), IsEmpty());  // held, not yet leaked
  Finish();
  recorder_->FinishCase();
  EXPECT_THAT(Rules(*recorder_), ElementsAre("params.retained_balanced", "params.retained_balanced",
                                             "params.retained_balanced"));
  EXPECT_THAT(Messages(*recorder_), ElementsAre("kept 1 reference on pJob of job 1 and never released it",
                                                "kept 2 references on pError of job 1 and never released it",
                                                "kept 1 reference on pFile of job 2 and never released it"));
}

TEST_F(BorrowedSpyTest, UseAfterReturnWithoutAReferenceIsReportedOnceAndStillWorks) {
  IBackgroundCopyJob* stored = nullptr;
  ON_CALL(*callback_, JobTransferred).WillByDefault([&stored](IBackgroundCopyJob* job) {
    stored = job;  // no AddRef
    return S_OK;
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  ASSERT_NE(stored, nullptr);
  BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
  EXPECT_EQ(stored->GetState(&state), S_OK);  // forwarded: the engine's job is alive
  EXPECT_EQ(state, BG_JOB_STATE_TRANSFERRED);
  EXPECT_EQ(stored->Complete(), S_OK);
  EXPECT_THAT(Rules(*recorder_), ElementsAre("params.no_use_after_return"));
  EXPECT_THAT(
      Messages(*recorder_),
      ElementsAre("GetState called on pJob of job 1 after JobTransferred returned, without a reference"));
  Finish();
}

TEST_F(BorrowedSpyTest, UseAfterReturnThroughAReferenceIsClean) {
  IBackgroundCopyJob* kept = nullptr;
  ON_CALL(*callback_, JobTransferred).WillByDefault([&kept](IBackgroundCopyJob* job) {
    job->AddRef();
    kept = job;
    return S_OK;
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->Complete(), S_OK);
  EXPECT_EQ(kept->Release(), 1u);
  Finish();
  EXPECT_THAT(Rules(*recorder_), IsEmpty()) << recorder_->ToString();
}

TEST_F(BorrowedSpyTest, UseOfPErrorAfterReturnIsReported) {
  IBackgroundCopyError* stored = nullptr;
  ON_CALL(*callback_, JobError).WillByDefault([&stored](IBackgroundCopyJob*, IBackgroundCopyError* error) {
    stored = error;
    return S_OK;
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(engine_->ScriptFault(job.Get(), Fault::HttpStatusAt(0, 0, 404)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  ASSERT_NE(stored, nullptr);
  BG_ERROR_CONTEXT context;
  HRESULT code;
  EXPECT_EQ(stored->GetError(&context, &code), S_OK);
  EXPECT_EQ(code, BG_E_HTTP_ERROR_404);
  EXPECT_THAT(Messages(*recorder_),
              ElementsAre("GetError called on pError of job 1 after JobError returned, without a reference"));
  EXPECT_EQ(job->Cancel(), S_OK);
  Finish();
}

TEST_F(BorrowedSpyTest, OverReleaseAfterReturnNamesTheCallItCameFrom) {
  IBackgroundCopyJob* stored = nullptr;
  ON_CALL(*callback_, JobTransferred).WillByDefault([&stored](IBackgroundCopyJob* job) {
    stored = job;
    return job->Complete();
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  ASSERT_NE(stored, nullptr);
  stored->Release();
  EXPECT_THAT(Rules(*recorder_), ElementsAre("params.job_not_released"));
  EXPECT_THAT(
      Messages(*recorder_),
      ElementsAre("pJob released once more than it was AddRef'd, after JobTransferred returned (job 1)"));
  Finish();
}

TEST_F(BorrowedSpyTest, AddRefAndReleaseCountAsIfTheEngineHeldOne) {
  ON_CALL(*callback_, JobModification).WillByDefault([](IBackgroundCopyJob* job, DWORD) {
    EXPECT_EQ(job->AddRef(), 2u);
    EXPECT_EQ(job->AddRef(), 3u);
    EXPECT_EQ(job->Release(), 2u);
    EXPECT_EQ(job->Release(), 1u);
    return S_OK;
  });
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine_->CreateJob(L"counted", &job), S_OK);
  EXPECT_EQ(proxy_->JobModification(job.Get(), 0), S_OK);
  Finish();
  EXPECT_THAT(Rules(*recorder_), IsEmpty()) << recorder_->ToString();
}

TEST_F(BorrowedSpyTest, QueryInterfaceAnswersTheSpyAndPassesOtherIidsThrough) {
  ON_CALL(*callback_, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) {
    IUnknown* unknown = nullptr;
    EXPECT_EQ(job->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&unknown)), S_OK);
    EXPECT_EQ(unknown, static_cast<IUnknown*>(job));
    IBackgroundCopyJob* same = nullptr;
    EXPECT_EQ(job->QueryInterface(IID_PPV_ARGS(&same)), S_OK);
    EXPECT_EQ(same, job);
    EXPECT_EQ(job->AddRef(), 4u);  // the two answers counted as AddRefs
    job->Release();
    void* other = &other;
    EXPECT_EQ(job->QueryInterface(IID_IBackgroundCopyCallback, &other), E_NOINTERFACE);
    EXPECT_EQ(other, nullptr);
    EXPECT_EQ(job->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
    unknown->Release();
    same->Release();
    return job->Complete();
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  Finish();
  EXPECT_THAT(Rules(*recorder_), IsEmpty()) << recorder_->ToString();
}

TEST_F(BorrowedSpyTest, OutParametersAreTheEnginesObjects) {
  ComPtr<IBackgroundCopyFile> from_error;
  ComPtr<IBackgroundCopyError> from_job;
  IBackgroundCopyError* spied_error = nullptr;
  ON_CALL(*callback_, JobError).WillByDefault([&](IBackgroundCopyJob* job, IBackgroundCopyError* error) {
    spied_error = error;
    EXPECT_EQ(error->GetFile(from_error.ReleaseAndGetAddressOf()), S_OK);
    EXPECT_EQ(job->GetError(from_job.ReleaseAndGetAddressOf()), S_OK);
    return S_OK;
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(engine_->ScriptFault(job.Get(), Fault::HttpStatusAt(0, 0, 404)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());

  // The file the engine hands out for index 0, through the harness's own job.
  ComPtr<IEnumBackgroundCopyFiles> files;
  ASSERT_EQ(job->EnumFiles(files.ReleaseAndGetAddressOf()), S_OK);
  ComPtr<IBackgroundCopyFile> first;
  ASSERT_EQ(files->Next(1, first.ReleaseAndGetAddressOf(), nullptr), S_OK);
  EXPECT_EQ(from_error.Get(), first.Get());
  ASSERT_TRUE(from_job);
  EXPECT_NE(from_job.Get(), spied_error);
  // Owned by the callee, not borrowed: using them later is no violation.
  BG_FILE_PROGRESS progress;
  EXPECT_EQ(from_error->GetProgress(&progress), S_OK);
  EXPECT_EQ(job->Cancel(), S_OK);
  Finish();
  EXPECT_THAT(Rules(*recorder_), IsEmpty()) << recorder_->ToString();
}

TEST_F(BorrowedSpyBitsTest, ErrorWithoutAFileGivesFileNotAvailableThroughTheSpy) {
  HRESULT get_file = S_OK;
  IBackgroundCopyFile* file = reinterpret_cast<IBackgroundCopyFile*>(&get_file);
  ON_CALL(*callback_, JobError).WillByDefault([&](IBackgroundCopyJob* job, IBackgroundCopyError* error) {
    get_file = error->GetFile(&file);
    return job->Cancel();
  });
  auto job = MakeJob(*engine_, proxy_.Get());
  ASSERT_EQ(engine_->ScriptFault(job.Get(), Fault::JobError(E_FAIL)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());
  EXPECT_EQ(get_file, BG_E_FILE_NOT_AVAILABLE);
  EXPECT_EQ(file, nullptr);
  Finish();
  EXPECT_THAT(Rules(*recorder_), IsEmpty()) << recorder_->ToString();
}

TEST_F(BorrowedSpyTest, OneJobSpyPerJobAndOneErrorSpyPerCall) {
  std::set<IBackgroundCopyJob*> jobs_seen;
  std::vector<IBackgroundCopyError*> errors_seen;
  ON_CALL(*callback_, JobModification).WillByDefault([&](IBackgroundCopyJob* job, DWORD) {
    jobs_seen.insert(job);
    return S_OK;
  });
  ON_CALL(*callback_, JobTransferred).WillByDefault([&](IBackgroundCopyJob* job) {
    jobs_seen.insert(job);
    return job->Complete();
  });
  // Fails the first delivery, so that the engine delivers JobError again.
  ON_CALL(*callback_, JobError).WillByDefault([&](IBackgroundCopyJob* job, IBackgroundCopyError* error) {
    jobs_seen.insert(job);
    errors_seen.push_back(error);
    return errors_seen.size() == 1 ? E_FAIL : job->Cancel();
  });
  auto good = MakeJob(*engine_, proxy_.Get(), 2, kTerminal | BG_NOTIFY_JOB_MODIFICATION);
  auto bad = MakeJob(*engine_, proxy_.Get(), 1, kTerminal | BG_NOTIFY_JOB_MODIFICATION);
  ASSERT_EQ(engine_->ScriptFault(bad.Get(), Fault::HttpStatusAt(0, 64 * 1024, 404)), S_OK);
  ASSERT_EQ(good->Resume(), S_OK);
  ASSERT_EQ(bad->Resume(), S_OK);
  EXPECT_TRUE(engine_->RunUntilIdle());

  EXPECT_EQ(jobs_seen.size(), 2u);
  EXPECT_EQ(jobs_seen.count(good.Get()), 0u);
  EXPECT_EQ(jobs_seen.count(bad.Get()), 0u);
  const int good_index = recorder_->JobIndexOf(good.Get());
  const int bad_index = recorder_->JobIndexOf(bad.Get());
  EXPECT_NE(good_index, 0);
  EXPECT_NE(bad_index, 0);
  EXPECT_NE(good_index, bad_index);
  for (IBackgroundCopyJob* spy : jobs_seen) {
    EXPECT_TRUE(recorder_->JobIndexOf(spy) == good_index || recorder_->JobIndexOf(spy) == bad_index);
  }
  ASSERT_EQ(errors_seen.size(), 2u);
  EXPECT_NE(errors_seen[0], errors_seen[1]);
  for (const CallRecord& call : CallsOf(*recorder_, NotificationMethod::kJobError)) EXPECT_EQ(call.job, bad_index);
  Finish();
  EXPECT_THAT(Rules(*recorder_), IsEmpty()) << recorder_->ToString();
}

}  // namespace
}  // namespace doharness::conformance
