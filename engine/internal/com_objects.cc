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
HRESULT JobObject::SetNotifyCmdLine(LPCWSTR program, LPCWSTR parameters) {
  return core_->SetNotifyCmdLine(job_, program, parameters);
}
HRESULT JobObject::GetNotifyCmdLine(LPWSTR* program, LPWSTR* parameters) {
  return core_->GetNotifyCmdLine(job_, program, parameters);
}
HRESULT JobObject::GetReplyProgress(BG_JOB_REPLY_PROGRESS* p) { return core_->GetReplyProgress(job_, p); }
HRESULT JobObject::GetReplyData(byte** buffer, UINT64* length) { return core_->GetReplyData(job_, buffer, length); }
HRESULT JobObject::SetReplyFileName(LPCWSTR name) { return core_->SetReplyFileName(job_, name); }
HRESULT JobObject::GetReplyFileName(LPWSTR* name) { return core_->GetReplyFileName(job_, name); }
HRESULT JobObject::SetCredentials(BG_AUTH_CREDENTIALS* c) { return core_->SetCredentials(job_, c); }
HRESULT JobObject::RemoveCredentials(BG_AUTH_TARGET target, BG_AUTH_SCHEME scheme) {
  return core_->RemoveCredentials(job_, target, scheme);
}
HRESULT JobObject::ReplaceRemotePrefix(LPCWSTR old_prefix, LPCWSTR new_prefix) {
  return core_->ReplaceRemotePrefix(job_, old_prefix, new_prefix);
}
HRESULT JobObject::AddFileWithRanges(LPCWSTR remote, LPCWSTR local, DWORD count, BG_FILE_RANGE ranges[]) {
  return core_->AddFileWithRanges(job_, remote, local, count, ranges);
}
HRESULT JobObject::SetFileACLFlags(DWORD flags) { return core_->SetFileACLFlags(job_, flags); }
HRESULT JobObject::GetFileACLFlags(DWORD* flags) { return core_->GetFileACLFlags(job_, flags); }
void JobObject::OnOverRelease() { core_->ReportViolation(job_, "release_underflow", "job"); }
bool JobObject::Answers(REFIID iid) const {
  const int newest = core_->profile().newest_job_interface;
  return IsEqualGUID(iid, IID_IBackgroundCopyJob) ||
         (newest >= 2 && IsEqualGUID(iid, IID_IBackgroundCopyJob2)) ||
         (newest >= 3 && IsEqualGUID(iid, IID_IBackgroundCopyJob3));
}

// ---- File -------------------------------------------------------------------------
HRESULT FileObject::GetRemoteName(LPWSTR* name) { return core_->FileGetRemoteName(job_, file_, name); }
HRESULT FileObject::GetLocalName(LPWSTR* name) { return core_->FileGetLocalName(job_, file_, name); }
HRESULT FileObject::GetProgress(BG_FILE_PROGRESS* p) { return core_->FileGetProgress(job_, file_, p); }
HRESULT FileObject::GetFileRanges(DWORD* count, BG_FILE_RANGE** ranges) {
  return core_->FileGetFileRanges(job_, file_, count, ranges);
}
HRESULT FileObject::SetRemoteName(LPCWSTR name) { return core_->FileSetRemoteName(job_, file_, name); }
HRESULT FileObject::GetTemporaryName(LPWSTR* name) { return core_->FileGetTemporaryName(job_, file_, name); }
HRESULT FileObject::SetValidationState(BOOL valid) { return core_->FileSetValidationState(job_, file_, valid); }
HRESULT FileObject::GetValidationState(BOOL* valid) { return core_->FileGetValidationState(job_, file_, valid); }
HRESULT FileObject::IsDownloadedFromPeer(BOOL* peer) { return core_->FileIsDownloadedFromPeer(job_, file_, peer); }
void FileObject::OnOverRelease() { core_->ReportViolation(job_, "release_underflow", "file"); }
bool FileObject::Answers(REFIID iid) const {
  const int newest = core_->profile().newest_file_interface;
  return IsEqualGUID(iid, IID_IBackgroundCopyFile) ||
         (newest >= 2 && IsEqualGUID(iid, IID_IBackgroundCopyFile2)) ||
         (newest >= 3 && IsEqualGUID(iid, IID_IBackgroundCopyFile3));
}

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
