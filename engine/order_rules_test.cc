// The order.* engine promises of conformance/rules.md, on the fake engine in
// deterministic mode, in both profiles; plus the engine's STA re-entrancy
// (EngineOptions::reentrant_modification_depth), the seeded ordering of
// JobModification against JobTransferred (EngineOptions::modification_order), and
// a callback that calls job methods from inside every kind of notification.
// The threaded mode is in threaded_dispatch_test.cc.
#include <chrono>
#include <string>
#include <tuple>
#include <vector>

#include "api/names.h"
#include "engine/fake_engine.h"
#include "engine/testing/engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/matchers.h"
#include "mocks/mock_callback.h"

namespace doharness {
namespace {

using engine_testing::BothProfiles;
using engine_testing::CallName;
using engine_testing::Calls;
using engine_testing::CallsExceptModifications;
using engine_testing::CallsFrom;
using engine_testing::CallTimes;
using engine_testing::CountCalls;
using engine_testing::FindEvent;
using engine_testing::FindStateEntered;
using engine_testing::Finish;
using engine_testing::JobEvents;
using engine_testing::MakeJob;
using engine_testing::MaxOpenCalls;
using engine_testing::OptionsFor;
using engine_testing::ProfileParamName;
using engine_testing::ResumeStateModifications;
using engine_testing::ReturnResults;
using engine_testing::StateOf;
using engine_testing::StatesEntered;
using engine_testing::TransientCode;
using mocks::HresultIs;
using mocks::MakeComObject;
using mocks::MockCallback2;
using std::chrono::hours;
using std::chrono::seconds;
using testing::_;
using testing::Contains;
using testing::ElementsAre;
using testing::NiceMock;
using testing::Not;
using testing::Return;

constexpr ULONG kTransferredAndError = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;
constexpr ULONG kWithModification = kTransferredAndError | BG_NOTIFY_JOB_MODIFICATION;
constexpr ULONG kEverything = kWithModification | BG_NOTIFY_FILE_TRANSFERRED;  // 0x1B

class OrderRulesTest : public testing::TestWithParam<Profile> {
 protected:
  OrderRulesTest() : engine_(OptionsFor(GetParam())) {}
  const Profile& profile() const { return engine_.options().profile; }
  uint32_t Number(const ComPtr<IBackgroundCopyJob>& job) { return engine_.JobNumber(job.Get()); }
  // Registers `callback` with `flags` on `job`.
  void Register(const ComPtr<IBackgroundCopyJob>& job, IUnknown* callback, ULONG flags) {
    ASSERT_EQ(job->SetNotifyFlags(flags), S_OK);
    ASSERT_EQ(job->SetNotifyInterface(callback), S_OK);
  }
  // A callback whose JobTransferred calls Complete and whose JobError calls Cancel.
  static ComPtr<NiceMock<MockCallback2>> FinishingCallback() {
    auto callback = MakeComObject<NiceMock<MockCallback2>>();
    ON_CALL(*callback, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) {
      EXPECT_EQ(job->Complete(), S_OK);
      return S_OK;
    });
    ON_CALL(*callback, JobError).WillByDefault([](IBackgroundCopyJob* job, IBackgroundCopyError*) {
      EXPECT_EQ(job->Cancel(), S_OK);
      return S_OK;
    });
    return callback;
  }

  FakeEngine engine_;
};

INSTANTIATE_TEST_SUITE_P(Profiles, OrderRulesTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ---- order.no_error_on_transient ----------------------------------------------------------
// A 30 s transient error at 64 KiB: TRANSIENT_ERROR, retried after the minimum retry
// delay, TRANSFERRED; JobError never.
TEST_P(OrderRulesTest, NoErrorOnTransient_TransientThatClearsGivesNoJobError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(
                job.Get(), Fault::TransientAt(0, 64 * 1024, TransientCode(profile()), seconds(30))),
            S_OK);
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, JobError).Times(0);
  EXPECT_CALL(*callback, JobTransferred(job.Get()));
  Register(job, callback.Get(), kWithModification);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  const auto states = StatesEntered(engine_.trace(), Number(job));
  EXPECT_THAT(states, Contains("TRANSIENT_ERROR"));
  EXPECT_THAT(states, Not(Contains("ERROR")));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

// order.no_error_on_transient: with a no-progress timeout longer than the transient
// error, and a Resume (S_OK) while in TRANSIENT_ERROR, still no JobError.
TEST_P(OrderRulesTest, NoErrorOnTransient_TransientShorterThanTimeoutAndResumeGiveNoJobError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(job->SetNoProgressTimeout(3600), S_OK);
  ASSERT_EQ(
      engine_.ScriptFault(
          job.Get(), Fault::TransientAt(0, 64 * 1024, TransientCode(profile()), seconds(3000))),
      S_OK);
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, JobError).Times(0);
  EXPECT_CALL(*callback, JobTransferred(job.Get()));
  Register(job, callback.Get(), kWithModification);
  ASSERT_EQ(job->Resume(), S_OK);
  engine_.AdvanceBy(seconds(10));
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSIENT_ERROR);
  EXPECT_EQ(job->Resume(), S_OK);  // WIN: S_OK in TRANSIENT_ERROR
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(StatesEntered(engine_.trace(), Number(job)), Not(Contains("ERROR")));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

// ---- order.error_after_timeout ---------------------------------------------------------
// A transient error that outlasts SetNoProgressTimeout(60): nothing before 60 s without
// progress, then ERROR and one JobError with the transient error's code.
TEST_P(OrderRulesTest, ErrorAfterTimeout_TransientOutlastingTimeoutBecomesErrorThenJobError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(job->SetNoProgressTimeout(60), S_OK);
  ASSERT_EQ(engine_.ScriptFault(
                job.Get(), Fault::TransientAt(0, 64 * 1024, TransientCode(profile()), hours(1))),
            S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  VirtualTime called_at{-1};
  HRESULT code = S_OK;
  BG_JOB_STATE state_inside = BG_JOB_STATE_QUEUED;
  EXPECT_CALL(*callback, JobError(job.Get(), _))
      .WillOnce([&](IBackgroundCopyJob* j, IBackgroundCopyError* error) {
        called_at = engine_.Now();
        BG_ERROR_CONTEXT context;
        EXPECT_EQ(error->GetError(&context, &code), S_OK);
        EXPECT_EQ(j->GetState(&state_inside), S_OK);
        EXPECT_EQ(j->Cancel(), S_OK);
        return S_OK;
      });
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  // The last progress is the first 64 KiB, at 1 s; the timeout runs out at 61 s.
  engine_.AdvanceBy(seconds(60));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSIENT_ERROR);
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobError"), 0);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(called_at, seconds(61));
  EXPECT_THAT(code, HresultIs(TransientCode(profile())));
  EXPECT_EQ(state_inside, BG_JOB_STATE_ERROR);
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobError"), 1);
  EXPECT_THAT(StatesEntered(engine_.trace(), Number(job)),
              testing::IsSupersetOf({"TRANSIENT_ERROR", "ERROR", "CANCELLED"}));
}

// order.error_after_timeout with the profile's default no-progress timeout (not set):
// DO 86400 s for NORMAL priority and 3600 s for FOREGROUND/HIGH, BITS 14 days for both.
TEST_P(OrderRulesTest, ErrorAfterTimeout_DefaultTimeoutOfTheProfileAndPriority) {
  for (BG_JOB_PRIORITY priority : {BG_JOB_PRIORITY_NORMAL, BG_JOB_PRIORITY_FOREGROUND}) {
    SCOPED_TRACE(JobPriorityName(priority));
    const bool high = priority == BG_JOB_PRIORITY_FOREGROUND;
    const Duration timeout =
        high ? profile().no_progress_timeout_high : profile().no_progress_timeout_normal;
    auto job = MakeJob(engine_);
    ASSERT_EQ(job->SetPriority(priority), S_OK);
    ASSERT_EQ(
        engine_.ScriptFault(
            job.Get(), Fault::TransientAt(0, 64 * 1024, TransientCode(profile()), 2 * timeout)),
        S_OK);
    auto callback = FinishingCallback();
    VirtualTime called_at{-1};
    EXPECT_CALL(*callback, JobError(job.Get(), _))
        .WillOnce([&](IBackgroundCopyJob* j, IBackgroundCopyError*) {
          called_at = engine_.Now();
          EXPECT_EQ(j->Cancel(), S_OK);
          return S_OK;
        });
    Register(job, callback.Get(), kTransferredAndError);
    const VirtualTime start = engine_.Now();
    ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine_.RunUntilIdle(3 * timeout));
    EXPECT_EQ(called_at, start + seconds(1) + timeout);
    EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobError"), 1);
  }
}

// order.error_after_timeout for a stall (no progress while TRANSFERRING): ERROR with
// the profile's no-progress code, then JobError.
TEST_P(OrderRulesTest, ErrorAfterTimeout_StallOutlastingTimeoutBecomesErrorThenJobError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(job->SetNoProgressTimeout(60), S_OK);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::StallAt(0, 64 * 1024, hours(1))), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  VirtualTime called_at{-1};
  HRESULT code = S_OK;
  EXPECT_CALL(*callback, JobError(job.Get(), _))
      .WillOnce([&](IBackgroundCopyJob* j, IBackgroundCopyError* error) {
        called_at = engine_.Now();
        BG_ERROR_CONTEXT context;
        EXPECT_EQ(error->GetError(&context, &code), S_OK);
        EXPECT_EQ(j->Cancel(), S_OK);
        return S_OK;
      });
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  engine_.AdvanceBy(seconds(60));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRING);  // stalled, not in error yet
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(called_at, seconds(61));
  EXPECT_THAT(code, HresultIs(profile().no_progress));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobError"), 1);
}

// order.error_after_timeout: a stall shorter than the timeout ends in TRANSFERRED.
TEST_P(OrderRulesTest, ErrorAfterTimeout_StallShorterThanTimeoutGivesNoJobError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(job->SetNoProgressTimeout(60), S_OK);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::StallAt(0, 64 * 1024, seconds(30))), S_OK);
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, JobError).Times(0);
  EXPECT_CALL(*callback, JobTransferred(job.Get()));
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(CallTimes(engine_.trace(), Number(job), "JobTransferred"),
            std::vector<VirtualTime>{seconds(32)});  // 1 s, a 30 s stall, 1 s
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

// ---- order.no_modification_on_terminal ------------------------------------------------
// Every JobModification raised has a cause: the file added, each state of Resume, each
// 64 KiB chunk. Entering TRANSFERRED adds none.
TEST_P(OrderRulesTest, NoModificationOnTerminal_NoneForEnteringTransferred) {
  auto job = MakeJob(engine_);  // 128 KiB: two chunks
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, JobTransferred(job.Get()));
  Register(job, callback.Get(), kWithModification);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobModification"),
            1 + ResumeStateModifications(profile()) + 2);
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 1);
}

// order.no_modification_on_terminal: entering ERROR adds none either (a fatal error
// after the first chunk).
TEST_P(OrderRulesTest, NoModificationOnTerminal_NoneForEnteringError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::FatalAt(0, 64 * 1024, E_FAIL)), S_OK);
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, JobError(job.Get(), _));
  Register(job, callback.Get(), kWithModification);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobModification"),
            1 + ResumeStateModifications(profile()) + 1);
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobError"), 1);
}

// order.no_modification_on_terminal: entering TRANSIENT_ERROR is a state change with a
// JobModification; the move TRANSIENT_ERROR -> ERROR after the timeout has none.
TEST_P(OrderRulesTest, NoModificationOnTerminal_NoneForTransientErrorBecomingError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(job->SetNoProgressTimeout(60), S_OK);
  ASSERT_EQ(engine_.ScriptFault(
                job.Get(), Fault::TransientAt(0, 64 * 1024, TransientCode(profile()), hours(1))),
            S_OK);
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, JobError(job.Get(), _));
  Register(job, callback.Get(), kWithModification);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  // SetNoProgressTimeout (a property) + file added + Resume's states + one chunk +
  // TRANSIENT_ERROR; nothing for ERROR.
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobModification"),
            1 + 1 + ResumeStateModifications(profile()) + 1 + 1);
}

// ---- order.files_first ------------------------------------------------------------------
TEST_P(OrderRulesTest, FilesFirst_EveryFileTransferredBeforeJobTransferred) {
  auto job = MakeJob(engine_, 3);
  auto callback = FinishingCallback();
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(
      CallsExceptModifications(engine_.trace(), Number(job)),
      ElementsAre("FileTransferred#0", "FileTransferred#1", "FileTransferred#2", "JobTransferred"));
}

// order.files_first: the files that arrived before a fatal error come before JobError.
TEST_P(OrderRulesTest, FilesFirst_FinishedFilesBeforeJobError) {
  auto job = MakeJob(engine_, 3);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::FatalAt(2, 0, E_FAIL)), S_OK);
  auto callback = FinishingCallback();
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(CallsExceptModifications(engine_.trace(), Number(job)),
              ElementsAre("FileTransferred#0", "FileTransferred#1", "JobError"));
}

// order.files_first with a late registration: the job transferred with nothing
// registered; the callback registered afterwards gets the files, then JobTransferred.
TEST_P(OrderRulesTest, FilesFirst_LateRegistrationGetsFilesBeforeJobTransferred) {
  auto job = MakeJob(engine_, 3);
  ASSERT_EQ(job->SetNotifyFlags(kEverything), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  auto callback = FinishingCallback();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(
      CallsExceptModifications(engine_.trace(), Number(job)),
      ElementsAre("FileTransferred#0", "FileTransferred#1", "FileTransferred#2", "JobTransferred"));
}

// order.files_first: a failed FileTransferred of the last file holds JobTransferred
// back until its redelivery returned S_OK.
TEST_P(OrderRulesTest, FilesFirst_FailedLastFileHoldsJobTransferredBack) {
  auto job = MakeJob(engine_, 2);
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, FileTransferred(job.Get(), _))
      .WillOnce(Return(S_OK))    // file 0
      .WillOnce(Return(E_FAIL))  // file 1
      .WillOnce(Return(S_OK));   // file 1 again
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(
      CallsExceptModifications(engine_.trace(), Number(job)),
      ElementsAre("FileTransferred#0", "FileTransferred#1", "FileTransferred#1", "JobTransferred"));
  const auto files = CallTimes(engine_.trace(), Number(job), "FileTransferred");
  EXPECT_EQ(CallTimes(engine_.trace(), Number(job), "JobTransferred"),
            std::vector<VirtualTime>{files.back()});
  EXPECT_EQ(files.back() - files[1], engine_.options().retry_delay);
}

// ---- order.files_serialized ------------------------------------------------------------
// File 0's FileTransferred fails twice: files 1 and 2, finished long before, wait until
// file 0's third delivery returned S_OK; no two FileTransferred calls overlap.
TEST_P(OrderRulesTest, FilesSerialized_NextFileWaitsForSuccessOfTheCurrentOne) {
  auto job = MakeJob(engine_, 3);
  auto callback = FinishingCallback();
  int failures_left = 2;
  EXPECT_CALL(*callback, FileTransferred(job.Get(), _))
      .Times(5)
      .WillRepeatedly([&](IBackgroundCopyJob*, IBackgroundCopyFile*) {
        return failures_left-- > 0 ? E_FAIL : S_OK;
      });
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  const uint32_t n = Number(job);
  EXPECT_THAT(CallsExceptModifications(engine_.trace(), n),
              ElementsAre("FileTransferred#0", "FileTransferred#0", "FileTransferred#0",
                          "FileTransferred#1", "FileTransferred#2", "JobTransferred"));
  const Duration retry = engine_.options().retry_delay;
  // File 0 arrived at 2 s, file 2 at 6 s; file 0 succeeded at its third delivery.
  EXPECT_EQ(CallTimes(engine_.trace(), n, "FileTransferred"),
            (std::vector<VirtualTime>{seconds(2), seconds(2) + retry, seconds(2) + 2 * retry,
                                      seconds(2) + 2 * retry, seconds(2) + 2 * retry}));
  EXPECT_EQ(MaxOpenCalls(JobEvents(engine_.trace(), n), "FileTransferred"), 1);
}

// ---- order.retry_until_ok ----------------------------------------------------------------
// JobTransferred fails twice: delivered again after retry_delay each time, until S_OK.
TEST_P(OrderRulesTest, RetryUntilOk_JobTransferredRedeliveredUntilSOk) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get()))
      .WillOnce(Return(E_FAIL))
      .WillOnce(Return(E_FAIL))
      .WillOnce(Return(S_OK));
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  const Duration retry = engine_.options().retry_delay;
  EXPECT_EQ(CallTimes(engine_.trace(), Number(job), "JobTransferred"),
            (std::vector<VirtualTime>{seconds(2), seconds(2) + retry, seconds(2) + 2 * retry}));
  EXPECT_EQ(engine_.stats().redeliveries, 2u);
  EXPECT_EQ(job->Complete(), S_OK);
}

// order.retry_until_ok: "any other return" than S_OK, S_FALSE included, is redelivered.
TEST_P(OrderRulesTest, RetryUntilOk_JobTransferredReturningSFalseIsRedelivered) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get()))
      .WillOnce(Return(S_FALSE))
      .WillOnce(Return(S_OK));
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 2);
  EXPECT_EQ(job->Complete(), S_OK);
}

// order.retry_until_ok for JobError.
TEST_P(OrderRulesTest, RetryUntilOk_JobErrorRedeliveredUntilSOk) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::FatalAt(0, 64 * 1024, E_ACCESSDENIED)), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobError(job.Get(), _))
      .WillOnce(Return(E_FAIL))
      .WillOnce(Return(E_UNEXPECTED))
      .WillOnce(Return(S_OK));
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  const Duration retry = engine_.options().retry_delay;
  EXPECT_EQ(CallTimes(engine_.trace(), Number(job), "JobError"),
            (std::vector<VirtualTime>{seconds(1), seconds(1) + retry, seconds(1) + 2 * retry}));
  EXPECT_EQ(job->Cancel(), S_OK);
}

// order.retry_until_ok: EngineOptions::retry_delay sets the interval.
TEST_P(OrderRulesTest, RetryUntilOk_RedeliveryWaitsTheConfiguredRetryDelay) {
  EngineOptions options = OptionsFor(GetParam());
  options.retry_delay = seconds(30);
  FakeEngine engine(options);
  auto job = MakeJob(engine);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce(Return(E_FAIL)).WillOnce(Return(S_OK));
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(CallTimes(engine.trace(), engine.JobNumber(job.Get()), "JobTransferred"),
            (std::vector<VirtualTime>{seconds(2), seconds(32)}));
  EXPECT_EQ(job->Complete(), S_OK);
}

// order.retry_until_ok: a negative FileTransferred is redelivered (order.files_serialized
// shows the other files waiting); a positive non-S_OK one (S_FALSE) is not.
TEST_P(OrderRulesTest, RetryUntilOk_OnlyNegativeFileTransferredIsRedelivered) {
  auto job = MakeJob(engine_, 2);
  auto callback = FinishingCallback();
  EXPECT_CALL(*callback, FileTransferred(job.Get(), _))
      .WillOnce(Return(E_FAIL))   // file 0: again
      .WillOnce(Return(S_FALSE))  // file 0: success, not S_OK: not again
      .WillOnce(Return(S_OK));    // file 1
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(
      CallsExceptModifications(engine_.trace(), Number(job)),
      ElementsAre("FileTransferred#0", "FileTransferred#0", "FileTransferred#1", "JobTransferred"));
}

// order.retry_until_ok: a failed JobModification is never delivered again.
TEST_P(OrderRulesTest, RetryUntilOk_JobModificationIsNeverRedelivered) {
  auto job = MakeJob(engine_);
  auto callback = FinishingCallback();
  const int raised = 1 + ResumeStateModifications(profile()) + 2;
  EXPECT_CALL(*callback, JobModification(job.Get(), 0u))
      .Times(raised)
      .WillRepeatedly(Return(E_FAIL));
  Register(job, callback.Get(), kWithModification);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobModification"), raised);
  EXPECT_EQ(engine_.stats().redeliveries, 0u);
}

// order.retry_until_ok with Fault::CompleteFails (docs/contract.md section 8.1): a JobTransferred
// that returns what Complete returned is delivered again until Complete succeeds.
TEST_P(OrderRulesTest, RetryUntilOk_JobTransferredReturningFailedCompleteIsRedelivered) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::CompleteFails(E_ACCESSDENIED, 2)), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get()))
      .Times(3)
      .WillRepeatedly([](IBackgroundCopyJob* j) { return j->Complete(); });
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(
      ReturnResults(engine_.trace(), Number(job), "JobTransferred"),
      ElementsAre(HresultName(E_ACCESSDENIED), HresultName(E_ACCESSDENIED), HresultName(S_OK)));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

// ---- order.at_least_once ------------------------------------------------------------------
// Registered after the job reached TRANSFERRED: JobTransferred once.
TEST_P(OrderRulesTest, AtLeastOnce_CallbackRegisteredAfterTransferredGetsJobTransferredOnce) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).Times(1);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 1);
  EXPECT_EQ(job->Complete(), S_OK);
}

// order.at_least_once: registered after the job reached ERROR: JobError once.
TEST_P(OrderRulesTest, AtLeastOnce_CallbackRegisteredAfterErrorGetsJobErrorOnce) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::FatalAt(0, 0, E_FAIL)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_ERROR);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobError(job.Get(), _)).Times(1);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(job->Cancel(), S_OK);
}

// order.at_least_once: the flag set after the event (TRANSFERRED, ERROR, or DISABLE
// cleared) still gives one JobTransferred / JobError.
TEST_P(OrderRulesTest, AtLeastOnce_FlagSetAfterTheEventStillDelivers) {
  struct Case {
    const char* name;
    ULONG before;
    bool error;
  };
  for (const Case& c :
       {Case{"transferred flag set late", BG_NOTIFY_JOB_MODIFICATION, false},
        Case{"error flag set late", BG_NOTIFY_JOB_TRANSFERRED, true},
        Case{"disable cleared late", BG_NOTIFY_DISABLE | kTransferredAndError, false},
        Case{"disable cleared late (error)", BG_NOTIFY_DISABLE | kTransferredAndError, true}}) {
    SCOPED_TRACE(c.name);
    auto job = MakeJob(engine_);
    if (c.error) {
      ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::FatalAt(0, 0, E_FAIL)), S_OK);
    }
    auto callback = MakeComObject<NiceMock<MockCallback2>>();
    Register(job, callback.Get(), c.before);
    ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine_.RunUntilIdle());
    const char* method = c.error ? "JobError" : "JobTransferred";
    EXPECT_EQ(CountCalls(engine_.trace(), Number(job), method), 0);
    ASSERT_EQ(job->SetNotifyFlags(kTransferredAndError), S_OK);
    EXPECT_TRUE(engine_.RunUntilIdle());
    engine_.AdvanceBy(hours(1));
    EXPECT_EQ(CountCalls(engine_.trace(), Number(job), method), 1);
    Finish(job.Get());
  }
}

// order.at_least_once: registering again (a new object, or the same one) after the event
// was delivered delivers it once more, to the new registration.
TEST_P(OrderRulesTest, AtLeastOnce_ReRegistrationDeliversAgainOnce) {
  auto job = MakeJob(engine_);
  auto first = MakeComObject<NiceMock<MockCallback2>>();
  auto second = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*first, JobTransferred(job.Get())).Times(2);  // registered twice
  EXPECT_CALL(*second, JobTransferred(job.Get())).Times(1);
  ASSERT_EQ(job->SetNotifyInterface(first.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(job->SetNotifyInterface(second.Get()), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(job->SetNotifyInterface(first.Get()), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 3);
  EXPECT_EQ(job->Complete(), S_OK);
}

// order.at_least_once: a callback registered from inside the JobTransferred of the one it
// replaces was registered after the event, so it receives JobTransferred too; the
// S_OK of the call in flight (to the replaced callback) does not count for it.
TEST_P(OrderRulesTest, AtLeastOnce_CallbackRegisteredInsideJobTransferredStillGetsIt) {
  auto job = MakeJob(engine_);
  auto first = MakeComObject<NiceMock<MockCallback2>>();
  auto second = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*first, JobTransferred(job.Get())).WillOnce([&](IBackgroundCopyJob* j) {
    EXPECT_EQ(j->SetNotifyInterface(second.Get()), S_OK);
    return S_OK;
  });
  EXPECT_CALL(*second, JobTransferred(job.Get())).Times(1);
  ASSERT_EQ(job->SetNotifyInterface(first.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 2);
  EXPECT_EQ(job->Complete(), S_OK);
}

// ---- order.no_call_after_final --------------------------------------------------------
// Cancel from inside the first JobModification, with modifications, files and
// JobTransferred still to come: that call is the last one.
TEST_P(OrderRulesTest, NoCallAfterFinal_CancelInsideJobModificationEndsTheCalls) {
  auto job = MakeJob(engine_, 3);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobModification(job.Get(), 0u)).WillOnce([](IBackgroundCopyJob* j, DWORD) {
    EXPECT_EQ(j->Cancel(), S_OK);
    return S_OK;
  });
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_THAT(Calls(engine_.trace(), Number(job)), ElementsAre("JobModification"));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
}

// order.no_call_after_final: Complete inside JobTransferred, then a failing return: the
// job is final, so there is no redelivery.
TEST_P(OrderRulesTest, NoCallAfterFinal_FailingJobTransferredAfterCompleteIsNotRedelivered) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce([](IBackgroundCopyJob* j) {
    EXPECT_EQ(j->Complete(), S_OK);
    return E_FAIL;
  });
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 1);
  EXPECT_EQ(engine_.stats().redeliveries, 0u);
}

// order.no_call_after_final: Cancel inside the first FileTransferred: no other file, no
// JobTransferred.
TEST_P(OrderRulesTest, NoCallAfterFinal_CancelInsideFileTransferredEndsTheCalls) {
  auto job = MakeJob(engine_, 2);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, FileTransferred(job.Get(), _))
      .WillOnce([](IBackgroundCopyJob* j, IBackgroundCopyFile*) {
        EXPECT_EQ(j->Cancel(), S_OK);
        return S_OK;
      });
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  const auto events = JobEvents(engine_.trace(), Number(job));
  const auto cancelled = FindStateEntered(events, "CANCELLED");
  ASSERT_TRUE(cancelled.has_value());
  EXPECT_EQ(CallsFrom(events, *cancelled), 0);
  EXPECT_THAT(CallsExceptModifications(engine_.trace(), Number(job)),
              ElementsAre("FileTransferred#0"));
}

// order.no_call_after_final: a JobTransferred redelivery pending when the test cancels
// the job never comes.
TEST_P(OrderRulesTest, NoCallAfterFinal_PendingRedeliveryDroppedOnCancel) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce(Return(E_FAIL));
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  engine_.AdvanceBy(seconds(3));  // delivered (and failed) at 2 s; again due at 7 s
  ASSERT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 1);
  ASSERT_EQ(job->Cancel(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 1);
}

// order.no_call_after_final: the job never completed is cancelled at the end of the
// profile's lifetime (30 days DO, 90 days BITS), and nothing is sent after that.
TEST_P(OrderRulesTest, NoCallAfterFinal_NothingAfterTheJobExpired) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  Register(job, callback.Get(), kEverything);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  engine_.AdvanceBy(profile().job_lifetime);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
  const auto events = JobEvents(engine_.trace(), Number(job));
  const auto cancelled = FindStateEntered(events, "CANCELLED");
  ASSERT_TRUE(cancelled.has_value());
  EXPECT_EQ(events[*cancelled].time, profile().job_lifetime);
  EXPECT_EQ(CallsFrom(events, *cancelled), 0);
}

// ---- order.one_terminal_at_a_time ---------------------------------------------------------
// A JobTransferred that re-registers its own object, flips the flags and resumes the
// job from inside, and fails once: JobTransferred is delivered again, never nested.
TEST_P(OrderRulesTest, OneTerminalAtATime_NoJobTransferredInsideJobTransferred) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  int inside = 0, most_inside = 0, calls = 0;
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillRepeatedly([&](IBackgroundCopyJob* j) {
    most_inside = std::max(most_inside, ++inside);
    HRESULT hr = S_OK;
    if (++calls == 1) {
      EXPECT_EQ(j->SetNotifyInterface(callback.Get()), S_OK);
      EXPECT_EQ(j->SetNotifyFlags(kTransferredAndError), S_OK);
      EXPECT_EQ(j->Resume(), S_OK);
      hr = E_FAIL;
    } else {
      EXPECT_EQ(j->Complete(), S_OK);
    }
    --inside;
    return hr;
  });
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(most_inside, 1);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(MaxOpenCalls(JobEvents(engine_.trace(), Number(job))), 1);
}

// order.one_terminal_at_a_time for JobError: re-registration and Resume from inside.
TEST_P(OrderRulesTest, OneTerminalAtATime_NoJobErrorInsideJobError) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::FatalAt(0, 0, E_FAIL)), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  int inside = 0, most_inside = 0, calls = 0;
  EXPECT_CALL(*callback, JobError(job.Get(), _))
      .WillRepeatedly([&](IBackgroundCopyJob* j, IBackgroundCopyError*) {
        most_inside = std::max(most_inside, ++inside);
        if (++calls == 1) {
          EXPECT_EQ(j->SetNotifyInterface(callback.Get()), S_OK);
        } else {
          EXPECT_EQ(j->Cancel(), S_OK);
        }
        --inside;
        return calls == 1 ? E_FAIL : S_OK;
      });
  Register(job, callback.Get(), kTransferredAndError);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(most_inside, 1);
  EXPECT_EQ(calls, 2);
}

// ---- order.concurrency_limit (deterministic mode) ---------------------------------------
// One call at a time: many jobs, and the engine's own count agrees.
TEST_P(OrderRulesTest, ConcurrencyLimit_DeterministicModeRunsOneCallAtATime) {
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  auto callback = FinishingCallback();  // shared by every job
  for (int i = 0; i < 20; ++i) {
    jobs.push_back(MakeJob(engine_, 2));
    Register(jobs.back(), callback.Get(), kEverything);
    ASSERT_EQ(jobs.back()->Resume(), S_OK);
  }
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(MaxOpenCalls(JobEvents(engine_.trace())), 1);
  EXPECT_EQ(engine_.stats().max_concurrent_calls, 1);
  for (auto& job : jobs) EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

// ---- STA re-entrancy (EngineOptions::reentrant_modification_depth) ------------------------
// A callback that calls a job method from inside JobModification, while another
// JobModification of that job is pending, gets that one nested inside the call, up to
// the configured depth; the trace marks it "nested".
class ReentrantModificationTest : public testing::TestWithParam<int> {};

TEST_P(ReentrantModificationTest, NestedJobModificationUpToTheConfiguredDepth) {
  const int depth = GetParam();
  EngineOptions options;
  options.reentrant_modification_depth = depth;
  FakeEngine engine(options);
  auto job = MakeJob(engine, 4);  // four "file added" modifications pending at once
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  int inside = 0, most_inside = 0;
  ON_CALL(*callback, JobModification).WillByDefault([&](IBackgroundCopyJob* j, DWORD) {
    most_inside = std::max(most_inside, ++inside);
    BG_JOB_STATE state;
    EXPECT_EQ(j->GetState(&state), S_OK);  // may be re-entered here
    --inside;
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyFlags(kWithModification), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(most_inside, depth + 1);
  const auto events = JobEvents(engine.trace(), engine.JobNumber(job.Get()));
  int most_nested = 0;
  for (const TraceEvent& e : events) {
    if (e.kind == TraceEvent::Kind::kCall && e.args.contains("nested")) {
      most_nested = std::max(most_nested, e.args["nested"].get<int>());
    }
  }
  EXPECT_EQ(most_nested, depth);
  EXPECT_EQ(MaxOpenCalls(events, "JobModification"), depth + 1);
  if (depth > 0) {
    EXPECT_THAT(engine.trace().ToJsonLines(), testing::HasSubstr(R"("nested":1)"));
  }
  EXPECT_EQ(CountCalls(engine.trace(), engine.JobNumber(job.Get()), "JobModification"), 4);
  EXPECT_EQ(job->Cancel(), S_OK);
}

INSTANTIATE_TEST_SUITE_P(Depths, ReentrantModificationTest, testing::Values(0, 1, 2),
                         [](const testing::TestParamInfo<int>& info) {
                           return "Depth" + std::to_string(info.param);
                         });

// Re-entrancy only nests a JobModification inside a JobModification of the same job:
// a job method called from JobTransferred is not re-entered.
TEST(ReentrancyScopeTest, NoNestingInsideOtherNotifications) {
  EngineOptions options;
  options.reentrant_modification_depth = 2;
  FakeEngine engine(options);
  auto job = MakeJob(engine);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  int inside = 0, most_inside = 0;
  ON_CALL(*callback, JobModification).WillByDefault([&](IBackgroundCopyJob*, DWORD) {
    most_inside = std::max(most_inside, ++inside);
    --inside;
    return S_OK;
  });
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce([&](IBackgroundCopyJob* j) {
    ++inside;
    EXPECT_EQ(j->SetPriority(BG_JOB_PRIORITY_HIGH), S_OK);  // raises a modification
    EXPECT_EQ(j->SetPriority(BG_JOB_PRIORITY_LOW), S_OK);   // not re-entered here
    --inside;
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyFlags(kWithModification), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(most_inside, 1);
  EXPECT_THAT(engine.trace().ToJsonLines(), Not(testing::HasSubstr("nested")));
  EXPECT_EQ(job->Complete(), S_OK);
}

// ---- Seeded ordering (EngineOptions::modification_order) --------------------------------
// The trace of one job (2 chunks, modifications on) under `order` and `seed`, and
// whether its JobTransferred overtook a JobModification raised before it.
struct OrderingRun {
  std::string trace;
  bool overtaken = false;
};

OrderingRun RunOrdering(ModificationOrder order, uint64_t seed) {
  EngineOptions options;
  options.modification_order = order;
  options.seed = seed;
  FakeEngine engine(options);
  auto job = MakeJob(engine);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_EQ(job->SetNotifyFlags(kWithModification), S_OK);
  EXPECT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  const auto calls = Calls(engine.trace(), engine.JobNumber(job.Get()));
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "JobTransferred"), 1);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), "JobModification"), 4);  // none dropped
  EXPECT_EQ(job->Complete(), S_OK);
  OrderingRun run;
  run.overtaken = calls.back() != "JobTransferred";
  run.trace = engine.trace().ToJsonLines();
  return run;
}

TEST(SeededOrderingTest, SomeSeedLetsJobTransferredOvertakeModificationsDeterministically) {
  std::optional<uint64_t> overtaking_seed;
  for (uint64_t seed = 1; seed <= 64 && !overtaking_seed; ++seed) {
    if (RunOrdering(ModificationOrder::kSeeded, seed).overtaken) overtaking_seed = seed;
  }
  ASSERT_TRUE(overtaking_seed.has_value()) << "no seed in 1..64 reordered JobTransferred";
  // The same seed gives the same trace, byte for byte.
  const OrderingRun first = RunOrdering(ModificationOrder::kSeeded, *overtaking_seed);
  const OrderingRun second = RunOrdering(ModificationOrder::kSeeded, *overtaking_seed);
  EXPECT_TRUE(first.overtaken);
  EXPECT_EQ(first.trace, second.trace);
  EXPECT_FALSE(first.trace.empty());
}

TEST(SeededOrderingTest, RaiseOrderNeverLetsJobTransferredOvertake) {
  for (uint64_t seed = 1; seed <= 64; ++seed) {
    EXPECT_FALSE(RunOrdering(ModificationOrder::kRaiseOrder, seed).overtaken) << "seed " << seed;
  }
}

// ---- Job methods called from inside every kind of notification ------------------------
// docs/contract.md section 4: the engine accepts re-entrant calls of every job method from
// inside a callback, without deadlock (section 8.7). After SetNotifyInterface(NULL),
// Cancel, Complete or SetNotifyFlags(0) from inside a call, that call is the last one
// (order.no_call_after_final, life.release_on_clear, life.no_call_after_release).
enum class Inside { kJobModification, kFileTransferred, kJobTransferred, kJobError };
enum class Action { kUnregister, kCancel, kComplete, kResume, kSuspend, kClearFlags };

const char* InsideName(Inside k) {
  switch (k) {
    case Inside::kJobModification:
      return "JobModification";
    case Inside::kFileTransferred:
      return "FileTransferred";
    case Inside::kJobTransferred:
      return "JobTransferred";
    case Inside::kJobError:
      return "JobError";
  }
  return "?";
}

const char* ActionName(Action a) {
  switch (a) {
    case Action::kUnregister:
      return "SetNotifyInterfaceNull";
    case Action::kCancel:
      return "Cancel";
    case Action::kComplete:
      return "Complete";
    case Action::kResume:
      return "Resume";
    case Action::kSuspend:
      return "Suspend";
    case Action::kClearFlags:
      return "SetNotifyFlagsZero";
  }
  return "?";
}

using InsideParam = std::tuple<Profile, Inside, Action>;

class JobMethodsInsideCallbackTest : public testing::TestWithParam<InsideParam> {};

TEST_P(JobMethodsInsideCallbackTest, NoDeadlockAndNothingCalledAfterReleaseOrFinal) {
  const auto [profile, inside, action] = GetParam();
  FakeEngine engine(OptionsFor(profile));
  auto job = MakeJob(engine, 2);  // file 0's FileTransferred comes while file 1 transfers
  if (inside == Inside::kJobError) {
    ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::FatalAt(1, 0, E_FAIL)), S_OK);
  }
  const uint32_t n = engine.JobNumber(job.Get());
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  bool acted = false;
  HRESULT action_result = E_NOTIMPL;  // not acted yet
  size_t trace_after_action = 0;
  auto act = [&](IBackgroundCopyJob* j) {
    if (acted) return;
    acted = true;
    EXPECT_EQ(j, job.Get());
    switch (action) {
      case Action::kUnregister:
        action_result = j->SetNotifyInterface(nullptr);
        break;
      case Action::kCancel:
        action_result = j->Cancel();
        break;
      case Action::kComplete:
        action_result = j->Complete();
        break;
      case Action::kResume:
        action_result = j->Resume();
        break;
      case Action::kSuspend:
        action_result = j->Suspend();
        break;
      case Action::kClearFlags:
        action_result = j->SetNotifyFlags(0);
        break;
    }
    trace_after_action = engine.trace().size();
  };
  ON_CALL(*callback, JobModification).WillByDefault([&](IBackgroundCopyJob* j, DWORD) {
    if (inside == Inside::kJobModification) act(j);
    return S_OK;
  });
  ON_CALL(*callback, FileTransferred)
      .WillByDefault([&](IBackgroundCopyJob* j, IBackgroundCopyFile*) {
        if (inside == Inside::kFileTransferred) act(j);
        return S_OK;
      });
  ON_CALL(*callback, JobTransferred).WillByDefault([&](IBackgroundCopyJob* j) {
    if (inside == Inside::kJobTransferred) act(j);
    return S_OK;
  });
  ON_CALL(*callback, JobError).WillByDefault([&](IBackgroundCopyJob* j, IBackgroundCopyError*) {
    if (inside == Inside::kJobError) act(j);
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyFlags(kEverything), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  ASSERT_TRUE(acted);

  const bool transferred = inside == Inside::kJobTransferred;
  switch (action) {
    case Action::kComplete:
      EXPECT_THAT(action_result, HresultIs(transferred ? S_OK : BG_S_PARTIAL_COMPLETE));
      EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
      break;
    case Action::kCancel:
      EXPECT_THAT(action_result, HresultIs(S_OK));
      EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
      break;
    default:
      EXPECT_THAT(action_result, HresultIs(S_OK));
  }
  // Every call after the action happened later in the trace than the action's return.
  std::vector<TraceEvent> all = engine.trace().Events();
  int calls_after = 0;
  for (size_t i = trace_after_action; i < all.size(); ++i) {
    calls_after += all[i].job == n && all[i].kind == TraceEvent::Kind::kCall;
  }
  switch (action) {
    case Action::kUnregister:
    case Action::kCancel:
    case Action::kComplete:
    case Action::kClearFlags:
      EXPECT_EQ(calls_after, 0) << "calls after " << ActionName(action);
      break;
    case Action::kResume:
      // Resuming from JobError restarts the job: it transfers, and JobTransferred comes.
      if (inside == Inside::kJobError) {
        EXPECT_EQ(CountCalls(engine.trace(), n, "JobTransferred"), 1);
      }
      break;
    case Action::kSuspend:
      if (!transferred) {
        EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_SUSPENDED);
      }
      break;
  }
  EXPECT_EQ(MaxOpenCalls(JobEvents(engine.trace(), n)), 1);
  EXPECT_EQ(engine.stats().violations, 0u);
  Finish(job.Get());
  EXPECT_EQ(callback->ledger()->refcount(), 1u);  // life.release_on_final / release_on_clear
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, JobMethodsInsideCallbackTest,
    testing::Combine(testing::ValuesIn(BothProfiles()),
                     testing::Values(Inside::kJobModification, Inside::kFileTransferred,
                                     Inside::kJobTransferred, Inside::kJobError),
                     testing::Values(Action::kUnregister, Action::kCancel, Action::kComplete,
                                     Action::kResume, Action::kSuspend, Action::kClearFlags)),
    [](const testing::TestParamInfo<InsideParam>& info) {
      return std::string(std::get<0>(info.param).name) + "_" + ActionName(std::get<2>(info.param)) +
             "_Inside" + InsideName(std::get<1>(info.param));
    });

}  // namespace
}  // namespace doharness

namespace doharness {
namespace {

// order.at_least_once: a callback that registers itself again inside every
// JobTransferred is owed the notification again each time; the redelivery waits the
// retry delay, so virtual time moves and RunUntilIdle's limit ends the run.
TEST(AtLeastOnceTest, ReRegisteringInsideJobTransferredRedeliversAfterTheRetryDelay) {
  EngineOptions options;
  options.retry_delay = std::chrono::seconds(5);
  FakeEngine engine(options);
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"job", &job), S_OK);
  ASSERT_EQ(engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a", 10, 10}), S_OK);
  auto callback = mocks::MakeComObject<testing::NiceMock<mocks::MockCallback>>();
  int calls = 0;
  ON_CALL(*callback, JobTransferred(testing::_)).WillByDefault([&](IBackgroundCopyJob* j) {
    ++calls;
    return j->SetNotifyInterface(callback.Get());
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_FALSE(engine.RunUntilIdle(std::chrono::seconds(60)));
  // Delivered at 1 s, then every 5 s: 1, 6, ..., 56 s within the 60 s limit.
  EXPECT_EQ(calls, 12);
  EXPECT_EQ(job->Cancel(), S_OK);
}

}  // namespace
}  // namespace doharness
