// The reference callback against the rules it claims (conformance/rules.md): its COM
// behaviour and its handling of borrowed pointers on mocks, and its notifications on
// the fake engine in both profiles, deterministic, re-entrant (STA) and threaded.
// Every test ends with no reference callback alive (com.refcount_balanced).
#include "examples/reference_callback/reference_callback.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/com_ptr.h"
#include "api/names.h"
#include "deliveryoptimization.h"
#include "engine/engine_options.h"
#include "engine/fake_engine.h"
#include "engine/fault.h"
#include "engine/profile.h"
#include "engine/testing/engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/actions.h"
#include "mocks/com_object.h"
#include "mocks/mock_error.h"
#include "mocks/mock_file.h"
#include "mocks/mock_job.h"

namespace doharness::examples {
namespace {

using engine_testing::BothProfiles;
using engine_testing::CallsExceptModifications;
using engine_testing::CountCalls;
using engine_testing::JobEvents;
using engine_testing::MakeJob;
using engine_testing::OptionsFor;
using engine_testing::ProfileParamName;
using engine_testing::StateOf;
using mocks::ComObject;
using mocks::MakeComObject;
using mocks::MockError;
using mocks::MockFile;
using mocks::MockJob;
using mocks::SetArgPointeeAddRef;
using testing::_;
using testing::DoAll;
using testing::ElementsAre;
using testing::Invoke;
using testing::NiceMock;
using testing::Return;
using testing::SetArgPointee;
using testing::StrictMock;

constexpr ULONG kEverything = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR |
                              BG_NOTIFY_JOB_MODIFICATION | BG_NOTIFY_FILE_TRANSFERRED;  // 0x1B

ComPtr<IBackgroundCopyCallback2> NewCallback() {
  ComPtr<IUnknown> unknown;
  EXPECT_EQ(CreateReferenceCallback(unknown.GetAddressOf()), S_OK);
  ComPtr<IBackgroundCopyCallback2> callback;
  if (unknown) {
    EXPECT_EQ(unknown.As(&callback), S_OK);
  }
  return callback;
}

// Every notification of `job` returned S_OK (ret.*_ok).
void ExpectEveryReturnOk(const Trace& trace, uint32_t job) {
  for (const TraceEvent& e : JobEvents(trace, job)) {
    if (e.kind == TraceEvent::Kind::kReturn) {
      EXPECT_EQ(e.result, HresultName(S_OK)) << e.method << " of job " << job;
    }
  }
}

// Checks that no reference callback outlives a test, and gives what the callbacks
// did during it.
class ReferenceCallbackTestBase {
 protected:
  ReferenceCallbackTestBase() : before_(GetReferenceCallbackStats()) {}

  ReferenceCallbackStats Done() const {
    ReferenceCallbackStats now = GetReferenceCallbackStats();
    now.jobs_completed -= before_.jobs_completed;
    now.jobs_cancelled -= before_.jobs_cancelled;
    now.errors -= before_.errors;
    now.errors_without_file -= before_.errors_without_file;
    now.files_transferred -= before_.files_transferred;
    now.modifications -= before_.modifications;
    now.modifications_skipped -= before_.modifications_skipped;
    return now;
  }

  void ExpectNoCallbackAlive() {
    EXPECT_EQ(GetReferenceCallbackStats().objects, 0) << "a reference callback was not freed";
  }

 private:
  const ReferenceCallbackStats before_;
};

// ---- COM (com.*) ----------------------------------------------------------------------
class ReferenceCallbackComTest : public testing::Test, public ReferenceCallbackTestBase {
 protected:
  void TearDown() override { ExpectNoCallbackAlive(); }
};

TEST_F(ReferenceCallbackComTest, FactoryRefusesANullOutPointer) {
  EXPECT_EQ(CreateReferenceCallback(nullptr), E_POINTER);
}

TEST_F(ReferenceCallbackComTest, AnswersItsThreeInterfacesWithOneIdentity) {
  IUnknown* object = nullptr;
  ASSERT_EQ(CreateReferenceCallback(&object), S_OK);
  ASSERT_NE(object, nullptr);
  EXPECT_EQ(Done().objects, 1);
  for (const IID* iid : {&IID_IUnknown, &IID_IBackgroundCopyCallback, &IID_IBackgroundCopyCallback2}) {
    void* answer = nullptr;
    ASSERT_EQ(object->QueryInterface(*iid, &answer), S_OK) << InterfaceName(*iid);
    auto* unknown = static_cast<IUnknown*>(answer);
    // com.identity and com.symmetric: from each answer, IUnknown is the same pointer,
    // and each answer leads back to the others.
    for (const IID* back : {&IID_IUnknown, &IID_IBackgroundCopyCallback, &IID_IBackgroundCopyCallback2}) {
      void* again = nullptr;
      ASSERT_EQ(unknown->QueryInterface(*back, &again), S_OK);
      EXPECT_EQ(again, object);
      static_cast<IUnknown*>(again)->Release();
    }
    unknown->Release();
  }
  EXPECT_EQ(object->Release(), 0u);
}

TEST_F(ReferenceCallbackComTest, RefusesOtherInterfacesAndNullOutPointers) {
  ComPtr<IBackgroundCopyCallback2> callback = NewCallback();
  for (const IID* iid : {&IID_IBackgroundCopyJob, &IID_IBackgroundCopyFile, &IID_IBackgroundCopyError,
                         &IID_IBackgroundCopyManager, &IID_IDeliveryOptimizationJob}) {
    void* answer = &callback;  // anything but NULL
    EXPECT_EQ(callback->QueryInterface(*iid, &answer), E_NOINTERFACE) << InterfaceName(*iid);
    EXPECT_EQ(answer, nullptr);
  }
  EXPECT_EQ(callback->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
}

TEST_F(ReferenceCallbackComTest, CountsExactlyAndFreesItselfAtZero) {
  IUnknown* object = nullptr;
  ASSERT_EQ(CreateReferenceCallback(&object), S_OK);
  EXPECT_EQ(object->AddRef(), 2u);
  EXPECT_EQ(object->AddRef(), 3u);
  EXPECT_EQ(object->Release(), 2u);
  EXPECT_EQ(object->Release(), 1u);
  EXPECT_EQ(Done().objects, 1);
  EXPECT_EQ(object->Release(), 0u);
  EXPECT_EQ(Done().objects, 0);
}

// ---- Borrowed pointers and what each method does, on mocks (params.*, tol.*) ------------
class ReferenceCallbackMockTest : public ReferenceCallbackComTest {
 protected:
  ComPtr<IBackgroundCopyCallback2> callback_ = NewCallback();
  ComPtr<NiceMock<MockJob>> job_ = MakeComObject<NiceMock<MockJob>>();
  ComPtr<NiceMock<MockError>> error_ = MakeComObject<NiceMock<MockError>>();
  ComPtr<NiceMock<MockFile>> file_ = MakeComObject<NiceMock<MockFile>>();

  void TearDown() override {
    // params.*_not_released, params.retained_balanced: only the test's references left.
    EXPECT_EQ(job_->ledger()->refcount(), 1u);
    EXPECT_EQ(error_->ledger()->refcount(), 1u);
    EXPECT_EQ(file_->ledger()->refcount(), 1u);
    callback_.Reset();
    ReferenceCallbackComTest::TearDown();
  }
};

TEST_F(ReferenceCallbackMockTest, JobTransferredCompletesTheJob) {
  EXPECT_CALL(*job_, Complete()).WillOnce(Return(S_OK));
  EXPECT_CALL(*job_, Cancel()).Times(0);
  EXPECT_EQ(callback_->JobTransferred(job_.Get()), S_OK);
  EXPECT_EQ(Done().jobs_completed, 1);
}

// ret.retry_bounded, job.acknowledges: S_OK at the first delivery, and the job is not
// left behind.
TEST_F(ReferenceCallbackMockTest, JobTransferredReturnsOkAndCancelsWhenCompleteFails) {
  EXPECT_CALL(*job_, Complete()).WillOnce(Return(BG_E_INVALID_STATE));
  EXPECT_CALL(*job_, Cancel()).WillOnce(Return(S_OK));
  EXPECT_EQ(callback_->JobTransferred(job_.Get()), S_OK);
  EXPECT_EQ(Done().jobs_completed, 0);
  EXPECT_EQ(Done().jobs_cancelled, 1);
}

TEST_F(ReferenceCallbackMockTest, JobTransferredReturnsOkWhenCompleteAndCancelBothFail) {
  EXPECT_CALL(*job_, Complete()).WillRepeatedly(Return(E_FAIL));
  EXPECT_CALL(*job_, Cancel()).WillRepeatedly(Return(E_FAIL));
  for (int delivery = 0; delivery < 3; ++delivery) EXPECT_EQ(callback_->JobTransferred(job_.Get()), S_OK);
}

// job.handles_error, params.file_not_released: the file GetFile hands out is released.
TEST_F(ReferenceCallbackMockTest, JobErrorReadsTheErrorReleasesTheFileAndCancels) {
  EXPECT_CALL(*error_, GetError(_, _))
      .WillOnce(DoAll(SetArgPointee<0>(BG_ERROR_CONTEXT_REMOTE_FILE),
                      SetArgPointee<1>(BG_E_HTTP_ERROR_404), Return(S_OK)));
  EXPECT_CALL(*error_, GetFile(_)).WillOnce(DoAll(SetArgPointeeAddRef<0>(file_.Get()), Return(S_OK)));
  EXPECT_CALL(*job_, Cancel()).WillOnce(Return(S_OK));
  EXPECT_EQ(callback_->JobError(job_.Get(), error_.Get()), S_OK);
  EXPECT_EQ(file_->ledger()->Count(mocks::RefEvent::kRelease), 1u);
  EXPECT_EQ(Done().errors, 1);
  EXPECT_EQ(Done().errors_without_file, 0);
  EXPECT_EQ(Done().last_error, BG_E_HTTP_ERROR_404);
  EXPECT_EQ(Done().jobs_cancelled, 1);
}

// tol.error_without_file, in both profiles' spelling.
TEST_F(ReferenceCallbackMockTest, JobErrorWithoutAFileStillCancels) {
  for (HRESULT not_available : {static_cast<HRESULT>(BG_E_FILE_NOT_AVAILABLE), DO_E_FILE_NOT_AVAILABLE}) {
    EXPECT_CALL(*error_, GetFile(_)).WillOnce(DoAll(SetArgPointee<0>(nullptr), Return(not_available)));
    EXPECT_CALL(*job_, Cancel()).WillOnce(Return(S_OK));
    EXPECT_EQ(callback_->JobError(job_.Get(), error_.Get()), S_OK);
  }
  EXPECT_EQ(Done().errors_without_file, 2);
}

// An error object that answers nothing useful, and a Cancel that fails: still S_OK.
TEST_F(ReferenceCallbackMockTest, JobErrorReturnsOkWhateverTheErrorObjectAndCancelSay) {
  EXPECT_CALL(*error_, GetError(_, _)).WillOnce(Return(E_UNEXPECTED));
  EXPECT_CALL(*error_, GetFile(_)).WillOnce(Return(E_UNEXPECTED));
  EXPECT_CALL(*job_, Cancel()).WillOnce(Return(DO_E_INVALID_STATE));
  EXPECT_EQ(callback_->JobError(job_.Get(), error_.Get()), S_OK);
}

// tol.reserved_nonzero, ret.modification_ok, tol.reentrant_modification: S_OK, and not
// a single job method called (StrictMock), whatever dwReserved holds.
TEST_F(ReferenceCallbackMockTest, JobModificationCallsNoJobMethodAndIgnoresReserved) {
  auto strict_job = MakeComObject<StrictMock<MockJob>>();
  for (DWORD reserved : {0u, 1u, 0xFFFFFFFFu}) {
    EXPECT_EQ(callback_->JobModification(strict_job.Get(), reserved), S_OK);
  }
  EXPECT_EQ(strict_job->ledger()->refcount(), 1u);
  EXPECT_EQ(Done().modifications, 3);
}

TEST_F(ReferenceCallbackMockTest, FileTransferredReturnsOkAndLeavesItsArgumentsAlone) {
  auto strict_job = MakeComObject<StrictMock<MockJob>>();
  auto strict_file = MakeComObject<StrictMock<MockFile>>();
  EXPECT_EQ(callback_->FileTransferred(strict_job.Get(), strict_file.Get()), S_OK);
  EXPECT_EQ(strict_job->ledger()->refcount(), 1u);
  EXPECT_EQ(strict_file->ledger()->refcount(), 1u);
  EXPECT_EQ(Done().files_transferred, 1);
}

TEST_F(ReferenceCallbackMockTest, NullArgumentsGetOkAndNoCrash) {
  EXPECT_EQ(callback_->JobTransferred(nullptr), S_OK);
  EXPECT_EQ(callback_->JobError(nullptr, nullptr), S_OK);
  EXPECT_EQ(callback_->JobError(job_.Get(), nullptr), S_OK);
  EXPECT_EQ(callback_->JobModification(nullptr, 0), S_OK);
  EXPECT_EQ(callback_->FileTransferred(nullptr, nullptr), S_OK);
}

// An engine that drops its registration inside Complete or Cancel without holding a
// reference for the call: the object is freed inside the call, and the method must
// not touch it afterwards (ASan reports any use after free).
TEST_F(ReferenceCallbackMockTest, SurvivesLosingItsLastReferenceInsideCompleteOrCancel) {
  IBackgroundCopyCallback2* raw = callback_.Detach();  // the only reference
  EXPECT_CALL(*job_, Complete()).WillOnce(Invoke([&] {
    raw->Release();
    return S_OK;
  }));
  EXPECT_EQ(raw->JobTransferred(job_.Get()), S_OK);
  EXPECT_EQ(Done().objects, 0);

  callback_ = NewCallback();
  raw = callback_.Detach();
  EXPECT_CALL(*job_, Cancel()).WillOnce(Invoke([&] {
    raw->Release();
    return S_OK;
  }));
  EXPECT_EQ(raw->JobError(job_.Get(), error_.Get()), S_OK);
  EXPECT_EQ(Done().objects, 0);
}

// ---- On the fake engine, both profiles ----------------------------------------------------
class ReferenceCallbackEngineTest : public testing::TestWithParam<Profile>,
                                    public ReferenceCallbackTestBase {
 protected:
  explicit ReferenceCallbackEngineTest(EngineOptions options = OptionsFor(GetParam()))
      : engine_(options) {}

  void TearDown() override {
    EXPECT_EQ(engine_.stats().violations, 0u) << engine_.trace().ToJsonLines();
    engine_.Shutdown();
    ExpectNoCallbackAlive();
  }

  // Registers a new reference callback on `job` and lets the job hold the only
  // reference, as the BITS-doc sample does.
  void RegisterNewCallback(IBackgroundCopyJob* job) {
    ComPtr<IBackgroundCopyCallback2> callback = NewCallback();
    ASSERT_EQ(job->SetNotifyFlags(kEverything), S_OK);
    ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  }

  uint32_t Number(const ComPtr<IBackgroundCopyJob>& job) { return engine_.JobNumber(job.Get()); }

  FakeEngine engine_;
};

INSTANTIATE_TEST_SUITE_P(Profiles, ReferenceCallbackEngineTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ret.transferred_ok, ret.file_transferred_ok, ret.modification_ok, job.acknowledges,
// and life.release_on_final meets com.refcount_balanced: the object is freed as soon as
// the engine lets go of the finished job.
TEST_P(ReferenceCallbackEngineTest, TransferredJobIsCompletedAndAcknowledged) {
  auto job = MakeJob(engine_, 2);
  ASSERT_NO_FATAL_FAILURE(RegisterNewCallback(job.Get()));
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_THAT(CallsExceptModifications(engine_.trace(), Number(job)),
              ElementsAre("FileTransferred#0", "FileTransferred#1", "JobTransferred"));
  ExpectEveryReturnOk(engine_.trace(), Number(job));
  EXPECT_EQ(Done().jobs_completed, 1);
  EXPECT_EQ(Done().files_transferred, 2);
  EXPECT_EQ(Done().modifications, CountCalls(engine_.trace(), Number(job), "JobModification"));
  EXPECT_GT(Done().modifications, 0);
  EXPECT_EQ(Done().objects, 0);
}

// ret.retry_bounded: one JobTransferred, answered S_OK, though Complete keeps failing;
// the job is cancelled rather than left behind.
TEST_P(ReferenceCallbackEngineTest, FailingCompleteIsNotRetriedForEver) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::CompleteFails(E_FAIL, 100)), S_OK);
  ASSERT_NO_FATAL_FAILURE(RegisterNewCallback(job.Get()));
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 1);
  ExpectEveryReturnOk(engine_.trace(), Number(job));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
  EXPECT_EQ(Done().jobs_cancelled, 1);
}

// ret.error_ok, job.handles_error: an HTTP 404 on the second file ends in Cancel.
TEST_P(ReferenceCallbackEngineTest, ErrorIsCancelled) {
  auto job = MakeJob(engine_, 2);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::HttpStatusAt(1, 64 * 1024, 404)), S_OK);
  ASSERT_NO_FATAL_FAILURE(RegisterNewCallback(job.Get()));
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(CallsExceptModifications(engine_.trace(), Number(job)),
              ElementsAre("FileTransferred#0", "JobError"));
  ExpectEveryReturnOk(engine_.trace(), Number(job));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
  EXPECT_EQ(Done().errors, 1);
  EXPECT_EQ(Done().errors_without_file, 0);
  EXPECT_EQ(Done().last_error, BG_E_HTTP_ERROR_404);
  EXPECT_EQ(Done().objects, 0);
}

// tol.error_without_file: a job-level error, whose GetFile gives the profile's
// FILE_NOT_AVAILABLE and NULL.
TEST_P(ReferenceCallbackEngineTest, ErrorWithoutAFileIsCancelled) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::JobError(E_ACCESSDENIED)), S_OK);
  ASSERT_NO_FATAL_FAILURE(RegisterNewCallback(job.Get()));
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobError"), 1);
  ExpectEveryReturnOk(engine_.trace(), Number(job));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
  EXPECT_EQ(Done().errors_without_file, 1);
  EXPECT_EQ(Done().last_error, E_ACCESSDENIED);
}

// tol.shared_across_jobs: one object on several jobs, one of which fails.
TEST_P(ReferenceCallbackEngineTest, OneObjectServesManyJobs) {
  ComPtr<IBackgroundCopyCallback2> callback = NewCallback();
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  for (int i = 0; i < 5; ++i) {
    jobs.push_back(MakeJob(engine_, 2));
    if (i == 2) {
      ASSERT_EQ(engine_.ScriptFault(jobs.back().Get(), Fault::HttpStatusAt(0, 0, 403)), S_OK);
    }
    ASSERT_EQ(jobs.back()->SetNotifyFlags(kEverything), S_OK);
    ASSERT_EQ(jobs.back()->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(jobs.back()->Resume(), S_OK);
  }
  callback.Reset();
  EXPECT_TRUE(engine_.RunUntilIdle());
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(StateOf(jobs[i].Get()), i == 2 ? BG_JOB_STATE_CANCELLED : BG_JOB_STATE_ACKNOWLEDGED);
    ExpectEveryReturnOk(engine_.trace(), Number(jobs[i]));
  }
  EXPECT_EQ(Done().jobs_completed, 4);
  EXPECT_EQ(Done().objects, 0);
}

// tol.unregister_inside: SetNotifyInterface(NULL) from inside each kind of notification,
// made by a proxy that then hands the call on to the reference callback. The engine
// then holds the last references (the proxy's, and through it the callback's) only for
// the call in flight; both objects are freed when it returns.
enum class Inside { kJobModification, kFileTransferred, kJobTransferred, kJobError };

class UnregisteringProxy : public ComObject<IBackgroundCopyCallback2> {
 public:
  UnregisteringProxy(ComPtr<IBackgroundCopyCallback2> inner, Inside where)
      : ComObject(Answers<IBackgroundCopyCallback, IBackgroundCopyCallback2>()),
        inner_(std::move(inner)),
        where_(where) {}

  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    Unregister(job, Inside::kJobTransferred);
    return inner_->JobTransferred(job);
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override {
    Unregister(job, Inside::kJobError);
    return inner_->JobError(job, error);
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD reserved) override {
    Unregister(job, Inside::kJobModification);
    return inner_->JobModification(job, reserved);
  }
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* job, IBackgroundCopyFile* file) override {
    Unregister(job, Inside::kFileTransferred);
    return inner_->FileTransferred(job, file);
  }

 private:
  void Unregister(IBackgroundCopyJob* job, Inside here) {
    if (here == where_) {
      EXPECT_EQ(job->SetNotifyInterface(nullptr), S_OK);
    }
  }

  const ComPtr<IBackgroundCopyCallback2> inner_;
  const Inside where_;
};

class ReferenceCallbackUnregisterTest : public ReferenceCallbackEngineTest {
 protected:
  // Runs a two-file job with the proxy registered, unregistering inside `where`.
  // Returns the proxy's ledger.
  std::shared_ptr<mocks::RefLedger> Run(Inside where, ComPtr<IBackgroundCopyJob>* job) {
    *job = MakeJob(engine_, 2);
    if (where == Inside::kJobError) {
      EXPECT_EQ(engine_.ScriptFault(job->Get(), Fault::FatalAt(1, 0, E_FAIL)), S_OK);
    }
    auto proxy = MakeComObject<UnregisteringProxy>(NewCallback(), where);
    EXPECT_EQ((*job)->SetNotifyFlags(kEverything), S_OK);
    EXPECT_EQ((*job)->SetNotifyInterface(proxy.Get()), S_OK);
    std::shared_ptr<mocks::RefLedger> ledger = proxy->ledger();
    EXPECT_EQ((*job)->Resume(), S_OK);
    proxy.Reset();
    EXPECT_TRUE(engine_.RunUntilIdle());
    return ledger;
  }
};

INSTANTIATE_TEST_SUITE_P(Profiles, ReferenceCallbackUnregisterTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

TEST_P(ReferenceCallbackUnregisterTest, InsideJobTransferred) {
  ComPtr<IBackgroundCopyJob> job;
  auto ledger = Run(Inside::kJobTransferred, &job);
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_EQ(Done().objects, 0);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST_P(ReferenceCallbackUnregisterTest, InsideJobError) {
  ComPtr<IBackgroundCopyJob> job;
  auto ledger = Run(Inside::kJobError, &job);
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_EQ(Done().objects, 0);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
}

// Unregistered before the end: the job is left TRANSFERRED for its client to finish.
TEST_P(ReferenceCallbackUnregisterTest, InsideFileTransferredAndJobModification) {
  for (Inside where : {Inside::kFileTransferred, Inside::kJobModification}) {
    ComPtr<IBackgroundCopyJob> job;
    auto ledger = Run(where, &job);
    EXPECT_TRUE(ledger->destroyed());
    EXPECT_EQ(Done().objects, 0);
    EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 0);
    EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
    EXPECT_EQ(job->Complete(), S_OK);
  }
}

// ---- STA re-entrancy (tol.reentrant_modification) ------------------------------------------
// With an engine that re-enters JobModification when the callback calls a job method
// from inside one, the reference callback is never re-entered: it calls none.
class ReferenceCallbackReentrancyTest : public ReferenceCallbackEngineTest {
 protected:
  static EngineOptions Reentrant() {
    EngineOptions options = OptionsFor(GetParam());
    options.reentrant_modification_depth = 1;
    return options;
  }
  ReferenceCallbackReentrancyTest() : ReferenceCallbackEngineTest(Reentrant()) {}
};

INSTANTIATE_TEST_SUITE_P(Profiles, ReferenceCallbackReentrancyTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

TEST_P(ReferenceCallbackReentrancyTest, ModificationsAreNeverNested) {
  auto job = MakeJob(engine_, 4);  // four "file added" modifications pending at once
  ASSERT_NO_FATAL_FAILURE(RegisterNewCallback(job.Get()));
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  ExpectEveryReturnOk(engine_.trace(), Number(job));
  EXPECT_THAT(engine_.trace().ToJsonLines(), testing::Not(testing::HasSubstr("nested")));
  const int modifications = CountCalls(engine_.trace(), Number(job), "JobModification");
  EXPECT_GE(modifications, 4);
  EXPECT_EQ(Done().modifications, modifications);
  EXPECT_EQ(Done().modifications_skipped, 0);
}

// ---- Threaded dispatch (tol.concurrent_jobs) ------------------------------------------------
// 20 jobs of two files on four engine threads, all sharing one callback object; every
// third job fails. Run it under --config=tsan too.
class ReferenceCallbackThreadedTest : public ReferenceCallbackEngineTest {
 protected:
  static EngineOptions Threaded() {
    EngineOptions options = OptionsFor(GetParam());
    options.dispatch = DispatchMode::kThreaded;
    options.concurrency_limit = 4;
    return options;
  }
  ReferenceCallbackThreadedTest() : ReferenceCallbackEngineTest(Threaded()) {}
};

INSTANTIATE_TEST_SUITE_P(Profiles, ReferenceCallbackThreadedTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

TEST_P(ReferenceCallbackThreadedTest, TwentyJobsOnFourThreads) {
  constexpr int kJobs = 20;
  ComPtr<IBackgroundCopyCallback2> callback = NewCallback();
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  for (int i = 0; i < kJobs; ++i) {
    jobs.push_back(MakeJob(engine_, 2));
    if (i % 3 == 0) {
      ASSERT_EQ(engine_.ScriptFault(jobs.back().Get(), Fault::FatalAt(1, 0, E_FAIL)), S_OK);
    }
    ASSERT_EQ(jobs.back()->SetNotifyFlags(kEverything), S_OK);
    ASSERT_EQ(jobs.back()->SetNotifyInterface(callback.Get()), S_OK);
  }
  callback.Reset();
  for (auto& job : jobs) ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  int failing = 0, modifications = 0;
  for (int i = 0; i < kJobs; ++i) {
    failing += i % 3 == 0;
    EXPECT_EQ(StateOf(jobs[i].Get()), i % 3 == 0 ? BG_JOB_STATE_CANCELLED : BG_JOB_STATE_ACKNOWLEDGED)
        << "job " << i;
    ExpectEveryReturnOk(engine_.trace(), Number(jobs[i]));
    modifications += CountCalls(engine_.trace(), Number(jobs[i]), "JobModification");
  }
  EXPECT_LE(engine_.stats().max_concurrent_calls, 4);
  EXPECT_EQ(Done().jobs_completed, kJobs - failing);
  EXPECT_EQ(Done().jobs_cancelled, failing);
  EXPECT_EQ(Done().errors, failing);
  EXPECT_EQ(Done().files_transferred, 2 * (kJobs - failing) + failing);
  // Each JobModification was either handled or skipped by the guard.
  EXPECT_EQ(Done().modifications + Done().modifications_skipped, modifications);
  EXPECT_EQ(Done().objects, 0);
}

}  // namespace
}  // namespace doharness::examples
