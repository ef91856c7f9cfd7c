// EngineOptions: everything a test or a tool chooses when it makes a FakeEngine.
// The defaults are the contract's (docs/contract.md) or, where it is silent,
// the choices named beside each field.
#ifndef DOHARNESS_ENGINE_ENGINE_OPTIONS_H_
#define DOHARNESS_ENGINE_ENGINE_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <string>

#include "engine/profile.h"
#include "engine/virtual_clock.h"

namespace doharness {

enum class DispatchMode {
  // One thread: every notification runs on the thread that advances the clock, one
  // at a time, in an order fixed by the seed, as in a single-threaded apartment. Job
  // objects a callback keeps may still be called from its own threads.
  kDeterministic,
  // Notifications run on a pool of `concurrency_limit` threads, as the service does;
  // the clock still only moves when the test moves it. For race hunting under TSan.
  kThreaded,
};

// Where JobModification stands against JobTransferred/JobError raised after it.
enum class ModificationOrder {
  kRaiseOrder,  // in the order raised (the default: what most tests expect)
  kSeeded,      // BITS-doc: modifications run on lower-priority threads, so the seed may
                // let a job's JobTransferred/JobError overtake its pending modifications
};

struct EngineOptions {
  Profile profile = Profile::Do();
  uint64_t seed = 1;
  DispatchMode dispatch = DispatchMode::kDeterministic;
  ModificationOrder modification_order = ModificationOrder::kRaiseOrder;

  // BITS-doc: at most four notifications at once per user.
  int concurrency_limit = 4;
  // Delay before a failed JobTransferred/JobError/FileTransferred is delivered again.
  // The contract says "later, at an arbitrary interval"; 5 s is the choice.
  Duration retry_delay = std::chrono::seconds(5);
  // BITS default minimum retry delay of a job in TRANSIENT_ERROR: 600 s.
  Duration minimum_retry_delay = std::chrono::seconds(600);
  // Bytes per progress step of the transfer model; each step raises JobModification.
  uint64_t chunk_bytes = 64 * 1024;
  // Size and speed of a file added through COM (AddFile/AddFileSet) whose URL the
  // engine was not told about with FakeEngine::ServeUrl.
  uint64_t default_file_size = 256 * 1024;
  uint64_t default_bytes_per_second = 1024 * 1024;
  // Under load BITS may merge modification events (BITS-doc); on: a job has at most
  // one JobModification waiting.
  bool coalesce_modifications = false;
  // BITS-doc (STA): a callback that calls a job method from inside JobModification may
  // be re-entered with the next pending JobModification of that job, up to this depth.
  // 0: never re-entered.
  int reentrant_modification_depth = 0;
  // Who calls the engine: jobs are owned by their creator; SetNotifyInterface from
  // another user that is not an administrator gets E_ACCESSDENIED (DO-doc).
  std::wstring user = L"user";
  bool user_is_admin = false;
  // Record the trace (every call, return, state change, AddRef, Release, QI, fault).
  bool trace = true;
  // Deterministic mode only: on, the engine skips its lock, trusting that only the
  // thread that drives it ever calls it. Off by default, because a callback may legally
  // keep a job and call it from a thread of its own; on only where the caller owns
  // every thread that can reach the engine (the dispatch benchmark).
  bool one_calling_thread = false;
};

}  // namespace doharness

#endif  // DOHARNESS_ENGINE_ENGINE_OPTIONS_H_
