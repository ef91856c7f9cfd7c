#include "scenario/internal/cast.h"

#include <utility>

#include "api/wide_string.h"

namespace doharness::scenario::internal {

void Cast::AddJob(std::string_view name, ComPtr<IBackgroundCopyJob> job) {
  job_by_name_.emplace(name, static_cast<int>(jobs_.size()));
  job_by_object_.emplace(job.Get(), static_cast<int>(jobs_.size()));
  jobs_.push_back({name, std::move(job)});
}

void Cast::AddCallback(std::string_view name, IUnknown* registered) {
  callbacks_.push_back({name, registered});
}

int Cast::JobIndex(std::string_view name) const {
  const auto found = job_by_name_.find(name);
  return found != job_by_name_.end() ? found->second : -1;
}

int Cast::CallbackIndex(std::string_view name) const {
  for (size_t i = 0; i < callbacks_.size(); ++i) {
    if (callbacks_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Cast::JobIndexOf(const IBackgroundCopyJob* job) const {
  const auto found = job_by_object_.find(job);
  return found != job_by_object_.end() ? found->second : -1;
}

HRESULT Cast::Call(IBackgroundCopyJob* job, const JobCall& call) const {
  using Method = JobCall::Method;
  switch (call.method) {
    case Method::kResume: return job->Resume();
    case Method::kSuspend: return job->Suspend();
    case Method::kCancel: return job->Cancel();
    case Method::kComplete: return job->Complete();
    case Method::kSetNotifyFlags: return job->SetNotifyFlags(call.flags);
    case Method::kSetNotifyInterface: {
      IUnknown* callback = nullptr;
      if (!call.callback.empty()) {
        const int index = CallbackIndex(call.callback);
        if (index < 0) return E_INVALIDARG;  // run.cc refuses such scenarios before running
        callback = callbacks_[index].registered;
      }
      return job->SetNotifyInterface(callback);
    }
    case Method::kAddFile:
      return engine_->AddFile(job, {Utf8ToWide(call.file.remote_url), Utf8ToWide(call.file.local_name),
                                    call.file.size, call.file.bytes_per_second});
    case Method::kGetState: {
      BG_JOB_STATE state;
      return job->GetState(&state);
    }
    case Method::kGetProgress: {
      BG_JOB_PROGRESS progress;
      return job->GetProgress(&progress);
    }
    case Method::kGetError: {
      IBackgroundCopyError* error = nullptr;
      HRESULT hr = job->GetError(&error);
      if (error != nullptr) error->Release();
      return hr;
    }
  }
  return E_INVALIDARG;
}

void Cast::OverRelease(int index, bool in_call, std::string_view who) {
  IBackgroundCopyJob* job = jobs_[index].object.Get();
  BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
  engine_->PeekState(job, &state);
  const bool engine_holds = in_call || (state != BG_JOB_STATE_ACKNOWLEDGED && state != BG_JOB_STATE_CANCELLED);
  if (engine_holds) {
    if (job->Release() == 0) {  // nobody else holds a reference either
      job->Release();           // the script's: below zero, reported by the engine
      ++passed_to_engine_;
    }
    job->AddRef();  // the harness's reference, back
  }
  std::string message(who);
  message.append(" released ").append(in_call ? "pJob of " : "job ");
  message.append(jobs_[index].name).append(" once more than it AddRef'd it");
  violations_.push_back({"params.job_not_released", std::move(message)});
}

}  // namespace doharness::scenario::internal
