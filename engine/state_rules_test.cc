// The state.* engine promises of conformance/rules.md (facts: docs/contract.md section 5),
// and the engine's answers to bad input, checked on the fake engine in both profiles.
#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "api/names.h"
#include "api/wide_string.h"
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
using engine_testing::JobIdOf;
using engine_testing::JobStage;
using engine_testing::LocalName;
using engine_testing::NotifyFlagsOf;
using engine_testing::OptionsFor;
using engine_testing::ProfileAndStage;
using engine_testing::ProfileAndStageName;
using engine_testing::ProfileParamName;
using engine_testing::ProfileStagePairs;
using engine_testing::RemoteUrl;
using engine_testing::StateOf;
using engine_testing::StateOfStage;
using engine_testing::TakeString;
using engine_testing::TestFile;
using mocks::Failed;
using mocks::HresultIs;
using mocks::MakeComObject;
using mocks::MockCallback2;
using testing::ElementsAreArray;
using testing::IsEmpty;
using testing::StrictMock;
using testing::UnorderedElementsAreArray;

constexpr ULONG kEveryNotification = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR |
                                     BG_NOTIFY_JOB_MODIFICATION | BG_NOTIFY_FILE_TRANSFERRED;

// One call of a table-driven test and the result it must give.
struct Call {
  std::string name;
  std::function<HRESULT()> run;
  HRESULT expected;
};

// Runs every call and expects each result; the failures are listed together.
void ExpectResults(const std::vector<Call>& calls) {
  std::vector<std::string> wrong;
  for (const Call& call : calls) {
    HRESULT hr = call.run();
    if (hr != call.expected) {
      wrong.push_back(call.name + " gave " + HresultName(hr) + ", expected " +
                      HresultName(call.expected));
    }
  }
  EXPECT_THAT(wrong, IsEmpty());
}

// The result of a method that the DO profile does not document (docs/contract.md section 5):
// E_NOTIMPL there, `bits_result` in the bits profile.
HRESULT BitsOnly(const Profile& profile, HRESULT bits_result) {
  return profile.documented_methods_only ? E_NOTIMPL : bits_result;
}

// The job has left the queue (docs/contract.md section 5): GetJob of its id gives the
// profile's not-found code and NULL.
void ExpectNotInQueue(FakeEngine& engine, IBackgroundCopyJob* job, const Profile& profile) {
  GUID id;
  ASSERT_EQ(job->GetId(&id), S_OK);
  IBackgroundCopyJob* found = job;  // not NULL
  EXPECT_THAT(engine.manager()->GetJob(id, &found), HresultIs(profile.not_found));
  EXPECT_EQ(found, nullptr);
}

// Keys to compare enumerated items by: a job's id, a file's local name.
std::string KeyOf(IBackgroundCopyJob* job) { return JobIdOf(job); }
std::string KeyOf(IBackgroundCopyFile* file) {
  LPWSTR name = nullptr;
  EXPECT_EQ(file->GetLocalName(&name), S_OK);
  return WideToUtf8(TakeString(name));
}

// Takes the items an enumerator's Next handed out (each AddRef'd): their keys, in order.
template <class Item>
std::vector<std::string> TakeKeys(Item** items, ULONG count) {
  std::vector<std::string> keys;
  for (ULONG i = 0; i < count; ++i) {
    keys.push_back(KeyOf(items[i]));
    items[i]->Release();
  }
  return keys;
}

ULONG CountOf(IEnumBackgroundCopyJobs* jobs) {
  ULONG count = 0;
  EXPECT_EQ(jobs->GetCount(&count), S_OK);
  return count;
}

ULONG FileCountOf(IBackgroundCopyJob* job) {
  ComPtr<IEnumBackgroundCopyFiles> files;
  EXPECT_EQ(job->EnumFiles(files.ReleaseAndGetAddressOf()), S_OK);
  ULONG count = 0;
  if (files) {
    EXPECT_EQ(files->GetCount(&count), S_OK);
  }
  return count;
}

std::wstring DisplayNameOf(IBackgroundCopyJob* job) {
  LPWSTR name = nullptr;
  EXPECT_EQ(job->GetDisplayName(&name), S_OK);
  return TakeString(name);
}

// state.enum_semantics on an enumerator of `expected.size()` (at least two) items,
// positioned at the start: Next / Skip / Reset / GetCount / Clone (docs/contract.md
// section 5). The order of the items is the enumerator's; every pass keeps it.
template <class Enum, class Item>
void CheckEnumeratorSemantics(Enum* e, const std::vector<std::string>& expected, bool can_clone) {
  const ULONG n = static_cast<ULONG>(expected.size());
  ASSERT_GE(n, 2u);
  ULONG count = 0;
  EXPECT_EQ(e->GetCount(&count), S_OK);
  EXPECT_EQ(count, n);

  // Next(1, &item, NULL): S_OK while items are left, one at a time.
  std::vector<std::string> order;
  for (ULONG i = 0; i < n; ++i) {
    Item* item = nullptr;
    ASSERT_EQ(e->Next(1, &item, nullptr), S_OK);
    ASSERT_NE(item, nullptr);
    order.push_back(TakeKeys(&item, 1)[0]);
  }
  EXPECT_THAT(order, UnorderedElementsAreArray(expected));
  // At the end: S_FALSE, with or without pceltFetched.
  Item* none = nullptr;
  EXPECT_THAT(e->Next(1, &none, nullptr), HresultIs(S_FALSE));
  ULONG fetched = 99;
  EXPECT_THAT(e->Next(1, &none, &fetched), HresultIs(S_FALSE));
  EXPECT_EQ(fetched, 0u);
  EXPECT_EQ(none, nullptr);

  // Reset: S_OK, from the start again. Next(celt > 1, NULL): E_INVALIDARG, nothing taken.
  std::vector<Item*> items(n + 1, nullptr);
  EXPECT_THAT(e->Reset(), HresultIs(S_OK));
  EXPECT_THAT(e->Next(2, items.data(), nullptr), HresultIs(E_INVALIDARG));
  EXPECT_THAT(e->Next(n, items.data(), nullptr), HresultIs(E_INVALIDARG));
  // Next(n): S_OK with all of them; Next(n + 1): S_FALSE with the n there are.
  fetched = 0;
  EXPECT_THAT(e->Next(n, items.data(), &fetched), HresultIs(S_OK));
  ASSERT_EQ(fetched, n);
  EXPECT_THAT(TakeKeys(items.data(), fetched), ElementsAreArray(order));
  EXPECT_THAT(e->Reset(), HresultIs(S_OK));
  fetched = 0;
  EXPECT_THAT(e->Next(n + 1, items.data(), &fetched), HresultIs(S_FALSE));
  ASSERT_EQ(fetched, n);
  EXPECT_THAT(TakeKeys(items.data(), fetched), ElementsAreArray(order));

  // Skip within: S_OK and Next continues after the skipped item.
  EXPECT_THAT(e->Reset(), HresultIs(S_OK));
  EXPECT_THAT(e->Skip(1), HresultIs(S_OK));
  Item* item = nullptr;
  ASSERT_EQ(e->Next(1, &item, nullptr), S_OK);
  EXPECT_EQ(TakeKeys(&item, 1)[0], order[1]);
  // Skip past the end: S_FALSE, and nothing is left.
  EXPECT_THAT(e->Skip(n), HresultIs(S_FALSE));
  EXPECT_THAT(e->Next(1, &none, nullptr), HresultIs(S_FALSE));
  // Skip to exactly the end: S_OK.
  EXPECT_THAT(e->Reset(), HresultIs(S_OK));
  EXPECT_THAT(e->Skip(n), HresultIs(S_OK));
  EXPECT_THAT(e->Next(1, &none, nullptr), HresultIs(S_FALSE));

  // Clone: the same items at the same position, moving on its own.
  EXPECT_THAT(e->Reset(), HresultIs(S_OK));
  EXPECT_THAT(e->Skip(1), HresultIs(S_OK));
  ComPtr<Enum> clone;
  if (!can_clone) {
    EXPECT_THAT(e->Clone(clone.ReleaseAndGetAddressOf()), HresultIs(E_NOTIMPL));
    return;
  }
  ASSERT_EQ(e->Clone(clone.ReleaseAndGetAddressOf()), S_OK);
  ASSERT_TRUE(clone);
  count = 0;
  EXPECT_EQ(clone->GetCount(&count), S_OK);
  EXPECT_EQ(count, n);
  fetched = 0;
  EXPECT_THAT(clone->Next(n, items.data(), &fetched), HresultIs(S_FALSE));
  EXPECT_THAT(TakeKeys(items.data(), fetched),
              ElementsAreArray(std::vector<std::string>(order.begin() + 1, order.end())));
  ASSERT_EQ(e->Next(1, &item, nullptr), S_OK);  // the original did not move
  EXPECT_EQ(TakeKeys(&item, 1)[0], order[1]);
}

// An enumerator of nothing: GetCount 0, Next S_FALSE, Skip(1) S_FALSE, Reset S_OK.
template <class Enum, class Item>
void CheckEmptyEnumerator(Enum* e) {
  ULONG count = 99;
  EXPECT_EQ(e->GetCount(&count), S_OK);
  EXPECT_EQ(count, 0u);
  Item* none = nullptr;
  EXPECT_THAT(e->Next(1, &none, nullptr), HresultIs(S_FALSE));
  ULONG fetched = 99;
  EXPECT_THAT(e->Next(1, &none, &fetched), HresultIs(S_FALSE));
  EXPECT_EQ(fetched, 0u);
  EXPECT_EQ(none, nullptr);
  EXPECT_THAT(e->Skip(1), HresultIs(S_FALSE));
  EXPECT_THAT(e->Reset(), HresultIs(S_OK));
}

// A fixture with an engine of the parameter's profile.
class ProfileTest : public testing::TestWithParam<Profile> {
 protected:
  const Profile& profile() const { return GetParam(); }
  FakeEngine engine_{OptionsFor(GetParam())};
};

// A fixture with an engine of the parameter's profile and a job at the parameter's stage.
class StageTest : public testing::TestWithParam<ProfileAndStage> {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, stage(), &job_)); }
  void TearDown() override {
    if (job_) Finish(job_.Get());
  }
  const Profile& profile() const { return std::get<0>(GetParam()); }
  JobStage stage() const { return std::get<1>(GetParam()); }

  FakeEngine engine_{OptionsFor(std::get<0>(GetParam()))};
  ComPtr<IBackgroundCopyJob> job_;
};

auto StagePairs(std::vector<JobStage> stages) {
  return testing::ValuesIn(ProfileStagePairs(stages));
}

// ---- state.initial_suspended ----------------------------------------------------------
using StateInitialTest = ProfileTest;

TEST_P(StateInitialTest, NewJobIsSuspendedWithZeroProgress) {
  // state.initial_suspended: through the manager and through the engine's API; the
  // job does not start on its own.
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  ASSERT_NO_FATAL_FAILURE(engine_testing::CreateJobBothWays(engine_, &jobs));
  EXPECT_TRUE(engine_.RunUntilIdle());
  for (const ComPtr<IBackgroundCopyJob>& ptr : jobs) {
    IBackgroundCopyJob* job = ptr.Get();
    EXPECT_EQ(StateOf(job), BG_JOB_STATE_SUSPENDED);
    BG_JOB_PROGRESS progress{1, 1, 1, 1};
    ASSERT_EQ(job->GetProgress(&progress), S_OK);
    EXPECT_EQ(progress.BytesTotal, 0u);
    EXPECT_EQ(progress.BytesTransferred, 0u);
    EXPECT_EQ(progress.FilesTotal, 0u);
    EXPECT_EQ(progress.FilesTransferred, 0u);
    Finish(job);
  }
}

TEST_P(StateInitialTest, FreshFileProgressIsUnknownSizeNothingTransferredNotCompleted) {
  // state.initial_suspended (docs/contract.md section 5: a fresh file's progress is
  // BG_SIZE_UNKNOWN, 0, FALSE), for files added through COM and through the engine.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine_.CreateJob(L"files", &job), S_OK);
  ASSERT_EQ(job->AddFile(RemoteUrl(0).c_str(), LocalName(0).c_str()), S_OK);
  ASSERT_EQ(engine_.AddFile(job.Get(), TestFile(1)), S_OK);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_SUSPENDED);
  ComPtr<IEnumBackgroundCopyFiles> files;
  ASSERT_EQ(job->EnumFiles(files.ReleaseAndGetAddressOf()), S_OK);
  ULONG fetched = 0;
  IBackgroundCopyFile* items[2] = {};
  ASSERT_EQ(files->Next(2, items, &fetched), S_OK);
  ASSERT_EQ(fetched, 2u);
  for (IBackgroundCopyFile* raw : items) {
    ComPtr<IBackgroundCopyFile> file = ComPtr<IBackgroundCopyFile>::Attach(raw);
    BG_FILE_PROGRESS progress{0, 1, TRUE};
    ASSERT_EQ(file->GetProgress(&progress), S_OK);
    EXPECT_EQ(progress.BytesTotal, BG_SIZE_UNKNOWN);
    EXPECT_EQ(progress.BytesTransferred, 0u);
    EXPECT_EQ(progress.Completed, FALSE);
  }
  BG_JOB_PROGRESS progress{};
  ASSERT_EQ(job->GetProgress(&progress), S_OK);
  EXPECT_EQ(progress.BytesTransferred, 0u);
  EXPECT_EQ(progress.FilesTotal, 2u);
  EXPECT_EQ(progress.FilesTransferred, 0u);
  Finish(job.Get());
}

TEST_P(StateInitialTest, ReleasingTheCreatedPointerLeavesTheJobInTheQueue) {
  // docs/contract.md section 5 (WIN): Release of the pointer CreateJob handed out returns 0
  // and the job lives on, SUSPENDED, in the queue: the queue owns the job's state.
  GUID id;
  IBackgroundCopyJob* created = nullptr;
  ASSERT_EQ(engine_.manager()->CreateJob(L"released", BG_JOB_TYPE_DOWNLOAD, &id, &created), S_OK);
  EXPECT_EQ(created->Release(), 0u);
  ComPtr<IBackgroundCopyJob> found;
  ASSERT_EQ(engine_.manager()->GetJob(id, found.ReleaseAndGetAddressOf()), S_OK);
  EXPECT_EQ(StateOf(found.Get()), BG_JOB_STATE_SUSPENDED);
  ComPtr<IEnumBackgroundCopyJobs> jobs;
  ASSERT_EQ(engine_.manager()->EnumJobs(0, jobs.ReleaseAndGetAddressOf()), S_OK);
  EXPECT_EQ(CountOf(jobs.Get()), 1u);
  Finish(found.Get());
}

INSTANTIATE_TEST_SUITE_P(Profiles, StateInitialTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ---- state.resume_empty -------------------------------------------------------------------
using StateResumeEmptyTest = ProfileTest;

TEST_P(StateResumeEmptyTest, ResumeWithoutFilesIsRefusedAndTheJobStaysSuspended) {
  // state.resume_empty: BG_E_EMPTY / DO_E_JOB_EMPTY, every time, the job stays
  // SUSPENDED and nothing is notified; with a file added, Resume then works.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine_.CreateJob(L"empty", &job), S_OK);
  auto callback = MakeComObject<StrictMock<MockCallback2>>();  // expects no call
  ASSERT_EQ(job->SetNotifyFlags(kEveryNotification), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_THAT(job->Resume(), HresultIs(profile().empty));
  EXPECT_THAT(job->Resume(), HresultIs(profile().empty));
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_SUSPENDED);
  ASSERT_EQ(job->SetNotifyInterface(nullptr), S_OK);

  ASSERT_EQ(engine_.AddFile(job.Get(), TestFile(0)), S_OK);
  EXPECT_THAT(job->Resume(), HresultIs(S_OK));
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  Finish(job.Get());
}

INSTANTIATE_TEST_SUITE_P(Profiles, StateResumeEmptyTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ---- state.final_immutable ------------------------------------------------------------------
// How a job became final: Cancel, Complete, or the 30/90-day expiry (docs/contract.md
// section 4), from a stage.
enum class Ending { kCancel, kComplete, kExpire };

struct FinalRoute {
  const char* name;
  JobStage from;
  Ending ending;
};

const FinalRoute kFinalRoutes[] = {
    {"CancelledWhenSuspended", JobStage::kSuspended, Ending::kCancel},
    {"CancelledWhenTransferring", JobStage::kTransferring, Ending::kCancel},
    {"CancelledInTransientError", JobStage::kTransientError, Ending::kCancel},
    {"CancelledInError", JobStage::kError, Ending::kCancel},
    {"CancelledWhenTransferred", JobStage::kTransferred, Ending::kCancel},
    {"AcknowledgedWhenTransferred", JobStage::kTransferred, Ending::kComplete},
    {"AcknowledgedPartially", JobStage::kTransferring, Ending::kComplete},
    {"ExpiredWhenSuspended", JobStage::kSuspended, Ending::kExpire},
    {"ExpiredInError", JobStage::kError, Ending::kExpire},
};

void PrintTo(const FinalRoute& route, std::ostream* os) { *os << route.name; }

using ProfileAndRoute = std::tuple<Profile, FinalRoute>;

class StateFinalImmutableTest : public testing::TestWithParam<ProfileAndRoute> {};

TEST_P(StateFinalImmutableTest, EveryMutatorIsRefusedWithTheInvalidStateCode) {
  // state.final_immutable: every mutator, with valid arguments, on a CANCELLED
  // (cancelled or expired) or ACKNOWLEDGED job gives the profile's invalid-state code
  // (the DO profile's undocumented methods: E_NOTIMPL) and changes nothing. The second
  // Cancel and the second Complete are among them.
  const auto& [profile, route] = GetParam();
  FakeEngine engine(OptionsFor(profile));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine, route.from, &job));
  switch (route.ending) {
    case Ending::kCancel:
      ASSERT_EQ(job->Cancel(), S_OK);
      break;
    case Ending::kComplete:
      ASSERT_THAT(job->Complete(), mocks::Succeeded());
      break;
    case Ending::kExpire:
      engine.AdvanceBy(profile.job_lifetime);
      break;
  }
  const BG_JOB_STATE final_state =
      route.ending == Ending::kComplete ? BG_JOB_STATE_ACKNOWLEDGED : BG_JOB_STATE_CANCELLED;
  ASSERT_EQ(StateOf(job.Get()), final_state);
  const std::wstring name = DisplayNameOf(job.Get());
  const ULONG flags = NotifyFlagsOf(job.Get());
  const ULONG files = FileCountOf(job.Get());

  auto callback = MakeComObject<StrictMock<MockCallback2>>();  // expects no call
  IBackgroundCopyJob* j = job.Get();
  const HRESULT refused = profile.invalid_state;
  std::wstring remote = RemoteUrl(7), local = LocalName(7);
  BG_FILE_INFO file_set[] = {{remote.data(), local.data()}};
  ExpectResults({
      {"Resume", [j] { return j->Resume(); }, refused},
      {"Suspend", [j] { return j->Suspend(); }, refused},
      {"Cancel", [j] { return j->Cancel(); }, refused},
      {"Complete", [j] { return j->Complete(); }, refused},
      {"AddFile", [&] { return j->AddFile(remote.c_str(), local.c_str()); }, refused},
      {"SetNotifyFlags", [j] { return j->SetNotifyFlags(kEveryNotification); }, refused},
      {"SetNotifyInterface", [&] { return j->SetNotifyInterface(callback.Get()); }, refused},
      {"SetNotifyInterface(NULL)", [j] { return j->SetNotifyInterface(nullptr); }, refused},
      {"SetPriority", [j] { return j->SetPriority(BG_JOB_PRIORITY_HIGH); }, refused},
      {"SetNoProgressTimeout", [j] { return j->SetNoProgressTimeout(60); }, refused},
      {"SetDisplayName", [j] { return j->SetDisplayName(L"renamed"); }, BitsOnly(profile, refused)},
      {"SetDescription", [j] { return j->SetDescription(L"described"); }, BitsOnly(profile, refused)},
      {"SetMinimumRetryDelay", [j] { return j->SetMinimumRetryDelay(120); }, BitsOnly(profile, refused)},
      {"SetProxySettings",
       [j] { return j->SetProxySettings(BG_JOB_PROXY_USAGE_NO_PROXY, nullptr, nullptr); },
       BitsOnly(profile, refused)},
      {"TakeOwnership", [j] { return j->TakeOwnership(); }, BitsOnly(profile, refused)},
      {"AddFileSet", [&] { return j->AddFileSet(1, file_set); }, BitsOnly(profile, refused)},
  });

  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(j), final_state);
  EXPECT_EQ(DisplayNameOf(j), name);
  EXPECT_EQ(NotifyFlagsOf(j), flags);
  EXPECT_EQ(FileCountOf(j), files);
  IUnknown* registered = callback.Get();
  EXPECT_EQ(j->GetNotifyInterface(&registered), S_OK);
  EXPECT_EQ(registered, nullptr);
  EXPECT_EQ(callback->ledger()->refcount(), 1u);  // the engine kept no reference
  ExpectNotInQueue(engine, j, profile);
}

INSTANTIATE_TEST_SUITE_P(
    FinalJobs, StateFinalImmutableTest,
    testing::Combine(testing::ValuesIn(BothProfiles()), testing::ValuesIn(kFinalRoutes)),
    [](const testing::TestParamInfo<ProfileAndRoute>& info) {
      return std::string(std::get<0>(info.param).name) + "_" + std::get<1>(info.param).name;
    });

// ---- state.complete_transferred ----------------------------------------------------------
using StateCompleteTest = ProfileTest;

TEST_P(StateCompleteTest, CompleteMovesTransferredToAcknowledgedOnce) {
  // state.complete_transferred: S_OK and ACKNOWLEDGED; a second Complete (and a Cancel)
  // gets the invalid-state code (WIN); the job leaves the queue.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kTransferred, &job));
  EXPECT_THAT(job->Complete(), HresultIs(S_OK));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_THAT(job->Complete(), HresultIs(profile().invalid_state));
  EXPECT_THAT(job->Cancel(), HresultIs(profile().invalid_state));
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  ExpectNotInQueue(engine_, job.Get(), profile());
}

TEST_P(StateCompleteTest, CompleteFromInsideJobTransferredAcknowledges) {
  // state.complete_transferred, called as callbacks are told to: from JobTransferred.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine_.CreateJob(L"complete", &job), S_OK);
  ASSERT_EQ(engine_.AddFile(job.Get(), TestFile(0)), S_OK);
  auto callback = MakeComObject<StrictMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce([](IBackgroundCopyJob* j) {
    EXPECT_EQ(StateOf(j), BG_JOB_STATE_TRANSFERRED);
    return j->Complete();
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

INSTANTIATE_TEST_SUITE_P(Profiles, StateCompleteTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

using StateCompleteEarlyTest = StageTest;

TEST_P(StateCompleteEarlyTest, CompleteBeforeTransferredIsPartial) {
  // state.complete_transferred, the other side (docs/contract.md section 5): Complete
  // before TRANSFERRED keeps only the finished files, answers BG_S_PARTIAL_COMPLETE
  // and the job is ACKNOWLEDGED; the transfer stops.
  EXPECT_THAT(job_->Complete(), HresultIs(BG_S_PARTIAL_COMPLETE));
  EXPECT_EQ(StateOf(job_.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  BG_JOB_PROGRESS before{}, after{};
  ASSERT_EQ(job_->GetProgress(&before), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(job_->GetProgress(&after), S_OK);
  EXPECT_EQ(after.BytesTransferred, before.BytesTransferred);
  EXPECT_EQ(StateOf(job_.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

INSTANTIATE_TEST_SUITE_P(NotTransferred, StateCompleteEarlyTest,
                         StagePairs({JobStage::kSuspended, JobStage::kQueued, JobStage::kTransferring,
                                     JobStage::kTransientError, JobStage::kError}),
                         ProfileAndStageName);

// ---- state.cancel ---------------------------------------------------------------------------
using StateCancelTest = StageTest;

TEST_P(StateCancelTest, CancelMovesTheJobToCancelledOnce) {
  // state.cancel: from every non-final state S_OK and CANCELLED; a second Cancel (and
  // a Complete) gets the invalid-state code (WIN); nothing moves the job afterwards.
  EXPECT_THAT(job_->Cancel(), HresultIs(S_OK));
  EXPECT_EQ(StateOf(job_.Get()), BG_JOB_STATE_CANCELLED);
  EXPECT_THAT(job_->Cancel(), HresultIs(profile().invalid_state));
  EXPECT_THAT(job_->Complete(), HresultIs(profile().invalid_state));
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job_.Get()), BG_JOB_STATE_CANCELLED);
  ExpectNotInQueue(engine_, job_.Get(), profile());
}

INSTANTIATE_TEST_SUITE_P(NonFinal, StateCancelTest,
                         StagePairs({JobStage::kSuspendedEmpty, JobStage::kSuspended,
                                     JobStage::kQueued, JobStage::kTransferring,
                                     JobStage::kTransientError, JobStage::kError,
                                     JobStage::kTransferred}),
                         ProfileAndStageName);

TEST(StateCancelBitsTest, CancelFromConnectingInsideJobModification) {
  // state.cancel from CONNECTING, the one state a test sees only from a callback: the
  // JobModification of the QUEUED -> CONNECTING change cancels the job (bits profile;
  // DO has no CONNECTING).
  FakeEngine engine(OptionsFor(Profile::Bits()));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"connecting", &job), S_OK);
  ASSERT_EQ(engine.AddFile(job.Get(), TestFile(0)), S_OK);
  ASSERT_EQ(job->SetNotifyFlags(BG_NOTIFY_JOB_MODIFICATION), S_OK);
  auto callback = MakeComObject<testing::NiceMock<MockCallback2>>();
  bool cancelled_in_connecting = false;
  ON_CALL(*callback, JobModification).WillByDefault([&](IBackgroundCopyJob* j, DWORD) {
    if (StateOf(j) == BG_JOB_STATE_CONNECTING) {
      EXPECT_EQ(j->Cancel(), S_OK);
      EXPECT_EQ(StateOf(j), BG_JOB_STATE_CANCELLED);
      cancelled_in_connecting = true;
    }
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_TRUE(cancelled_in_connecting);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
}

// ---- state.get_error_none ----------------------------------------------------------------------
using StateGetErrorNoneTest = StageTest;

TEST_P(StateGetErrorNoneTest, GetErrorWithoutAnErrorIsUnavailable) {
  // state.get_error_none: BG_E_ERROR_INFORMATION_UNAVAILABLE /
  // DO_E_ERROR_INFORMATION_UNAVAILABLE (WIN), and no error object.
  IBackgroundCopyError* error = reinterpret_cast<IBackgroundCopyError*>(&error);  // not NULL
  EXPECT_THAT(job_->GetError(&error), HresultIs(profile().error_info_unavailable));
  EXPECT_EQ(error, nullptr);
}

INSTANTIATE_TEST_SUITE_P(WithoutError, StateGetErrorNoneTest,
                         StagePairs({JobStage::kSuspendedEmpty, JobStage::kSuspended,
                                     JobStage::kQueued, JobStage::kTransferring,
                                     JobStage::kTransferred, JobStage::kCancelled,
                                     JobStage::kAcknowledged}),
                         ProfileAndStageName);

using StateErrorTest = ProfileTest;

TEST_P(StateErrorTest, GetErrorInErrorGivesTheError) {
  // The counterpart of state.get_error_none: in ERROR, GetError hands out the error.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kError, &job));
  ComPtr<IBackgroundCopyError> error;
  ASSERT_EQ(job->GetError(error.ReleaseAndGetAddressOf()), S_OK);
  ASSERT_TRUE(error);
  BG_ERROR_CONTEXT context;
  HRESULT code = S_OK;
  ASSERT_EQ(error->GetError(&context, &code), S_OK);
  EXPECT_THAT(code, HresultIs(BG_E_HTTP_ERROR_404));
  Finish(job.Get());
}

TEST_P(StateErrorTest, ErrorWithoutAFileHasNoFile) {
  // docs/contract.md section 5: IBackgroundCopyError::GetFile when no file is involved gives
  // BG_E_FILE_NOT_AVAILABLE / DO_E_FILE_NOT_AVAILABLE and NULL.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine_.CreateJob(L"job error", &job), S_OK);
  ASSERT_EQ(engine_.AddFile(job.Get(), TestFile(0)), S_OK);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::JobError(BG_E_NETWORK_DISCONNECTED)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_ERROR);
  ComPtr<IBackgroundCopyError> error;
  ASSERT_EQ(job->GetError(error.ReleaseAndGetAddressOf()), S_OK);
  IBackgroundCopyFile* file = reinterpret_cast<IBackgroundCopyFile*>(&file);  // not NULL
  EXPECT_THAT(error->GetFile(&file), HresultIs(profile().file_not_available));
  EXPECT_EQ(file, nullptr);
  Finish(job.Get());
}

INSTANTIATE_TEST_SUITE_P(Profiles, StateErrorTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ---- state.enum_semantics -----------------------------------------------------------------------
using StateEnumTest = ProfileTest;

TEST_P(StateEnumTest, JobEnumeratorFollowsNextSkipResetCountClone) {
  // state.enum_semantics on IEnumBackgroundCopyJobs (manager->EnumJobs).
  std::vector<ComPtr<IBackgroundCopyJob>> jobs(3);
  std::vector<std::string> ids;
  for (auto& job : jobs) {
    ASSERT_EQ(engine_.CreateJob(L"enum", &job), S_OK);
    ids.push_back(JobIdOf(job.Get()));
  }
  ComPtr<IEnumBackgroundCopyJobs> e;
  ASSERT_EQ(engine_.manager()->EnumJobs(0, e.ReleaseAndGetAddressOf()), S_OK);
  CheckEnumeratorSemantics<IEnumBackgroundCopyJobs, IBackgroundCopyJob>(e.Get(), ids,
                                                                        /*can_clone=*/true);
  for (auto& job : jobs) Finish(job.Get());
}

TEST_P(StateEnumTest, FileEnumeratorFollowsNextSkipResetCountClone) {
  // state.enum_semantics on IEnumBackgroundCopyFiles (job->EnumFiles); DO-doc's has no
  // Clone: E_NOTIMPL in the DO profile.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine_.CreateJob(L"enum", &job), S_OK);
  std::vector<std::string> names;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(engine_.AddFile(job.Get(), TestFile(i)), S_OK);
    names.push_back(WideToUtf8(LocalName(i)));
  }
  ComPtr<IEnumBackgroundCopyFiles> e;
  ASSERT_EQ(job->EnumFiles(e.ReleaseAndGetAddressOf()), S_OK);
  CheckEnumeratorSemantics<IEnumBackgroundCopyFiles, IBackgroundCopyFile>(
      e.Get(), names, /*can_clone=*/!profile().documented_methods_only);
  Finish(job.Get());
}

TEST_P(StateEnumTest, EmptyEnumeratorsHaveNothingToGive) {
  // state.enum_semantics with nothing to enumerate: no jobs, a job without files.
  ComPtr<IEnumBackgroundCopyJobs> jobs;
  ASSERT_EQ(engine_.manager()->EnumJobs(0, jobs.ReleaseAndGetAddressOf()), S_OK);
  CheckEmptyEnumerator<IEnumBackgroundCopyJobs, IBackgroundCopyJob>(jobs.Get());
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine_.CreateJob(L"empty", &job), S_OK);
  ComPtr<IEnumBackgroundCopyFiles> files;
  ASSERT_EQ(job->EnumFiles(files.ReleaseAndGetAddressOf()), S_OK);
  CheckEmptyEnumerator<IEnumBackgroundCopyFiles, IBackgroundCopyFile>(files.Get());
  Finish(job.Get());
}

TEST_P(StateEnumTest, FinalJobsDropOutOfEnumerationAndGetJob) {
  // state.enum_semantics (docs/contract.md section 5: a final job drops out of enumeration)
  // and GetJob of a final job gives the not-found code; live jobs, ERROR included, stay.
  ComPtr<IBackgroundCopyJob> suspended, in_error, cancelled, acknowledged;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kSuspended, &suspended));
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kError, &in_error));
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kCancelled, &cancelled));
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kAcknowledged, &acknowledged));

  ComPtr<IEnumBackgroundCopyJobs> e;
  ASSERT_EQ(engine_.manager()->EnumJobs(0, e.ReleaseAndGetAddressOf()), S_OK);
  IBackgroundCopyJob* items[4] = {};
  ULONG fetched = 0;
  EXPECT_THAT(e->Next(4, items, &fetched), HresultIs(S_FALSE));
  EXPECT_THAT(TakeKeys(items, fetched),
              UnorderedElementsAreArray({JobIdOf(suspended.Get()), JobIdOf(in_error.Get())}));
  EXPECT_EQ(CountOf(e.Get()), 2u);

  for (IBackgroundCopyJob* live : {suspended.Get(), in_error.Get()}) {
    GUID id;
    ASSERT_EQ(live->GetId(&id), S_OK);
    ComPtr<IBackgroundCopyJob> found;
    EXPECT_THAT(engine_.manager()->GetJob(id, found.ReleaseAndGetAddressOf()), HresultIs(S_OK));
    ASSERT_TRUE(found);
    EXPECT_EQ(JobIdOf(found.Get()), JobIdOf(live));
  }
  ExpectNotInQueue(engine_, cancelled.Get(), profile());
  ExpectNotInQueue(engine_, acknowledged.Get(), profile());

  // Cancelling the others empties the enumeration.
  Finish(suspended.Get());
  Finish(in_error.Get());
  ASSERT_EQ(engine_.manager()->EnumJobs(0, e.ReleaseAndGetAddressOf()), S_OK);
  EXPECT_EQ(CountOf(e.Get()), 0u);
}

INSTANTIATE_TEST_SUITE_P(Profiles, StateEnumTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ---- Bad input ------------------------------------------------------------------------------------
using BadInputTest = ProfileTest;

TEST_P(BadInputTest, NullOutPointerOnEveryJobGetterIsInvalidArg) {
  // E_INVALIDARG for a NULL out-pointer (BITS-doc), on a job without and with an error;
  // the DO profile's undocumented getters answer E_NOTIMPL first.
  for (JobStage stage : {JobStage::kSuspended, JobStage::kError}) {
    SCOPED_TRACE(engine_testing::StageName(stage));
    ComPtr<IBackgroundCopyJob> job;
    ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, stage, &job));
    IBackgroundCopyJob* j = job.Get();
    const HRESULT bad = E_INVALIDARG;
    BG_JOB_PROXY_USAGE usage;
    LPWSTR list = nullptr, bypass = nullptr;
    ExpectResults({
        {"EnumFiles", [j] { return j->EnumFiles(nullptr); }, bad},
        {"GetId", [j] { return j->GetId(nullptr); }, bad},
        {"GetType", [j] { return j->GetType(nullptr); }, bad},
        {"GetProgress", [j] { return j->GetProgress(nullptr); }, bad},
        {"GetTimes", [j] { return j->GetTimes(nullptr); }, bad},
        {"GetState", [j] { return j->GetState(nullptr); }, bad},
        {"GetError", [j] { return j->GetError(nullptr); }, bad},
        {"GetOwner", [j] { return j->GetOwner(nullptr); }, BitsOnly(profile(), bad)},
        {"GetDisplayName", [j] { return j->GetDisplayName(nullptr); }, bad},
        {"GetDescription", [j] { return j->GetDescription(nullptr); }, BitsOnly(profile(), bad)},
        {"GetPriority", [j] { return j->GetPriority(nullptr); }, bad},
        {"GetNotifyFlags", [j] { return j->GetNotifyFlags(nullptr); }, bad},
        {"GetNotifyInterface", [j] { return j->GetNotifyInterface(nullptr); }, bad},
        {"GetMinimumRetryDelay", [j] { return j->GetMinimumRetryDelay(nullptr); },
         BitsOnly(profile(), bad)},
        {"GetNoProgressTimeout", [j] { return j->GetNoProgressTimeout(nullptr); }, bad},
        {"GetErrorCount", [j] { return j->GetErrorCount(nullptr); }, BitsOnly(profile(), bad)},
        {"GetProxySettings(NULL usage)",
         [&] { return j->GetProxySettings(nullptr, &list, &bypass); }, BitsOnly(profile(), bad)},
        {"GetProxySettings(NULL list)",
         [&] { return j->GetProxySettings(&usage, nullptr, &bypass); }, BitsOnly(profile(), bad)},
        {"GetProxySettings(NULL bypass)",
         [&] { return j->GetProxySettings(&usage, &list, nullptr); }, BitsOnly(profile(), bad)},
    });
    Finish(j);
  }
}

TEST_P(BadInputTest, NullOutPointerOnFileAndErrorGettersIsInvalidArg) {
  // E_INVALIDARG for a NULL out-pointer on IBackgroundCopyFile and IBackgroundCopyError.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kError, &job));
  ComPtr<IBackgroundCopyError> error;
  ASSERT_EQ(job->GetError(error.ReleaseAndGetAddressOf()), S_OK);
  ComPtr<IBackgroundCopyFile> file;
  ASSERT_EQ(error->GetFile(file.ReleaseAndGetAddressOf()), S_OK);
  IBackgroundCopyError* e = error.Get();
  IBackgroundCopyFile* f = file.Get();
  BG_ERROR_CONTEXT context;
  HRESULT code;
  ExpectResults({
      {"File.GetRemoteName", [f] { return f->GetRemoteName(nullptr); }, E_INVALIDARG},
      {"File.GetLocalName", [f] { return f->GetLocalName(nullptr); }, E_INVALIDARG},
      {"File.GetProgress", [f] { return f->GetProgress(nullptr); }, E_INVALIDARG},
      {"Error.GetError(NULL context)", [&] { return e->GetError(nullptr, &code); }, E_INVALIDARG},
      {"Error.GetError(NULL code)", [&] { return e->GetError(&context, nullptr); }, E_INVALIDARG},
      {"Error.GetFile", [e] { return e->GetFile(nullptr); }, E_INVALIDARG},
      {"Error.GetErrorDescription", [e] { return e->GetErrorDescription(0, nullptr); }, E_INVALIDARG},
      {"Error.GetErrorContextDescription",
       [e] { return e->GetErrorContextDescription(0, nullptr); }, E_INVALIDARG},
      {"Error.GetProtocol", [e] { return e->GetProtocol(nullptr); }, E_INVALIDARG},
  });
  Finish(job.Get());
}

TEST_P(BadInputTest, NullOutPointerOnManagerAndEnumeratorsIsInvalidArg) {
  // E_INVALIDARG for a NULL out-pointer on the manager and both enumerators (the DO
  // profile's file enumerator has no Clone at all: E_NOTIMPL).
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kSuspended, &job));
  GUID id;
  ASSERT_EQ(job->GetId(&id), S_OK);
  ComPtr<IEnumBackgroundCopyJobs> jobs;
  ASSERT_EQ(engine_.manager()->EnumJobs(0, jobs.ReleaseAndGetAddressOf()), S_OK);
  ComPtr<IEnumBackgroundCopyFiles> files;
  ASSERT_EQ(job->EnumFiles(files.ReleaseAndGetAddressOf()), S_OK);
  IBackgroundCopyManager* m = engine_.manager();
  IEnumBackgroundCopyJobs* ej = jobs.Get();
  IEnumBackgroundCopyFiles* ef = files.Get();
  ULONG fetched;
  ExpectResults({
      {"Manager.GetJob", [&] { return m->GetJob(id, nullptr); }, E_INVALIDARG},
      {"Manager.EnumJobs", [m] { return m->EnumJobs(0, nullptr); }, E_INVALIDARG},
      {"Manager.GetErrorDescription", [m] { return m->GetErrorDescription(E_FAIL, 0, nullptr); },
       E_INVALIDARG},
      {"EnumJobs.Next", [ej] { return ej->Next(1, nullptr, nullptr); }, E_INVALIDARG},
      {"EnumJobs.Next(fetched)", [&] { return ej->Next(1, nullptr, &fetched); }, E_INVALIDARG},
      {"EnumJobs.GetCount", [ej] { return ej->GetCount(nullptr); }, E_INVALIDARG},
      {"EnumJobs.Clone", [ej] { return ej->Clone(nullptr); }, E_INVALIDARG},
      {"EnumFiles.Next", [ef] { return ef->Next(1, nullptr, nullptr); }, E_INVALIDARG},
      {"EnumFiles.Next(fetched)", [&] { return ef->Next(1, nullptr, &fetched); }, E_INVALIDARG},
      {"EnumFiles.GetCount", [ef] { return ef->GetCount(nullptr); }, E_INVALIDARG},
      {"EnumFiles.Clone", [ef] { return ef->Clone(nullptr); }, BitsOnly(profile(), E_INVALIDARG)},
  });
  Finish(job.Get());
}

TEST_P(BadInputTest, CreateJobRejectsBadArgumentsAndCreatesNothing) {
  // docs/contract.md section 5: name NULL or over 256 characters, NULL outs: E_INVALIDARG;
  // DO makes download jobs only.
  IBackgroundCopyManager* m = engine_.manager();
  const std::wstring longest(256, L'n'), too_long(257, L'n');
  GUID id;
  IBackgroundCopyJob* job = nullptr;
  EXPECT_THAT(m->CreateJob(nullptr, BG_JOB_TYPE_DOWNLOAD, &id, &job), HresultIs(E_INVALIDARG));
  EXPECT_EQ(job, nullptr);
  EXPECT_THAT(m->CreateJob(too_long.c_str(), BG_JOB_TYPE_DOWNLOAD, &id, &job),
              HresultIs(E_INVALIDARG));
  EXPECT_EQ(job, nullptr);
  EXPECT_THAT(m->CreateJob(L"no id", BG_JOB_TYPE_DOWNLOAD, nullptr, &job), HresultIs(E_INVALIDARG));
  EXPECT_EQ(job, nullptr);
  EXPECT_THAT(m->CreateJob(L"no job", BG_JOB_TYPE_DOWNLOAD, &id, nullptr), HresultIs(E_INVALIDARG));
  ComPtr<IBackgroundCopyJob> by_engine;
  EXPECT_THAT(engine_.CreateJob(too_long, &by_engine), HresultIs(E_INVALIDARG));
  EXPECT_FALSE(by_engine);
  if (profile().kind == ProfileKind::kDo) {
    EXPECT_THAT(m->CreateJob(L"upload", BG_JOB_TYPE_UPLOAD, &id, &job), Failed());
    EXPECT_EQ(job, nullptr);
  }
  ComPtr<IEnumBackgroundCopyJobs> jobs;
  ASSERT_EQ(m->EnumJobs(0, jobs.ReleaseAndGetAddressOf()), S_OK);
  EXPECT_EQ(CountOf(jobs.Get()), 0u);

  // 256 characters are fine, and the name is kept whole.
  ComPtr<IBackgroundCopyJob> created;
  ASSERT_THAT(m->CreateJob(longest.c_str(), BG_JOB_TYPE_DOWNLOAD, &id,
                           created.ReleaseAndGetAddressOf()),
              HresultIs(S_OK));
  EXPECT_EQ(DisplayNameOf(created.Get()), longest);
  Finish(created.Get());
}

TEST_P(BadInputTest, GetJobOfAnUnknownIdIsNotFound) {
  // The profile's not-found code (BG_E_NOT_FOUND / DO_E_JOB_NOT_FOUND), and NULL.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kSuspended, &job));
  GUID id;
  ASSERT_EQ(job->GetId(&id), S_OK);
  GUID almost = id;  // a real job's id but for its first byte
  almost.Data1 ^= 1;
  for (const GUID& unknown : {GUID{}, IID_IBackgroundCopyCallback, almost}) {
    SCOPED_TRACE(GuidToString(unknown));
    IBackgroundCopyJob* found = job.Get();  // not NULL
    EXPECT_THAT(engine_.manager()->GetJob(unknown, &found), HresultIs(profile().not_found));
    EXPECT_EQ(found, nullptr);
  }
  Finish(job.Get());
}

TEST_P(BadInputTest, UndocumentedMethodsAreNotImplementedInDo) {
  // docs/contract.md section 5: the methods DO-doc does not list keep their vtable slots and
  // return E_NOTIMPL in the DO profile (and change nothing); in bits they work.
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kSuspended, &job));
  IBackgroundCopyJob* j = job.Get();
  std::wstring remote = RemoteUrl(5), local = LocalName(5);
  BG_FILE_INFO file_set[] = {{remote.data(), local.data()}};
  LPWSTR text = nullptr, list = nullptr, bypass = nullptr;
  ULONG number = 0;
  BG_JOB_PROXY_USAGE usage;
  auto free_strings = [&](HRESULT hr) {
    for (LPWSTR* s : {&text, &list, &bypass}) TakeString(std::exchange(*s, nullptr));
    return hr;
  };
  const HRESULT works = BitsOnly(profile(), S_OK);
  ExpectResults({
      {"AddFileSet", [&] { return j->AddFileSet(1, file_set); }, works},
      {"GetOwner", [&] { return free_strings(j->GetOwner(&text)); }, works},
      {"SetDisplayName", [j] { return j->SetDisplayName(L"renamed"); }, works},
      {"SetDescription", [j] { return j->SetDescription(L"described"); }, works},
      {"GetDescription", [&] { return free_strings(j->GetDescription(&text)); }, works},
      {"SetMinimumRetryDelay", [j] { return j->SetMinimumRetryDelay(120); }, works},
      {"GetMinimumRetryDelay", [&] { return j->GetMinimumRetryDelay(&number); }, works},
      {"GetErrorCount", [&] { return j->GetErrorCount(&number); }, works},
      {"SetProxySettings",
       [j] { return j->SetProxySettings(BG_JOB_PROXY_USAGE_NO_PROXY, nullptr, nullptr); }, works},
      {"GetProxySettings", [&] { return free_strings(j->GetProxySettings(&usage, &list, &bypass)); },
       works},
      {"TakeOwnership", [j] { return j->TakeOwnership(); }, works},
  });
  const bool is_do = profile().documented_methods_only;
  EXPECT_EQ(DisplayNameOf(j), is_do ? L"job" : L"renamed");
  EXPECT_EQ(FileCountOf(j), is_do ? 1u : 2u);
  Finish(j);
}

TEST_P(BadInputTest, JobsPerUserLimit) {
  // docs/contract.md section 5: BITS keeps at most 60 jobs per user in the queue
  // (BG_E_TOO_MANY_JOBS_PER_USER); final jobs do not count. DO has no such limit.
  const bool bits = profile().kind == ProfileKind::kBits;
  constexpr int kBitsLimit = 60;
  std::vector<ComPtr<IBackgroundCopyJob>> jobs(kBitsLimit);
  for (auto& job : jobs) ASSERT_EQ(engine_.CreateJob(L"many", &job), S_OK);
  GUID id;
  ComPtr<IBackgroundCopyJob> extra;
  EXPECT_THAT(engine_.manager()->CreateJob(L"one more", BG_JOB_TYPE_DOWNLOAD, &id,
                                           extra.ReleaseAndGetAddressOf()),
              HresultIs(bits ? BG_E_TOO_MANY_JOBS_PER_USER : S_OK));
  EXPECT_EQ(static_cast<bool>(extra), !bits);
  if (extra) Finish(extra.Get());
  // One job leaves the queue: there is room for one again, and no more.
  Finish(jobs.front().Get());
  EXPECT_THAT(engine_.CreateJob(L"replacement", &jobs.front()), HresultIs(S_OK));
  if (bits) {
    EXPECT_THAT(engine_.CreateJob(L"one more", &extra), HresultIs(BG_E_TOO_MANY_JOBS_PER_USER));
  }
  for (auto& job : jobs) Finish(job.Get());
}

INSTANTIATE_TEST_SUITE_P(Profiles, BadInputTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

}  // namespace
}  // namespace doharness
