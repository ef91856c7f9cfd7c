// What each entry of the bug zoo does wrong, shown on the fake engine and on mocks, with
// the provocation README.md gives for it -- so that the table the conformance cases are
// written from is known to work -- and that otherwise the entries behave as the
// reference callback: a plain run of a job that transfers and of a job that fails
// ends as the reference's does, with S_OK from every call, for every entry whose bug
// does not show in such a run. The reference callback is the control for the
// provocations that crash.
//
// No recording proxy here (conformance/ has its own tests): pointers that an entry
// over-releases are mocks, and entries that free themselves early are never handed to
// the engine.
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "api/names.h"
#include "deliveryoptimization.h"
#include "engine/engine_options.h"
#include "engine/fake_engine.h"
#include "engine/fault.h"
#include "engine/testing/engine_test_util.h"
#include "examples/bug_zoo/bug_zoo.h"
#include "examples/reference_callback/reference_callback.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/mock_error.h"
#include "mocks/mock_file.h"
#include "mocks/mock_job.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

namespace doharness::examples {
namespace {

using engine_testing::CountCalls;
using engine_testing::Finish;
using engine_testing::MakeJob;
using engine_testing::ReturnResults;
using engine_testing::StateOf;
using mocks::MakeComObject;
using mocks::MockError;
using mocks::MockFile;
using mocks::MockJob;
using testing::Each;
using testing::ElementsAre;
using testing::NiceMock;

constexpr ULONG kNoFiles =
    BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION;  // 0x0B
constexpr ULONG kEverything = kNoFiles | BG_NOTIFY_FILE_TRANSFERRED;               // 0x1B

// A new object of the entry `name`, one reference.
ComPtr<IUnknown> New(std::string_view name) {
  const ZooEntry* entry = FindZooEntry(name);
  IUnknown* object = nullptr;
  if (entry == nullptr || entry->create(&object) != S_OK) {
    ADD_FAILURE() << "cannot make " << name;
    return nullptr;
  }
  return ComPtr<IUnknown>::Attach(object);
}

ComPtr<IUnknown> NewReference() {
  IUnknown* object = nullptr;
  EXPECT_EQ(CreateReferenceCallback(&object), S_OK);
  return ComPtr<IUnknown>::Attach(object);
}

template <class Interface>
ComPtr<Interface> As(IUnknown* object) {
  ComPtr<Interface> answer;
  EXPECT_EQ(object->QueryInterface(__uuidof(Interface), reinterpret_cast<void**>(answer.GetAddressOf())),
            S_OK);
  return answer;
}

// A job of `files` files with `flags`, the faults scripted, `callback` registered (the
// engine keeps its own reference), resumed.
ComPtr<IBackgroundCopyJob> StartJob(FakeEngine& engine, IUnknown* callback, ULONG flags, int files = 2,
                                    const std::vector<Fault>& faults = {}) {
  ComPtr<IBackgroundCopyJob> job = MakeJob(engine, files);
  for (const Fault& fault : faults) EXPECT_EQ(engine.ScriptFault(job.Get(), fault), S_OK);
  EXPECT_EQ(job->SetNotifyFlags(flags), S_OK);
  EXPECT_EQ(job->SetNotifyInterface(callback), S_OK);
  EXPECT_EQ(job->Resume(), S_OK);
  return job;
}

std::vector<std::string> Returns(FakeEngine& engine, const ComPtr<IBackgroundCopyJob>& job,
                                 const char* method) {
  return ReturnResults(engine.trace(), engine.JobNumber(job.Get()), method);
}

int Calls(FakeEngine& engine, const ComPtr<IBackgroundCopyJob>& job, const char* method) {
  return CountCalls(engine.trace(), engine.JobNumber(job.Get()), method);
}

const std::string kOk = HresultName(S_OK);

// How the crashing entries die: by SIGSEGV (a NULL dereference, or the 0xDD-poisoned
// vtable of a freed zoo object, zoo_callback_base.h) -- or, under a sanitizer that
// catches the signal, by its exit after its report (AddressSanitizer's is checked).
bool CrashedBySegv(int status) {
  if (WIFSIGNALED(status)) return WTERMSIG(status) == SIGSEGV;
  return WIFEXITED(status) && WEXITSTATUS(status) != 0;  // a sanitizer's report and exit
}
#if defined(__SANITIZE_ADDRESS__)
#define EXPECT_CRASH(statement, asan_report) EXPECT_EXIT(statement, CrashedBySegv, asan_report)
#else
#define EXPECT_CRASH(statement, asan_report) EXPECT_EXIT(statement, CrashedBySegv, "")
#endif
// With UndefinedBehaviorSanitizer in the same build (config asan_ubsan), its null
// check reports the dereference before the SEGV does.
constexpr char kNullDereference[] = "AddressSanitizer: SEGV|runtime error: .*null pointer";
constexpr char kUseAfterFree[] = "AddressSanitizer: heap-use-after-free";

// ==== Every entry in a plain run ======================================================
// The entries whose bug shows in a plain run (of one job that transfers and one that
// fails on an HTTP 404), each with the reason; the others must end that run as the
// reference does.
bool ShowsInPlainRun(std::string_view name) {
  static const std::set<std::string_view> kShows = {
      "com_refcount_balanced",               // leaks itself
      "com_refcount_balanced_static_count",  // two objects alive at once: one leaks
      "com_refcount_exact_fixed_lifetime",   // Release returns the constant 1
      "com_refcount_exact_same_object",      // both jobs share one object
      "com_refcount_exact_stack_object",     // Release returns the constant 1
      "com_refcount_no_early_free",          // freed under the engine
      "job_acknowledges",                    // the job stays TRANSFERRED
      "job_handles_error",                   // the failed job stays in ERROR
      "params_error_not_released",           // releases the engine's error object
      "params_job_not_released",             // releases the engine's job object
      "params_retained_balanced",            // keeps the engine's job object
      "ret_error_ok",                        // JobError returns the job's error
      "ret_modification_ok",                 // JobModification returns E_NOTIMPL
      "ret_transferred_ok",                  // JobTransferred returns S_FALSE
  };
  return kShows.count(name) != 0;
}

class PlainRunTest : public testing::TestWithParam<ZooEntry> {
 protected:
  void SetUp() override { setenv("DOHARNESS_ZOO_HANG_MS", "0", 1); }
  void TearDown() override { unsetenv("DOHARNESS_ZOO_HANG_MS"); }
};

std::vector<ZooEntry> PlainRunEntries() {
  std::vector<ZooEntry> entries;
  for (const ZooEntry& entry : BugZoo()) {
    if (!ShowsInPlainRun(entry.name)) entries.push_back(entry);
  }
  return entries;
}

std::string EntryParamName(const testing::TestParamInfo<ZooEntry>& info) {
  return std::string(info.param.name);
}

INSTANTIATE_TEST_SUITE_P(BugZoo, PlainRunTest, testing::ValuesIn(PlainRunEntries()), EntryParamName);

// Flags 0x0B (with 0x1B, ret_file_transferred_ok stalls by design), one object per job,
// the engine holding the only references: both jobs end final, every call returns
// S_OK (ret_file_transferred_ok_s_false aside, which is never asked), and the objects
// are freed (the engine's last Release returns 0: nobody else holds them).
TEST_P(PlainRunTest, EndsAsTheReferenceDoes) {
  for (const Profile& profile : engine_testing::BothProfiles()) {
    SCOPED_TRACE(std::string(profile.name));
    FakeEngine engine(engine_testing::OptionsFor(profile));
    ComPtr<IBackgroundCopyJob> good = StartJob(engine, New(GetParam().name).Get(), kNoFiles);
    ComPtr<IBackgroundCopyJob> bad =
        StartJob(engine, New(GetParam().name).Get(), kNoFiles, 2, {Fault::HttpStatusAt(1, 0, 404)});
    ASSERT_TRUE(engine.RunUntilIdle());
    EXPECT_EQ(StateOf(good.Get()), BG_JOB_STATE_ACKNOWLEDGED);
    EXPECT_EQ(StateOf(bad.Get()), BG_JOB_STATE_CANCELLED);
    for (const auto& job : {good, bad}) {
      for (const char* method : {"JobTransferred", "JobError", "JobModification"}) {
        EXPECT_THAT(Returns(engine, job, method), Each(kOk)) << method;
      }
    }
    EXPECT_EQ(Calls(engine, good, "JobTransferred"), 1);
    EXPECT_EQ(Calls(engine, bad, "JobError"), 1);
    EXPECT_EQ(engine.stats().violations, 0u) << engine.trace().ToJsonLines();
    // The last Release of each object (the engine's, once the job was final) returned 0.
    for (const auto& job : {good, bad}) {
      std::string last_release = "none";
      for (const TraceEvent& e : engine_testing::JobEvents(engine.trace(), engine.JobNumber(job.Get()))) {
        if (e.kind == TraceEvent::Kind::kRelease) last_release = e.result;
      }
      EXPECT_EQ(last_release, "0");
    }
  }
}

// ==== com.* =========================================================================
TEST(ComRulesTest, IdentityIUnknownThroughCallback2IsAnotherPointer) {
  ComPtr<IUnknown> object = New("com_identity");
  ComPtr<IBackgroundCopyCallback2> callback2 = As<IBackgroundCopyCallback2>(object.Get());
  ComPtr<IUnknown> from_object = As<IUnknown>(object.Get());
  ComPtr<IUnknown> from_callback2 = As<IUnknown>(callback2.Get());
  EXPECT_EQ(from_object.Get(), object.Get());
  EXPECT_NE(from_callback2.Get(), from_object.Get());  // the bug
  // Everything else holds: Callback reachable from Callback2, one count.
  ComPtr<IBackgroundCopyCallback> callback = As<IBackgroundCopyCallback>(callback2.Get());
  EXPECT_EQ(object->AddRef(), 6u);
  EXPECT_EQ(callback2->Release(), 5u);
}

TEST(ComRulesTest, CallbackIidIsRefused) {
  ComPtr<IUnknown> object = New("com_callback_iid");
  void* answer = &answer;
  EXPECT_EQ(object->QueryInterface(IID_IBackgroundCopyCallback, &answer), E_NOINTERFACE);
  EXPECT_EQ(answer, nullptr);
  ComPtr<IBackgroundCopyCallback2> callback2 = As<IBackgroundCopyCallback2>(object.Get());
  EXPECT_EQ(As<IUnknown>(callback2.Get()).Get(), object.Get());
  // The engine asks for IBackgroundCopyCallback2 first, so it works there.
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, object.Get(), kEverything);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST(ComRulesTest, NoInterfaceLeavesTheOutPointer) {
  ComPtr<IUnknown> object = New("com_no_interface");
  for (const IID* iid : {&IID_IBackgroundCopyJob, &IID_IBackgroundCopyManager}) {
    void* answer = &answer;
    EXPECT_EQ(object->QueryInterface(*iid, &answer), E_NOINTERFACE);
    EXPECT_EQ(answer, &answer);  // the bug
  }
  ComPtr<IUnknown> reference = NewReference();
  void* answer = &answer;
  EXPECT_EQ(reference->QueryInterface(IID_IBackgroundCopyJob, &answer), E_NOINTERFACE);
  EXPECT_EQ(answer, nullptr);
}

TEST(ComRulesDeathTest, NullOutCrashes) {
  ComPtr<IUnknown> object = New("com_null_out");
  EXPECT_CRASH(object->QueryInterface(IID_IBackgroundCopyCallback, nullptr), kNullDereference);
  EXPECT_EQ(NewReference()->QueryInterface(IID_IBackgroundCopyCallback, nullptr), E_POINTER);
}

TEST(ComRulesTest, SymmetricCallbackUnreachableFromCallback2) {
  ComPtr<IUnknown> object = New("com_symmetric");
  ComPtr<IBackgroundCopyCallback2> callback2 = As<IBackgroundCopyCallback2>(object.Get());
  void* answer = &answer;
  EXPECT_EQ(callback2->QueryInterface(IID_IBackgroundCopyCallback, &answer), E_NOINTERFACE);  // the bug
  EXPECT_EQ(answer, nullptr);
  EXPECT_EQ(As<IUnknown>(callback2.Get()).Get(), object.Get());  // identity kept
  ComPtr<IBackgroundCopyCallback> callback = As<IBackgroundCopyCallback>(object.Get());
  EXPECT_EQ(As<IBackgroundCopyCallback2>(callback.Get()).Get(), callback2.Get());
}

TEST(ComRulesTest, StableSetLosesCallback2AfterAJobFinished) {
  ComPtr<IUnknown> object = New("com_stable_set");
  EXPECT_TRUE(As<IBackgroundCopyCallback2>(object.Get()));
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, object.Get(), kEverything);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  void* answer = &answer;
  EXPECT_EQ(object->QueryInterface(IID_IBackgroundCopyCallback2, &answer), E_NOINTERFACE);  // the bug
  EXPECT_EQ(answer, nullptr);
  EXPECT_TRUE(As<IBackgroundCopyCallback>(object.Get()));
}

TEST(ComRulesTest, NoEarlyFreeReachesZeroUnderItsCreator) {
  IUnknown* object = New("com_refcount_no_early_free").Detach();  // the creator's reference
  EXPECT_EQ(object->AddRef(), 1u);                                // the bug: should be 2
  EXPECT_EQ(object->Release(), 0u);                               // freed, the creator's reference dangles
}

TEST(ComRulesTest, ExactCountsMoveWithTheOtherObject) {
  ComPtr<IUnknown> a = New("com_refcount_exact");
  ComPtr<IUnknown> b = New("com_refcount_exact");
  EXPECT_EQ(a->AddRef(), 3u);
  EXPECT_EQ(b->AddRef(), 4u);
  EXPECT_EQ(a->Release(), 3u);  // the bug: A went from 2 to 1
  EXPECT_EQ(b->Release(), 2u);
  EXPECT_EQ(a.Detach()->Release(), 0u);  // but each is freed exactly when its own count ends
  EXPECT_EQ(b.Detach()->Release(), 0u);
  // Alone, the counts are right.
  ComPtr<IUnknown> c = New("com_refcount_exact");
  EXPECT_EQ(c->AddRef(), 2u);
  EXPECT_EQ(c->Release(), 1u);
}

TEST(ComRulesTest, BalancedLastReleaseReturnsOne) {
#if defined(__SANITIZE_ADDRESS__)
  __lsan::ScopedDisabler leak_is_the_bug;
#endif
  IUnknown* object = New("com_refcount_balanced").Detach();
  EXPECT_EQ(object->AddRef(), 3u);
  EXPECT_EQ(object->Release(), 2u);
  EXPECT_EQ(object->Release(), 1u);  // the bug: every holder let go
}

TEST(ComRulesTest, StaticCountLeaksTheFirstReleasedObject) {
#if defined(__SANITIZE_ADDRESS__)
  __lsan::ScopedDisabler leak_is_the_bug;
#endif
  IUnknown* a = New("com_refcount_balanced_static_count").Detach();
  IUnknown* b = New("com_refcount_balanced_static_count").Detach();
  EXPECT_EQ(a->AddRef(), 3u);
  EXPECT_EQ(b->AddRef(), 4u);
  EXPECT_EQ(a->Release(), 3u);  // com.refcount_exact
  EXPECT_EQ(b->Release(), 2u);
  EXPECT_EQ(a->Release(), 1u);  // com.refcount_balanced: A leaks
  EXPECT_EQ(b->Release(), 0u);  // B is freed
}

// ==== params.* (on mocks: the over-released pointers must not be the engine's) ==========
class ParamsTest : public testing::Test {
 protected:
  ParamsTest() {
    job_ = MakeComObject<NiceMock<MockJob>>();
    error_ = MakeComObject<NiceMock<MockError>>();
    file_ = MakeComObject<NiceMock<MockFile>>();
    // Extra references, so that an over-release by the callee frees nothing.
    for (IUnknown* p : {static_cast<IUnknown*>(job_.Get()), static_cast<IUnknown*>(error_.Get()),
                        static_cast<IUnknown*>(file_.Get())}) {
      p->AddRef();
    }
  }
  ~ParamsTest() override {
    job_->Release();
    error_->Release();
    file_->Release();
  }
  ULONG JobRefs() const { return job_->ledger()->refcount(); }
  ULONG ErrorRefs() const { return error_->ledger()->refcount(); }
  ULONG FileRefs() const { return file_->ledger()->refcount(); }

  ComPtr<NiceMock<MockJob>> job_;
  ComPtr<NiceMock<MockError>> error_;
  ComPtr<NiceMock<MockFile>> file_;
};

TEST_F(ParamsTest, JobNotReleased) {
  ComPtr<IBackgroundCopyCallback2> callback =
      As<IBackgroundCopyCallback2>(New("params_job_not_released").Get());
  EXPECT_EQ(callback->JobTransferred(job_.Get()), S_OK);
  EXPECT_EQ(JobRefs(), 1u);  // the bug: 2 before the call
  job_->AddRef();            // (given back)
}

TEST_F(ParamsTest, ErrorNotReleased) {
  ComPtr<IBackgroundCopyCallback2> callback =
      As<IBackgroundCopyCallback2>(New("params_error_not_released").Get());
  EXPECT_EQ(callback->JobError(job_.Get(), error_.Get()), S_OK);
  EXPECT_EQ(ErrorRefs(), 1u);  // the bug
  EXPECT_EQ(JobRefs(), 2u);
  error_->AddRef();  // (given back)
}

TEST_F(ParamsTest, FileNotReleased) {
  ComPtr<IBackgroundCopyCallback2> callback =
      As<IBackgroundCopyCallback2>(New("params_file_not_released").Get());
  EXPECT_EQ(callback->FileTransferred(job_.Get(), file_.Get()), S_OK);
  EXPECT_EQ(FileRefs(), 1u);  // the bug
  EXPECT_EQ(JobRefs(), 2u);
  file_->AddRef();  // (given back)
}

// The engine's file, whose bits profile answers IBackgroundCopyFile3: the second
// Release through pFile3 takes a reference the callee never had. The do profile's
// file has no IBackgroundCopyFile3, and the bug is never reached.
TEST(ParamsFile3Test, ReleasesTheFile3ItAskedForTwiceInTheBitsProfile) {
  for (const Profile& profile : engine_testing::BothProfiles()) {
    SCOPED_TRACE(std::string(profile.name));
    FakeEngine engine(engine_testing::OptionsFor(profile));
    ComPtr<IBackgroundCopyJob> job;
    ASSERT_NO_FATAL_FAILURE(engine_testing::DriveJobTo(engine, engine_testing::JobStage::kTransferred, &job));
    ComPtr<IEnumBackgroundCopyFiles> files;
    ComPtr<IBackgroundCopyFile> file;
    ASSERT_EQ(job->EnumFiles(files.GetAddressOf()), S_OK);
    ASSERT_EQ(files->Next(1, file.GetAddressOf(), nullptr), S_OK);
    const ULONG before = file->AddRef();  // kept: the over-release frees nothing
    ComPtr<IBackgroundCopyCallback2> callback =
        As<IBackgroundCopyCallback2>(New("params_file_not_released_file3").Get());
    EXPECT_EQ(callback->FileTransferred(job.Get(), file.Get()), S_OK);
    const bool bits = profile.newest_file_interface >= 3;
    const ULONG after = file->AddRef() - 1;
    file->Release();
    EXPECT_EQ(after, bits ? before - 1 : before);
    if (bits) file->AddRef();  // (given back)
    file->Release();
  }
}

TEST_F(ParamsTest, RetainedJobOutlivesTheCallback) {
  ComPtr<IBackgroundCopyCallback2> callback =
      As<IBackgroundCopyCallback2>(New("params_retained_balanced").Get());
  EXPECT_EQ(callback->JobTransferred(job_.Get()), S_OK);
  EXPECT_EQ(JobRefs(), 3u);
  callback.Reset();          // the object is destroyed...
  EXPECT_EQ(JobRefs(), 3u);  // the bug: ... and the job reference with it is not released
  job_->Release();           // (the test lets go of it in the callback's stead)
}

TEST_F(ParamsTest, NoUseAfterReturnCallsTheEarlierJobLater) {
  ComPtr<IBackgroundCopyCallback2> callback =
      As<IBackgroundCopyCallback2>(New("params_no_use_after_return").Get());
  auto other = MakeComObject<NiceMock<MockJob>>();
  bool inside_other = false;
  EXPECT_CALL(*job_, GetState(testing::_)).WillOnce([&](BG_JOB_STATE*) {
    EXPECT_TRUE(inside_other);  // the bug: job_'s notification returned long ago
    return S_OK;
  });
  EXPECT_EQ(callback->JobModification(job_.Get(), 0), S_OK);
  EXPECT_EQ(callback->JobModification(job_.Get(), 0), S_OK);  // same job: nothing
  inside_other = true;
  EXPECT_EQ(callback->JobModification(other.Get(), 0), S_OK);
  EXPECT_EQ(JobRefs(), 2u);  // never AddRef'd
}

// ==== ret.* ===========================================================================
TEST(RetRulesTest, TransferredOkReturnsSFalse) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, New("ret_transferred_ok").Get(), kNoFiles);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, job, "JobTransferred"), ElementsAre(HresultName(S_FALSE)));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  // Complete failing: S_OK from the error path, no extra delivery (ret.retry_bounded kept).
  ComPtr<IBackgroundCopyJob> failing =
      StartJob(engine, New("ret_transferred_ok").Get(), kNoFiles, 1, {Fault::CompleteFails(E_FAIL, 5)});
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, failing, "JobTransferred"), ElementsAre(kOk));
  EXPECT_EQ(StateOf(failing.Get()), BG_JOB_STATE_CANCELLED);
}

TEST(RetRulesTest, ErrorOkReturnsTheJobsError) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job =
      StartJob(engine, New("ret_error_ok").Get(), kNoFiles, 1, {Fault::HttpStatusAt(0, 0, 404)});
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, job, "JobError"), ElementsAre(HresultName(BG_E_HTTP_ERROR_404)));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
}

TEST(RetRulesTest, ErrorOkGetterFailsReturnsTheGettersFailureUntilItWorks) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job =
      StartJob(engine, New("ret_error_ok_getter_fails").Get(), kNoFiles, 1,
               {Fault::HttpStatusAt(0, 0, 404), Fault::GetterFails("Error.GetErrorDescription", E_FAIL, 2)});
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, job, "JobError"), ElementsAre(HresultName(E_FAIL), HresultName(E_FAIL), kOk));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
  // The reference never asks for the description: one delivery.
  ComPtr<IBackgroundCopyJob> control =
      StartJob(engine, NewReference().Get(), kNoFiles, 1,
               {Fault::HttpStatusAt(0, 0, 404), Fault::GetterFails("Error.GetErrorDescription", E_FAIL, 2)});
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, control, "JobError"), ElementsAre(kOk));
}

TEST(RetRulesTest, ModificationOkReturnsENotImpl) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, New("ret_modification_ok").Get(), kNoFiles);
  ASSERT_TRUE(engine.RunUntilIdle());
  const std::vector<std::string> returns = Returns(engine, job, "JobModification");
  ASSERT_FALSE(returns.empty());
  EXPECT_THAT(returns, Each(HresultName(E_NOTIMPL)));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST(RetRulesTest, FileTransferredOkStallsTheJobOnItsFirstFile) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, New("ret_file_transferred_ok").Get(), kEverything);
  EXPECT_FALSE(engine.RunUntilIdle(std::chrono::minutes(1)));
  const std::vector<std::string> returns = Returns(engine, job, "FileTransferred");
  EXPECT_GE(returns.size(), 10u);
  EXPECT_THAT(returns, Each(HresultName(E_NOTIMPL)));
  EXPECT_EQ(Calls(engine, job, "JobTransferred"), 0);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  Finish(job.Get());
}

TEST(RetRulesTest, FileTransferredOkSFalseVariantLetsTheJobFinish) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job =
      StartJob(engine, New("ret_file_transferred_ok_s_false").Get(), kEverything);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, job, "FileTransferred"),
              ElementsAre(HresultName(S_FALSE), HresultName(S_FALSE)));
  EXPECT_THAT(Returns(engine, job, "JobTransferred"), ElementsAre(kOk));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST(RetRulesTest, RetryBoundedIsDeliveredUntilCompleteWorks) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job =
      StartJob(engine, New("ret_retry_bounded").Get(), kNoFiles, 1, {Fault::CompleteFails(E_FAIL, 5)});
  ASSERT_TRUE(engine.RunUntilIdle());
  const std::string fail = HresultName(E_FAIL);
  EXPECT_THAT(Returns(engine, job, "JobTransferred"), ElementsAre(fail, fail, fail, fail, fail, kOk));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  // The reference: one delivery.
  ComPtr<IBackgroundCopyJob> control =
      StartJob(engine, NewReference().Get(), kNoFiles, 1, {Fault::CompleteFails(E_FAIL, 5)});
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, control, "JobTransferred"), ElementsAre(kOk));
}

TEST(RetRulesTest, RetryBoundedAfterFirstFailsEveryLaterJobForEver) {
  FakeEngine engine;
  const ComPtr<IUnknown> callback = New("ret_retry_bounded_after_first");
  ComPtr<IBackgroundCopyJob> first = StartJob(engine, callback.Get(), kNoFiles, 1);
  ASSERT_TRUE(engine.RunUntilIdle());
  ComPtr<IBackgroundCopyJob> second = StartJob(engine, callback.Get(), kNoFiles, 1);
  EXPECT_FALSE(engine.RunUntilIdle(std::chrono::minutes(1)));  // delivered again and again
  EXPECT_THAT(Returns(engine, first, "JobTransferred"), ElementsAre(kOk));
  const std::vector<std::string> later = Returns(engine, second, "JobTransferred");
  EXPECT_GE(later.size(), 3u);
  for (const std::string& result : later) EXPECT_EQ(result, HresultName(E_FAIL));
  EXPECT_EQ(StateOf(first.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_EQ(StateOf(second.Get()), BG_JOB_STATE_TRANSFERRED);
  second->Cancel();
}

// ==== tol.* ===========================================================================
// Each crashing provocation once with the entry (death) and once with the reference
// callback (survives).
class TolRulesDeathTest : public testing::Test {
 protected:
  TolRulesDeathTest() { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

void ErrorWithoutFile(IUnknown* callback) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, callback, kNoFiles, 1, {Fault::JobError(E_ACCESSDENIED)});
  engine.RunUntilIdle();
  Finish(job.Get());
}

TEST_F(TolRulesDeathTest, ErrorWithoutFileCrashes) {
  EXPECT_CRASH(ErrorWithoutFile(New("tol_error_without_file").Get()), kNullDereference);
  ErrorWithoutFile(NewReference().Get());
  // With a file involved it works.
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job =
      StartJob(engine, New("tol_error_without_file").Get(), kNoFiles, 1, {Fault::HttpStatusAt(0, 0, 404)});
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
}

void ReservedNonzero(IUnknown* callback) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, callback, kNoFiles);
  EXPECT_EQ(As<IBackgroundCopyCallback>(callback)->JobModification(job.Get(), 1), S_OK);
  engine.RunUntilIdle();
}

TEST_F(TolRulesDeathTest, ReservedNonzeroFailsFast) {
  EXPECT_DEATH(ReservedNonzero(New("tol_reserved_nonzero").Get()), "FAIL_FAST_IF\\(dwReserved != 0\\)");
  ReservedNonzero(NewReference().Get());
}

void ModificationAfterTransferred(IUnknown* callback) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, callback, kNoFiles);
  ASSERT_TRUE(engine.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_EQ(As<IBackgroundCopyCallback>(callback)->JobModification(job.Get(), 0), S_OK);
}

TEST_F(TolRulesDeathTest, ModificationAfterTransferredFailsFast) {
  EXPECT_DEATH(ModificationAfterTransferred(New("tol_modification_after_transferred").Get()),
               "FAIL_FAST_IF\\(m_finished");
  ModificationAfterTransferred(NewReference().Get());
}

// Complete and Cancel fail once, so the first JobTransferred leaves the job TRANSFERRED;
// registering the callback again makes the engine deliver JobTransferred again.
void RepeatedTransferred(IUnknown* callback) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, callback, kNoFiles, 1,
                                            {Fault::CompleteFails(E_FAIL, 1), Fault::CancelFails(E_FAIL, 1)});
  ASSERT_TRUE(engine.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  ASSERT_EQ(job->SetNotifyInterface(callback), S_OK);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(engine_testing::CountCalls(engine.trace(), engine.JobNumber(job.Get()), "JobTransferred"), 2);
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST_F(TolRulesDeathTest, RepeatedTransferredFailsFast) {
  EXPECT_DEATH(RepeatedTransferred(New("tol_repeated_transferred").Get()), "FAIL_FAST_IF\\(!m_transferred");
  RepeatedTransferred(NewReference().Get());
}

// Cancel fails once, so the job stays in ERROR after JobError; then Resume.
void ErrorThenTransferred(IUnknown* callback) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, callback, kNoFiles, 1,
                                            {Fault::HttpStatusAt(0, 0, 404), Fault::CancelFails(E_FAIL, 1)});
  ASSERT_TRUE(engine.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_ERROR);
  ASSERT_EQ(job->Resume(), S_OK);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST_F(TolRulesDeathTest, ErrorThenTransferredFailsFast) {
  EXPECT_DEATH(ErrorThenTransferred(New("tol_error_then_transferred").Get()), "FAIL_FAST_IF\\(m_failed");
  ErrorThenTransferred(NewReference().Get());
}

void ReentrantModification(IUnknown* callback) {
  EngineOptions options;
  options.reentrant_modification_depth = 1;
  FakeEngine engine(options);
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, callback, kNoFiles, 4);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST_F(TolRulesDeathTest, ReentrantModificationFailsFast) {
  EXPECT_DEATH(ReentrantModification(New("tol_reentrant_modification").Get()),
               "FAIL_FAST_IF\\(!m_inModification.Insert");
  ReentrantModification(NewReference().Get());
}

// 20 jobs of two files on four engine threads, one object per job.
void ConcurrentJobs(const char* entry) {
  EngineOptions options;
  options.dispatch = DispatchMode::kThreaded;
  options.concurrency_limit = 4;
  FakeEngine engine(options);
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  for (int i = 0; i < 20; ++i) {
    jobs.push_back(StartJob(engine, entry != nullptr ? New(entry).Get() : NewReference().Get(), kNoFiles));
  }
  ASSERT_TRUE(engine.RunUntilIdle());
  for (const auto& job : jobs) EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
}

TEST_F(TolRulesDeathTest, ConcurrentJobsFailsFastOnASecondThread) {
  EXPECT_DEATH(ConcurrentJobs("tol_concurrent_jobs"), "FAIL_FAST_IF\\(g_TableOwnerThread");
  ConcurrentJobs(nullptr);
}

// Hands every call on to `inner`; from inside the first FileTransferred it unregisters
// the job first: what a tol.unregister_inside case does.
class UnregisteringWrapper : public mocks::ComObject<IBackgroundCopyCallback2> {
 public:
  explicit UnregisteringWrapper(IUnknown* inner)
      : ComObject(Answers<IBackgroundCopyCallback, IBackgroundCopyCallback2>()),
        inner_(As<IBackgroundCopyCallback2>(inner)) {}

  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    return inner_->JobTransferred(job);
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override {
    return inner_->JobError(job, error);
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD reserved) override {
    return inner_->JobModification(job, reserved);
  }
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* job, IBackgroundCopyFile* file) override {
    EXPECT_EQ(job->SetNotifyInterface(nullptr), S_OK);
    return inner_->FileTransferred(job, file);
  }

 private:
  const ComPtr<IBackgroundCopyCallback2> inner_;
};

void UnregisterInside(IUnknown* callback) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job =
      StartJob(engine, MakeComObject<UnregisteringWrapper>(callback).Get(), kEverything);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);  // nobody left to complete it
  Finish(job.Get());
}

TEST_F(TolRulesDeathTest, UnregisterInsideUsesItselfAfterFreeingItself) {
  EXPECT_CRASH(UnregisterInside(New("tol_unregister_inside").Get()), kUseAfterFree);
  UnregisterInside(NewReference().Get());
}

TEST(TolRulesTest, SharedAcrossJobsServesOnlyItsFirstJob) {
  FakeEngine engine;
  ComPtr<IUnknown> object = New("tol_shared_across_jobs");
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  jobs.push_back(StartJob(engine, object.Get(), kNoFiles));
  jobs.push_back(StartJob(engine, object.Get(), kNoFiles));
  jobs.push_back(StartJob(engine, object.Get(), kNoFiles, 2, {Fault::HttpStatusAt(0, 0, 403)}));
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(jobs[0].Get()), BG_JOB_STATE_ACKNOWLEDGED);
  EXPECT_EQ(StateOf(jobs[1].Get()), BG_JOB_STATE_TRANSFERRED);  // the bug
  EXPECT_EQ(StateOf(jobs[2].Get()), BG_JOB_STATE_ERROR);        // the bug
  for (const auto& job : jobs) {
    for (const char* method : {"JobTransferred", "JobError", "JobModification"}) {
      EXPECT_THAT(Returns(engine, job, method), Each(kOk));
    }
    Finish(job.Get());
  }
}

TEST(TolRulesTest, NoExceptionThrowsForADiskFullError) {
  for (const Profile& profile : engine_testing::BothProfiles()) {
    SCOPED_TRACE(std::string(profile.name));
    FakeEngine engine(engine_testing::OptionsFor(profile));
    ComPtr<IBackgroundCopyJob> job = StartJob(engine, New("tol_no_exception").Get(), kNoFiles, 1,
                                              {Fault::FatalAt(0, 0, static_cast<HRESULT>(0x80030070))});
    ASSERT_TRUE(engine.RunUntilIdle());
    EXPECT_EQ(engine.stats().violations, 1u);  // the engine caught an exception
    EXPECT_THAT(engine.trace().ToJsonLines(), testing::HasSubstr("exception"));
    EXPECT_EQ(Calls(engine, job, "JobError"), 1);
    EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);  // cancelled before it threw
  }
}

// ==== time.*, job.* ===================================================================
// How long a run of one job took in wall time, notifying JobTransferred only: the
// time of that call, the rest being virtual.
std::chrono::milliseconds TimeJobTransferred(const char* entry) {
  FakeEngine engine;
  const auto start = std::chrono::steady_clock::now();
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, New(entry).Get(), BG_NOTIFY_JOB_TRANSFERRED);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ACKNOWLEDGED);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
}

TEST(TimeRulesTest, NoHangSleepsDoharnessZooHangMs) {
  setenv("DOHARNESS_ZOO_HANG_MS", "400", 1);
  EXPECT_GE(TimeJobTransferred("time_no_hang").count(), 400);
  unsetenv("DOHARNESS_ZOO_HANG_MS");
}

TEST(TimeRulesTest, PromptBusyWaitsTwoHundredFiftyMilliseconds) {
  EXPECT_GE(TimeJobTransferred("time_prompt").count(), 250);
}

TEST(JobRulesTest, AcknowledgesLeavesTheJobTransferred) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job = StartJob(engine, New("job_acknowledges").Get(), kNoFiles);
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, job, "JobTransferred"), ElementsAre(kOk));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);  // the bug
  Finish(job.Get());
}

TEST(JobRulesTest, HandlesErrorLeavesTheJobInError) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job =
      StartJob(engine, New("job_handles_error").Get(), kNoFiles, 1, {Fault::HttpStatusAt(0, 0, 404)});
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(Returns(engine, job, "JobError"), ElementsAre(kOk));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_ERROR);  // the bug
  Finish(job.Get());
}

}  // namespace
}  // namespace doharness::examples
