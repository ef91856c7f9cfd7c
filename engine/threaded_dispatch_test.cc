// DispatchMode::kThreaded: notifications run on a pool of `concurrency_limit` worker
// threads while the test moves the virtual clock. Many jobs at once, callbacks that
// count with atomics what runs at the same time, and call Complete, Cancel or
// SetNotifyInterface(NULL) from inside on the worker threads; shutdown with jobs
// pending. Run under --config=tsan as well: these tests are the race hunt.
//
// Nothing sleeps. The one blocking wait is a latch that holds the first calls until
// `concurrency_limit` of them run at once (to show the limit is reached, not only
// respected); its real-time bound only turns an engine that never reaches the limit
// into a failure instead of a hang.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "engine/fake_engine.h"
#include "engine/testing/engine_test_util.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"

namespace doharness {
namespace {

using engine_testing::BothProfiles;
using engine_testing::ConcurrencyGauge;
using engine_testing::JobEvents;
using engine_testing::MakeJob;
using engine_testing::OptionsFor;
using engine_testing::StateOf;
using mocks::ComObject;
using mocks::MakeComObject;
using mocks::RefLedger;

constexpr ULONG kEverything = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR |
                              BG_NOTIFY_JOB_MODIFICATION | BG_NOTIFY_FILE_TRANSFERRED;
constexpr int kJobs = 50;

// What one job's callback does and saw. Written by worker threads: atomics only.
struct JobScript {
  // Behaviour.
  std::atomic<int> file_failures{0};         // FileTransferred returns E_FAIL this many times
  std::atomic<int> transferred_failures{0};  // JobTransferred returns E_FAIL this many times
  std::atomic<bool> reregister_in_transferred{false};  // once, from inside JobTransferred
  std::atomic<bool> cancel_in_modification{false};
  std::atomic<bool> unregister_in_modification{false};
  // Observations.
  ConcurrencyGauge terminal;  // JobTransferred and JobError of this job
  ConcurrencyGauge files;     // FileTransferred of this job
  std::atomic<int> modifications{0}, file_calls{0}, transferred_calls{0}, error_calls{0};
  std::atomic<int> finals{0};  // successful Complete / Cancel from inside a call
};

// Shared by every callback of one test.
struct Board {
  explicit Board(int latch_size) : latch_size(latch_size) {}
  ConcurrencyGauge all;
  std::vector<std::unique_ptr<JobScript>> jobs;  // by job number - 1
  FakeEngine* engine = nullptr;

  // The latch: the first `latch_size` calls wait until that many run at once.
  const int latch_size;
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  bool open = false;
  bool latch_timed_out = false;

  void Latch() {
    std::unique_lock<std::mutex> lock(mu);
    if (open) return;
    if (++arrived >= latch_size) {
      open = true;
      cv.notify_all();
      return;
    }
    if (!cv.wait_for(lock, std::chrono::seconds(60), [this] { return open; })) {
      latch_timed_out = true;
      open = true;
      cv.notify_all();
    }
  }
  JobScript& ScriptOf(IBackgroundCopyJob* job) { return *jobs.at(engine->JobNumber(job) - 1); }
};

// Decrements `counter` if positive; true if it did.
bool TakeOne(std::atomic<int>& counter) {
  int n = counter.load();
  while (n > 0 && !counter.compare_exchange_weak(n, n - 1)) {
  }
  return n > 0;
}

// A callback that may be shared by many jobs: it finds each job's script by number.
class TrackingCallback : public ComObject<IBackgroundCopyCallback2> {
 public:
  explicit TrackingCallback(Board* board)
      : ComObject(Answers<IBackgroundCopyCallback, IBackgroundCopyCallback2>()), board_(board) {}

  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    ConcurrencyGauge::Scope all(board_->all);
    board_->Latch();
    JobScript& s = board_->ScriptOf(job);
    ConcurrencyGauge::Scope terminal(s.terminal);
    ++s.transferred_calls;
    if (s.reregister_in_transferred.exchange(false)) {
      EXPECT_EQ(job->SetNotifyInterface(static_cast<IBackgroundCopyCallback2*>(this)), S_OK);
    }
    if (TakeOne(s.transferred_failures)) return E_FAIL;
    HRESULT hr = job->Complete();
    if (hr == S_OK) ++s.finals;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job,
                                     IBackgroundCopyError* error) override {
    ConcurrencyGauge::Scope all(board_->all);
    board_->Latch();
    JobScript& s = board_->ScriptOf(job);
    ConcurrencyGauge::Scope terminal(s.terminal);
    ++s.error_calls;
    BG_ERROR_CONTEXT context;
    HRESULT code;
    EXPECT_EQ(error->GetError(&context, &code), S_OK);
    HRESULT hr = job->Cancel();
    if (hr == S_OK) ++s.finals;
    return hr;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD) override {
    ConcurrencyGauge::Scope all(board_->all);
    board_->Latch();
    JobScript& s = board_->ScriptOf(job);
    ++s.modifications;
    if (s.cancel_in_modification.exchange(false)) {
      HRESULT hr = job->Cancel();
      EXPECT_EQ(hr, S_OK);
      if (hr == S_OK) ++s.finals;
    }
    if (s.unregister_in_modification.exchange(false)) {
      EXPECT_EQ(job->SetNotifyInterface(nullptr), S_OK);
    }
    BG_JOB_STATE state;
    EXPECT_EQ(job->GetState(&state), S_OK);
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* job,
                                            IBackgroundCopyFile* file) override {
    ConcurrencyGauge::Scope all(board_->all);
    board_->Latch();
    JobScript& s = board_->ScriptOf(job);
    ConcurrencyGauge::Scope files(s.files);
    ++s.file_calls;
    BG_FILE_PROGRESS progress;
    EXPECT_EQ(file->GetProgress(&progress), S_OK);
    EXPECT_TRUE(progress.Completed);
    return TakeOne(s.file_failures) ? E_FAIL : S_OK;
  }

 private:
  Board* board_;
};

struct ThreadedParam {
  Profile profile;
  int limit;
};

std::string ThreadedParamName(const testing::TestParamInfo<ThreadedParam>& info) {
  return std::string(info.param.profile.name) + "_Limit" + std::to_string(info.param.limit);
}

// 50 jobs of two files each, each with its own callback, flags 0x1B. Every 5th job
// fails on its second file (JobError, then Cancel from inside); the others end with
// Complete from inside JobTransferred. Every 3rd job's first FileTransferred fails
// once; every 4th job's JobTransferred re-registers its callback from inside and
// fails once (two more JobTransferred for the same job, which must not overlap).
class ThreadedDispatchTest : public testing::TestWithParam<ThreadedParam> {
 protected:
  ThreadedDispatchTest() : board_(GetParam().limit) {
    EngineOptions options = OptionsFor(GetParam().profile);
    options.dispatch = DispatchMode::kThreaded;
    options.concurrency_limit = GetParam().limit;
    engine_ = std::make_unique<FakeEngine>(options);
    board_.engine = engine_.get();
  }
  ~ThreadedDispatchTest() override { engine_->Shutdown(); }

  void RunScenario() {
    for (int i = 0; i < kJobs; ++i) {
      jobs_.push_back(MakeJob(*engine_, 2));
      ASSERT_EQ(engine_->JobNumber(jobs_.back().Get()), static_cast<uint32_t>(i + 1));
      board_.jobs.push_back(std::make_unique<JobScript>());
      JobScript& s = *board_.jobs.back();
      if (i % 5 == 0) {
        ASSERT_EQ(engine_->ScriptFault(jobs_.back().Get(), Fault::FatalAt(1, 0, E_FAIL)), S_OK);
      }
      if (i % 3 == 0) s.file_failures = 1;
      if (i % 4 == 0) {
        s.transferred_failures = 1;
        s.reregister_in_transferred = true;
      }
      callbacks_.push_back(MakeComObject<TrackingCallback>(&board_));
      ASSERT_EQ(jobs_.back()->SetNotifyFlags(kEverything), S_OK);
      ASSERT_EQ(jobs_.back()->SetNotifyInterface(callbacks_.back().Get()), S_OK);
    }
    for (auto& job : jobs_) ASSERT_EQ(job->Resume(), S_OK);
    ASSERT_TRUE(engine_->RunUntilIdle());
    ASSERT_FALSE(board_.latch_timed_out) << "never " << GetParam().limit << " calls at once";
  }

  Board board_;
  std::unique_ptr<FakeEngine> engine_;
  std::vector<ComPtr<IBackgroundCopyJob>> jobs_;
  std::vector<ComPtr<TrackingCallback>> callbacks_;
};

INSTANTIATE_TEST_SUITE_P(Limits, ThreadedDispatchTest,
                         testing::Values(ThreadedParam{Profile::Do(), 4},
                                         ThreadedParam{Profile::Bits(), 4},
                                         ThreadedParam{Profile::Do(), 2},
                                         ThreadedParam{Profile::Bits(), 2}),
                         ThreadedParamName);

// order.concurrency_limit: never more than `concurrency_limit` calls at once, counted
// by the callbacks and by the engine, and the limit is reached; the calls run on the
// pool's workers.
TEST_P(ThreadedDispatchTest, ConcurrencyLimit_NeverMoreCallsAtOnceThanTheLimit) {
  ASSERT_NO_FATAL_FAILURE(RunScenario());
  const int limit = GetParam().limit;
  EXPECT_EQ(board_.all.max(), limit);
  EXPECT_LE(engine_->stats().max_concurrent_calls, limit);
  EXPECT_GE(engine_->stats().max_concurrent_calls, limit);
  std::set<std::string> threads;
  for (const TraceEvent& e : JobEvents(engine_->trace())) {
    if (e.kind == TraceEvent::Kind::kCall) threads.insert(e.thread);
  }
  for (const std::string& t : threads) {
    EXPECT_EQ(t.rfind("worker-", 0), 0u) << t;
    EXPECT_LE(std::stoi(t.substr(7)), limit) << t;
  }
}

// order.one_terminal_at_a_time: never two JobTransferred/JobError of one job at once,
// also when one is redelivered and when the callback re-registers inside the call.
TEST_P(ThreadedDispatchTest, OneTerminalAtATime_NeverTwoTerminalCallsOfOneJobAtOnce) {
  ASSERT_NO_FATAL_FAILURE(RunScenario());
  for (int i = 0; i < kJobs; ++i) {
    SCOPED_TRACE("job " + std::to_string(i + 1));
    const JobScript& s = *board_.jobs[i];
    EXPECT_EQ(s.terminal.max(), 1);
    if (i % 5 == 0) {
      EXPECT_EQ(s.error_calls.load(), 1);
      EXPECT_EQ(s.transferred_calls.load(), 0);
    } else {
      // Every 4th: the failed call, then the re-registration's and the redelivery's
      // owed call, which is one delivery once the first returned.
      EXPECT_EQ(s.transferred_calls.load(), i % 4 == 0 ? 2 : 1);
    }
  }
}

// order.files_serialized: never two FileTransferred of one job at once; a failed one
// is delivered again before the next file.
TEST_P(ThreadedDispatchTest, FilesSerialized_NeverTwoFileTransferredOfOneJobAtOnce) {
  ASSERT_NO_FATAL_FAILURE(RunScenario());
  for (int i = 0; i < kJobs; ++i) {
    SCOPED_TRACE("job " + std::to_string(i + 1));
    const JobScript& s = *board_.jobs[i];
    EXPECT_LE(s.files.max(), 1);
    const int files = i % 5 == 0 ? 1 : 2;  // the failing jobs finish file 0 only
    EXPECT_EQ(s.file_calls.load(), files + (i % 3 == 0 ? 1 : 0));
    const auto calls = engine_testing::Calls(engine_->trace(), i + 1);
    // order.files_first: every FileTransferred before the terminal call.
    const auto terminal = std::find_if(calls.begin(), calls.end(), [](const std::string& c) {
      return c == "JobTransferred" || c == "JobError";
    });
    EXPECT_TRUE(std::none_of(terminal, calls.end(), [](const std::string& c) {
      return c.rfind("FileTransferred", 0) == 0;
    }));
  }
}

// Every job reaches its final callback, which completes (JobTransferred) or cancels
// (JobError) it from a worker thread; the engine then lets go of every callback.
TEST_P(ThreadedDispatchTest, AllJobsReachTheirFinalCallbackAndAreReleased) {
  ASSERT_NO_FATAL_FAILURE(RunScenario());
  for (int i = 0; i < kJobs; ++i) {
    SCOPED_TRACE("job " + std::to_string(i + 1));
    EXPECT_EQ(board_.jobs[i]->finals.load(), 1);
    EXPECT_EQ(StateOf(jobs_[i].Get()),
              i % 5 == 0 ? BG_JOB_STATE_CANCELLED : BG_JOB_STATE_ACKNOWLEDGED);
    EXPECT_EQ(callbacks_[i]->ledger()->refcount(), 1u);  // life.release_on_final
  }
  EXPECT_EQ(engine_->stats().violations, 0u);
}

// ---- Threaded tests with their own set-up ---------------------------------------------
class ThreadedProfileTest : public testing::TestWithParam<Profile> {
 protected:
  static EngineOptions Threaded(int limit = 4) {
    EngineOptions options = OptionsFor(GetParam());
    options.dispatch = DispatchMode::kThreaded;
    options.concurrency_limit = limit;
    return options;
  }
};

INSTANTIATE_TEST_SUITE_P(Profiles, ThreadedProfileTest, testing::ValuesIn(BothProfiles()),
                         engine_testing::ProfileParamName);

// order.no_call_after_final on worker threads: every job is cancelled from inside its
// first JobModification, before any file arrived. Nothing else is ever called for it.
TEST_P(ThreadedProfileTest, NoCallAfterFinal_CancelInsideJobModificationOnWorkers) {
  FakeEngine engine(Threaded());
  Board board(1);
  board.engine = &engine;
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  auto callback = MakeComObject<TrackingCallback>(&board);  // shared by every job
  for (int i = 0; i < kJobs; ++i) {
    jobs.push_back(MakeJob(engine, 2));
    board.jobs.push_back(std::make_unique<JobScript>());
    board.jobs.back()->cancel_in_modification = true;
    ASSERT_EQ(jobs.back()->SetNotifyFlags(kEverything), S_OK);
    ASSERT_EQ(jobs.back()->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(jobs.back()->Resume(), S_OK);
  }
  EXPECT_EQ(callback->ledger()->refcount(), 1u + kJobs);
  ASSERT_TRUE(engine.RunUntilIdle());
  engine.AdvanceBy(std::chrono::hours(1));
  for (int i = 0; i < kJobs; ++i) {
    SCOPED_TRACE("job " + std::to_string(i + 1));
    const JobScript& s = *board.jobs[i];
    EXPECT_EQ(s.modifications.load(), 1);
    EXPECT_EQ(s.file_calls.load() + s.transferred_calls.load() + s.error_calls.load(), 0);
    EXPECT_EQ(StateOf(jobs[i].Get()), BG_JOB_STATE_CANCELLED);
  }
  EXPECT_EQ(callback->ledger()->refcount(), 1u);  // life.release_on_final, for every job
}

// life.release_on_clear / life.no_call_after_release on worker threads: callbacks owned
// by the engine alone unregister themselves inside their first call; each is destroyed
// after that call and never called again (ASan/TSan see any late call).
TEST_P(ThreadedProfileTest, NoCallAfterRelease_SelfUnregisteringEngineOwnedCallbacks) {
  FakeEngine engine(Threaded());
  Board board(1);
  board.engine = &engine;
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  std::vector<std::shared_ptr<RefLedger>> ledgers;
  for (int i = 0; i < kJobs; ++i) {
    jobs.push_back(MakeJob(engine, 2));
    board.jobs.push_back(std::make_unique<JobScript>());
    board.jobs.back()->unregister_in_modification = true;
    auto callback = MakeComObject<TrackingCallback>(&board);
    ledgers.push_back(callback->ledger());
    ASSERT_EQ(jobs.back()->SetNotifyFlags(kEverything), S_OK);
    ASSERT_EQ(jobs.back()->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(jobs.back()->Resume(), S_OK);
  }  // the test's references are gone
  ASSERT_TRUE(engine.RunUntilIdle());
  for (int i = 0; i < kJobs; ++i) {
    SCOPED_TRACE("job " + std::to_string(i + 1));
    EXPECT_TRUE(ledgers[i]->destroyed());
    EXPECT_EQ(board.jobs[i]->modifications.load(), 1);
    EXPECT_EQ(board.jobs[i]->file_calls.load() + board.jobs[i]->transferred_calls.load(), 0);
    EXPECT_EQ(StateOf(jobs[i].Get()), BG_JOB_STATE_TRANSFERRED);
    EXPECT_EQ(jobs[i]->Complete(), S_OK);
  }
}

// life.release_on_shutdown with jobs pending in threaded mode: half the jobs are
// TRANSFERRED with a JobTransferred redelivery pending, half still transferring, and
// the test holds no callback reference. Shutdown releases (destroys) every callback;
// nothing is called after it; the engine's objects answer E_UNEXPECTED.
TEST_P(ThreadedProfileTest, ReleaseOnShutdown_WhileJobsArePending) {
  FakeEngine engine(Threaded());
  Board board(1);
  board.engine = &engine;
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  std::vector<std::shared_ptr<RefLedger>> ledgers;
  for (int i = 0; i < kJobs; ++i) {
    const bool small = i % 2 == 0;
    jobs.push_back(MakeJob(engine, 1, small ? 64 * 1024 : 1024 * 1024));
    board.jobs.push_back(std::make_unique<JobScript>());
    if (small) board.jobs.back()->transferred_failures = 1 << 20;  // fails for ever
    auto callback = MakeComObject<TrackingCallback>(&board);
    ledgers.push_back(callback->ledger());
    ASSERT_EQ(jobs.back()->SetNotifyFlags(kEverything), S_OK);
    ASSERT_EQ(jobs.back()->SetNotifyInterface(callback.Get()), S_OK);
    ASSERT_EQ(jobs.back()->Resume(), S_OK);
  }
  engine.AdvanceBy(std::chrono::seconds(3));
  for (int i = 0; i < kJobs; i += 2) ASSERT_GE(board.jobs[i]->transferred_calls.load(), 1);
  ASSERT_EQ(StateOf(jobs[1].Get()), BG_JOB_STATE_TRANSFERRING);
  engine.Shutdown();
  for (int i = 0; i < kJobs; ++i) EXPECT_TRUE(ledgers[i]->destroyed()) << "job " << i + 1;
  const uint64_t calls = engine.stats().calls;
  engine.AdvanceBy(std::chrono::hours(1));
  EXPECT_FALSE(engine.RunUntilIdle());
  EXPECT_EQ(engine.stats().calls, calls);
  // The jobs cannot be cancelled any more: the engine (and its queue) is gone.
  for (auto& job : jobs) EXPECT_EQ(job->Cancel(), E_UNEXPECTED);
}

// A callback whose destructor calls its job (here GetState): legal COM, so the engine
// must not hold its lock when it drops the last reference, also when a delivery it had
// chosen is skipped because the registration changed meanwhile (engine_core.h: the
// lock is never held while calling out, Release included). One worker makes the order
// fixed: JobTransferred runs first and unregisters; the JobModification chosen with it
// is then skipped and its pin was the last reference.
class DestructorCallsJob : public TrackingCallback {
 public:
  DestructorCallsJob(Board* board, IBackgroundCopyJob* job, std::atomic<int>* destroyed_ok)
      : TrackingCallback(board), job_(job), destroyed_ok_(destroyed_ok) {}
  ~DestructorCallsJob() override {
    BG_JOB_STATE state;
    if (job_->GetState(&state) == S_OK) ++*destroyed_ok_;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    EXPECT_EQ(job->SetNotifyInterface(nullptr), S_OK);
    return S_OK;
  }

 private:
  ComPtr<IBackgroundCopyJob> job_;
  std::atomic<int>* destroyed_ok_;
};

TEST_P(ThreadedProfileTest, LockNotHeldWhenSkippedDeliveryDropsTheLastReference) {
  FakeEngine engine(Threaded(/*limit=*/1));
  Board board(1);
  board.engine = &engine;
  auto job = MakeJob(engine);
  board.jobs.push_back(std::make_unique<JobScript>());
  ASSERT_EQ(job->Resume(), S_OK);
  ASSERT_TRUE(engine.RunUntilIdle());
  ASSERT_EQ(StateOf(job.Get()), BG_JOB_STATE_TRANSFERRED);
  std::atomic<int> destroyed_ok{0};
  {
    auto callback = MakeComObject<DestructorCallsJob>(&board, job.Get(), &destroyed_ok);
    // No FileTransferred: the file kept for a late registration would come first.
    ASSERT_EQ(job->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_MODIFICATION), S_OK);
    ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);  // owes JobTransferred
  }
  ASSERT_EQ(job->SetPriority(BG_JOB_PRIORITY_HIGH), S_OK);  // a JobModification after it
  ASSERT_TRUE(engine.RunUntilIdle());
  EXPECT_EQ(destroyed_ok.load(), 1);
  EXPECT_EQ(engine_testing::CountCalls(engine.trace(), 1, "JobModification"), 0);
  EXPECT_EQ(job->Complete(), S_OK);
}

}  // namespace
}  // namespace doharness
