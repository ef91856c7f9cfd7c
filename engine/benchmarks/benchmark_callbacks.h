// Callbacks for the benchmarks, compiled in a library of their own: the benchmark
// sees only IBackgroundCopyCallback, so the compiler cannot tell which class a call
// reaches and every call it measures is a real indirect call, as the engine's is.
#ifndef DOHARNESS_ENGINE_BENCHMARKS_BENCHMARK_CALLBACKS_H_
#define DOHARNESS_ENGINE_BENCHMARKS_BENCHMARK_CALLBACKS_H_

#include "api/com_ptr.h"
#include "deliveryoptimization.h"

namespace doharness::benchmarks {

enum class CallbackWork {
  kNothing,       // S_OK everywhere
  kFinishJobs,    // JobTransferred completes the job, JobError cancels it
  kReadProgress,  // kFinishJobs, and JobModification reads the job's progress
};

// A callback with a plain (single-threaded) reference count that deletes itself at
// zero, as a real callback does.
ComPtr<IBackgroundCopyCallback> NewBenchmarkCallback(CallbackWork work);

}  // namespace doharness::benchmarks

#endif  // DOHARNESS_ENGINE_BENCHMARKS_BENCHMARK_CALLBACKS_H_
