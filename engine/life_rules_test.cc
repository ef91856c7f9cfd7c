// The life.* engine promises of conformance/rules.md, on the fake engine in
// deterministic mode, in both profiles. The callbacks are mocks with real reference
// counting; their RefLedger shows every QueryInterface, AddRef and Release the
// engine made, so the tests assert exact counts. The threaded mode is in
// threaded_dispatch_test.cc.
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api/names.h"
#include "engine/fake_engine.h"
#include "engine/testing/engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/matchers.h"
#include "mocks/mock_callback.h"

namespace doharness {
namespace {

using engine_testing::BothProfiles;
using engine_testing::Calls;
using engine_testing::CallsFrom;
using engine_testing::CountCalls;
using engine_testing::FindEvent;
using engine_testing::Finish;
using engine_testing::JobEvents;
using engine_testing::MakeJob;
using engine_testing::OptionsFor;
using engine_testing::ProfileParamName;
using engine_testing::StateOf;
using mocks::ComObject;
using mocks::HresultIs;
using mocks::MakeComObject;
using mocks::MockCallback;
using mocks::MockCallback2;
using mocks::RefEvent;
using mocks::RefLedger;
using std::chrono::hours;
using std::chrono::seconds;
using testing::_;
using testing::ElementsAre;
using testing::NiceMock;
using testing::Return;
using testing::StrictMock;

constexpr ULONG kTransferredAndError = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;
constexpr ULONG kEverything =
    kTransferredAndError | BG_NOTIFY_JOB_MODIFICATION | BG_NOTIFY_FILE_TRANSFERRED;

// The ledger's entries, one string each: "QueryInterface(IBackgroundCopyCallback2) ->
// S_OK (0x00000000)", "AddRef -> 3", "Release -> 2", "destroyed".
std::vector<std::string> Lines(const RefLedger& ledger) {
  std::vector<std::string> lines;
  for (const auto& entry : ledger.entries()) lines.push_back(mocks::ToString(entry));
  return lines;
}

std::string Qi(REFIID iid, HRESULT hr) {
  return "QueryInterface(" + InterfaceName(iid) + ") -> " + HresultName(hr);
}
const std::string kQiCallback2 = Qi(IID_IBackgroundCopyCallback2, S_OK);

// An object that answers neither callback interface (only IUnknown).
class NotACallback : public ComObject<IUnknown> {
 public:
  NotACallback() : ComObject(Answers<>()) {}
};

class LifeRulesTest : public testing::TestWithParam<Profile> {
 protected:
  LifeRulesTest() : engine_(OptionsFor(GetParam())) {}
  const Profile& profile() const { return engine_.options().profile; }
  uint32_t Number(const ComPtr<IBackgroundCopyJob>& job) { return engine_.JobNumber(job.Get()); }
  // The callback registered on `job` (AddRef'd by GetNotifyInterface, released here).
  IUnknown* Registered(const ComPtr<IBackgroundCopyJob>& job) {
    IUnknown* callback = reinterpret_cast<IUnknown*>(0x1);
    EXPECT_EQ(job->GetNotifyInterface(&callback), S_OK);
    if (callback) callback->Release();
    return callback;
  }

  FakeEngine engine_;
};

INSTANTIATE_TEST_SUITE_P(Profiles, LifeRulesTest, testing::ValuesIn(BothProfiles()),
                         ProfileParamName);

// ---- life.qi_on_set ---------------------------------------------------------------------
// An IBackgroundCopyCallback2 object is asked for that interface only, and the engine
// keeps the reference that QueryInterface gave (no AddRef of its own).
TEST_P(LifeRulesTest, QiOnSet_AsksForCallback2FirstAndKeepsThatReference) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_THAT(Lines(*callback->ledger()), ElementsAre(kQiCallback2));
  EXPECT_EQ(callback->ledger()->refcount(), 2u);
  EXPECT_EQ(job->Cancel(), S_OK);
}

// life.qi_on_set: an IBackgroundCopyCallback-only object is asked for Callback2, then
// for Callback.
TEST_P(LifeRulesTest, QiOnSet_FallsBackToCallback) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback>>();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_THAT(Lines(*callback->ledger()),
              ElementsAre(Qi(IID_IBackgroundCopyCallback2, E_NOINTERFACE),
                          Qi(IID_IBackgroundCopyCallback, S_OK)));
  EXPECT_EQ(callback->ledger()->refcount(), 2u);
  // The trace shows the same two questions, in that order.
  const auto events = JobEvents(engine_.trace(), Number(job));
  std::vector<std::string> asked;
  for (const TraceEvent& e : events) {
    if (e.kind == TraceEvent::Kind::kQueryInterface)
      asked.push_back(e.args["iid"].get<std::string>());
  }
  EXPECT_THAT(asked, ElementsAre("IBackgroundCopyCallback2", "IBackgroundCopyCallback"));
  EXPECT_EQ(job->Cancel(), S_OK);
}

// life.qi_on_set: an object with neither interface is refused with E_NOINTERFACE,
// holds no reference of the engine, and the registration before it stays.
TEST_P(LifeRulesTest, QiOnSet_ObjectWithNeitherInterfaceRefused) {
  auto job = MakeJob(engine_);
  auto previous = MakeComObject<NiceMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyInterface(previous.Get()), S_OK);
  auto stranger = MakeComObject<NotACallback>();
  EXPECT_THAT(job->SetNotifyInterface(stranger.Get()), HresultIs(E_NOINTERFACE));
  EXPECT_THAT(Lines(*stranger->ledger()),
              ElementsAre(Qi(IID_IBackgroundCopyCallback2, E_NOINTERFACE),
                          Qi(IID_IBackgroundCopyCallback, E_NOINTERFACE)));
  EXPECT_EQ(stranger->ledger()->refcount(), 1u);
  EXPECT_EQ(Registered(job), static_cast<IUnknown*>(previous.Get()));
  EXPECT_EQ(previous->ledger()->Count(RefEvent::kRelease), 1u);  // only Registered()'s own
  EXPECT_EQ(previous->ledger()->refcount(), 2u);
  // With nothing registered before it, nothing is registered after it.
  ASSERT_EQ(job->SetNotifyInterface(nullptr), S_OK);
  EXPECT_THAT(job->SetNotifyInterface(stranger.Get()), HresultIs(E_NOINTERFACE));
  EXPECT_EQ(Registered(job), nullptr);
  EXPECT_EQ(job->Cancel(), S_OK);
}

// life.qi_on_set: on a final job the object is not even asked (docs/contract.md section 3:
// the invalid-state error comes first).
TEST_P(LifeRulesTest, QiOnSet_FinalJobRefusedBeforeAnyQuestion) {
  auto job = MakeJob(engine_);
  ASSERT_EQ(job->Cancel(), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_THAT(job->SetNotifyInterface(callback.Get()), HresultIs(profile().invalid_state));
  EXPECT_THAT(Lines(*callback->ledger()), ElementsAre());
}

// ---- life.release_on_replace --------------------------------------------------------------
TEST_P(LifeRulesTest, ReleaseOnReplace_PreviousReleasedExactlyOnce) {
  auto job = MakeJob(engine_);
  auto first = MakeComObject<StrictMock<MockCallback2>>();  // never called after replacement
  auto second = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*second, JobTransferred(job.Get())).WillOnce([](IBackgroundCopyJob* j) {
    return j->Complete();
  });
  ASSERT_EQ(job->SetNotifyInterface(first.Get()), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(second.Get()), S_OK);
  EXPECT_THAT(Lines(*first->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));
  EXPECT_EQ(second->ledger()->refcount(), 2u);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(Lines(*first->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));
  EXPECT_EQ(second->ledger()->refcount(), 1u);
}

// life.release_on_replace: replacing an object by itself takes the new reference first
// and releases the old one once.
TEST_P(LifeRulesTest, ReleaseOnReplace_SameObjectAgain) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  EXPECT_THAT(Lines(*callback->ledger()),
              ElementsAre(kQiCallback2, Qi(IID_IBackgroundCopyCallback2, S_OK), "Release -> 2"));
  EXPECT_EQ(job->Cancel(), S_OK);
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
}

// life.release_on_replace from inside a call: the replaced object is released once
// (while the call's own reference keeps it alive), and the rest goes to the new one.
TEST_P(LifeRulesTest, ReleaseOnReplace_InsideTheReplacedObjectsCall) {
  auto job = MakeJob(engine_);
  auto first = MakeComObject<StrictMock<MockCallback2>>();
  auto second = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*first, JobModification(job.Get(), 0u)).WillOnce([&](IBackgroundCopyJob* j, DWORD) {
    EXPECT_EQ(j->SetNotifyInterface(second.Get()), S_OK);
    return S_OK;
  });
  EXPECT_CALL(*second, JobTransferred(job.Get())).WillOnce([](IBackgroundCopyJob* j) {
    return j->Complete();
  });
  ASSERT_EQ(job->SetNotifyFlags(kEverything), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(first.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(Lines(*first->ledger()),
              ElementsAre(kQiCallback2, "AddRef -> 3", "Release -> 2" /* replaced */,
                          "Release -> 1" /* call */));
  EXPECT_EQ(second->ledger()->refcount(), 1u);
}

// ---- life.release_on_clear ------------------------------------------------------------------
// SetNotifyInterface(NULL) releases once, before it returns; with work pending (the
// transfer, JobTransferred), the object is never called again.
TEST_P(LifeRulesTest, ReleaseOnClear_ReleasedOnceAndNeverCalledAgain) {
  auto job = MakeJob(engine_, 2);
  auto callback = MakeComObject<StrictMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyFlags(kEverything), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);  // modifications pending
  ASSERT_EQ(job->SetNotifyInterface(nullptr), S_OK);
  EXPECT_THAT(Lines(*callback->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  EXPECT_THAT(Calls(engine_.trace(), Number(job)), ElementsAre());
  EXPECT_THAT(Lines(*callback->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));
  EXPECT_EQ(job->Complete(), S_OK);
}

// life.release_on_clear: clearing with nothing registered is S_OK and touches nothing;
// on a final job it is refused with the profile's invalid-state code (WIN).
TEST_P(LifeRulesTest, ReleaseOnClear_NothingRegisteredAndFinalJob) {
  auto job = MakeJob(engine_);
  EXPECT_EQ(job->SetNotifyInterface(nullptr), S_OK);
  ASSERT_EQ(job->Cancel(), S_OK);
  EXPECT_THAT(job->SetNotifyInterface(nullptr), HresultIs(profile().invalid_state));
}

// life.release_on_clear from inside the object's own call, after the test dropped its
// reference: the call's reference keeps it alive to the end of the call, it is
// destroyed when the call returns, and it is not called again.
TEST_P(LifeRulesTest, ReleaseOnClear_InsideOwnCallObjectLivesToTheEndOfTheCall) {
  auto job = MakeJob(engine_, 2);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  std::shared_ptr<RefLedger> ledger = callback->ledger();
  ULONG count_after_clear = 0;
  MockCallback2* raw = callback.Get();
  EXPECT_CALL(*callback, JobModification(job.Get(), 0u))
      .WillOnce([&](IBackgroundCopyJob* j, DWORD) {
        EXPECT_EQ(j->SetNotifyInterface(nullptr), S_OK);
        count_after_clear = raw->ledger()->refcount();  // the object is still usable
        return S_OK;
      });
  ASSERT_EQ(job->SetNotifyFlags(kEverything), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  callback.Reset();  // the engine's references are the only ones now
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(count_after_clear, 1u);
  EXPECT_THAT(Lines(*ledger),
              ElementsAre(kQiCallback2, "Release -> 1" /* test */, "AddRef -> 2" /* call */,
                          "Release -> 1" /* clear */, "Release -> 0" /* call */, "destroyed"));
  EXPECT_THAT(Calls(engine_.trace(), Number(job)), ElementsAre("JobModification"));
  EXPECT_EQ(job->Complete(), S_OK);
}

// ---- life.release_on_final ------------------------------------------------------------------
// Cancel from the test: released once, by the time Cancel returns.
TEST_P(LifeRulesTest, ReleaseOnFinal_CancelReleasesOnce) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  ASSERT_EQ(job->Cancel(), S_OK);
  EXPECT_THAT(Lines(*callback->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_THAT(Lines(*callback->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));
}

// life.release_on_final: Complete inside JobTransferred. The call in flight still needs
// the object, so the registration goes right after the call returns.
TEST_P(LifeRulesTest, ReleaseOnFinal_CompleteInsideJobTransferredReleasesAfterTheCall) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ULONG count_after_complete = 0;
  MockCallback2* raw = callback.Get();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce([&](IBackgroundCopyJob* j) {
    EXPECT_EQ(j->Complete(), S_OK);
    count_after_complete = raw->ledger()->refcount();
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(count_after_complete, 3u);  // test + registration + call
  EXPECT_THAT(Lines(*callback->ledger()),
              ElementsAre(kQiCallback2, "AddRef -> 3", "Release -> 2" /* call */,
                          "Release -> 1" /* final */));
  // The trace gives the reasons, in that order.
  std::vector<std::string> reasons;
  for (const TraceEvent& e : JobEvents(engine_.trace(), Number(job))) {
    if (e.kind == TraceEvent::Kind::kRelease)
      reasons.push_back(e.args["reason"].get<std::string>());
  }
  EXPECT_THAT(reasons, ElementsAre("call", "registration"));
}

// life.release_on_final: a pending FileTransferred redelivery does not keep the
// interface once the job is cancelled.
TEST_P(LifeRulesTest, ReleaseOnFinal_PendingRedeliveryDoesNotKeepTheInterface) {
  auto job = MakeJob(engine_, 2);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, FileTransferred(job.Get(), _)).WillOnce(Return(E_FAIL));
  ASSERT_EQ(job->SetNotifyFlags(kTransferredAndError | BG_NOTIFY_FILE_TRANSFERRED), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  engine_.AdvanceBy(seconds(3));  // file 0 delivered at 2 s and failed
  ASSERT_EQ(CountCalls(engine_.trace(), Number(job), "FileTransferred"), 1);
  ASSERT_EQ(job->Cancel(), S_OK);
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "FileTransferred"), 1);
}

// life.release_on_final: the job expires (30 days DO, 90 days BITS) and is cancelled by
// the engine, which lets go of the interface then.
TEST_P(LifeRulesTest, ReleaseOnFinal_ExpiredJobReleasesTheInterface) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());  // TRANSFERRED, JobTransferred S_OK, never completed
  EXPECT_EQ(callback->ledger()->refcount(), 2u);
  engine_.AdvanceBy(profile().job_lifetime);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
}

// ---- life.release_on_shutdown -----------------------------------------------------------------
// Shutdown with jobs in every situation (transferring, a JobTransferred redelivery
// pending, suspended; one object on two jobs): every reference goes, each once.
TEST_P(LifeRulesTest, ReleaseOnShutdown_EveryInterfaceReleased) {
  auto shared = MakeComObject<NiceMock<MockCallback2>>();
  auto own = MakeComObject<NiceMock<MockCallback2>>();
  ON_CALL(*shared, JobTransferred).WillByDefault(Return(E_FAIL));  // redelivered for ever
  auto transferring = MakeJob(engine_, 1, 1024 * 1024);
  auto redelivering = MakeJob(engine_);
  auto suspended = MakeJob(engine_);
  ASSERT_EQ(transferring->SetNotifyInterface(shared.Get()), S_OK);
  ASSERT_EQ(redelivering->SetNotifyInterface(shared.Get()), S_OK);
  ASSERT_EQ(suspended->SetNotifyInterface(own.Get()), S_OK);
  ASSERT_EQ(transferring->Resume(), S_OK);
  ASSERT_EQ(redelivering->Resume(), S_OK);
  engine_.AdvanceBy(seconds(3));
  ASSERT_EQ(StateOf(redelivering.Get()), BG_JOB_STATE_TRANSFERRED);
  ASSERT_EQ(StateOf(transferring.Get()), BG_JOB_STATE_TRANSFERRING);
  EXPECT_EQ(shared->ledger()->refcount(), 3u);
  EXPECT_EQ(own->ledger()->refcount(), 2u);
  const size_t shared_releases = shared->ledger()->Count(RefEvent::kRelease);
  engine_.Shutdown();
  EXPECT_EQ(shared->ledger()->refcount(), 1u);
  EXPECT_EQ(shared->ledger()->Count(RefEvent::kRelease), shared_releases + 2);
  EXPECT_THAT(Lines(*own->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));
  // Nothing is called any more; the engine's objects answer E_UNEXPECTED.
  const size_t calls = engine_.stats().calls;
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(engine_.stats().calls, calls);
  EXPECT_THAT(transferring->Cancel(), HresultIs(E_UNEXPECTED));
  EXPECT_THAT(redelivering->SetNotifyInterface(own.Get()), HresultIs(E_UNEXPECTED));
  EXPECT_THAT(Lines(*own->ledger()), ElementsAre(kQiCallback2, "Release -> 1"));  // not asked
}

// life.release_on_shutdown by the destructor alone; the objects whose only owner was
// the engine are destroyed. (The jobs end with the engine and its queue: there is no
// queue left for them to haunt, docs/contract.md section 8.9, and nothing to cancel them in.)
TEST_P(LifeRulesTest, ReleaseOnShutdown_DestructorReleasesEverything) {
  std::shared_ptr<RefLedger> kept_ledger, dropped_ledger;
  auto kept = MakeComObject<NiceMock<MockCallback2>>();
  kept_ledger = kept->ledger();
  {
    FakeEngine engine(OptionsFor(GetParam()));
    auto first = MakeJob(engine);
    auto second = MakeJob(engine);
    auto dropped = MakeComObject<NiceMock<MockCallback2>>();
    dropped_ledger = dropped->ledger();
    ASSERT_EQ(first->SetNotifyInterface(kept.Get()), S_OK);
    ASSERT_EQ(second->SetNotifyInterface(dropped.Get()), S_OK);
    dropped.Reset();
    ASSERT_EQ(first->Resume(), S_OK);
    engine.AdvanceBy(seconds(1));
    EXPECT_FALSE(dropped_ledger->destroyed());
  }
  EXPECT_TRUE(dropped_ledger->destroyed());
  EXPECT_EQ(kept_ledger->refcount(), 1u);
}

// ---- life.hold_during_call ----------------------------------------------------------------
// Every kind of call runs with the engine's extra reference: test + registration + call.
// Each call event of the trace is preceded by an AddRef and followed by a Release.
TEST_P(LifeRulesTest, HoldDuringCall_EveryCallSeesTheEnginesExtraReference) {
  for (bool test_keeps_reference : {true, false}) {
    SCOPED_TRACE(test_keeps_reference ? "test keeps its reference" : "test dropped its reference");
    auto good = MakeJob(engine_, 2);
    auto failing = MakeJob(engine_);
    ASSERT_EQ(engine_.ScriptFault(failing.Get(), Fault::FatalAt(0, 0, E_FAIL)), S_OK);
    auto callback = MakeComObject<NiceMock<MockCallback2>>();
    auto error_callback = MakeComObject<NiceMock<MockCallback2>>();
    std::vector<std::pair<std::string, ULONG>> seen;
    MockCallback2* raw = callback.Get();
    MockCallback2* raw_error = error_callback.Get();
    ON_CALL(*callback, JobModification).WillByDefault([&](IBackgroundCopyJob*, DWORD) {
      seen.emplace_back("JobModification", raw->ledger()->refcount());
      return S_OK;
    });
    ON_CALL(*callback, FileTransferred)
        .WillByDefault([&](IBackgroundCopyJob*, IBackgroundCopyFile*) {
          seen.emplace_back("FileTransferred", raw->ledger()->refcount());
          return S_OK;
        });
    ON_CALL(*callback, JobTransferred).WillByDefault([&](IBackgroundCopyJob* j) {
      seen.emplace_back("JobTransferred", raw->ledger()->refcount());
      return j->Complete();
    });
    ON_CALL(*error_callback, JobError)
        .WillByDefault([&](IBackgroundCopyJob* j, IBackgroundCopyError*) {
          seen.emplace_back("JobError", raw_error->ledger()->refcount());
          return j->Cancel();
        });
    ASSERT_EQ(good->SetNotifyFlags(kEverything), S_OK);
    ASSERT_EQ(good->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(failing->SetNotifyInterface(error_callback.Get()), S_OK);
    std::shared_ptr<RefLedger> ledger = callback->ledger(), error_ledger = error_callback->ledger();
    if (!test_keeps_reference) {
      callback.Reset();
      error_callback.Reset();
    }
    ASSERT_EQ(good->Resume(), S_OK);
    ASSERT_EQ(failing->Resume(), S_OK);
    EXPECT_TRUE(engine_.RunUntilIdle());
    const ULONG expected = test_keeps_reference ? 3 : 2;
    std::vector<std::string> kinds;
    for (const auto& [method, count] : seen) {
      EXPECT_EQ(count, expected) << method;
      if (std::find(kinds.begin(), kinds.end(), method) == kinds.end()) kinds.push_back(method);
    }
    EXPECT_THAT(kinds, testing::UnorderedElementsAre("JobModification", "FileTransferred",
                                                     "JobTransferred", "JobError"));
    for (uint32_t n : {Number(good), Number(failing)}) {
      const auto events = JobEvents(engine_.trace(), n);
      for (size_t i = 0; i < events.size(); ++i) {
        if (events[i].kind != TraceEvent::Kind::kCall) continue;
        ASSERT_GE(i, 1u);
        ASSERT_LT(i + 2, events.size());
        EXPECT_EQ(events[i - 1].kind, TraceEvent::Kind::kAddRef);
        EXPECT_EQ(events[i - 1].args["reason"], "call");
        // The callback's own job calls (Complete, Cancel) come between call and return.
        size_t r = i + 1;
        while (r < events.size() && events[r].kind != TraceEvent::Kind::kReturn) ++r;
        ASSERT_LT(r + 1, events.size());
        EXPECT_EQ(events[r + 1].kind, TraceEvent::Kind::kRelease);
        EXPECT_EQ(events[r + 1].args["reason"], "call");
      }
    }
    EXPECT_EQ(ledger->refcount(), test_keeps_reference ? 1u : 0u);
    EXPECT_EQ(ledger->destroyed(), !test_keeps_reference);
    EXPECT_EQ(error_ledger->destroyed(), !test_keeps_reference);
  }
}

// ---- life.no_call_after_release ------------------------------------------------------------
// The object, owned by the engine alone, clears itself in its first call while the
// transfer, its files and JobTransferred are still to come: its last Release (to 0)
// is the last thing that happens to it; no call follows in the trace (and ASan would
// see a call on the freed object).
TEST_P(LifeRulesTest, NoCallAfterRelease_SelfClearingObjectOwnedByTheEngine) {
  auto job = MakeJob(engine_, 3);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  std::shared_ptr<RefLedger> ledger = callback->ledger();
  EXPECT_CALL(*callback, JobModification(job.Get(), 0u)).WillOnce([](IBackgroundCopyJob* j, DWORD) {
    EXPECT_EQ(j->SetNotifyInterface(nullptr), S_OK);
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyFlags(kEverything), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  callback.Reset();
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_TRUE(ledger->destroyed());
  const auto events = JobEvents(engine_.trace(), Number(job));
  const auto last_release = FindEvent(events, TraceEvent::Kind::kRelease, "Release", "0");
  ASSERT_TRUE(last_release.has_value());
  EXPECT_EQ(CallsFrom(events, *last_release), 0);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  EXPECT_EQ(job->Complete(), S_OK);
}

// life.no_call_after_release: an engine-owned object whose job is cancelled while a
// JobTransferred redelivery is pending is released (destroyed) and not called again.
TEST_P(LifeRulesTest, NoCallAfterRelease_CancelledWithRedeliveryPending) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  std::shared_ptr<RefLedger> ledger = callback->ledger();
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce(Return(E_FAIL));
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  callback.Reset();
  ASSERT_EQ(job->Resume(), S_OK);
  engine_.AdvanceBy(seconds(3));
  ASSERT_FALSE(ledger->destroyed());
  ASSERT_EQ(job->Cancel(), S_OK);
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_TRUE(engine_.RunUntilIdle());
  engine_.AdvanceBy(hours(1));
  EXPECT_EQ(CountCalls(engine_.trace(), Number(job), "JobTransferred"), 1);
}

// life.no_call_after_release: an engine-owned object replaced from inside its own
// JobTransferred is destroyed after that call and never called again; the new one
// gets the rest.
TEST_P(LifeRulesTest, NoCallAfterRelease_ReplacedInsideItsOwnCall) {
  auto job = MakeJob(engine_);
  auto first = MakeComObject<NiceMock<MockCallback2>>();
  auto second = MakeComObject<NiceMock<MockCallback2>>();
  std::shared_ptr<RefLedger> first_ledger = first->ledger();
  EXPECT_CALL(*first, JobTransferred(job.Get())).WillOnce([&](IBackgroundCopyJob* j) {
    EXPECT_EQ(j->SetNotifyInterface(second.Get()), S_OK);
    return S_OK;
  });
  EXPECT_CALL(*second, JobTransferred(job.Get())).WillOnce([](IBackgroundCopyJob* j) {
    return j->Complete();
  });
  ASSERT_EQ(job->SetNotifyInterface(first.Get()), S_OK);
  first.Reset();
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_TRUE(first_ledger->destroyed());
  EXPECT_THAT(Lines(*first_ledger), ElementsAre(kQiCallback2, "Release -> 1", "AddRef -> 2",
                                                "Release -> 1", "Release -> 0", "destroyed"));
  EXPECT_EQ(second->ledger()->refcount(), 1u);
}

// ---- life.get_addrefs -----------------------------------------------------------------------
TEST_P(LifeRulesTest, GetAddrefs_ReturnsTheRegisteredObjectWithAReference) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  IUnknown* out = nullptr;
  ASSERT_EQ(job->GetNotifyInterface(&out), S_OK);
  EXPECT_EQ(out, static_cast<IUnknown*>(callback.Get()));
  EXPECT_THAT(Lines(*callback->ledger()), ElementsAre(kQiCallback2, "AddRef -> 3"));
  // The same object by IUnknown identity.
  IUnknown* identity = nullptr;
  ASSERT_EQ(out->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&identity)), S_OK);
  EXPECT_EQ(identity, static_cast<IUnknown*>(callback.Get()));
  identity->Release();
  EXPECT_EQ(out->Release(), 2u);
  const auto events = JobEvents(engine_.trace(), Number(job));
  const auto addref = FindEvent(events, TraceEvent::Kind::kAddRef, "AddRef", "3");
  ASSERT_TRUE(addref.has_value());
  EXPECT_EQ(events[*addref].args["reason"], "GetNotifyInterface");
  EXPECT_EQ(job->Cancel(), S_OK);
}

// life.get_addrefs: S_OK and NULL with nothing registered (also after a clear and on a
// final job); E_INVALIDARG for a NULL out-pointer.
TEST_P(LifeRulesTest, GetAddrefs_NothingRegisteredGivesSOkAndNull) {
  auto job = MakeJob(engine_);
  IUnknown* out = reinterpret_cast<IUnknown*>(0x1);
  EXPECT_EQ(job->GetNotifyInterface(&out), S_OK);
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(job->GetNotifyInterface(nullptr), HresultIs(E_INVALIDARG));
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(nullptr), S_OK);
  out = reinterpret_cast<IUnknown*>(0x1);
  EXPECT_EQ(job->GetNotifyInterface(&out), S_OK);
  EXPECT_EQ(out, nullptr);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Cancel(), S_OK);  // releases it (life.release_on_final)
  out = reinterpret_cast<IUnknown*>(0x1);
  EXPECT_EQ(job->GetNotifyInterface(&out), S_OK);
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
}

// life.get_addrefs from inside a call: the registered object, with one more reference.
TEST_P(LifeRulesTest, GetAddrefs_InsideACall) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  MockCallback2* raw = callback.Get();
  ULONG count = 0;
  IUnknown* got = nullptr;
  EXPECT_CALL(*callback, JobTransferred(job.Get())).WillOnce([&](IBackgroundCopyJob* j) {
    EXPECT_EQ(j->GetNotifyInterface(&got), S_OK);
    count = raw->ledger()->refcount();
    if (got) got->Release();
    return j->Complete();
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(got, static_cast<IUnknown*>(callback.Get()));
  EXPECT_EQ(count, 4u);  // test + registration + call + GetNotifyInterface
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
}

// ---- life.borrowed_valid -------------------------------------------------------------------
// pJob and pError stay valid for the whole JobError call, also after the callee
// cancelled the job (which drops the engine's own hold on the error); the engine holds
// exactly one COM reference on pError during the call and none after it.
TEST_P(LifeRulesTest, BorrowedValid_JobAndErrorValidAfterCancelInsideJobError) {
  auto job = MakeJob(engine_, 2);
  ASSERT_EQ(engine_.ScriptFault(job.Get(), Fault::FatalAt(1, 64 * 1024, E_ACCESSDENIED)), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  IBackgroundCopyError* kept = nullptr;
  EXPECT_CALL(*callback, JobError(job.Get(), _))
      .WillOnce([&](IBackgroundCopyJob* j, IBackgroundCopyError* error) {
        EXPECT_EQ(j, job.Get());
        EXPECT_EQ(j->Cancel(), S_OK);
        EXPECT_EQ(StateOf(j), BG_JOB_STATE_CANCELLED);
        BG_ERROR_CONTEXT context;
        HRESULT code = S_OK;
        EXPECT_EQ(error->GetError(&context, &code), S_OK);
        EXPECT_THAT(code, HresultIs(E_ACCESSDENIED));
        IBackgroundCopyFile* file = nullptr;
        EXPECT_EQ(error->GetFile(&file), S_OK);
        if (file) {
          LPWSTR name = nullptr;
          EXPECT_EQ(file->GetLocalName(&name), S_OK);
          EXPECT_EQ(engine_testing::TakeString(name), engine_testing::LocalName(1));
          file->Release();
        }
        EXPECT_EQ(error->AddRef(), 2u);  // the engine's reference for the call, and ours
        kept = error;
        return S_OK;
      });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_NE(kept, nullptr);
  BG_ERROR_CONTEXT context;
  HRESULT code = S_OK;
  EXPECT_EQ(kept->GetError(&context, &code), S_OK);  // still valid through our reference
  EXPECT_THAT(code, HresultIs(E_ACCESSDENIED));
  EXPECT_EQ(kept->Release(), 0u);  // the engine balanced its own reference
  EXPECT_EQ(engine_.stats().violations, 0u);
}

// life.borrowed_valid for pFile: valid after Cancel inside FileTransferred; one engine
// COM reference during the call, none after.
TEST_P(LifeRulesTest, BorrowedValid_FileValidAfterCancelInsideFileTransferred) {
  auto job = MakeJob(engine_, 2);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  IBackgroundCopyFile* kept = nullptr;
  EXPECT_CALL(*callback, FileTransferred(job.Get(), _))
      .WillOnce([&](IBackgroundCopyJob* j, IBackgroundCopyFile* file) {
        EXPECT_EQ(j->Cancel(), S_OK);
        BG_FILE_PROGRESS progress{};
        EXPECT_EQ(file->GetProgress(&progress), S_OK);
        EXPECT_TRUE(progress.Completed);
        EXPECT_EQ(progress.BytesTransferred, 128u * 1024);
        LPWSTR name = nullptr;
        EXPECT_EQ(file->GetLocalName(&name), S_OK);
        EXPECT_EQ(engine_testing::TakeString(name), engine_testing::LocalName(0));
        EXPECT_EQ(file->AddRef(), 2u);
        kept = file;
        return S_OK;
      });
  ASSERT_EQ(job->SetNotifyFlags(kTransferredAndError | BG_NOTIFY_FILE_TRANSFERRED), S_OK);
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_NE(kept, nullptr);
  BG_FILE_PROGRESS progress{};
  EXPECT_EQ(kept->GetProgress(&progress), S_OK);
  EXPECT_EQ(kept->Release(), 0u);
  EXPECT_EQ(engine_.stats().violations, 0u);
}

// life.borrowed_valid for pJob: the test dropped its own job reference; Complete inside
// JobTransferred ends the job, yet pJob stays valid to the end of the call. The engine
// passes pJob without a COM reference of its own (AddRef gives 1), and one kept by the
// callee outlives the job's end.
TEST_P(LifeRulesTest, BorrowedValid_JobValidAfterCompleteInsideJobTransferred) {
  auto job = MakeJob(engine_);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  IBackgroundCopyJob* kept = nullptr;
  EXPECT_CALL(*callback, JobTransferred(_)).WillOnce([&](IBackgroundCopyJob* j) {
    EXPECT_EQ(j->Complete(), S_OK);
    EXPECT_EQ(StateOf(j), BG_JOB_STATE_ACKNOWLEDGED);
    EXPECT_EQ(j->AddRef(), 1u);
    kept = j;
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  job.Reset();
  EXPECT_TRUE(engine_.RunUntilIdle());
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(StateOf(kept), BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_EQ(kept->Release(), 0u);
  EXPECT_EQ(engine_.stats().violations, 0u);
}

}  // namespace
}  // namespace doharness

namespace doharness {
namespace {

// Shutting down from inside a notification would wait for the notification itself:
// the engine refuses, says so in the trace, and shuts down later from outside.
TEST(ShutdownTest, ShutdownFromInsideACallbackIsRefusedNotHung) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"job", &job), S_OK);
  ASSERT_EQ(engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a", 10, 10}), S_OK);
  auto callback = mocks::MakeComObject<testing::NiceMock<mocks::MockCallback>>();
  EXPECT_CALL(*callback, JobTransferred(testing::_)).WillOnce([&](IBackgroundCopyJob*) {
    engine.Shutdown();
    return S_OK;
  });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  engine.RunUntilIdle();
  EXPECT_EQ(engine.stats().violations, 1u);
  EXPECT_THAT(engine.trace().ToJsonLines(), testing::HasSubstr("shutdown_inside_call"));
  EXPECT_EQ(job->Complete(), S_OK);  // still running: the shutdown did not happen
  engine.Shutdown();
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
}

}  // namespace
}  // namespace doharness
