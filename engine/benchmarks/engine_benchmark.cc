// Speed and memory of the fake engine (issue: foundation, item 5). Run with
//   bazel run -c opt //engine/benchmarks:engine_benchmark
// It reports:
//   - a raw virtual call of JobModification on a no-op callback, and the engine's
//     deterministic dispatch of one JobModification to the same callback (flags
//     checked, a reference held for the call, tracing off), and their ratio
//     (goal: dispatch within 10x of the raw call);
//   - 10k and 100k jobs of 4 files each run to completion with a callback that
//     completes each job, with time and peak heap bytes per job (goals: 100k at most
//     11x the time of 10k; at most 2 KB per job).
#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <new>
#include <string>

#include "benchmark/benchmark.h"
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

// A callback that does nothing: a plain (single-threaded) count, S_OK everywhere.
// `complete` makes JobTransferred complete the job, as a real callback does.
class NoOpCallback final : public IBackgroundCopyCallback {
 public:
  explicit NoOpCallback(bool complete) : complete_(complete) {}
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (IsEqualGUID(iid, IID_IUnknown) || IsEqualGUID(iid, IID_IBackgroundCopyCallback)) {
      *out = this;
      ++refs_;
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override { return --refs_; }  // lives on the stack
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    return complete_ ? (SUCCEEDED(job->Complete()) ? S_OK : E_FAIL) : S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError*) override {
    return complete_ ? (SUCCEEDED(job->Cancel()) ? S_OK : E_FAIL) : S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }

 private:
  ULONG refs_ = 1;
  bool complete_;
};

EngineOptions QuietOptions() {
  EngineOptions options;
  options.trace = false;
  options.one_calling_thread = true;  // the benchmark's callbacks start no threads
  return options;
}

void BM_RawVirtualCall(benchmark::State& state) {
  NoOpCallback callback(false);
  IBackgroundCopyCallback* cb = &callback;
  IBackgroundCopyJob* job = nullptr;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cb);  // keeps the call virtual
    benchmark::DoNotOptimize(cb->JobModification(job, 0));
  }
}
BENCHMARK(BM_RawVirtualCall);

void BM_DispatchModification(benchmark::State& state) {
  FakeEngine engine(QuietOptions());
  NoOpCallback callback(false);
  ComPtr<IBackgroundCopyJob> job;
  engine.CreateJob(L"bench", &job);
  job->SetNotifyFlags(BG_NOTIFY_JOB_MODIFICATION);
  job->SetNotifyInterface(&callback);
  uint32_t number = engine.JobNumber(job.Get());
  internal::EngineCore& core = internal::FakeEnginePeer::Core(engine);
  for (auto _ : state) {
    benchmark::DoNotOptimize(core.DeliverModificationNow(number));
  }
  job->Cancel();
}
BENCHMARK(BM_DispatchModification);

void BM_JobsToCompletion(benchmark::State& state) {
  const int64_t jobs = state.range(0);
  int64_t bytes_per_job = 0;
  for (auto _ : state) {
    NoOpCallback callback(true);
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
        job->SetNotifyFlags(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION);
        job->SetNotifyInterface(&callback);
        job->Resume();
        job->Release();  // the queue owns the job (WIN: Release returns 0, the job lives on)
      }
      if (!engine.RunUntilIdle()) state.SkipWithError("jobs did not finish");
      bytes_per_job = (heap_peak.load() - before) / jobs;
    }
  }
  state.counters["jobs"] = static_cast<double>(jobs);
  state.counters["bytes_per_job"] = static_cast<double>(bytes_per_job);
  state.counters["us_per_job"] = benchmark::Counter(
      static_cast<double>(jobs), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_JobsToCompletion)->Arg(10000)->Arg(20000)->Arg(40000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(1);

// Prints the ratios the goals are stated in after the usual table.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) times_[run.benchmark_name()] = run.GetAdjustedRealTime();
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    auto ratio = [&](const char* a, const char* b) {
      return times_.count(a) && times_.count(b) ? times_[a] / times_[b] : 0.0;
    };
    std::printf("dispatch / raw virtual call: %.1fx (goal: at most 10x)\n",
                ratio("BM_DispatchModification", "BM_RawVirtualCall"));
    std::printf("100k jobs / 10k jobs time:   %.1fx (goal: at most 11x)\n",
                ratio("BM_JobsToCompletion/100000/iterations:1", "BM_JobsToCompletion/10000/iterations:1"));
  }

 private:
  std::map<std::string, double> times_;
};

}  // namespace
}  // namespace doharness

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  doharness::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
