// EngineCore: the methods of IBackgroundCopyJob that clients call: files, the state
// changes a client asks for (Suspend, Resume, Cancel, Complete), properties, and the
// notification settings (SetNotifyFlags, SetNotifyInterface).
#include <algorithm>
#include <cstring>

#include "api/names.h"
#include "api/wide_string.h"
#include "engine/internal/com_objects.h"
#include "engine/internal/engine_core.h"
#include "engine/internal/out_params.h"

namespace doharness::internal {
namespace {

constexpr size_t kMaxDescription = 1024;  // BITS-doc SetDescription

constexpr uint64_t kEpochFiletime = 134116992000000000ull;
FILETIME ToFiletime(VirtualTime t, bool zero_if_unset = false) {
  uint64_t v = (zero_if_unset && t.count() == 0) ? 0 : kEpochFiletime + t.count() * 10;
  return FILETIME{static_cast<DWORD>(v), static_cast<DWORD>(v >> 32)};
}

}  // namespace

// ---- Job methods --------------------------------------------------------------------
HRESULT EngineCore::AddFileLocked(JobRecord& job, std::string remote, std::string local,
                                  uint64_t size, uint64_t bytes_per_second) {
  if (job.IsFinal()) return profile().invalid_state;
  // Adding to a finished transfer would un-finish it; the fake refuses (a choice).
  if (job.state == BG_JOB_STATE_TRANSFERRED) return profile().invalid_state;
  FileRecord f;
  f.remote_url = std::move(remote);
  f.local_name = std::move(local);
  f.size = size;
  f.bytes_per_second = bytes_per_second;
  job.files.push_back(std::move(f));
  job.bytes_total += size;
  ++job.files_size_unknown;
  RaiseModification(job);  // "file added"
  // The transfer had nothing left to step: start the new file.
  const bool idle = job.next_file == job.files.size() - 1;
  if (job.state == BG_JOB_STATE_TRANSFERRING && !job.stalled && idle) ScheduleNextStep(job);
  return S_OK;
}

HRESULT EngineCore::AddFile(uint32_t job, LPCWSTR remote, LPCWSTR local) {
  return JobCall(job, "AddFile", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs& args) {
    if (remote == nullptr || local == nullptr || *remote == 0 || *local == 0) return E_INVALIDARG;
    args.Set("remote", [&] { return WideToUtf8(remote); });
    auto served = served_urls_.find(remote);
    uint64_t size = served != served_urls_.end() ? served->second.first : options_.default_file_size;
    uint64_t bps = served != served_urls_.end() ? served->second.second
                                                : options_.default_bytes_per_second;
    return AddFileLocked(j, WideToUtf8(remote), WideToUtf8(local), size, bps);
  });
}

HRESULT EngineCore::AddFileSet(uint32_t job, ULONG count, BG_FILE_INFO* files) {
  return JobCall(job, "AddFileSet", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs& args) {
    args.Set("count", [&] { return count; });
    if (count == 0 || files == nullptr) return E_INVALIDARG;
    for (ULONG i = 0; i < count; ++i) {
      if (files[i].RemoteName == nullptr || files[i].LocalName == nullptr) return E_INVALIDARG;
    }
    for (ULONG i = 0; i < count; ++i) {
      auto served = served_urls_.find(files[i].RemoteName);
      uint64_t size = served != served_urls_.end() ? served->second.first : options_.default_file_size;
      uint64_t bps = served != served_urls_.end() ? served->second.second
                                                  : options_.default_bytes_per_second;
      HRESULT hr = AddFileLocked(j, WideToUtf8(files[i].RemoteName), WideToUtf8(files[i].LocalName),
                                 size, bps);
      if (FAILED(hr)) return hr;
    }
    return S_OK;
  });
}

HRESULT EngineCore::EnumFiles(uint32_t job, IEnumBackgroundCopyFiles** out) {
  NullOuts(out);
  return JobCall(job, "EnumFiles", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (out == nullptr) return E_INVALIDARG;
    std::vector<ComPtr<IBackgroundCopyFile>> items;
    for (uint32_t i = 0; i < j.files.size(); ++i) items.emplace_back(FileObjectFor(j, i));
    // DO-doc's IEnumBackgroundCopyFiles has no Clone.
    auto* e = new FileEnumerator(std::move(items), !profile().documented_methods_only);
    e->AddRef();
    *out = e;
    return S_OK;
  });
}

HRESULT EngineCore::Suspend(uint32_t job) {
  return JobCall(job, "Suspend", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (j.state != BG_JOB_STATE_SUSPENDED && j.state != BG_JOB_STATE_TRANSFERRED) {
      ++j.timer_generation;  // the transfer stops where it is
      j.stalled = false;
      SetState(j, BG_JOB_STATE_SUSPENDED);
    }
    return S_OK;
  });
}

HRESULT EngineCore::Resume(uint32_t job) {
  return JobCall(job, "Resume", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (j.files.empty()) return profile().empty;  // the job stays SUSPENDED (WIN)
    switch (j.state) {
      case BG_JOB_STATE_SUSPENDED:
      case BG_JOB_STATE_ERROR:
        ClearError(j);
        if (profile().has_connecting_state) {
          SetState(j, BG_JOB_STATE_QUEUED);
          Schedule(Now(), Timer::Kind::kAdvanceState, j);
        } else {
          SetState(j, BG_JOB_STATE_TRANSFERRING);
          StartTransfer(j);
        }
        break;
      case BG_JOB_STATE_TRANSIENT_ERROR:  // S_OK (WIN): retry now
        Schedule(Now(), Timer::Kind::kTransientRetry, j);
        break;
      default:  // already on its way, or TRANSFERRED: nothing to do
        break;
    }
    return S_OK;
  });
}

HRESULT EngineCore::Cancel(uint32_t job) {
  return JobCall(job, "Cancel", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (j.cancel_failures_left > 0) {
      --j.cancel_failures_left;
      if (tracing()) TraceEvent(j.number, TraceEvent::Kind::kFault, "CancelFails", {}, HresultName(j.cancel_failure_code));
      return j.cancel_failure_code;
    }
    EnterFinal(j, BG_JOB_STATE_CANCELLED);
    return S_OK;
  });
}

HRESULT EngineCore::Complete(uint32_t job) {
  return JobCall(job, "Complete", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (j.complete_failures_left > 0) {
      --j.complete_failures_left;
      if (tracing()) TraceEvent(j.number, TraceEvent::Kind::kFault, "CompleteFails", {}, HresultName(j.complete_failure_code));
      return j.complete_failure_code;
    }
    bool all_done = j.state == BG_JOB_STATE_TRANSFERRED;
    EnterFinal(j, BG_JOB_STATE_ACKNOWLEDGED);
    // Before TRANSFERRED only the finished files are kept.
    return all_done ? S_OK : BG_S_PARTIAL_COMPLETE;
  });
}

HRESULT EngineCore::GetId(uint32_t job, GUID* id) {
  return JobCall(job, "GetId", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (id == nullptr) return E_INVALIDARG;
    *id = j.id;
    return S_OK;
  });
}

HRESULT EngineCore::GetType(uint32_t job, BG_JOB_TYPE* type) {
  return JobCall(job, "GetType", Availability::kEveryProfile, [&](JobRecord&, TraceArgs&) {
    if (type == nullptr) return E_INVALIDARG;
    *type = BG_JOB_TYPE_DOWNLOAD;
    return S_OK;
  });
}

HRESULT EngineCore::GetProgress(uint32_t job, BG_JOB_PROGRESS* progress) {
  return JobCall(job, "GetProgress", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (progress == nullptr) return E_INVALIDARG;
    progress->BytesTotal = j.files_size_unknown > 0 ? BG_SIZE_UNKNOWN : j.bytes_total;
    progress->BytesTransferred = j.bytes_transferred;
    progress->FilesTotal = static_cast<ULONG>(j.files.size());
    progress->FilesTransferred = static_cast<ULONG>(j.files_transferred);
    return S_OK;
  });
}

HRESULT EngineCore::GetTimes(uint32_t job, BG_JOB_TIMES* times) {
  return JobCall(job, "GetTimes", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (times == nullptr) return E_INVALIDARG;
    times->CreationTime = ToFiletime(j.created);
    times->ModificationTime = ToFiletime(j.modified);
    times->TransferCompletionTime = ToFiletime(j.transfer_completed, /*zero_if_unset=*/true);
    return S_OK;
  });
}

HRESULT EngineCore::GetState(uint32_t job, BG_JOB_STATE* state) {
  return JobCall(job, "GetState", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (state == nullptr) return E_INVALIDARG;
    *state = j.state;
    return S_OK;
  });
}

HRESULT EngineCore::GetError(uint32_t job, IBackgroundCopyError** error) {
  NullOuts(error);
  return JobCall(job, "GetError", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (error == nullptr) return E_INVALIDARG;
    if (j.error_object == nullptr) return profile().error_info_unavailable;
    j.error_object->AddRef();
    *error = j.error_object;
    return S_OK;
  });
}

HRESULT EngineCore::GetOwner(uint32_t job, LPWSTR* owner) {
  NullOuts(owner);
  return JobCall(job, "GetOwner", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    return CopyOut(WideToUtf8(j.owner), owner);
  });
}

HRESULT EngineCore::SetDisplayName(uint32_t job, LPCWSTR name) {
  return JobCall(job, "SetDisplayName", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (!ValidString(name, kMaxDisplayName)) return E_INVALIDARG;
    j.display_name = WideToUtf8(name);
    RaiseModification(j);
    return S_OK;
  });
}

HRESULT EngineCore::GetDisplayName(uint32_t job, LPWSTR* name) {
  NullOuts(name);
  return JobCall(job, "GetDisplayName", Availability::kEveryProfile,
                 [&](JobRecord& j, TraceArgs&) { return CopyOut(j.display_name, name); });
}

HRESULT EngineCore::SetDescription(uint32_t job, LPCWSTR description) {
  return JobCall(job, "SetDescription", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (!ValidString(description, kMaxDescription)) return E_INVALIDARG;
    j.description = WideToUtf8(description);
    RaiseModification(j);
    return S_OK;
  });
}

HRESULT EngineCore::GetDescription(uint32_t job, LPWSTR* description) {
  NullOuts(description);
  return JobCall(job, "GetDescription", Availability::kBitsOnly,
                 [&](JobRecord& j, TraceArgs&) { return CopyOut(j.description, description); });
}

HRESULT EngineCore::SetPriority(uint32_t job, BG_JOB_PRIORITY priority) {
  return JobCall(job, "SetPriority", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs& args) {
    args.Set("priority", [&] { return static_cast<int>(priority); });
    if (j.IsFinal()) return profile().invalid_state;
    if (priority < BG_JOB_PRIORITY_FOREGROUND || priority > BG_JOB_PRIORITY_LOW) return E_INVALIDARG;
    j.priority = priority;
    RaiseModification(j);
    return S_OK;
  });
}

HRESULT EngineCore::GetPriority(uint32_t job, BG_JOB_PRIORITY* priority) {
  return JobCall(job, "GetPriority", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (priority == nullptr) return E_INVALIDARG;
    *priority = j.priority;
    return S_OK;
  });
}

HRESULT EngineCore::SetNotifyFlags(uint32_t job, ULONG flags) {
  return JobCall(job, "SetNotifyFlags", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs& args) {
    args.Set("flags", [&] { return NotifyFlagsName(flags); });
    // The state check comes before the flag check (docs/contract.md section 2, as Wine).
    if (j.IsFinal()) return profile().invalid_state;
    if (flags & ~profile().valid_flag_mask) return E_NOTIMPL;
    j.notify_flags = flags;
    RefreshDeliverable(j);
    MarkReady(j);  // an owed JobTransferred/JobError may now be deliverable
    return S_OK;
  });
}

HRESULT EngineCore::GetNotifyFlags(uint32_t job, ULONG* flags) {
  return JobCall(job, "GetNotifyFlags", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (flags == nullptr) return E_INVALIDARG;
    *flags = j.notify_flags;
    return S_OK;
  });
}

HRESULT EngineCore::SetNotifyInterface(uint32_t job, IUnknown* callback) {
  // Ask the object for its interfaces before taking the lock: QueryInterface is a call out.
  IBackgroundCopyCallback* answered = nullptr;
  bool v2 = false;
  HRESULT qi_result = S_OK;
  if (callback != nullptr) {
    {
      // A job of another engine, a final job or a caller without access gets its
      // error before the object is asked anything.
      Lock lock(mu_);
      JobRecord* j = FindJob(job);
      if (shut_down_ || j == nullptr || j->IsFinal() ||
          (j->owner != options_.user && !options_.user_is_admin)) {
        lock.unlock();
        return JobCall(job, "SetNotifyInterface", Availability::kEveryProfile,
                       [&](JobRecord& r, TraceArgs&) {
                         return r.IsFinal() ? profile().invalid_state : E_ACCESSDENIED;
                       });
      }
    }
    void* out = nullptr;
    HRESULT hr = callback->QueryInterface(IID_IBackgroundCopyCallback2, &out);
    if (tracing()) {
      TraceEvent(job, TraceEvent::Kind::kQueryInterface, "QueryInterface",
                 {{"iid", "IBackgroundCopyCallback2"}}, HresultName(hr));
    }
    if (SUCCEEDED(hr) && out != nullptr) {
      answered = static_cast<IBackgroundCopyCallback2*>(out);
      v2 = true;
    } else {
      out = nullptr;
      hr = callback->QueryInterface(IID_IBackgroundCopyCallback, &out);
      if (tracing()) {
        TraceEvent(job, TraceEvent::Kind::kQueryInterface, "QueryInterface",
                   {{"iid", "IBackgroundCopyCallback"}}, HresultName(hr));
      }
      if (SUCCEEDED(hr) && out != nullptr) answered = static_cast<IBackgroundCopyCallback*>(out);
    }
    if (answered == nullptr) qi_result = E_NOINTERFACE;
  }
  auto registration =
      answered ? std::make_shared<Registration>(this, job, answered, v2) : nullptr;
  return JobCall(job, "SetNotifyInterface", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs& args) {
    args.Set("interface", [&] { return callback == nullptr ? "NULL" : (v2 ? "IBackgroundCopyCallback2"
                                                       : answered ? "IBackgroundCopyCallback"
                                                                  : "none"); });
    if (j.IsFinal()) {  // became final while we asked
      if (registration) graveyard_.push_back(std::move(registration));
      return profile().invalid_state;
    }
    if (FAILED(qi_result)) return qi_result;  // nothing registered; the old one stays
    // Last caller wins; the previous interface is released once, outside the lock.
    if (j.registration) graveyard_.push_back(std::move(j.registration));
    j.registration = std::move(registration);
    RefreshDeliverable(j);
    if (j.registration && (j.state == BG_JOB_STATE_TRANSFERRED || j.state == BG_JOB_STATE_ERROR)) {
      // At least once: a registration after the event still receives it.
      OweTerminal(j);
      if (j.high_lane_busy) {
        // Registered from inside a JobTransferred/JobError of this job: the new
        // delivery waits the retry delay, so a callback that re-registers itself in
        // every call advances virtual time instead of looping at one instant.
        j.terminal_due = Now() + options_.retry_delay;
        Schedule(j.terminal_due, Timer::Kind::kDeliveryDue, j);
      }
    }
    MarkReady(j);
    return S_OK;
  });
}

HRESULT EngineCore::GetNotifyInterface(uint32_t job, IUnknown** out) {
  NullOuts(out);
  std::shared_ptr<Registration> pinned;
  HRESULT hr = JobCall(job, "GetNotifyInterface", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (out == nullptr) return E_INVALIDARG;
    pinned = j.registration;
    return S_OK;
  });
  if (pinned) {  // AddRef outside the lock: it is a call out
    IBackgroundCopyCallback* cb = pinned->callback();
    ULONG count = cb->AddRef();
    if (tracing()) {
      TraceEvent(job, TraceEvent::Kind::kAddRef, "AddRef", {{"reason", "GetNotifyInterface"}},
                 std::to_string(count));
    }
    *out = cb;
  }
  return hr;
}

HRESULT EngineCore::SetMinimumRetryDelay(uint32_t job, ULONG seconds) {
  return JobCall(job, "SetMinimumRetryDelay", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs& args) {
    args.Set("seconds", [&] { return seconds; });
    if (j.IsFinal()) return profile().invalid_state;
    j.minimum_retry_delay = std::chrono::seconds(std::max<ULONG>(seconds, 60));  // BITS minimum 60 s
    RaiseModification(j);
    return S_OK;
  });
}

HRESULT EngineCore::GetMinimumRetryDelay(uint32_t job, ULONG* seconds) {
  return JobCall(job, "GetMinimumRetryDelay", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (seconds == nullptr) return E_INVALIDARG;
    *seconds = static_cast<ULONG>(std::chrono::duration_cast<std::chrono::seconds>(j.minimum_retry_delay).count());
    return S_OK;
  });
}

HRESULT EngineCore::SetNoProgressTimeout(uint32_t job, ULONG seconds) {
  return JobCall(job, "SetNoProgressTimeout", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs& args) {
    args.Set("seconds", [&] { return seconds; });
    if (j.IsFinal()) return profile().invalid_state;
    j.no_progress_timeout = std::chrono::seconds(seconds);
    j.no_progress_timeout_set = true;
    RaiseModification(j);
    return S_OK;
  });
}

HRESULT EngineCore::GetNoProgressTimeout(uint32_t job, ULONG* seconds) {
  return JobCall(job, "GetNoProgressTimeout", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (seconds == nullptr) return E_INVALIDARG;
    *seconds = static_cast<ULONG>(std::chrono::duration_cast<std::chrono::seconds>(NoProgressTimeout(j)).count());
    return S_OK;
  });
}

HRESULT EngineCore::GetErrorCount(uint32_t job, ULONG* errors) {
  return JobCall(job, "GetErrorCount", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (errors == nullptr) return E_INVALIDARG;
    *errors = j.error_count;
    return S_OK;
  });
}

HRESULT EngineCore::SetProxySettings(uint32_t job, BG_JOB_PROXY_USAGE usage, const WCHAR* list,
                                     const WCHAR* bypass) {
  return JobCall(job, "SetProxySettings", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (usage < BG_JOB_PROXY_USAGE_PRECONFIG || usage > BG_JOB_PROXY_USAGE_AUTODETECT) return E_INVALIDARG;
    // Only OVERRIDE takes a list (BITS-doc); the fake keeps the usage, not the lists.
    if (usage != BG_JOB_PROXY_USAGE_OVERRIDE && (list != nullptr || bypass != nullptr)) return E_INVALIDARG;
    if (usage == BG_JOB_PROXY_USAGE_OVERRIDE && list == nullptr) return E_INVALIDARG;
    j.proxy_usage = usage;
    RaiseModification(j);
    return S_OK;
  });
}

HRESULT EngineCore::GetProxySettings(uint32_t job, BG_JOB_PROXY_USAGE* usage, LPWSTR* list,
                                     LPWSTR* bypass) {
  NullOuts(list, bypass);
  return JobCall(job, "GetProxySettings", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (usage == nullptr || list == nullptr || bypass == nullptr) return E_INVALIDARG;
    *usage = j.proxy_usage;
    return S_OK;
  });
}

HRESULT EngineCore::TakeOwnership(uint32_t job) {
  return JobCall(job, "TakeOwnership", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (j.IsFinal()) return profile().invalid_state;
    if (j.owner != options_.user && !options_.user_is_admin) return E_ACCESSDENIED;
    --queued_jobs_by_owner_[j.owner];
    ++queued_jobs_by_owner_[options_.user];
    j.owner = options_.user;
    RaiseModification(j);
    return S_OK;
  });
}

}  // namespace doharness::internal
