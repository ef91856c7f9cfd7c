#include "engine/internal/com_objects.h"

#include "api/names.h"
#include "api/wide_string.h"
#include "engine/internal/engine_core.h"

namespace doharness::internal {

// ---- Manager ----------------------------------------------------------------------
// A manager whose engine is gone answers E_UNEXPECTED, like every object after Shutdown.
#define DOHARNESS_WITH_CORE(call)        \
  std::shared_ptr<EngineCore> core = core_.lock(); \
  if (!core) return E_UNEXPECTED;        \
  return core->call

HRESULT ManagerObject::CreateJob(LPCWSTR name, BG_JOB_TYPE type, GUID* id,
                                 IBackgroundCopyJob** job) {
  DOHARNESS_WITH_CORE(CreateJob(name, type, id, job));
}
HRESULT ManagerObject::GetJob(REFGUID id, IBackgroundCopyJob** job) {
  DOHARNESS_WITH_CORE(GetJob(id, job));
}
HRESULT ManagerObject::EnumJobs(DWORD flags, IEnumBackgroundCopyJobs** jobs) {
  DOHARNESS_WITH_CORE(EnumJobs(flags, jobs));
}
HRESULT ManagerObject::GetErrorDescription(HRESULT hr, DWORD, LPWSTR* description) {
  DOHARNESS_WITH_CORE(GetErrorDescription(hr, description));
}
#undef DOHARNESS_WITH_CORE
void ManagerObject::OnOverRelease() {
  if (auto core = core_.lock()) core->ReportViolation(0, "release_underflow", "manager");
}

// ---- Job ------------------------------------------------------------------------
HRESULT JobObject::AddFileSet(ULONG count, BG_FILE_INFO* files) { return core_->AddFileSet(job_, count, files); }
HRESULT JobObject::AddFile(LPCWSTR remote, LPCWSTR local) { return core_->AddFile(job_, remote, local); }
HRESULT JobObject::EnumFiles(IEnumBackgroundCopyFiles** files) { return core_->EnumFiles(job_, files); }
HRESULT JobObject::Suspend() { return core_->Suspend(job_); }
HRESULT JobObject::Resume() { return core_->Resume(job_); }
HRESULT JobObject::Cancel() { return core_->Cancel(job_); }
HRESULT JobObject::Complete() { return core_->Complete(job_); }
HRESULT JobObject::GetId(GUID* id) { return core_->GetId(job_, id); }
HRESULT JobObject::GetType(BG_JOB_TYPE* type) { return core_->GetType(job_, type); }
HRESULT JobObject::GetProgress(BG_JOB_PROGRESS* progress) { return core_->GetProgress(job_, progress); }
HRESULT JobObject::GetTimes(BG_JOB_TIMES* times) { return core_->GetTimes(job_, times); }
HRESULT JobObject::GetState(BG_JOB_STATE* state) { return core_->GetState(job_, state); }
HRESULT JobObject::GetError(IBackgroundCopyError** error) { return core_->GetError(job_, error); }
HRESULT JobObject::GetOwner(LPWSTR* owner) { return core_->GetOwner(job_, owner); }
HRESULT JobObject::SetDisplayName(LPCWSTR name) { return core_->SetDisplayName(job_, name); }
HRESULT JobObject::GetDisplayName(LPWSTR* name) { return core_->GetDisplayName(job_, name); }
HRESULT JobObject::SetDescription(LPCWSTR d) { return core_->SetDescription(job_, d); }
HRESULT JobObject::GetDescription(LPWSTR* d) { return core_->GetDescription(job_, d); }
HRESULT JobObject::SetPriority(BG_JOB_PRIORITY p) { return core_->SetPriority(job_, p); }
HRESULT JobObject::GetPriority(BG_JOB_PRIORITY* p) { return core_->GetPriority(job_, p); }
HRESULT JobObject::SetNotifyFlags(ULONG flags) { return core_->SetNotifyFlags(job_, flags); }
HRESULT JobObject::GetNotifyFlags(ULONG* flags) { return core_->GetNotifyFlags(job_, flags); }
HRESULT JobObject::SetNotifyInterface(IUnknown* cb) { return core_->SetNotifyInterface(job_, cb); }
HRESULT JobObject::GetNotifyInterface(IUnknown** cb) { return core_->GetNotifyInterface(job_, cb); }
HRESULT JobObject::SetMinimumRetryDelay(ULONG s) { return core_->SetMinimumRetryDelay(job_, s); }
HRESULT JobObject::GetMinimumRetryDelay(ULONG* s) { return core_->GetMinimumRetryDelay(job_, s); }
HRESULT JobObject::SetNoProgressTimeout(ULONG s) { return core_->SetNoProgressTimeout(job_, s); }
HRESULT JobObject::GetNoProgressTimeout(ULONG* s) { return core_->GetNoProgressTimeout(job_, s); }
HRESULT JobObject::GetErrorCount(ULONG* errors) { return core_->GetErrorCount(job_, errors); }
HRESULT JobObject::SetProxySettings(BG_JOB_PROXY_USAGE usage, const WCHAR* list, const WCHAR* bypass) {
  return core_->SetProxySettings(job_, usage, list, bypass);
}
HRESULT JobObject::GetProxySettings(BG_JOB_PROXY_USAGE* usage, LPWSTR* list, LPWSTR* bypass) {
  return core_->GetProxySettings(job_, usage, list, bypass);
}
HRESULT JobObject::TakeOwnership() { return core_->TakeOwnership(job_); }
void JobObject::OnOverRelease() { core_->ReportViolation(job_, "release_underflow", "job"); }

// ---- File -------------------------------------------------------------------------
HRESULT FileObject::GetRemoteName(LPWSTR* name) { return core_->FileGetRemoteName(job_, file_, name); }
HRESULT FileObject::GetLocalName(LPWSTR* name) { return core_->FileGetLocalName(job_, file_, name); }
HRESULT FileObject::GetProgress(BG_FILE_PROGRESS* p) { return core_->FileGetProgress(job_, file_, p); }
void FileObject::OnOverRelease() { core_->ReportViolation(job_, "release_underflow", "file"); }

// ---- Error ------------------------------------------------------------------------
// The getters below read the object's own values; a getter fault still reaches them.
HRESULT ErrorObject::GetError(BG_ERROR_CONTEXT* context, HRESULT* code) {
  if (const std::optional<HRESULT> failure = core_->ErrorGetterFailure(job_, "Error.GetError")) return *failure;
  if (context == nullptr || code == nullptr) return E_INVALIDARG;
  *context = context_;
  *code = code_;
  return S_OK;
}
HRESULT ErrorObject::GetFile(IBackgroundCopyFile** file) { return core_->ErrorGetFile(job_, file_, file); }
HRESULT ErrorObject::GetErrorDescription(DWORD, LPWSTR* description) {
  if (description != nullptr) *description = nullptr;
  if (const std::optional<HRESULT> failure = core_->ErrorGetterFailure(job_, "Error.GetErrorDescription")) {
    return *failure;
  }
  return core_->GetErrorDescription(code_, description);
}
HRESULT ErrorObject::GetErrorContextDescription(DWORD, LPWSTR* description) {
  if (description == nullptr) return E_INVALIDARG;
  *description = nullptr;
  if (const std::optional<HRESULT> failure = core_->ErrorGetterFailure(job_, "Error.GetErrorContextDescription")) {
    return *failure;
  }
  *description = CoTaskMemWideString(Utf8ToWide(ErrorContextName(context_)));
  return *description ? S_OK : E_OUTOFMEMORY;
}
HRESULT ErrorObject::GetProtocol(LPWSTR* protocol) {
  if (protocol == nullptr) return E_INVALIDARG;
  *protocol = nullptr;
  if (const std::optional<HRESULT> failure = core_->ErrorGetterFailure(job_, "Error.GetProtocol")) return *failure;
  if (file_ == Fault::kNoFile) return BG_E_PROTOCOL_NOT_AVAILABLE;
  *protocol = CoTaskMemWideString(L"http");
  return *protocol ? S_OK : E_OUTOFMEMORY;
}
void ErrorObject::OnOverRelease() { core_->ReportViolation(job_, "release_underflow", "error"); }

}  // namespace doharness::internal
