// EngineCore: the notification dispatcher (docs/contract.md sections 2 to 4). It decides
// every call from the flags and registration at the moment of delivery, holds a
// reference on the callback for the whole call, never holds the lock while calling
// out, redelivers failed JobTransferred/JobError/FileTransferred after the retry delay
// until S_OK, serializes a job's FileTransferred calls before its JobTransferred or
// JobError, and never calls an interface after releasing it.
#include <algorithm>
#include <exception>

#include "api/names.h"
#include "engine/internal/com_objects.h"
#include "engine/internal/compiler_hints.h"
#include "engine/internal/engine_core.h"

namespace doharness::internal {
namespace {

// The notification running on this thread, for the STA re-entrancy of BITS-doc.
struct CurrentCall {
  const EngineCore* core = nullptr;
  uint32_t job = 0;
  NotificationMethod kind = NotificationMethod::kJobModification;
  int depth = 0;
};
thread_local CurrentCall current_call;

}  // namespace

// ---- Raising -------------------------------------------------------------------------
void EngineCore::MarkReady(JobRecord& job) {
  if (job.in_ready_list) return;
  job.in_ready_list = true;
  ready_.push_back(job.number);
}

void EngineCore::RaiseModification(JobRecord& job) {
  if (job.IsFinal()) return;
  job.modified = Now();
  // Coalescing merges it into the one already waiting.
  if (options_.coalesce_modifications && !job.modifications.empty()) return;
  job.modifications.push_back(NextSeq());
  MarkReady(job);
}

void EngineCore::RaiseFileTransferred(JobRecord& job, uint32_t file) {
  job.files_owed.push_back({file, NextSeq(), Now()});
  MarkReady(job);
}

void EngineCore::OweTerminal(JobRecord& job) {
  job.terminal_owed = true;
  job.terminal_seq = NextSeq();
  job.terminal_due = Now();
  job.terminal_failures = 0;
  MarkReady(job);
}

void EngineCore::RefreshDeliverable(JobRecord& job) const {
  job.deliverable = 0;
  const Registration* reg = job.registration.get();
  job.callback = reg != nullptr ? reg->callback() : nullptr;
  if (reg == nullptr) return;
  if ((job.notify_flags & BG_NOTIFY_DISABLE) && profile().disable_suppresses) return;
  for (NotificationMethod kind : {NotificationMethod::kJobTransferred, NotificationMethod::kJobError,
                                  NotificationMethod::kJobModification, NotificationMethod::kFileTransferred}) {
    if (!(job.notify_flags & NotifyFlagOf(kind))) continue;
    if (kind == NotificationMethod::kFileTransferred && !reg->v2()) continue;
    job.deliverable |= static_cast<uint8_t>(1u << static_cast<unsigned>(kind));
  }
}

// ---- Choosing ------------------------------------------------------------------------
inline void EngineCore::PrepareDelivery(JobRecord& job, NotificationMethod kind, Delivery* d,
                                        uint32_t file, uint64_t seq) {
  d->record = &job;
  d->callback = job.callback;
  d->registration = job.registration.get();
  d->job_object = job.object;
  d->error_object = nullptr;
  d->file_object = nullptr;
  d->seq = seq;
  d->state_epoch = job.state_epoch;
  d->job = job.number;
  d->file = file;
  d->kind = kind;
  d->depth = 0;
  d->skipped = false;
  if (kind == NotificationMethod::kJobError) {
    job.error_object->AddRef();
    d->error_object = job.error_object;
  } else if (kind == NotificationMethod::kFileTransferred) {
    FileObject* f = FileObjectFor(job, d->file);
    f->AddRef();
    d->file_object = f;
  }
  ++job.calls_in_flight;
  ++calls_in_flight_;
}

inline bool EngineCore::TakeModification(JobRecord& job) {
  if (job.modifications.empty()) return false;
  // As in ChooseAmongLanes, what the flags forbid now is dropped even while one is in
  // flight.
  if (!Gate(job, NotificationMethod::kJobModification)) {
    job.modifications.clear();
    return false;
  }
  if (job.low_lane_busy) return false;
  job.modifications.pop_front();
  job.low_lane_busy = true;
  return true;
}

inline bool EngineCore::ChooseDelivery(JobRecord& job, Delivery* d) {
  if (DOHARNESS_UNLIKELY(!OnlyModificationsWait(job))) return ChooseAmongLanes(job, d);
  if (!TakeModification(job)) return false;
  PrepareDelivery(job, NotificationMethod::kJobModification, d);
  return true;
}

bool EngineCore::ChooseAmongLanes(JobRecord& job, Delivery* d) {
  if (job.IsFinal()) {
    job.DropQueued();
    return false;
  }
  // Drop what the flags forbid now (the gate is the same for every waiting entry of a
  // kind); keep file notifications while nothing is registered, so a late
  // registration gets them before the JobTransferred.
  if (!job.modifications.empty() && !Gate(job, NotificationMethod::kJobModification)) {
    job.modifications.clear();
  }
  if (!job.files_owed.empty() && job.registration && !Gate(job, NotificationMethod::kFileTransferred)) {
    job.files_owed.clear();
  }
  const bool mod = !job.modifications.empty() && !job.low_lane_busy;
  const bool files_owed = !job.files_owed.empty();
  const QueuedFile* file = nullptr;  // files are serialized: only the first may go
  if (files_owed && !job.high_lane_busy && job.registration && job.files_owed.front().due <= Now()) {
    file = &job.files_owed.front();
  }
  NotificationMethod terminal_kind = job.state == BG_JOB_STATE_ERROR ? NotificationMethod::kJobError
                                                                   : NotificationMethod::kJobTransferred;
  // In raise order a JobTransferred/JobError also waits for a JobModification in flight
  // on another thread to return: every modification raised before it has then arrived.
  const bool modification_pending = job.low_lane_busy && options_.modification_order == ModificationOrder::kRaiseOrder;
  bool terminal = job.terminal_owed && !job.high_lane_busy && !modification_pending && !files_owed &&
                  job.terminal_due <= Now() && Gate(job, terminal_kind);

  // Raise order, except that the seed may let JobTransferred/JobError overtake
  // pending modifications (BITS-doc: those run on lower-priority threads).
  uint64_t best = UINT64_MAX;
  if (mod) best = job.modifications.front();
  if (file && file->seq < best) best = file->seq;
  if (terminal && job.terminal_seq < best) best = job.terminal_seq;
  if (terminal && mod && options_.modification_order == ModificationOrder::kSeeded && (rng_() & 1)) {
    best = job.terminal_seq;
  }
  if (best == UINT64_MAX) return false;

  if (terminal && best == job.terminal_seq) {
    if (job.terminal_failures > 0) ++stats_.redeliveries;
    PrepareDelivery(job, terminal_kind, d, 0, job.terminal_seq);
    job.high_lane_busy = true;
  } else if (file && best == file->seq) {
    PrepareDelivery(job, NotificationMethod::kFileTransferred, d, file->file, file->seq);
    job.high_lane_busy = true;
  } else {
    job.modifications.pop_front();
    PrepareDelivery(job, NotificationMethod::kJobModification, d);
    job.low_lane_busy = true;
  }
  return true;
}

bool EngineCore::ChooseNestedModification(JobRecord& job, int depth, Delivery* d) {
  if (job.modifications.empty() || job.IsFinal() || !Gate(job, NotificationMethod::kJobModification)) {
    return false;
  }
  job.modifications.pop_front();
  PrepareDelivery(job, NotificationMethod::kJobModification, d);
  d->depth = depth;
  return true;
}

void EngineCore::MaybeReenter(uint32_t job) {
  const CurrentCall call = current_call;
  if (options_.reentrant_modification_depth <= 0 || call.core != this || call.job != job ||
      call.kind != NotificationMethod::kJobModification ||
      call.depth >= options_.reentrant_modification_depth) {
    return;
  }
  Delivery d;
  std::shared_ptr<Registration> pin;
  {
    Lock lock(mu_);
    JobRecord* record = FindJob(job);
    if (shut_down_ || record == nullptr || !ChooseNestedModification(*record, call.depth + 1, &d)) return;
    if (options_.dispatch == DispatchMode::kThreaded) pin = record->registration;
  }
  ExecuteDelivery(d, pin ? &pin : nullptr);
}

// ---- Calling -------------------------------------------------------------------------
// `cb` is the callback the call holds its own reference on: the registration itself may
// be gone by now in threaded mode (replaced on another thread once the pin was dropped).
inline HRESULT EngineCore::Invoke(Delivery& d, IBackgroundCopyCallback* cb) {
  try {
    switch (d.kind) {
      case NotificationMethod::kJobTransferred: return cb->JobTransferred(d.job_object);
      case NotificationMethod::kJobError: return cb->JobError(d.job_object, d.error_object);
      case NotificationMethod::kJobModification: return cb->JobModification(d.job_object, 0);
      case NotificationMethod::kFileTransferred:
        // Registered through its IBackgroundCopyCallback2 answer (Registration::v2).
        return static_cast<IBackgroundCopyCallback2*>(cb)->FileTransferred(d.job_object, d.file_object);
    }
  } catch (...) {
    ReportEscapedException(d.job, d.kind);
  }
  return E_UNEXPECTED;
}

// An exception must not cross a COM boundary; the engine survives it and says so.
DOHARNESS_COLD void EngineCore::ReportEscapedException(uint32_t job, NotificationMethod kind) {
  if (tracing()) TraceEvent(job, TraceEvent::Kind::kViolation, "exception", {{"method", NotificationMethodName(kind)}});
  Lock lock(mu_);
  ++stats_.violations;
}

// Threaded mode: flags and registration are read again when the worker gets to the
// call (flags.live); a call no longer deliverable is dropped here.
DOHARNESS_NOINLINE bool EngineCore::StillDeliverable(Delivery& d, std::shared_ptr<Registration>& pin) {
  Lock lock(mu_);
  JobRecord& job = *d.record;
  bool still = !job.IsFinal() && job.registration.get() == d.registration && Gate(job, d.kind) &&
               (d.kind == NotificationMethod::kJobModification || d.kind == NotificationMethod::kFileTransferred ||
                (job.terminal_owed && job.state_epoch == d.state_epoch));
  if (still) return true;
  lock.unlock();
  // Engine objects: their Release calls nothing out. Released before the call counts
  // as finished, so that a driver returning from RunUntilIdle sees them balanced.
  if (d.error_object) d.error_object->Release();
  if (d.file_object) d.file_object->Release();
  lock.lock();
  d.skipped = true;
  // The pin may hold the last reference on the callback, whose Release (and destructor)
  // may call the engine: never under the lock. DrainReady releases it on the driving
  // thread before the drain returns.
  graveyard_.push_back(std::move(pin));
  FinishDelivery(d, S_OK);
  return false;
}

// An unwatched JobModification (deterministic mode, trace off, no re-entrancy), taken by
// TakeModification: the AddRef, the call and the Release, then its end recorded. Called
// and returns with the mutex held, released around the call. It is what the contract
// asks and little else, so it skips the Delivery record the other kinds need (engine
// objects to hold, a lane to redeliver on, the trace).
DOHARNESS_ALWAYS_INLINE void EngineCore::CallModification(JobRecord& job) {
  IBackgroundCopyCallback* const cb = job.callback;
  IBackgroundCopyJob* const object = job.object;  // held by the engine during the call
  ++job.calls_in_flight;
  ++calls_in_flight_;
  mu_.unlock();
  cb->AddRef();  // held for the whole call (COM-doc artificial reference)
  try {
    cb->JobModification(object, 0);  // the result of a JobModification is not acted on
  } catch (...) {
    ReportEscapedException(job.number, NotificationMethod::kJobModification);
  }
  cb->Release();
  mu_.lock();
  ++stats_.calls;
  stats_.max_concurrent_calls = 1;  // unwatched calls never overlap
  --job.calls_in_flight;
  --calls_in_flight_;
  job.low_lane_busy = false;
  if (DOHARNESS_UNLIKELY(job.IsFinal())) ReleaseIfDone(job);
  MarkReady(job);
  if (DOHARNESS_UNLIKELY(!graveyard_.empty())) ReleaseDropped();
}

void EngineCore::ExecuteDelivery(Delivery& d, std::shared_ptr<Registration>* pin) {
  if (DOHARNESS_UNLIKELY(pin != nullptr) && !StillDeliverable(d, *pin)) return;
  // Unwatched (deterministic mode, trace off) it is the AddRef, the call and the
  // Release, then the result recorded; an unwatched JobModification takes the shorter
  // CallModification instead.
  IBackgroundCopyCallback* cb = d.callback;
  ULONG count = cb->AddRef();  // held for the whole call (COM-doc artificial reference)
  if (pin) pin->reset();
  const HRESULT hr = DOHARNESS_UNLIKELY(watched_calls_) ? InvokeWatched(d, cb, count) : Invoke(d, cb);
  count = cb->Release();
  if (tracing()) TraceCallEnd(d, count);
  if (d.error_object) d.error_object->Release();
  if (d.file_object) d.file_object->Release();
  bool release_dropped;
  {
    std::lock_guard<EngineMutex> guard(mu_);
    if (!watched_calls_) {
      // Unwatched calls never overlap: one thread delivers, nothing re-enters.
      ++stats_.calls;
      stats_.max_concurrent_calls = 1;
    }
    FinishDelivery(d, hr);
    // Threaded mode: what the call dropped is released by the driving thread before its
    // drain returns (DrainReady), not here after the call already counts as finished.
    release_dropped = !graveyard_.empty() && options_.dispatch != DispatchMode::kThreaded;
  }
  if (release_dropped) {
    Lock lock(mu_);
    FlushGraveyard(lock);
  }
}

DOHARNESS_NOINLINE HRESULT EngineCore::InvokeWatched(Delivery& d, IBackgroundCopyCallback* cb,
                                                            ULONG count) {
  if (tracing()) TraceCallStart(d, count);
  {
    Lock lock(mu_);
    ++stats_.calls;
    stats_.max_concurrent_calls = std::max(stats_.max_concurrent_calls, ++running_calls_);
  }
  HRESULT hr;
  if (options_.reentrant_modification_depth > 0) {
    const CurrentCall outer = current_call;
    current_call = {this, d.job, d.kind, d.depth};
    hr = Invoke(d, cb);
    current_call = outer;
  } else {
    hr = Invoke(d, cb);
  }
  {
    Lock lock(mu_);
    --running_calls_;
  }
  if (tracing()) TraceEvent(d.job, TraceEvent::Kind::kReturn, NotificationMethodName(d.kind), {}, HresultName(hr));
  return hr;
}

DOHARNESS_NOINLINE void EngineCore::TraceCallEnd(const Delivery& d, ULONG count) {
  TraceEvent(d.job, TraceEvent::Kind::kRelease, "Release", {{"reason", "call"}}, std::to_string(count));
}

DOHARNESS_NOINLINE void EngineCore::TraceCallStart(const Delivery& d, ULONG count) {
  TraceEvent(d.job, TraceEvent::Kind::kAddRef, "AddRef", {{"reason", "call"}}, std::to_string(count));
  Json args = Json::object();
  if (d.kind == NotificationMethod::kJobModification) args["reserved"] = 0;
  if (d.kind == NotificationMethod::kFileTransferred) args["file"] = d.file;
  if (d.depth > 0) args["nested"] = d.depth;
  TraceEvent(d.job, TraceEvent::Kind::kCall, NotificationMethodName(d.kind), std::move(args));
}

inline void EngineCore::FinishDelivery(Delivery& d, HRESULT hr) {
  JobRecord& job = *d.record;
  --job.calls_in_flight;
  --calls_in_flight_;
  if (d.kind == NotificationMethod::kJobModification) {  // never redelivered
    if (d.depth == 0) job.low_lane_busy = false;
  } else {
    FinishHighLane(d, hr);
  }
  if (job.IsFinal()) ReleaseIfDone(job);
  MarkReady(job);
  if (options_.dispatch == DispatchMode::kThreaded) idle_cv_.notify_all();
}

// JobTransferred, JobError and FileTransferred: redelivered until they succeed.
DOHARNESS_NOINLINE void EngineCore::FinishHighLane(Delivery& d, HRESULT hr) {
  JobRecord& job = *d.record;
  job.high_lane_busy = false;
  if (d.kind == NotificationMethod::kFileTransferred) {
    // The file in flight was the first owed; it is still, unless the flags dropped it.
    if (d.skipped || job.files_owed.empty() || job.files_owed.front().seq != d.seq) return;
    if (SUCCEEDED(hr)) {
      job.files_owed.pop_front();
    } else {  // a negative return: again later (BITS-doc), the next file waits
      QueuedFile& owed = job.files_owed.front();
      owed.due = Now() + options_.retry_delay;
      ++stats_.redeliveries;
      Schedule(owed.due, Timer::Kind::kDeliveryDue, job);
    }
    return;
  }
  // The result counts only for the state entry and the owing it was delivered for:
  // a registration made during the call is owed its own delivery (order.at_least_once).
  if (d.skipped || !job.terminal_owed || job.state_epoch != d.state_epoch || job.terminal_seq != d.seq) return;
  if (hr == S_OK) {
    job.terminal_owed = false;
  } else {  // any other return: again later, until S_OK
    ++job.terminal_failures;
    job.terminal_due = Now() + options_.retry_delay;
    Schedule(job.terminal_due, Timer::Kind::kDeliveryDue, job);
  }
}

void EngineCore::DrainReady(Lock& lock) {
  const bool threaded = options_.dispatch == DispatchMode::kThreaded;
  for (;;) {
    while (ready_head_ < ready_.size()) {
      size_t pick = ready_head_;
      if (options_.modification_order == ModificationOrder::kSeeded) {
        pick += rng_() % (ready_.size() - ready_head_);  // seeded interleaving of jobs
        std::swap(ready_[ready_head_], ready_[pick]);
      }
      JobRecord& job = Job(ready_[ready_head_++]);
      job.in_ready_list = false;
      if (!watched_calls_ && OnlyModificationsWait(job)) {
        if (TakeModification(job)) CallModification(job);
        continue;
      }
      Delivery d;
      if (!ChooseDelivery(job, &d)) continue;
      if (threaded) {
        MarkReady(job);  // the other lane may have a call to make too
        pool_->Submit([this, d, pin = job.registration]() mutable { ExecuteDelivery(d, &pin); });
      } else {
        lock.unlock();
        ExecuteDelivery(d);
        lock.lock();
      }
    }
    ready_.clear();
    ready_head_ = 0;
    if (!threaded) return;
    if (calls_in_flight_ == 0) {
      if (graveyard_.empty()) return;
      // Release what the workers' calls dropped, on this thread, outside the lock,
      // before AdvanceBy/RunUntilIdle return. A Release may make work ready: go on.
      FlushGraveyard(lock);
      lock.lock();
      continue;
    }
    idle_cv_.wait(lock, [this] { return calls_in_flight_ == 0 || ready_head_ < ready_.size(); });
  }
}

HRESULT EngineCore::DeliverModificationNow(uint32_t job) {
  if (options_.dispatch != DispatchMode::kDeterministic) return E_INVALIDARG;
  std::lock_guard<EngineMutex> guard(mu_);
  JobRecord* record = FindJob(job);
  if (record == nullptr) return E_INVALIDARG;
  if (!Gate(*record, NotificationMethod::kJobModification)) return S_FALSE;
  record->low_lane_busy = true;
  if (DOHARNESS_UNLIKELY(watched_calls_)) {
    DeliverWatchedModification(*record);
  } else {
    CallModification(*record);
  }
  return S_OK;
}

DOHARNESS_NOINLINE void EngineCore::DeliverWatchedModification(JobRecord& job) {
  Delivery d;
  PrepareDelivery(job, NotificationMethod::kJobModification, &d);
  mu_.unlock();  // ExecuteDelivery calls without it and takes it for the bookkeeping
  ExecuteDelivery(d);
  mu_.lock();
}

void EngineCore::RaiseModifications(uint32_t job, int count) {
  Lock lock(mu_);
  JobRecord* record = FindJob(job);
  if (record == nullptr) return;
  for (int i = 0; i < count; ++i) RaiseModification(*record);
}

}  // namespace doharness::internal
