// RecordingProxy between the fake engine and callbacks that keep or break the COM
// rules: what it records, which violations it reports, and that the harness survives
// callbacks that throw, free themselves early or leak.
#include "conformance/recording_proxy.h"

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/internal/observation_testing.h"
#include "conformance/object_lifetime.h"
#include "conformance/observations.h"
#include "deliveryoptimization.h"
#include "engine/fake_engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/mock_callback.h"

namespace doharness::conformance {
namespace {

using mocks::MakeComObject;
using mocks::MockCallback;
using mocks::MockCallback2;
using mocks::RefLedger;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Ne;
using ::testing::NiceMock;
using ::testing::Return;
using testing_util::CallsOf;
using testing_util::HandToProxy;
using testing_util::kAll;
using testing_util::kTerminal;
using testing_util::MakeJob;
using testing_util::Messages;
using testing_util::Rules;

BG_JOB_STATE StateOf(IBackgroundCopyJob* job) {
  BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
  EXPECT_EQ(job->GetState(&state), S_OK);
  return state;
}

IUnknown* AsUnknown(RecordingProxy* proxy) { return static_cast<IBackgroundCopyCallback2*>(proxy); }

TEST(RecordingProxyTest, CreateRejectsNullArguments) {
  auto recorder = std::make_shared<Recorder>();
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  ComPtr<RecordingProxy> proxy;
  EXPECT_EQ(RecordingProxy::Create(nullptr, recorder, &proxy), E_POINTER);
  EXPECT_EQ(RecordingProxy::Create(callback.Get(), recorder, nullptr), E_POINTER);
  EXPECT_EQ(RecordingProxy::Create(callback.Get(), nullptr, &proxy), E_INVALIDARG);
  EXPECT_FALSE(proxy);
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
}

TEST(RecordingProxyTest, WellBehavedCallbackLeavesNoViolations) {
  auto recorder = std::make_shared<Recorder>();
  std::shared_ptr<RefLedger> ledger;
  {
    FakeEngine engine;
    ComPtr<RecordingProxy> proxy;
    auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
    ledger = callback->ledger();
    ON_CALL(*callback, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) { return job->Complete(); });
    auto job = MakeJob(engine, proxy.Get(), 2, kAll);
    ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine.RunUntilIdle());
    EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
    proxy.Reset();
  }
  recorder->FinishCase();
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_EQ(CallsOf(*recorder, NotificationMethod::kFileTransferred).size(), 2u);
  EXPECT_EQ(CallsOf(*recorder, NotificationMethod::kJobTransferred).size(), 1u);
  EXPECT_FALSE(CallsOf(*recorder, NotificationMethod::kJobModification).empty());
  const std::vector<RefRecord> refs = recorder->ref_records();
  ASSERT_FALSE(refs.empty());
  EXPECT_EQ(refs.back().op, RefOp::kRelease);
  EXPECT_EQ(refs.back().count, 0u);
  EXPECT_EQ(refs.back().outstanding, 0);
}

TEST(RecordingProxyTest, RecordsFlagsStateAndReferenceCountAtEntry) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  HandToProxy(MakeComObject<NiceMock<MockCallback>>(), recorder, &proxy);
  auto job = MakeJob(engine, proxy.Get());
  auto failing = MakeJob(engine, proxy.Get());
  ASSERT_EQ(engine.ScriptFault(failing.Get(), Fault::HttpStatusAt(0, 0, 404)), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  ASSERT_EQ(failing->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());

  // The harness's reference, one registration per job, and the engine's for the call.
  const std::vector<CallRecord> transferred = CallsOf(*recorder, NotificationMethod::kJobTransferred);
  ASSERT_EQ(transferred.size(), 1u);
  const CallRecord& t = transferred[0];
  EXPECT_EQ(t.job, recorder->JobIndexOf(job.Get()));
  EXPECT_EQ(t.callback, proxy->index());
  EXPECT_EQ(t.thread, recorder->ThreadIndex());
  EXPECT_EQ(t.depth, 0);
  EXPECT_EQ(t.state, BG_JOB_STATE_TRANSFERRED);
  EXPECT_EQ(t.notify_flags, kTerminal);
  EXPECT_EQ(t.refcount, 4u);
  EXPECT_EQ(t.outstanding, 4);
  EXPECT_TRUE(t.forwarded);
  EXPECT_TRUE(t.finished);
  EXPECT_FALSE(t.threw);
  EXPECT_EQ(t.result, S_OK);

  const std::vector<CallRecord> errors = CallsOf(*recorder, NotificationMethod::kJobError);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].job, recorder->JobIndexOf(failing.Get()));
  EXPECT_NE(errors[0].job, t.job);
  EXPECT_EQ(errors[0].state, BG_JOB_STATE_ERROR);

  // Registration: the engine asked for Callback2 first, which this callee does not answer.
  const std::vector<RefRecord> refs = recorder->ref_records();
  ASSERT_GE(refs.size(), 2u);
  EXPECT_EQ(refs[0].op, RefOp::kQueryInterface);
  EXPECT_TRUE(IsEqualGUID(refs[0].iid, IID_IBackgroundCopyCallback2));
  EXPECT_EQ(refs[0].result, E_NOINTERFACE);
  EXPECT_EQ(refs[0].outstanding, 1);
  EXPECT_TRUE(IsEqualGUID(refs[1].iid, IID_IBackgroundCopyCallback));
  EXPECT_EQ(refs[1].result, S_OK);
  EXPECT_EQ(refs[1].outstanding, 2);
  EXPECT_THAT(ToString(t), HasSubstr("JobTransferred callback 1 job "));
  EXPECT_THAT(ToString(t), HasSubstr("state TRANSFERRED refcount 4 outstanding 4 -> S_OK"));

  EXPECT_EQ(job->Complete(), S_OK);
  EXPECT_EQ(failing->Cancel(), S_OK);
}

TEST(RecordingProxyTest, QueryInterfaceAnswersWithTheProxyForCallbackInterfaces) {
  auto recorder = std::make_shared<Recorder>();
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
  auto ledger = callback->ledger();

  IUnknown* unknown = nullptr;
  ASSERT_EQ(proxy->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&unknown)), S_OK);
  EXPECT_EQ(unknown, AsUnknown(proxy.Get()));
  ComPtr<IBackgroundCopyCallback2> v2;
  ASSERT_EQ(proxy.As(&v2), S_OK);
  EXPECT_EQ(v2.Get(), static_cast<IBackgroundCopyCallback2*>(proxy.Get()));
  EXPECT_EQ(proxy->outstanding(), 3);
  EXPECT_EQ(ledger->refcount(), 3u);
  EXPECT_TRUE(proxy->IsCallee(static_cast<IBackgroundCopyCallback2*>(callback)));
  EXPECT_FALSE(proxy->IsCallee(unknown));

  // Other IIDs: the callee's own answer, untouched and uncounted.
  void* other = &other;
  EXPECT_EQ(proxy->QueryInterface(IID_IBackgroundCopyJob, &other), E_NOINTERFACE);
  EXPECT_EQ(other, nullptr);
  EXPECT_EQ(proxy->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
  EXPECT_EQ(proxy->outstanding(), 3);

  EXPECT_EQ(unknown->Release(), 2u);
  v2.Reset();
  EXPECT_EQ(proxy->outstanding(), 1);
  proxy.Reset();
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();

  std::vector<std::string> printed;
  for (const RefRecord& ref : recorder->ref_records()) printed.push_back(ToString(ref));
  EXPECT_THAT(printed,
              ElementsAre("callback 1 thread 1 QueryInterface(IUnknown) -> S_OK (0x00000000) (outstanding 2)",
                          "callback 1 thread 1 QueryInterface(IBackgroundCopyCallback2) -> S_OK (0x00000000) "
                          "(outstanding 3)",
                          "callback 1 thread 1 QueryInterface(IBackgroundCopyJob) -> E_NOINTERFACE "
                          "(0x80004002) (outstanding 3)",
                          "callback 1 thread 1 QueryInterface(IUnknown) -> E_POINTER (0x80004003) "
                          "(outstanding 3)",
                          "callback 1 thread 1 Release -> 2 (outstanding 2)",
                          "callback 1 thread 1 Release -> 1 (outstanding 1)",
                          "callback 1 thread 1 Release -> 0 (outstanding 0)"));
}

TEST(RecordingProxyTest, CallbackWithoutCallback2GetsNoFileTransferred) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback>>(), recorder, &proxy);
  ON_CALL(*callback, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) { return job->Complete(); });
  auto job = MakeJob(engine, proxy.Get(), 2, kAll);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(CallsOf(*recorder, NotificationMethod::kFileTransferred), IsEmpty());
  EXPECT_EQ(CallsOf(*recorder, NotificationMethod::kJobTransferred).size(), 1u);
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();
}

TEST(RecordingProxyTest, ReleaseReturningZeroWhileHeldIsAnEarlyFree) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback>>(), recorder, &proxy);
  auto ledger = callback->ledger();
  // Releases a reference it never took: the object dies while the harness holds it.
  ON_CALL(*callback, JobTransferred).WillByDefault([callback](IBackgroundCopyJob*) {
    callback->Release();
    return S_OK;
  });
  auto job = MakeJob(engine, proxy.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_FALSE(ledger->destroyed());
  ASSERT_EQ(job->Cancel(), S_OK);  // the engine lets go of its registration
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_TRUE(proxy->callee_released());
  EXPECT_THAT(Rules(*recorder), ElementsAre("com.refcount_no_early_free"));
  EXPECT_THAT(Messages(*recorder),
              ElementsAre("Release returned 0 while the engine or harness still held 1 reference on "
                          "callback 1: the object freed itself under its holders"));

  // The harness still holds its reference: its calls are answered, the dead callee is
  // not called, and that is no new violation.
  EXPECT_EQ(proxy->JobModification(job.Get(), 0), E_UNEXPECTED);
  const std::vector<CallRecord> calls = CallsOf(*recorder, NotificationMethod::kJobModification);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_FALSE(calls[0].forwarded);
  EXPECT_EQ(calls[0].result, E_UNEXPECTED);
  proxy.Reset();
  EXPECT_THAT(Rules(*recorder), ElementsAre("com.refcount_no_early_free"));
  EXPECT_FALSE(recorder->ref_records().back().forwarded);
}

TEST(RecordingProxyTest, LastReleaseNotReachingZeroIsALeak) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback>>(), recorder, &proxy);
  auto ledger = callback->ledger();
  ON_CALL(*callback, JobTransferred).WillByDefault([callback](IBackgroundCopyJob* job) {
    callback->AddRef();  // and never releases it
    return job->Complete();
  });
  auto job = MakeJob(engine, proxy.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  proxy.Reset();
  EXPECT_THAT(Rules(*recorder), ElementsAre("com.refcount_balanced"));
  EXPECT_THAT(Messages(*recorder),
              ElementsAre("Release of the last reference returned 1: the object leaked a reference "
                          "to itself (callback 1)"));
  EXPECT_FALSE(ledger->destroyed());
  callback->Release();  // the leaked reference, so that the test does not leak
  EXPECT_TRUE(ledger->destroyed());
}

TEST(RecordingProxyTest, ExceptionsAreCaughtRecordedAndAnsweredEUnexpected) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
  int transferred = 0;
  ON_CALL(*callback, JobTransferred).WillByDefault([&transferred](IBackgroundCopyJob* job) -> HRESULT {
    if (transferred++ == 0) throw std::runtime_error("boom");
    return job->Complete();
  });
  ON_CALL(*callback, JobModification).WillByDefault([](IBackgroundCopyJob*, DWORD) -> HRESULT { throw 42; });
  auto job = MakeJob(engine, proxy.Get());
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());  // E_UNEXPECTED made the engine deliver it again

  const std::vector<CallRecord> calls = CallsOf(*recorder, NotificationMethod::kJobTransferred);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_TRUE(calls[0].threw);
  EXPECT_EQ(calls[0].exception, "boom");
  EXPECT_EQ(calls[0].result, E_UNEXPECTED);
  EXPECT_FALSE(calls[1].threw);
  EXPECT_EQ(calls[1].result, S_OK);
  EXPECT_EQ(engine.stats().violations, 0u);  // nothing reached the engine

  EXPECT_EQ(proxy->JobModification(job.Get(), 0), E_UNEXPECTED);
  const std::vector<CallRecord> modifications = CallsOf(*recorder, NotificationMethod::kJobModification);
  ASSERT_EQ(modifications.size(), 1u);
  EXPECT_EQ(modifications[0].exception, "an exception not derived from std::exception");
  EXPECT_THAT(Rules(*recorder), ElementsAre("tol.no_exception", "tol.no_exception"));
  EXPECT_THAT(Messages(*recorder)[0], HasSubstr("JobTransferred let an exception escape (job 1): boom"));
}

// Counts its references correctly but throws from QueryInterface.
class ThrowingQueryInterface final : public IBackgroundCopyCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void**) override { throw std::logic_error("no QI today"); }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++count_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG count = --count_;
    if (count == 0) delete this;
    return count;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob*, IBackgroundCopyError*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }

 private:
  std::atomic<ULONG> count_{1};
};

TEST(RecordingProxyTest, ExceptionFromQueryInterfaceDoesNotReachTheEngine) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  ASSERT_EQ(RecordingProxy::Create(new ThrowingQueryInterface, recorder, &proxy), S_OK);
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"refused", &job), S_OK);
  EXPECT_EQ(job->SetNotifyInterface(proxy.Get()), E_NOINTERFACE);  // both questions failed
  EXPECT_THAT(Rules(*recorder), ElementsAre("tol.no_exception", "tol.no_exception"));
  EXPECT_EQ(Messages(*recorder)[0], "QueryInterface let an exception escape (callback 1): no QI today");
  proxy.Reset();
  EXPECT_EQ(recorder->ref_records().back().count, 0u);  // freed
}

TEST(RecordingProxyTest, CallsAfterTheLastReleaseAreReportedAndNotForwarded) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
  EXPECT_CALL(*callback, JobTransferred).Times(0);
  auto ledger = callback->ledger();
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"late", &job), S_OK);
  RecordingProxy* kept = proxy.Get();  // a pointer kept past its Release
  proxy.Reset();
  ASSERT_TRUE(ledger->destroyed());

  EXPECT_EQ(kept->JobTransferred(job.Get()), E_UNEXPECTED);
  EXPECT_EQ(kept->AddRef(), 0u);
  void* out = &out;
  EXPECT_EQ(kept->QueryInterface(IID_IUnknown, &out), E_UNEXPECTED);
  EXPECT_EQ(out, nullptr);
  EXPECT_THAT(Rules(*recorder), ElementsAre("life.no_call_after_release", "life.no_call_after_release",
                                            "life.no_call_after_release"));
  EXPECT_EQ(Messages(*recorder)[0],
            "JobTransferred called on callback 1 after its last reference was released (Release "
            "returned 0)");
  const std::vector<CallRecord> calls = recorder->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_FALSE(calls[0].forwarded);
  EXPECT_THAT(ToString(calls[0]), HasSubstr("not forwarded, E_UNEXPECTED"));
}

TEST(RecordingProxyTest, HarnessCallsDirectlyWithReservedNotZero) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
  auto ledger = callback->ledger();
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"direct", &job), S_OK);
  // The callee gets the spy, not the engine's job, and the reserved value as given.
  EXPECT_CALL(*callback, JobModification(Ne(job.Get()), 7u)).WillOnce(Return(S_OK));
  EXPECT_EQ(proxy->JobModification(job.Get(), 7), S_OK);

  const std::vector<CallRecord> calls = recorder->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].reserved, 7u);
  EXPECT_TRUE(calls[0].forwarded);
  EXPECT_EQ(calls[0].state, BG_JOB_STATE_SUSPENDED);
  EXPECT_EQ(calls[0].notify_flags, kTerminal);
  EXPECT_EQ(calls[0].outstanding, 1);
  EXPECT_THAT(ToString(calls[0]), HasSubstr("reserved 7"));
  // Nobody had asked the callee for its callback interface: the proxy did, through itself.
  const std::vector<RefRecord> refs = recorder->ref_records();
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_TRUE(IsEqualGUID(refs[0].iid, IID_IBackgroundCopyCallback));
  EXPECT_EQ(refs[1].op, RefOp::kRelease);
  proxy.Reset();
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();
}

TEST(RecordingProxyTest, FileTransferredToACallbackWithoutCallback2IsRefused) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  HandToProxy(MakeComObject<NiceMock<MockCallback>>(), recorder, &proxy);
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"v1", &job), S_OK);
  EXPECT_EQ(proxy->FileTransferred(job.Get(), nullptr), E_UNEXPECTED);
  EXPECT_THAT(Rules(*recorder), ElementsAre("flags.gate_file"));
  EXPECT_FALSE(recorder->calls().at(0).forwarded);
}

TEST(RecordingProxyTest, JobModificationNestedInAJobMethodHasDepthOne) {
  EngineOptions options;
  options.reentrant_modification_depth = 1;
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine(options);
  ProxyOptions proxy_options;
  proxy_options.read_job_at_entry = false;  // the reads would be nested into themselves
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy, proxy_options);
  ON_CALL(*callback, JobModification).WillByDefault([](IBackgroundCopyJob* job, DWORD) {
    BG_JOB_STATE state;
    return job->GetState(&state);  // the engine may nest the next JobModification here
  });
  // Four "file added" modifications pending at once.
  auto job = MakeJob(engine, nullptr, 4, kTerminal | BG_NOTIFY_JOB_MODIFICATION);
  ASSERT_EQ(job->SetNotifyInterface(proxy.Get()), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  int most = 0;
  for (const CallRecord& call : CallsOf(*recorder, NotificationMethod::kJobModification)) {
    most = std::max(most, call.depth);
    EXPECT_FALSE(call.state.has_value());
    EXPECT_FALSE(call.notify_flags.has_value());
  }
  EXPECT_EQ(most, 1);
  EXPECT_EQ(job->Cancel(), S_OK);
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();
}

TEST(RecordingProxyTest, UnregisteringFromInsideACallIsClean) {
  auto recorder = std::make_shared<Recorder>();
  std::shared_ptr<RefLedger> ledger;
  {
    FakeEngine engine;
    ComPtr<RecordingProxy> proxy;
    auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
    ledger = callback->ledger();
    ON_CALL(*callback, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) {
      EXPECT_EQ(job->SetNotifyInterface(nullptr), S_OK);
      return job->Complete();
    });
    auto job = MakeJob(engine, proxy.Get());
    ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine.RunUntilIdle());
    EXPECT_EQ(proxy->outstanding(), 1);
    proxy.Reset();
  }
  recorder->FinishCase();
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();
}

TEST(RecordingProxyTest, CalleeRegisteringItselfGetsItsProxyRegistered) {
  auto recorder = std::make_shared<Recorder>();
  std::shared_ptr<RefLedger> ledger;
  {
    FakeEngine engine;
    ComPtr<RecordingProxy> proxy;
    auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
    ledger = callback->ledger();
    IUnknown* self = static_cast<IBackgroundCopyCallback2*>(callback);
    // Re-registers `this`, once (in JobTransferred it would be owed JobTransferred again).
    auto registered_again = std::make_shared<bool>(false);
    ON_CALL(*callback, JobModification)
        .WillByDefault([self, registered_again](IBackgroundCopyJob* job, DWORD) {
          if (!std::exchange(*registered_again, true)) {
            EXPECT_EQ(job->SetNotifyInterface(self), S_OK);
          }
          return S_OK;
        });
    auto job = MakeJob(engine, proxy.Get(), 1, kTerminal | BG_NOTIFY_JOB_MODIFICATION);
    ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine.RunUntilIdle());
    ComPtr<IUnknown> registered;
    ASSERT_EQ(job->GetNotifyInterface(registered.ReleaseAndGetAddressOf()), S_OK);
    EXPECT_EQ(registered.Get(), AsUnknown(proxy.Get()));
    registered.Reset();
    EXPECT_EQ(job->Complete(), S_OK);
    proxy.Reset();
  }
  recorder->FinishCase();
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();
}

TEST(RecordingProxyTest, DurationIsTheCalleesWallClockTime) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
  ON_CALL(*callback, JobTransferred).WillByDefault([](IBackgroundCopyJob*) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return S_OK;
  });
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"slow", &job), S_OK);
  EXPECT_EQ(proxy->JobTransferred(job.Get()), S_OK);
  EXPECT_GE(recorder->calls().at(0).duration, std::chrono::milliseconds(20));
}

TEST(RecordingProxyTest, RunningCallIsVisibleAsUnfinished) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
  std::promise<void> entered;
  std::promise<void> go_on;
  std::shared_future<void> may_return = go_on.get_future().share();
  ON_CALL(*callback, JobTransferred).WillByDefault([&](IBackgroundCopyJob*) {
    entered.set_value();
    may_return.wait();
    return S_OK;
  });
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"hanging", &job), S_OK);
  const int main_thread = recorder->ThreadIndex();
  std::thread caller([&] { EXPECT_EQ(proxy->JobTransferred(job.Get()), S_OK); });
  entered.get_future().wait();
  std::vector<CallRecord> calls = recorder->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_FALSE(calls[0].finished);
  EXPECT_NE(calls[0].thread, main_thread);
  EXPECT_THAT(ToString(calls[0]), HasSubstr("still running"));
  go_on.set_value();
  caller.join();
  EXPECT_TRUE(recorder->calls().at(0).finished);
}

// Contract.md section 8, bug 4: a reference count in a static shared by all instances.
class SharedCountCallback final : public IBackgroundCopyCallback {
 public:
  SharedCountCallback() { ++count_; }
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (out == nullptr) return E_POINTER;
    *out = nullptr;
    if (!IsEqualGUID(iid, IID_IUnknown) && !IsEqualGUID(iid, IID_IBackgroundCopyCallback))
      return E_NOINTERFACE;
    *out = static_cast<IBackgroundCopyCallback*>(this);
    AddRef();
    return S_OK;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++count_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG count = --count_;
    if (count == 0) delete this;
    return count;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob*, IBackgroundCopyError*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }

 private:
  static inline std::atomic<ULONG> count_{0};
};

// The first object's last Release returns 1 (the other instance's reference) and its
// memory is never freed: a leak, known from memory (MakeWatched), reported at the end.
TEST(RecordingProxyTest, StaticSharedCountShowsAsALeakAcrossInstances) {
  auto recorder = std::make_shared<Recorder>();
  IUnknown* objects[2] = {nullptr, nullptr};
  ComPtr<RecordingProxy> proxies[2];
  for (int i = 0; i < 2; ++i) {
    ProxyOptions options;
    ASSERT_EQ(MakeWatched(
                  [](IUnknown** out) {
                    *out = new SharedCountCallback;
                    return S_OK;
                  },
                  &objects[i], &options.callee_lifetime),
              S_OK);
    EXPECT_EQ(options.callee_lifetime.provenance(), Provenance::kHeap);
    ASSERT_EQ(RecordingProxy::Create(objects[i], recorder, options, &proxies[i]), S_OK);
  }
  proxies[0].Reset();  // returns 1: the other instance's reference
  proxies[1].Reset();  // returns 0: frees the second one
  recorder->FinishCase();
  EXPECT_THAT(Rules(*recorder), ElementsAre("com.refcount_balanced"));
  EXPECT_THAT(Messages(*recorder)[0], HasSubstr("callback 1 is still alive"));
  delete static_cast<SharedCountCallback*>(objects[0]);  // never freed by its own count
}

// An object with a fixed lifetime whose memory the harness did not see allocated (here
// a local), returning constant counts: nothing to report, its counts never move.
class ConstantCountCallback final : public IBackgroundCopyCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (out == nullptr) return E_POINTER;
    *out = nullptr;
    if (!IsEqualGUID(iid, IID_IUnknown) && !IsEqualGUID(iid, IID_IBackgroundCopyCallback))
      return E_NOINTERFACE;
    *out = static_cast<IBackgroundCopyCallback*>(this);
    return S_OK;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return 2; }
  ULONG STDMETHODCALLTYPE Release() override { return 1; }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob*, IBackgroundCopyError*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }
};

TEST(RecordingProxyTest, ConstantCountsOfUnknownMemoryAreNoLeak) {
  auto recorder = std::make_shared<Recorder>();
  ConstantCountCallback local;
  ComPtr<RecordingProxy> proxy;
  ASSERT_EQ(RecordingProxy::Create(&local, recorder, &proxy), S_OK);
  proxy->AddRef();
  proxy->AddRef();
  proxy->Release();
  proxy->Release();
  proxy.Reset();  // the last reference: returns 1, as every Release did
  recorder->FinishCase();
  EXPECT_THAT(Rules(*recorder), IsEmpty());
}

// Counts that move are real ones: the last Release returning 1 is a leak even where
// the memory is not known.
TEST(RecordingProxyTest, MovingCountsOfUnknownMemoryShowALeak) {
  auto recorder = std::make_shared<Recorder>();
  auto* object = new SharedCountCallback;  // count 1
  object->AddRef();                        // a reference of its own: 2
  ComPtr<RecordingProxy> proxy;
  ASSERT_EQ(RecordingProxy::Create(object, recorder, &proxy), S_OK);
  proxy->AddRef();   // 3
  proxy->Release();  // 2
  proxy.Reset();     // 1: the object's own reference leaks
  EXPECT_THAT(Rules(*recorder), ElementsAre("com.refcount_balanced"));
  EXPECT_THAT(Messages(*recorder)[0], HasSubstr("leaked a reference to itself"));
  object->Release();
}

// ---- Threaded dispatch (run under --config=tsan too) ---------------------------------
TEST(RecordingProxyThreadedTest, ManyJobsOnFourThreadsAreRecordedWithoutViolations) {
  constexpr int kJobs = 16;
  EngineOptions options;
  options.dispatch = DispatchMode::kThreaded;
  auto recorder = std::make_shared<Recorder>();
  std::shared_ptr<RefLedger> ledger;
  {
    FakeEngine engine(options);
    ComPtr<RecordingProxy> proxy;
    auto* callback = HandToProxy(MakeComObject<NiceMock<MockCallback2>>(), recorder, &proxy);
    ledger = callback->ledger();
    // Keeps every pJob it sees in JobModification (AddRef'd, on whatever thread), to
    // release them at the end: the spies' counts are shared by the engine's threads.
    std::mutex kept_mu;
    std::vector<IBackgroundCopyJob*> kept;
    ON_CALL(*callback, JobModification).WillByDefault([&](IBackgroundCopyJob* job, DWORD) {
      job->AddRef();
      std::lock_guard<std::mutex> lock(kept_mu);
      kept.push_back(job);
      return S_OK;
    });
    ON_CALL(*callback, FileTransferred).WillByDefault([](IBackgroundCopyJob*, IBackgroundCopyFile* file) {
      BG_FILE_PROGRESS progress;
      return file->GetProgress(&progress);
    });
    ON_CALL(*callback, JobTransferred).WillByDefault([](IBackgroundCopyJob* job) { return job->Complete(); });
    std::vector<ComPtr<IBackgroundCopyJob>> jobs;
    for (int i = 0; i < kJobs; ++i) jobs.push_back(MakeJob(engine, proxy.Get(), 2, kAll));
    for (auto& job : jobs) ASSERT_EQ(job->Resume(), S_OK);
    EXPECT_TRUE(engine.RunUntilIdle());
    for (auto& job : jobs) EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
    for (IBackgroundCopyJob* job : kept) job->Release();
    proxy.Reset();
  }
  recorder->FinishCase();
  EXPECT_THAT(Rules(*recorder), IsEmpty()) << recorder->ToString();
  EXPECT_TRUE(ledger->destroyed());
  std::set<int> jobs_seen;
  std::set<int> threads;
  for (const CallRecord& call : CallsOf(*recorder, NotificationMethod::kJobTransferred)) {
    jobs_seen.insert(call.job);
    threads.insert(call.thread);
    EXPECT_EQ(call.depth, 0);
    EXPECT_TRUE(call.finished);
    EXPECT_EQ(call.state, BG_JOB_STATE_TRANSFERRED);
  }
  EXPECT_EQ(jobs_seen.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(*jobs_seen.begin(), 1);
  EXPECT_EQ(*jobs_seen.rbegin(), kJobs);
  EXPECT_EQ(threads.count(recorder->ThreadIndex()), 0u);  // all on the engine's workers
  EXPECT_EQ(CallsOf(*recorder, NotificationMethod::kFileTransferred).size(), static_cast<size_t>(2 * kJobs));
}

}  // namespace
}  // namespace doharness::conformance
