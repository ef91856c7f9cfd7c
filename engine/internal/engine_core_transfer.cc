// EngineCore: the job state machine, the transfer model, scripted faults and the
// virtual-time event loop (docs/contract.md section 5).
#include <algorithm>

#include "api/names.h"
#include "engine/internal/com_objects.h"
#include "engine/internal/engine_core.h"

namespace doharness::internal {

Duration EngineCore::NoProgressTimeout(const JobRecord& job) const {
  if (job.no_progress_timeout_set) return job.no_progress_timeout;
  bool high = job.priority == BG_JOB_PRIORITY_FOREGROUND || job.priority == BG_JOB_PRIORITY_HIGH;
  return high ? profile().no_progress_timeout_high : profile().no_progress_timeout_normal;
}

Duration EngineCore::RetryDelayFor(const JobRecord& job) const { return job.minimum_retry_delay; }

void EngineCore::Schedule(VirtualTime when, Timer::Kind kind, JobRecord& job, uint64_t bytes) {
  timers_.push(Timer{when, NextSeq(), kind, job.number, job.timer_generation, bytes});
}

void EngineCore::SetState(JobRecord& job, BG_JOB_STATE state) {
  BG_JOB_STATE from = job.state;
  if (from == state) return;
  job.state = state;
  ++job.state_epoch;
  job.modified = Now();
  if (tracing()) {
    TraceEvent(job.number, TraceEvent::Kind::kState, "", {{"from", JobStateName(from)}, {"to", JobStateName(state)}});
  }
  if (from == BG_JOB_STATE_TRANSFERRED || from == BG_JOB_STATE_ERROR) job.terminal_owed = false;
  switch (state) {
    case BG_JOB_STATE_TRANSFERRED:  // JobTransferred instead of JobModification (BITS-doc)
      job.transfer_completed = Now();
      OweTerminal(job);
      break;
    case BG_JOB_STATE_ERROR:  // JobError instead of JobModification (BITS-doc)
      OweTerminal(job);
      break;
    case BG_JOB_STATE_ACKNOWLEDGED:
    case BG_JOB_STATE_CANCELLED:
      break;  // nothing is sent for a job after it reached a final state
    default:
      RaiseModification(job);
  }
}

void EngineCore::EnterFinal(JobRecord& job, BG_JOB_STATE state) {
  ++job.timer_generation;
  job.stalled = false;
  SetState(job, state);
  job.in_queue = false;  // drops out of enumeration and GetJob
  --queued_jobs_;
  --queued_jobs_by_owner_[job.owner];
  job.DropQueued();
  job.terminal_owed = false;
  ClearError(job);
  ReleaseIfDone(job);
}

void EngineCore::ReleaseIfDone(JobRecord& job) {
  if (!job.IsFinal() || job.calls_in_flight > 0) return;
  if (job.registration) graveyard_.push_back(std::move(job.registration));
  RefreshDeliverable(job);
  // The job and its files stay readable through references clients still hold.
  for (FileRecord& f : job.files) {
    if (f.object) std::exchange(f.object, nullptr)->EngineDrop();
  }
  if (job.object) std::exchange(job.object, nullptr)->EngineDrop();
}

void EngineCore::ClearError(JobRecord& job) {
  job.error_code = S_OK;
  job.error_context = BG_ERROR_CONTEXT_NONE;
  job.error_file = Fault::kNoFile;
  if (job.error_object) std::exchange(job.error_object, nullptr)->EngineDrop();
}

void EngineCore::EnterError(JobRecord& job, HRESULT code, BG_ERROR_CONTEXT context, int file,
                            bool transient) {
  // DO-doc: the DO error context is REMOTE_FILE for HTTP 403 and NONE otherwise.
  if (profile().kind == ProfileKind::kDo) {
    context = code == static_cast<HRESULT>(BG_E_HTTP_ERROR_403) ? BG_ERROR_CONTEXT_REMOTE_FILE : BG_ERROR_CONTEXT_NONE;
  }
  ClearError(job);
  job.error_code = code;
  job.error_context = context;
  job.error_file = file;
  ++job.error_count;
  job.error_object = new ErrorObject(shared_from_this(), job.number, code, context, file);
  job.error_object->EngineHold();
  ++job.timer_generation;
  SetState(job, transient ? BG_JOB_STATE_TRANSIENT_ERROR : BG_JOB_STATE_ERROR);
}

void EngineCore::StartTransfer(JobRecord& job) {
  job.no_progress_since = Now();
  for (ScriptedFault& f : job.faults) {
    if (f.fired || f.fault.file_index != Fault::kNoFile) continue;
    f.fired = true;  // a job-level fault fires as the transfer starts
    if (tracing()) TraceEvent(job.number, TraceEvent::Kind::kFault, "JobError", {}, HresultName(f.fault.code));
    EnterError(job, f.fault.code, f.fault.context, Fault::kNoFile, /*transient=*/false);
    return;
  }
  ScheduleNextStep(job);
}

bool EngineCore::FireFaultAt(JobRecord& job) {
  const size_t index = job.next_file;
  const FileRecord& file = job.files[index];
  for (ScriptedFault& sf : job.faults) {
    const Fault& f = sf.fault;
    if (sf.fired || f.file_index != static_cast<int>(index) || f.at_byte > file.transferred) continue;
    sf.fired = true;
    static constexpr const char* kNames[] = {"Fatal", "Transient", "Stall", "CompleteFails", "CancelFails"};
    if (tracing()) {
      TraceEvent(job.number, TraceEvent::Kind::kFault, kNames[static_cast<int>(f.kind)],
                 {{"file", index}, {"at_byte", f.at_byte}}, HresultName(f.code));
    }
    switch (f.kind) {
      case Fault::Kind::kFatal:
        EnterError(job, f.code, f.context, static_cast<int>(index), /*transient=*/false);
        break;
      case Fault::Kind::kTransient:
        EnterError(job, f.code, f.context, static_cast<int>(index), /*transient=*/true);
        job.transient_until = Now() + f.duration;
        Schedule(Now() + RetryDelayFor(job), Timer::Kind::kTransientRetry, job);
        Schedule(job.no_progress_since + NoProgressTimeout(job), Timer::Kind::kNoProgress, job);
        break;
      case Fault::Kind::kStall:
        job.stalled = true;
        job.stalled_until = Now() + f.duration;
        Schedule(job.stalled_until, Timer::Kind::kStallEnd, job);
        Schedule(job.no_progress_since + NoProgressTimeout(job), Timer::Kind::kNoProgress, job);
        break;
      default:
        break;
    }
    return true;
  }
  return false;
}

void EngineCore::ScheduleNextStep(JobRecord& job) {
  const size_t index = job.next_file;
  if (index == job.files.size()) {
    SetState(job, BG_JOB_STATE_TRANSFERRED);
    return;
  }
  FileRecord& file = job.files[index];
  if (!file.size_known) {
    file.size_known = true;
    --job.files_size_unknown;
  }
  if (FireFaultAt(job)) return;
  uint64_t bytes = std::min(options_.chunk_bytes, file.size - file.transferred);
  for (const ScriptedFault& sf : job.faults) {  // stop at the next fault's offset
    if (!sf.fired && sf.fault.file_index == static_cast<int>(index) &&
        sf.fault.at_byte > file.transferred) {
      bytes = std::min(bytes, sf.fault.at_byte - file.transferred);
    }
  }
  if (bytes == 0) {  // an empty file completes at once
    ApplyStep(job, 0);
    return;
  }
  int64_t micros = static_cast<int64_t>((bytes * 1000000 + file.bytes_per_second - 1) / file.bytes_per_second);
  Schedule(Now() + Duration(std::max<int64_t>(micros, 1)), Timer::Kind::kTransferStep, job, bytes);
}

void EngineCore::ApplyStep(JobRecord& job, uint64_t bytes) {
  const size_t index = job.next_file;
  FileRecord& file = job.files[index];
  file.transferred += bytes;
  job.bytes_transferred += bytes;
  job.no_progress_since = Now();
  job.modified = Now();
  if (bytes > 0) RaiseModification(job);  // bytes transferred
  if (file.transferred >= file.size) {
    file.completed = true;
    ++job.files_transferred;
    // Past files completed before a rejected one was downloaded again.
    while (job.next_file < job.files.size() && job.files[job.next_file].completed) ++job.next_file;
    RaiseFileTransferred(job, static_cast<uint32_t>(index));
  }
  ScheduleNextStep(job);
}

bool EngineCore::IsLive(const Timer& t) const {
  const JobRecord& job = *jobs_[t.job - 1];
  if (job.IsFinal()) return false;
  if (t.kind == Timer::Kind::kDeliveryDue) return true;
  return t.generation == job.timer_generation;
}

void EngineCore::RunTimer(const Timer& t) {
  JobRecord& job = Job(t.job);
  switch (t.kind) {
    case Timer::Kind::kAdvanceState:
      if (job.state == BG_JOB_STATE_QUEUED) {
        SetState(job, BG_JOB_STATE_CONNECTING);
        Schedule(Now(), Timer::Kind::kAdvanceState, job);
      } else if (job.state == BG_JOB_STATE_CONNECTING) {
        SetState(job, BG_JOB_STATE_TRANSFERRING);
        StartTransfer(job);
      }
      break;
    case Timer::Kind::kTransferStep:
      if (job.state == BG_JOB_STATE_TRANSFERRING && !job.stalled) ApplyStep(job, t.bytes);
      break;
    case Timer::Kind::kTransientRetry:
      if (job.state != BG_JOB_STATE_TRANSIENT_ERROR) break;
      if (Now() < job.transient_until) {
        Schedule(Now() + RetryDelayFor(job), Timer::Kind::kTransientRetry, job);
        break;
      }
      ++job.timer_generation;  // the no-progress timer no longer applies
      ClearError(job);
      SetState(job, BG_JOB_STATE_TRANSFERRING);
      StartTransfer(job);
      break;
    case Timer::Kind::kStallEnd:
      if (!job.stalled) break;
      job.stalled = false;
      ++job.timer_generation;
      ScheduleNextStep(job);
      break;
    case Timer::Kind::kNoProgress:
      if (job.state == BG_JOB_STATE_TRANSIENT_ERROR) {
        EnterError(job, job.error_code, job.error_context, job.error_file, /*transient=*/false);
      } else if (job.stalled) {
        job.stalled = false;
        EnterError(job, profile().no_progress, BG_ERROR_CONTEXT_GENERAL_TRANSPORT,
                   static_cast<int>(job.next_file), /*transient=*/false);
      }
      break;
    case Timer::Kind::kDeliveryDue:
      MarkReady(job);
      break;
  }
}

bool EngineCore::RunEvents(Lock& lock, VirtualTime until, bool until_idle) {
  constexpr VirtualTime kNever = VirtualTime::max();
  for (;;) {
    DrainReady(lock);
    while (!timers_.empty() && !IsLive(timers_.top())) timers_.pop();
    if (until_idle && timers_.empty()) return true;
    VirtualTime next_timer = timers_.empty() ? kNever : timers_.top().when;
    VirtualTime next_expiry = expiries_.empty() ? kNever : expiries_.front().when;
    VirtualTime next = std::min(next_timer, next_expiry);
    if (next == kNever || next > until) return false;
    SetNow(std::max(Now(), next));
    if (next_expiry <= next_timer) {
      JobRecord& job = Job(expiries_.front().job);
      expiries_.pop_front();
      if (job.IsFinal()) continue;
      if (tracing()) TraceEvent(job.number, TraceEvent::Kind::kFault, "Expired");
      EnterFinal(job, BG_JOB_STATE_CANCELLED);
    } else {
      Timer t = timers_.top();
      timers_.pop();
      RunTimer(t);
    }
  }
}

void EngineCore::AdvanceTo(VirtualTime target) {
  Lock lock(mu_);
  if (driving_ || shut_down_) return;  // not from inside a callback
  driving_ = true;
  RunEvents(lock, target, /*until_idle=*/false);
  if (target > Now()) SetNow(target);
  driving_ = false;
  FlushGraveyard(lock);
}

bool EngineCore::RunUntilIdle(Duration limit) {
  Lock lock(mu_);
  if (driving_ || shut_down_) return false;
  driving_ = true;
  VirtualTime deadline = Now() + limit;
  bool idle = RunEvents(lock, deadline, /*until_idle=*/true);
  if (!idle) SetNow(deadline);
  driving_ = false;
  FlushGraveyard(lock);
  return idle;
}

}  // namespace doharness::internal
