#include "scenario/internal/scripted_callback.h"

#include <string>

namespace doharness::scenario::internal {

ScriptedCallback::ScriptedCallback(int index, const CallbackDecl& decl, Cast* cast)
    : index_(index), name_(decl.name), callback2_(decl.callback2), cast_(cast) {}

void ScriptedCallback::AddBehaviour(const Behaviour& behaviour) {
  MethodScript& script = scripts_[static_cast<size_t>(behaviour.method)];
  if (behaviour.nth == 0) {
    if (script.every == nullptr) script.every = &behaviour;
  } else {
    for (const Behaviour* b : script.numbered) {
      if (b->nth == behaviour.nth) return;
    }
    script.numbered.push_back(&behaviour);
  }
}

HRESULT ScriptedCallback::QueryInterface(REFIID iid, void** out) {
  if (out == nullptr) return E_POINTER;
  if (IsEqualGUID(iid, IID_IUnknown) || IsEqualGUID(iid, IID_IBackgroundCopyCallback) ||
      (callback2_ && IsEqualGUID(iid, IID_IBackgroundCopyCallback2))) {
    *out = static_cast<IBackgroundCopyCallback2*>(this);
    AddRef();
    return S_OK;
  }
  *out = nullptr;
  return E_NOINTERFACE;
}

ULONG ScriptedCallback::AddRef() { return static_cast<ULONG>(++refs_); }

ULONG ScriptedCallback::Release() { return static_cast<ULONG>(--refs_); }

HRESULT ScriptedCallback::JobTransferred(IBackgroundCopyJob* pJob) {
  return Notify(NotificationMethod::kJobTransferred, pJob);
}

HRESULT ScriptedCallback::JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError*) {
  return Notify(NotificationMethod::kJobError, pJob);
}

HRESULT ScriptedCallback::JobModification(IBackgroundCopyJob* pJob, DWORD) {
  return Notify(NotificationMethod::kJobModification, pJob);
}

HRESULT ScriptedCallback::FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile*) {
  return Notify(NotificationMethod::kFileTransferred, pJob);
}

HRESULT ScriptedCallback::Notify(NotificationMethod method, IBackgroundCopyJob* job) {
  const size_t slot = calls_.size();
  const int job_index = cast_->JobIndexOf(job);
  calls_.push_back({index_, job_index, method, S_OK, cast_->engine().stats().calls});
  MethodScript& script = scripts_[static_cast<size_t>(method)];
  const int nth = ++script.calls;
  const Behaviour* behaviour = script.every;
  for (const Behaviour* b : script.numbered) {
    if (b->nth == nth) behaviour = b;
  }
  HRESULT result = S_OK;
  if (behaviour != nullptr) {
    for (const Step& step : behaviour->steps) Run(step, job, job_index);
    result = behaviour->result;
  }
  calls_[slot].result = result;  // by slot: a nested call may have grown the vector
  return result;
}

void ScriptedCallback::Run(const Step& step, IBackgroundCopyJob* job, int job_index) {
  int target_index = job_index;
  if (!step.on_job.empty()) {
    target_index = cast_->JobIndex(step.on_job);
    job = target_index >= 0 ? cast_->job(target_index) : nullptr;
  }
  switch (step.kind) {
    case Step::Kind::kCallJob:
      if (job != nullptr) cast_->Call(job, step.call);
      break;
    case Step::Kind::kAddRefJob:
      if (job == nullptr || target_index < 0) break;
      job->AddRef();
      if (kept_.size() <= static_cast<size_t>(target_index)) kept_.resize(target_index + 1, 0);
      ++kept_[target_index];
      break;
    case Step::Kind::kReleaseJob:
      if (job == nullptr || target_index < 0) break;
      if (static_cast<size_t>(target_index) < kept_.size() && kept_[target_index] > 0) {
        --kept_[target_index];
        job->Release();
      } else {
        cast_->OverRelease(target_index, target_index == job_index, "callback " + std::string(name_));
      }
      break;
    case Step::Kind::kAddRefSelf:
      AddRef();
      break;
    case Step::Kind::kReleaseSelf:
      Release();
      break;
  }
}

void ScriptedCallback::ReleaseKeptJobs() {
  for (size_t i = 0; i < kept_.size(); ++i) {
    for (; kept_[i] > 0; --kept_[i]) cast_->job(static_cast<int>(i))->Release();
  }
}

}  // namespace doharness::scenario::internal
