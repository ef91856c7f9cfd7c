// The flags.* engine promises of conformance/rules.md (facts: docs/contract.md section 2),
// checked on the fake engine in both profiles. The gating rules are checked over every
// flag combination 0x00..0x1F, with a callback that answers IBackgroundCopyCallback2,
// one that answers only IBackgroundCopyCallback, and one that derives from
// IBackgroundCopyCallback2 without answering it (docs/contract.md section 8 item 3).
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "engine/fake_engine.h"
#include "engine/testing/engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/matchers.h"
#include "mocks/mock_callback.h"

namespace doharness {
namespace {

using engine_testing::BothProfiles;
using engine_testing::DriveJobTo;
using engine_testing::Finish;
using engine_testing::FlagsParamName;
using engine_testing::JobStage;
using engine_testing::NotifyFlagsOf;
using engine_testing::OptionsFor;
using engine_testing::ProfileAndStage;
using engine_testing::ProfileParamName;
using engine_testing::StateOf;
using engine_testing::StateOfStage;
using engine_testing::TestFile;
using mocks::HresultIs;
using mocks::MakeComObject;
using mocks::MockCallback;
using mocks::MockCallback2;
using testing::AnyNumber;
using testing::AtLeast;
using testing::Cardinality;
using testing::Exactly;
using testing::IsEmpty;
using testing::NotNull;
using testing::Return;
using testing::StrictMock;

constexpr ULONG kDefaultFlags = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;
constexpr ULONG kFlagCombinations = 0x20;  // 0x00..0x1F: every combination of the five flags
constexpr Duration kRetryDelay = std::chrono::seconds(5);
// Long enough for a test job (two files of 100 KiB at 1 MiB/s) to reach TRANSFERRED or
// ERROR and get its first delivery, short of the redelivery delay.
constexpr Duration kFirstDelivery = std::chrono::seconds(1);

// A callback class derived from IBackgroundCopyCallback2 whose QueryInterface answers
// only IBackgroundCopyCallback: the engine must never call its FileTransferred.
class MockCallback2Unanswered : public mocks::MockCallbackBase<IBackgroundCopyCallback2> {
 public:
  MockCallback2Unanswered() : MockCallbackBase(Answers<IBackgroundCopyCallback>()) {}
  MOCK_METHOD(HRESULT, FileTransferred, (IBackgroundCopyJob * pJob, IBackgroundCopyFile* pFile),
              (override, Calltype(STDMETHODCALLTYPE)));
};

// Whether `flags` let the notification of `bit` through (docs/contract.md section 2): the
// bit is set and BG_NOTIFY_DISABLE is clear (flags.disable).
bool Lets(ULONG flags, ULONG bit) { return !(flags & BG_NOTIFY_DISABLE) && (flags & bit) != 0; }

// How many calls of each method a scenario makes where the flags let them through.
struct Calls {
  Cardinality transferred = Exactly(0);
  Cardinality error = Exactly(0);
  Cardinality modification = Exactly(0);
  Cardinality file = Exactly(0);
};

// Expects, on every method of `callback`, the calls of `open` where `flags` let them
// through and none where they do not. FileTransferred also needs the object to answer
// IBackgroundCopyCallback2 (flags.gate_file).
template <class Mock>
void ExpectGated(StrictMock<Mock>& callback, IBackgroundCopyJob* job, ULONG flags,
                 const Calls& open) {
  auto gated = [flags](ULONG bit, const Cardinality& calls) {
    return Lets(flags, bit) ? calls : Exactly(0);
  };
  EXPECT_CALL(callback, JobTransferred(job)).Times(gated(BG_NOTIFY_JOB_TRANSFERRED, open.transferred));
  EXPECT_CALL(callback, JobError(job, NotNull())).Times(gated(BG_NOTIFY_JOB_ERROR, open.error));
  EXPECT_CALL(callback, JobModification(job, 0u))
      .Times(gated(BG_NOTIFY_JOB_MODIFICATION, open.modification));
  if constexpr (std::is_same_v<Mock, MockCallback2>) {
    EXPECT_CALL(callback, FileTransferred(job, NotNull()))
        .Times(gated(BG_NOTIFY_FILE_TRANSFERRED, open.file));
  } else if constexpr (std::is_same_v<Mock, MockCallback2Unanswered>) {
    EXPECT_CALL(callback, FileTransferred).Times(0);
  }
}

// Where a test job ends: TRANSFERRED, or ERROR by an HTTP 404 in its second file, so
// that in both one file completes before the terminal notification.
enum class Outcome { kTransferred, kError };

// A job of two 100 KiB files that will reach `outcome` once resumed.
void MakeTwoFileJob(FakeEngine& engine, Outcome outcome, ComPtr<IBackgroundCopyJob>* job) {
  ASSERT_EQ(engine.CreateJob(L"flags", job), S_OK);
  ASSERT_EQ(engine.AddFile(job->Get(), TestFile(0)), S_OK);
  ASSERT_EQ(engine.AddFile(job->Get(), TestFile(1)), S_OK);
  if (outcome == Outcome::kError) {
    ASSERT_EQ(engine.ScriptFault(job->Get(), Fault::HttpStatusAt(1, 32 * 1024, 404)), S_OK);
  }
}

BG_JOB_STATE StateOf(Outcome outcome) {
  return outcome == Outcome::kTransferred ? BG_JOB_STATE_TRANSFERRED : BG_JOB_STATE_ERROR;
}

ULONG TerminalBit(Outcome outcome) {
  return outcome == Outcome::kTransferred ? BG_NOTIFY_JOB_TRANSFERRED : BG_NOTIFY_JOB_ERROR;
}

// Expects `times` calls of the terminal notification of `outcome`, each returning `hr`.
template <class Mock>
void ExpectTerminal(StrictMock<Mock>& callback, IBackgroundCopyJob* job, Outcome outcome,
                    int times, HRESULT hr) {
  auto expect = [&](auto& expectation) {
    expectation.Times(times);
    if (times > 0) expectation.WillRepeatedly(Return(hr));
  };
  if (outcome == Outcome::kTransferred) {
    expect(EXPECT_CALL(callback, JobTransferred(job)));
  } else {
    expect(EXPECT_CALL(callback, JobError(job, NotNull())));
  }
}

// Parameters: a profile and a notify-flags value, named "do_0x1B_TRANSFERRED_...".
using ProfileAndFlags = std::tuple<Profile, ULONG>;

std::string ProfileAndFlagsName(const testing::TestParamInfo<ProfileAndFlags>& info) {
  return std::string(std::get<0>(info.param).name) + "_" + FlagsParamName(std::get<1>(info.param));
}

auto EveryProfileAndFlags() {
  return testing::Combine(testing::ValuesIn(BothProfiles()),
                          testing::Range<ULONG>(0, kFlagCombinations));
}

class ProfileAndFlagsTest : public testing::TestWithParam<ProfileAndFlags> {
 protected:
  const Profile& profile() const { return std::get<0>(GetParam()); }
  ULONG flags() const { return std::get<1>(GetParam()); }
  EngineOptions options() const {
    EngineOptions o = OptionsFor(profile());
    o.retry_delay = kRetryDelay;
    return o;
  }
};

// ---- flags.default -------------------------------------------------------------------
class FlagsDefaultTest : public testing::TestWithParam<Profile> {};

TEST_P(FlagsDefaultTest, NewJobHasTransferredAndErrorFlags) {
  // flags.default: 0x03, for a job made through the manager and through the engine's API.
  FakeEngine engine(OptionsFor(GetParam()));
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  ASSERT_NO_FATAL_FAILURE(engine_testing::CreateJobBothWays(engine, &jobs));
  for (const ComPtr<IBackgroundCopyJob>& job : jobs) {
    EXPECT_EQ(NotifyFlagsOf(job.Get()), kDefaultFlags);
    Finish(job.Get());
  }
}

TEST_P(FlagsDefaultTest, DefaultFlagsDeliverTheTerminalNotificationsOnly) {
  // flags.default: a job whose flags were never set gets JobTransferred / JobError and
  // neither JobModification nor FileTransferred.
  for (Outcome outcome : {Outcome::kTransferred, Outcome::kError}) {
    SCOPED_TRACE(outcome == Outcome::kTransferred ? "TRANSFERRED" : "ERROR");
    FakeEngine engine(OptionsFor(GetParam()));
    ComPtr<IBackgroundCopyJob> job;
    ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, outcome, &job));
    auto callback = MakeComObject<StrictMock<MockCallback2>>();
    ExpectTerminal(*callback, job.Get(), outcome, 1, S_OK);
    ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine.RunUntilIdle());
    EXPECT_EQ(StateOf(job.Get()), StateOf(outcome));
    testing::Mock::VerifyAndClearExpectations(callback.Get());
    Finish(job.Get());
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, FlagsDefaultTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ---- flags.invalid_rejected ------------------------------------------------------------
// BITS 10.1 and later also accept BG_NOTIFY_FILE_RANGES_TRANSFERRED (docs/contract.md section 2).
Profile Bits10_1() {
  Profile p = Profile::Bits();
  p.name = "bits_10_1";
  p.valid_flag_mask = 0x3F;
  return p;
}

class FlagsInvalidRejectedTest : public testing::TestWithParam<Profile> {};

TEST_P(FlagsInvalidRejectedTest, EveryBitOutsideTheMaskIsRejectedAndTheOldFlagsKept) {
  // flags.invalid_rejected: each bit outside the mask, alone and with every valid
  // combination, gets E_NOTIMPL and leaves the flags as they were.
  const Profile& profile = GetParam();
  const ULONG mask = profile.valid_flag_mask;
  constexpr ULONG kKept = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_MODIFICATION |
                          BG_NOTIFY_FILE_TRANSFERRED;  // not the default, so a reset shows
  FakeEngine engine(OptionsFor(profile));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, Outcome::kTransferred, &job));
  ASSERT_EQ(job->SetNotifyFlags(kKept), S_OK);

  std::vector<std::string> not_rejected;
  int tried = 0;
  auto reject = [&](ULONG flags) {
    ++tried;
    HRESULT hr = job->SetNotifyFlags(flags);
    if (hr != E_NOTIMPL) not_rejected.push_back(NotifyFlagsName(flags) + ": " + HresultName(hr));
  };
  for (int bit = 0; bit < 32; ++bit) {
    const ULONG outside = 1u << bit;
    if (outside & mask) continue;
    for (ULONG valid = 0; valid <= mask; ++valid) reject(valid | outside);
  }
  reject(~mask);
  reject(0xFFFFFFFF);
  EXPECT_THAT(not_rejected, IsEmpty());
  EXPECT_EQ(tried, (32 - __builtin_popcount(mask)) * static_cast<int>(mask + 1) + 2);
  EXPECT_EQ(NotifyFlagsOf(job.Get()), kKept);

  // The kept flags are the ones that gate the notifications.
  auto callback = MakeComObject<StrictMock<MockCallback2>>();
  Calls open;
  open.transferred = Exactly(1);
  open.file = Exactly(2);
  open.modification = AtLeast(1);
  ExpectGated(*callback, job.Get(), kKept, open);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  testing::Mock::VerifyAndClearExpectations(callback.Get());
  Finish(job.Get());
}

TEST_P(FlagsInvalidRejectedTest, EveryValueInsideTheMaskIsAccepted) {
  // flags.invalid_rejected, the other side: every value within the mask, 0x1F with
  // DISABLE included (WIN), is accepted with S_OK and read back unchanged.
  const ULONG mask = GetParam().valid_flag_mask;
  FakeEngine engine(OptionsFor(GetParam()));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"flags", &job), S_OK);
  for (ULONG flags = 0; flags <= mask; ++flags) {
    SCOPED_TRACE(NotifyFlagsName(flags));
    EXPECT_THAT(job->SetNotifyFlags(flags), HresultIs(S_OK));
    EXPECT_EQ(NotifyFlagsOf(job.Get()), flags);
  }
  Finish(job.Get());
}

INSTANTIATE_TEST_SUITE_P(Profiles, FlagsInvalidRejectedTest,
                         testing::Values(Profile::Do(), Profile::Bits(), Bits10_1()),
                         ProfileParamName);

// ---- flags.final_state_rejected ----------------------------------------------------------
class FlagsFinalStateTest : public testing::TestWithParam<ProfileAndStage> {};

TEST_P(FlagsFinalStateTest, SetNotifyFlagsIsRefusedWithTheInvalidStateCode) {
  // flags.final_state_rejected: every value, valid or not (the state check comes
  // first), gets the profile's invalid-state code and changes nothing.
  const auto& [profile, stage] = GetParam();
  FakeEngine engine(OptionsFor(profile));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine, stage, &job));
  const ULONG before = NotifyFlagsOf(job.Get());
  std::vector<ULONG> values;
  for (ULONG flags = 0; flags < kFlagCombinations; ++flags) values.push_back(flags);
  for (ULONG invalid : {0x20u, 0x40u, 0x80000000u, 0xFFFFFFFFu}) values.push_back(invalid);
  std::vector<std::string> not_refused;
  for (ULONG flags : values) {
    HRESULT hr = job->SetNotifyFlags(flags);
    if (hr != profile.invalid_state) not_refused.push_back(NotifyFlagsName(flags) + ": " + HresultName(hr));
  }
  EXPECT_THAT(not_refused, IsEmpty()) << "expected " << HresultName(profile.invalid_state);
  EXPECT_EQ(NotifyFlagsOf(job.Get()), before);
  EXPECT_EQ(StateOf(job.Get()), StateOfStage(stage));
}

INSTANTIATE_TEST_SUITE_P(FinalJobs, FlagsFinalStateTest,
                         testing::ValuesIn(engine_testing::ProfileStagePairs(
                             {JobStage::kCancelled, JobStage::kAcknowledged})),
                         engine_testing::ProfileAndStageName);

// ---- flags.gate_transferred, flags.gate_error, flags.gate_modification, flags.gate_file,
// ---- flags.disable: every flag combination, three kinds of callback, both outcomes -------
class FlagsGateTest : public ProfileAndFlagsTest {
 protected:
  // Runs a two-file job to `outcome` with the parameter's flags set before the
  // callback (a StrictMock<Mock>) is registered, and checks exactly which methods ran.
  template <class Mock>
  void RunGateScenario(Outcome outcome, DispatchMode dispatch = DispatchMode::kDeterministic) {
    EngineOptions opts = options();
    opts.dispatch = dispatch;
    FakeEngine engine(opts);
    ComPtr<IBackgroundCopyJob> job;
    ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, outcome, &job));
    ASSERT_EQ(job->SetNotifyFlags(flags()), S_OK);
    auto callback = MakeComObject<StrictMock<Mock>>();
    Calls open;
    open.modification = AtLeast(1);  // files added, state changes, bytes transferred
    if (outcome == Outcome::kTransferred) {
      open.transferred = Exactly(1);
      open.file = Exactly(2);
    } else {
      open.error = Exactly(1);
      open.file = Exactly(1);  // the first file completed before the error
    }
    ExpectGated(*callback, job.Get(), flags(), open);
    ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine.RunUntilIdle());
    EXPECT_EQ(StateOf(job.Get()), StateOf(outcome));
    testing::Mock::VerifyAndClearExpectations(callback.Get());
    Finish(job.Get());
  }
};

TEST_P(FlagsGateTest, TransferredWithCallback2) {
  // flags.gate_transferred, flags.gate_modification, flags.gate_file, flags.disable
  RunGateScenario<MockCallback2>(Outcome::kTransferred);
}

TEST_P(FlagsGateTest, TransferredWithCallback) {
  // flags.gate_transferred, flags.gate_modification, flags.disable; flags.gate_file:
  // no FileTransferred for an object that does not answer IBackgroundCopyCallback2.
  RunGateScenario<MockCallback>(Outcome::kTransferred);
}

TEST_P(FlagsGateTest, TransferredWithUnansweredCallback2) {
  // flags.gate_file: a class with FileTransferred whose QueryInterface does not answer
  // IBackgroundCopyCallback2 never gets it; flags.gate_transferred, flags.disable.
  RunGateScenario<MockCallback2Unanswered>(Outcome::kTransferred);
}

TEST_P(FlagsGateTest, ErrorWithCallback2) {
  // flags.gate_error, flags.gate_modification, flags.gate_file, flags.disable
  RunGateScenario<MockCallback2>(Outcome::kError);
}

TEST_P(FlagsGateTest, ErrorWithCallback) {
  // flags.gate_error, flags.gate_modification, flags.disable; flags.gate_file (no Callback2)
  RunGateScenario<MockCallback>(Outcome::kError);
}

TEST_P(FlagsGateTest, ErrorWithUnansweredCallback2) {
  // flags.gate_file (IBackgroundCopyCallback2 not answered), flags.gate_error, flags.disable
  RunGateScenario<MockCallback2Unanswered>(Outcome::kError);
}

TEST_P(FlagsGateTest, TransferredWithCallback2OnWorkerThreads) {
  // flags.gate_transferred, flags.gate_modification, flags.gate_file, flags.disable,
  // with notifications on the engine's worker threads (they check the flags again).
  RunGateScenario<MockCallback2>(Outcome::kTransferred, DispatchMode::kThreaded);
}

TEST_P(FlagsGateTest, ErrorWithCallback2OnWorkerThreads) {
  // flags.gate_error, flags.gate_modification, flags.gate_file, flags.disable, threaded.
  RunGateScenario<MockCallback2>(Outcome::kError, DispatchMode::kThreaded);
}

INSTANTIATE_TEST_SUITE_P(AllFlags, FlagsGateTest, EveryProfileAndFlags(), ProfileAndFlagsName);

TEST(FlagsDisableSettingTest, DoProfileWithDisableNotSuppressingIgnoresTheBit) {
  // flags.disable is the DO profile's default reading of DISABLE (docs/contract.md section 2,
  // a profile setting): with the setting off, DISABLE is accepted and ignored.
  Profile profile = Profile::Do();
  profile.disable_suppresses = false;
  FakeEngine engine(OptionsFor(profile));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, Outcome::kTransferred, &job));
  ASSERT_EQ(job->SetNotifyFlags(BG_NOTIFY_DISABLE | BG_NOTIFY_JOB_TRANSFERRED), S_OK);
  auto callback = MakeComObject<StrictMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get()));
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  testing::Mock::VerifyAndClearExpectations(callback.Get());
  Finish(job.Get());
}

// ---- flags.live: the flags at the moment of each delivery decide it -----------------------
// Each test changes the flags to the parameter's value while a delivery is pending.
class FlagsLiveTest : public ProfileAndFlagsTest {
 protected:
  // The job's JobTransferred or JobError fails once (E_FAIL); the flags change before
  // the redelivery is due. The redelivery follows the new flags; restoring the default
  // flags then delivers the notification if, and only if, it is still owed.
  void RunTerminalRedelivery(Outcome outcome) {
    FakeEngine engine(options());
    ComPtr<IBackgroundCopyJob> job;
    ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, outcome, &job));
    auto callback = MakeComObject<StrictMock<MockCallback2>>();
    ExpectTerminal(*callback, job.Get(), outcome, 1, E_FAIL);
    ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(job->Resume(), S_OK);
    engine.AdvanceBy(kFirstDelivery);
    ASSERT_TRUE(testing::Mock::VerifyAndClearExpectations(callback.Get()));

    ASSERT_EQ(job->SetNotifyFlags(flags()), S_OK);
    Calls open;
    (outcome == Outcome::kTransferred ? open.transferred : open.error) = Exactly(1);
    open.modification = AnyNumber();
    open.file = AnyNumber();
    ExpectGated(*callback, job.Get(), flags(), open);
    EXPECT_TRUE(engine.RunUntilIdle());
    ASSERT_TRUE(testing::Mock::VerifyAndClearExpectations(callback.Get()));

    const bool delivered = Lets(flags(), TerminalBit(outcome));
    ASSERT_EQ(job->SetNotifyFlags(kDefaultFlags), S_OK);
    ExpectTerminal(*callback, job.Get(), outcome, delivered ? 0 : 1, S_OK);
    EXPECT_TRUE(engine.RunUntilIdle());
    EXPECT_EQ(StateOf(job.Get()), StateOf(outcome));
    testing::Mock::VerifyAndClearExpectations(callback.Get());
    Finish(job.Get());
  }
};

TEST_P(FlagsLiveTest, JobTransferredRedeliveryFollowsTheNewFlags) {
  // flags.live (pending redelivery of JobTransferred), flags.gate_transferred, flags.disable
  RunTerminalRedelivery(Outcome::kTransferred);
}

TEST_P(FlagsLiveTest, JobErrorRedeliveryFollowsTheNewFlags) {
  // flags.live (pending redelivery of JobError), flags.gate_error, flags.disable
  RunTerminalRedelivery(Outcome::kError);
}

TEST_P(FlagsLiveTest, FileTransferredRedeliveryFollowsTheNewFlags) {
  // flags.live: the first FileTransferred fails (E_FAIL), which holds back the rest;
  // the flags change before the redelivery is due. flags.gate_file, flags.disable.
  FakeEngine engine(options());
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, Outcome::kTransferred, &job));
  ASSERT_EQ(job->SetNotifyFlags(kDefaultFlags | BG_NOTIFY_FILE_TRANSFERRED), S_OK);
  auto callback = MakeComObject<StrictMock<MockCallback2>>();
  EXPECT_CALL(*callback, FileTransferred(job.Get(), NotNull())).WillOnce(Return(E_FAIL));
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  engine.AdvanceBy(kFirstDelivery);
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  ASSERT_TRUE(testing::Mock::VerifyAndClearExpectations(callback.Get()));

  ASSERT_EQ(job->SetNotifyFlags(flags()), S_OK);
  Calls open;
  open.file = Exactly(2);  // the failed one again, then the second file
  open.transferred = Exactly(1);
  open.modification = AnyNumber();
  ExpectGated(*callback, job.Get(), flags(), open);
  EXPECT_TRUE(engine.RunUntilIdle());
  testing::Mock::VerifyAndClearExpectations(callback.Get());
  Finish(job.Get());
}

TEST_P(FlagsLiveTest, PendingModificationsFollowTheNewFlags) {
  // flags.live: JobModifications raised under one set of flags and not delivered yet
  // are delivered, or not, by the flags set after them. flags.gate_modification.
  for (ULONG raised_under : {kDefaultFlags, kDefaultFlags | BG_NOTIFY_JOB_MODIFICATION}) {
    SCOPED_TRACE("raised under " + NotifyFlagsName(raised_under));
    FakeEngine engine(options());
    ComPtr<IBackgroundCopyJob> job;
    ASSERT_EQ(engine.CreateJob(L"flags", &job), S_OK);
    auto callback = MakeComObject<StrictMock<MockCallback2>>();
    ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(job->SetNotifyFlags(raised_under), S_OK);
    // Three modifications (file added, two properties changed), none delivered: the
    // clock has not moved.
    ASSERT_EQ(engine.AddFile(job.Get(), TestFile(0)), S_OK);
    ASSERT_EQ(job->SetPriority(BG_JOB_PRIORITY_HIGH), S_OK);
    ASSERT_EQ(job->SetNoProgressTimeout(600), S_OK);
    ASSERT_EQ(job->SetNotifyFlags(flags()), S_OK);
    Calls open;
    open.modification = AtLeast(3);
    ExpectGated(*callback, job.Get(), flags(), open);
    EXPECT_TRUE(engine.RunUntilIdle());
    testing::Mock::VerifyAndClearExpectations(callback.Get());
    Finish(job.Get());
  }
}

INSTANTIATE_TEST_SUITE_P(AllFlags, FlagsLiveTest, EveryProfileAndFlags(), ProfileAndFlagsName);

// flags.live with the change made by the callback itself, from inside a notification.
class FlagsLiveFromCallbackTest : public testing::TestWithParam<Profile> {};

TEST_P(FlagsLiveFromCallbackTest, ClearingModificationInsideJobModificationStopsTheRest) {
  // flags.live: the first JobModification clears BG_NOTIFY_JOB_MODIFICATION; the many
  // modifications still to come (state changes, one per 64 KiB) are not delivered.
  FakeEngine engine(OptionsFor(GetParam()));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, Outcome::kTransferred, &job));
  ASSERT_EQ(job->SetNotifyFlags(kDefaultFlags | BG_NOTIFY_JOB_MODIFICATION), S_OK);
  auto callback = MakeComObject<StrictMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobModification(job.Get(), 0u)).WillOnce([](IBackgroundCopyJob* j, DWORD) {
    EXPECT_EQ(j->SetNotifyFlags(kDefaultFlags), S_OK);
    return S_OK;
  });
  EXPECT_CALL(*callback, JobTransferred(job.Get()));
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  testing::Mock::VerifyAndClearExpectations(callback.Get());
  Finish(job.Get());
}

TEST_P(FlagsLiveFromCallbackTest, ClearingTransferredInsideFileTransferredHoldsJobTransferred) {
  // flags.live: JobTransferred is pending behind the files; the last FileTransferred
  // clears BG_NOTIFY_JOB_TRANSFERRED, so it is not delivered until the bit is back.
  FakeEngine engine(OptionsFor(GetParam()));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(MakeTwoFileJob(engine, Outcome::kTransferred, &job));
  ASSERT_EQ(job->SetNotifyFlags(kDefaultFlags | BG_NOTIFY_FILE_TRANSFERRED), S_OK);
  auto callback = MakeComObject<StrictMock<MockCallback2>>();
  int files = 0;
  EXPECT_CALL(*callback, FileTransferred(job.Get(), NotNull()))
      .Times(2)
      .WillRepeatedly([&files](IBackgroundCopyJob* j, IBackgroundCopyFile*) {
        if (++files == 2) {
          EXPECT_EQ(j->SetNotifyFlags(BG_NOTIFY_FILE_TRANSFERRED), S_OK);
        }
        return S_OK;
      });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  ASSERT_TRUE(testing::Mock::VerifyAndClearExpectations(callback.Get()));

  EXPECT_CALL(*callback, JobTransferred(job.Get()));
  ASSERT_EQ(job->SetNotifyFlags(kDefaultFlags), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  testing::Mock::VerifyAndClearExpectations(callback.Get());
  Finish(job.Get());
}

INSTANTIATE_TEST_SUITE_P(Profiles, FlagsLiveFromCallbackTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

}  // namespace
}  // namespace doharness
