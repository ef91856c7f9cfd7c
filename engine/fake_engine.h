// FakeEngine: a fake Delivery Optimization / BITS job engine on virtual time.
//
// It serves the BITS-compatible COM interfaces that DO exposes (manager, job, file,
// error, enumerators) with the return codes of the contract, runs the job state
// machine and a transfer model on a virtual clock, fires scripted faults, and
// delivers IBackgroundCopyCallback notifications exactly as the contract says:
// flags read at delivery, a reference held for each call, no lock held while calling
// out, redelivery until S_OK, at-least-once, FileTransferred serialized and first.
//
//   doharness::FakeEngine engine;                        // profile "do", seed 1
//   doharness::ComPtr<IBackgroundCopyJob> job;
//   engine.CreateJob(L"update", &job);
//   engine.AddFile(job.Get(), {L"http://example/a", L"/tmp/a", 1 << 20, 1 << 20});
//   job->SetNotifyInterface(callback);                   // e.g. a mocks/ MockCallback
//   job->Resume();
//   engine.RunUntilIdle();                               // JobModification..., JobTransferred
//
// Every observable step is recorded in trace().
#ifndef DOHARNESS_ENGINE_FAKE_ENGINE_H_
#define DOHARNESS_ENGINE_FAKE_ENGINE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"
#include "engine/engine_options.h"
#include "engine/fault.h"
#include "engine/trace.h"
#include "engine/virtual_clock.h"

namespace doharness {

namespace internal {
class EngineCore;
class FakeEnginePeer;  // engine/testing/fake_engine_peer.h
}  // namespace internal

// A file to add to a job: where from, where to, how large, how fast.
struct FileSpec {
  std::wstring remote_url;
  std::wstring local_name;
  uint64_t size = 256 * 1024;
  uint64_t bytes_per_second = 1024 * 1024;
};

// Counters for tests and benchmarks.
struct EngineStats {
  uint64_t calls = 0;              // notification calls made
  uint64_t redeliveries = 0;       // calls that repeated a failed JobTransferred/JobError/FileTransferred
  int max_concurrent_calls = 0;    // most notification calls running at one time
  uint64_t violations = 0;         // misuses of engine objects detected (see the trace)
};

class FakeEngine {
 public:
  explicit FakeEngine(EngineOptions options = {});
  // Shuts down: releases every callback interface it holds.
  ~FakeEngine();
  FakeEngine(const FakeEngine&) = delete;
  FakeEngine& operator=(const FakeEngine&) = delete;

  const EngineOptions& options() const;

  // The engine's IBackgroundCopyManager (borrowed: valid while the engine lives).
  IBackgroundCopyManager* manager();

  // Shorthands for the manager's CreateJob (a download job) and the job's AddFile that
  // also say how large the file is and how fast it comes. E_INVALIDARG for a job that
  // is not one of this engine's; otherwise what the COM method returns.
  HRESULT CreateJob(std::wstring_view display_name, ComPtr<IBackgroundCopyJob>* job);
  HRESULT AddFile(IBackgroundCopyJob* job, const FileSpec& file);

  // Size and speed of a URL for files added through COM (AddFile/AddFileSet).
  void ServeUrl(std::wstring_view remote_url, uint64_t size, uint64_t bytes_per_second);

  // Attaches a fault to a job. E_INVALIDARG for a job not of this engine, a fault that
  // names a file index the job does not have (file faults may name files added later)
  // or a getter fault on a method that is not one of Fault::GetterNames().
  HRESULT ScriptFault(IBackgroundCopyJob* job, const Fault& fault);

  // Virtual time.
  VirtualTime Now() const;
  // Runs everything due up to Now() + d, then sets the clock there.
  void AdvanceBy(Duration d);
  // Runs until nothing is left to happen, or `limit` of virtual time has passed
  // (a callback that never returns S_OK is redelivered for ever). True when idle.
  // A job's 30/90-day expiry does not count as something left to happen.
  bool RunUntilIdle(Duration limit = std::chrono::hours(24 * 7));

  // The job's number as the trace names it (creation order, from 1); 0 if the
  // pointer is not a job of this engine.
  uint32_t JobNumber(IBackgroundCopyJob* job) const;
  // The job's state as the engine holds it, read without a client call: nothing goes to
  // the trace (GetState would), and it still answers after Shutdown. For harnesses that
  // check states without changing the trace. E_INVALIDARG for a job not of this engine.
  HRESULT PeekState(IBackgroundCopyJob* job, BG_JOB_STATE* state) const;

  const Trace& trace() const;
  EngineStats stats() const;

  // Releases every callback interface and stops the worker threads. Objects handed
  // out stay valid to Release; their other methods then return E_UNEXPECTED.
  void Shutdown();

 private:
  friend class internal::FakeEnginePeer;  // the engine's own benchmarks and tests reach the core
  std::shared_ptr<internal::EngineCore> core_;
};

}  // namespace doharness

#endif  // DOHARNESS_ENGINE_FAKE_ENGINE_H_
