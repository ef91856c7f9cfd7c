// Speed and memory of the fake engine. Run with
//   bazel run -c opt //engine/benchmarks:engine_benchmark
// (or tools/benchmarks, which runs it several times and prints min/median/max).
//
// Dispatch, each as a ratio to a real indirect call of JobModification on a callback
// the compiler cannot see (benchmark_callbacks.cc, a library of its own):
//   - the contract's floor: AddRef, the call, Release on the same callback;
//   - direct dispatch: one JobModification delivered now (flags checked, a reference
//     held for the call, the result recorded), deterministic mode, trace off;
//   - drained dispatch: JobModifications raised, queued and delivered by
//     RunUntilIdle, as a real run delivers them, per notification.
// Growth: each cost measured at a size and at four times that size; the work is four
// times larger, so a linear cost takes about four times as long (goal: at most 5x).
// Memory: peak heap bytes per job of jobs run to completion.
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "engine/benchmarks/benchmark_callbacks.h"
#include "engine/benchmarks/summary_reporter.h"
#include "engine/fake_engine.h"
#include "engine/testing/fake_engine_peer.h"

// ---- Heap accounting: every allocation of the process, for bytes per job ----------
namespace {
std::atomic<int64_t> heap_now{0};
std::atomic<int64_t> heap_peak{0};

void* Allocate(size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  int64_t now = heap_now.fetch_add(malloc_usable_size(p), std::memory_order_relaxed) +
                static_cast<int64_t>(malloc_usable_size(p));
  int64_t peak = heap_peak.load(std::memory_order_relaxed);
  while (now > peak && !heap_peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return p;
}
void Free(void* p) {
  if (p == nullptr) return;
  heap_now.fetch_sub(malloc_usable_size(p), std::memory_order_relaxed);
  std::free(p);
}
}  // namespace

void* operator new(size_t n) { return Allocate(n); }
void* operator new[](size_t n) { return Allocate(n); }
void operator delete(void* p) noexcept { Free(p); }
void operator delete[](void* p) noexcept { Free(p); }
void operator delete(void* p, size_t) noexcept { Free(p); }
void operator delete[](void* p, size_t) noexcept { Free(p); }

namespace doharness {
namespace {

using benchmarks::CallbackWork;
using benchmarks::NewBenchmarkCallback;

// Gives the memory earlier benchmarks freed back to the system, outside the timing, so
// that the base size and four times it both pay for the pages they touch (otherwise the
// base size runs in warm, reused heap and the growth looks worse than it is).
void StartWithAColdHeap(benchmark::State& state) {
  state.PauseTiming();
  malloc_trim(0);
  state.ResumeTiming();
}

constexpr ULONG kEveryJobFlag = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION;

EngineOptions QuietOptions() {
  EngineOptions options;
  options.trace = false;
  options.one_calling_thread = true;  // the benchmark's callbacks start no threads
  return options;
}

BG_JOB_STATE StateOf(const FakeEngine& engine, IBackgroundCopyJob* job) {
  BG_JOB_STATE state = BG_JOB_STATE_SUSPENDED;
  engine.PeekState(job, &state);
  return state;
}

// One job of `engine` registered to `callback` for JobModification only.
ComPtr<IBackgroundCopyJob> ListeningJob(FakeEngine& engine, IBackgroundCopyCallback* callback) {
  ComPtr<IBackgroundCopyJob> job;
  engine.CreateJob(L"bench", &job);
  job->SetNotifyFlags(BG_NOTIFY_JOB_MODIFICATION);
  job->SetNotifyInterface(callback);
  return job;
}

// ---- Dispatch --------------------------------------------------------------------
void BM_IndirectCall(benchmark::State& state) {
  ComPtr<IBackgroundCopyCallback> callback = NewBenchmarkCallback(CallbackWork::kNothing);
  IBackgroundCopyCallback* cb = callback.Get();
  IBackgroundCopyJob* job = nullptr;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cb->JobModification(job, 0));
  }
}
BENCHMARK(BM_IndirectCall);

void BM_ContractFloor(benchmark::State& state) {
  ComPtr<IBackgroundCopyCallback> callback = NewBenchmarkCallback(CallbackWork::kNothing);
  IBackgroundCopyCallback* cb = callback.Get();
  IBackgroundCopyJob* job = nullptr;
  for (auto _ : state) {
    cb->AddRef();
    benchmark::DoNotOptimize(cb->JobModification(job, 0));
    cb->Release();
  }
}
BENCHMARK(BM_ContractFloor);

void BM_DirectDispatch(benchmark::State& state) {
  FakeEngine engine(QuietOptions());
  ComPtr<IBackgroundCopyCallback> callback = NewBenchmarkCallback(CallbackWork::kNothing);
  ComPtr<IBackgroundCopyJob> job = ListeningJob(engine, callback.Get());
  const uint32_t number = engine.JobNumber(job.Get());
  internal::EngineCore& core = internal::FakeEnginePeer::Core(engine);
  for (auto _ : state) {
    benchmark::DoNotOptimize(core.DeliverModificationNow(number));
  }
  job->Cancel();
}
BENCHMARK(BM_DirectDispatch);

// Per notification: raised in batches of `range(0)`, then drained. 64: what a job's
// transfer raises between two drains (the dispatch figure); 8k and 32k: the growth with
// the number waiting on one job, each batch started on a cold heap (pausing the timer
// for that costs more than a batch of 64 does).
void BM_DrainedDispatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  const bool cold_heap = batch >= 4096;
  FakeEngine engine(QuietOptions());
  ComPtr<IBackgroundCopyCallback> callback = NewBenchmarkCallback(CallbackWork::kNothing);
  ComPtr<IBackgroundCopyJob> job = ListeningJob(engine, callback.Get());
  const uint32_t number = engine.JobNumber(job.Get());
  internal::EngineCore& core = internal::FakeEnginePeer::Core(engine);
  const uint64_t calls_before = engine.stats().calls;
  for (auto _ : state) {
    if (cold_heap) StartWithAColdHeap(state);
    core.RaiseModifications(number, batch);
    engine.RunUntilIdle();
  }
  if (engine.stats().calls - calls_before != static_cast<uint64_t>(batch) * state.iterations()) {
    state.SkipWithError("not every raised JobModification was delivered");
  }
  state.SetItemsProcessed(static_cast<int64_t>(batch) * state.iterations());
  job->Cancel();
}
BENCHMARK(BM_DrainedDispatch)->Arg(64)->Arg(8192)->Arg(32768);

// ---- Growth ----------------------------------------------------------------------
// One job of `range(0)` small files run to completion (one transfer step a file).
// With kReadProgress the callback also reads the job's progress on each modification.
void FilesToCompletion(benchmark::State& state, CallbackWork work) {
  const int files = static_cast<int>(state.range(0));
  for (auto _ : state) {
    StartWithAColdHeap(state);
    FakeEngine engine(QuietOptions());
    ComPtr<IBackgroundCopyCallback> callback = NewBenchmarkCallback(work);
    ComPtr<IBackgroundCopyJob> job;
    engine.CreateJob(L"files", &job);
    for (int f = 0; f < files; ++f) engine.AddFile(job.Get(), {L"http://h/f", L"/tmp/f", 1024, 1 << 20});
    job->SetNotifyFlags(kEveryJobFlag);
    job->SetNotifyInterface(callback.Get());
    job->Resume();
    if (!engine.RunUntilIdle() || StateOf(engine, job.Get()) != BG_JOB_STATE_ACKNOWLEDGED) {
      state.SkipWithError("the job did not finish");
    }
  }
}
void BM_FilesPerJob(benchmark::State& state) { FilesToCompletion(state, CallbackWork::kFinishJobs); }
BENCHMARK(BM_FilesPerJob)->Arg(4096)->Arg(16384)->Unit(benchmark::kMillisecond);
void BM_GetProgressPerModification(benchmark::State& state) {
  FilesToCompletion(state, CallbackWork::kReadProgress);
}
BENCHMARK(BM_GetProgressPerModification)->Arg(4096)->Arg(16384)->Unit(benchmark::kMillisecond);

// `range(0)` AddFile calls (COM) on a job transferring a first file that never ends.
void BM_AddFileWhileTransferring(benchmark::State& state) {
  const int files = static_cast<int>(state.range(0));
  for (auto _ : state) {
    StartWithAColdHeap(state);
    state.PauseTiming();
    {
      FakeEngine engine(QuietOptions());
      engine.ServeUrl(L"http://h/big", uint64_t{1} << 40, 1);
      ComPtr<IBackgroundCopyJob> job;
      engine.CreateJob(L"adding", &job);
      job->AddFile(L"http://h/big", L"/tmp/big");
      job->Resume();
      engine.AdvanceBy(std::chrono::seconds(1));
      if (StateOf(engine, job.Get()) != BG_JOB_STATE_TRANSFERRING) state.SkipWithError("not transferring");
      state.ResumeTiming();
      for (int f = 0; f < files; ++f) job->AddFile(L"http://h/small", L"/tmp/small");
      state.PauseTiming();
      job->Cancel();
    }
    state.ResumeTiming();
  }
}
BENCHMARK(BM_AddFileWhileTransferring)->Arg(4096)->Arg(16384)->Unit(benchmark::kMillisecond);

// One EnumJobs (and its enumerator's Release) with 10 jobs in the queue and
// `range(0)` finished ones.
void BM_EnumJobs(benchmark::State& state) {
  FakeEngine engine(QuietOptions());
  std::vector<ComPtr<IBackgroundCopyJob>> live(10);
  for (int64_t i = 0; i < state.range(0); ++i) {
    ComPtr<IBackgroundCopyJob> finished;
    engine.CreateJob(L"finished", &finished);
    finished->Cancel();
  }
  for (auto& job : live) engine.CreateJob(L"live", &job);
  IBackgroundCopyManager* manager = engine.manager();
  for (auto _ : state) {
    IEnumBackgroundCopyJobs* jobs = nullptr;
    manager->EnumJobs(0, &jobs);
    benchmark::DoNotOptimize(jobs);
    jobs->Release();
  }
}
BENCHMARK(BM_EnumJobs)->Arg(25000)->Arg(100000);

// `range(0)` jobs of 4 files each run to completion with a callback that completes
// each job, with peak heap bytes per job.
void BM_JobsToCompletion(benchmark::State& state) {
  const int64_t jobs = state.range(0);
  int64_t bytes_per_job = 0;
  for (auto _ : state) {
    ComPtr<IBackgroundCopyCallback> callback = NewBenchmarkCallback(CallbackWork::kFinishJobs);
    heap_peak.store(heap_now.load());
    const int64_t before = heap_now.load();
    {
      FakeEngine engine(QuietOptions());
      IBackgroundCopyManager* manager = engine.manager();
      for (int64_t i = 0; i < jobs; ++i) {
        IBackgroundCopyJob* job = nullptr;
        GUID id;
        manager->CreateJob(L"job", BG_JOB_TYPE_DOWNLOAD, &id, &job);
        for (int f = 0; f < 4; ++f) {
          engine.AddFile(job, {L"http://h/f" + std::to_wstring(f), L"/tmp/f", 64 * 1024, 1 << 20});
        }
        job->SetNotifyFlags(kEveryJobFlag);
        job->SetNotifyInterface(callback.Get());
        job->Resume();
        job->Release();  // the queue owns the job (WIN: Release returns 0, the job lives on)
      }
      if (!engine.RunUntilIdle()) state.SkipWithError("jobs did not finish");
      bytes_per_job = (heap_peak.load() - before) / jobs;
    }
  }
  state.counters["bytes_per_job"] = static_cast<double>(bytes_per_job);
  state.counters["us_per_job"] = benchmark::Counter(
      static_cast<double>(jobs), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_JobsToCompletion)->Arg(250000)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(1);

// ---- The trace at scale ----------------------------------------------------------
// `range(0)` jobs of 4 files each run to completion with the trace on, then the trace
// written as JSON Lines to a stream that keeps nothing. Reports the events, the bytes
// an event takes stored, and the heap the write needed above the stored trace.
class DiscardingBuffer : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

void BM_TraceAtScale(benchmark::State& state) {
  const int64_t jobs = state.range(0);
  EngineOptions options = QuietOptions();
  options.trace = true;
  for (auto _ : state) {
    FakeEngine engine(options);
    ComPtr<IBackgroundCopyCallback> callback = NewBenchmarkCallback(CallbackWork::kFinishJobs);
    IBackgroundCopyManager* manager = engine.manager();
    for (int64_t i = 0; i < jobs; ++i) {
      IBackgroundCopyJob* job = nullptr;
      GUID id;
      manager->CreateJob(L"job", BG_JOB_TYPE_DOWNLOAD, &id, &job);
      for (int f = 0; f < 4; ++f) engine.AddFile(job, {L"http://h/f", L"/tmp/f", 64 * 1024, 1 << 20});
      job->SetNotifyFlags(kEveryJobFlag);
      job->SetNotifyInterface(callback.Get());
      job->Resume();
      job->Release();
    }
    if (!engine.RunUntilIdle()) state.SkipWithError("jobs did not finish");
    const Trace& trace = engine.trace();
    DiscardingBuffer discard;
    std::ostream out(&discard);
    heap_peak.store(heap_now.load());
    const int64_t before = heap_now.load();
    trace.WriteJsonLines(out);
    state.counters["write_heap_bytes"] = static_cast<double>(heap_peak.load() - before);
    state.counters["events"] = static_cast<double>(trace.size());
    state.counters["bytes_per_event"] = static_cast<double>(trace.StoredBytes()) / trace.size();
  }
}
BENCHMARK(BM_TraceAtScale)->Arg(50000)->Arg(200000)->Unit(benchmark::kMillisecond)->Iterations(1);

// ---- Summary ---------------------------------------------------------------------
// Each dispatch as a ratio to the indirect call, each growth as time at four times the
// work over time at the base size.
class EngineSummary : public benchmarks::SummaryReporter {
 public:
  void Finalize() override {
    SummaryReporter::Finalize();
    Heading("per notification");
    Line("indirect call (ns)", "BM_IndirectCall", "", 1, 0);
    Line("contract floor (x the indirect call)", "BM_ContractFloor", "BM_IndirectCall", 1, 0);
    Line("direct dispatch (x the indirect call)", "BM_DirectDispatch", "BM_IndirectCall", 1, 5);
    Line("drained dispatch (x the indirect call)", "BM_DrainedDispatch/64", "BM_IndirectCall", 64, 10);
    Heading("growth: time at four times the work / at the base");
    Line("files per job, 4k -> 16k", "BM_FilesPerJob/16384", "BM_FilesPerJob/4096", 1, 5);
    Line("GetProgress per modification, 4k -> 16k files", "BM_GetProgressPerModification/16384",
         "BM_GetProgressPerModification/4096", 1, 5);
    Line("queued notifications, 8k -> 32k", "BM_DrainedDispatch/32768", "BM_DrainedDispatch/8192", 1, 5);
    Line("AddFile while transferring, 4k -> 16k", "BM_AddFileWhileTransferring/16384",
         "BM_AddFileWhileTransferring/4096", 1, 5);
    Line("EnumJobs with finished jobs, 25k -> 100k", "BM_EnumJobs/100000", "BM_EnumJobs/25000", 1, 5);
    Line("traced jobs run and written, 50k -> 200k", "BM_TraceAtScale/200000/iterations:1",
         "BM_TraceAtScale/50000/iterations:1", 1, 5);
    Line("jobs x 4 files to completion, 250k -> 1M", "BM_JobsToCompletion/1000000/iterations:1",
         "BM_JobsToCompletion/250000/iterations:1", 1, 5);
  }
};

}  // namespace
}  // namespace doharness

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  doharness::EngineSummary reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
