#include "conformance/borrowed_spy.h"

#include "conformance/internal/call_scope.h"
#include "conformance/recording_proxy.h"

namespace doharness::conformance {

// ---- BorrowedSpy -----------------------------------------------------------------
template <class Interface>
BorrowedSpy<Interface>::BorrowedSpy(Recorder* recorder, Interface* real, int job)
    : recorder_(recorder), real_(real), job_(job) {}

template <class Interface>
std::string BorrowedSpy<Interface>::Describe() const {
  return std::string(SpyTraits<Interface>::kParam) + " of job " + std::to_string(job_);
}

template <class Interface>
void BorrowedSpy<Interface>::Open(NotificationMethod method) {
  last_method_.store(method);
  window_.fetch_add(1);
}

template <class Interface>
void BorrowedSpy<Interface>::Close() {
  window_.fetch_sub(1);
}

template <class Interface>
void BorrowedSpy<Interface>::CheckUse(const char* method) {
  // The window counts every running notification that carries this pointer, on any
  // thread: a callee may hand the pointer to a helper thread for the length of the
  // call. Only the first misuse of a spy is reported, so a polling loop adds one entry.
  if (window_.load() > 0 || held_.load() > 0 || reported_use_.exchange(true)) return;
  recorder_->AddViolation("params.no_use_after_return",
                          std::string(method) + " called on " + Describe() + " after " +
                              NotificationMethodName(last_method_.load()) + " returned, without a reference",
                          job_);
}

template <class Interface>
HRESULT BorrowedSpy<Interface>::QueryInterface(REFIID iid, void** out) {
  // The COM method itself: the Windows SDK's IUnknown also has a template overload.
  constexpr HRESULT (STDMETHODCALLTYPE IUnknown::*kQueryInterface)(REFIID, void**) = &IUnknown::QueryInterface;
  if (SpyTraits<Interface>::IsLater(iid) && out != nullptr) {
    ComPtr<IUnknown> later;
    const HRESULT hr = Forward("QueryInterface", kQueryInterface)(iid, reinterpret_cast<void**>(later.GetAddressOf()));
    if (FAILED(hr) || later == nullptr) {
      *out = nullptr;
      return FAILED(hr) ? hr : E_NOINTERFACE;
    }
    held_.fetch_add(1);
    *out = static_cast<typename SpyTraits<Interface>::Newest*>(this);
    return S_OK;
  }
  if (!IsEqualGUID(iid, IID_IUnknown) && !IsEqualGUID(iid, __uuidof(Interface))) {
    return Forward("QueryInterface", kQueryInterface)(iid, out);
  }
  CheckUse("QueryInterface");
  if (out == nullptr) return E_POINTER;
  held_.fetch_add(1);
  *out = static_cast<Interface*>(this);
  return S_OK;
}

template <class Interface>
ULONG BorrowedSpy<Interface>::AddRef() {
  CheckUse("AddRef");
  return static_cast<ULONG>(1 + held_.fetch_add(1) + 1);
}

template <class Interface>
ULONG BorrowedSpy<Interface>::Release() {
  int held = held_.load();
  do {
    if (held <= 0) {
      // Where it happened: inside a notification running on this thread, or after
      // the last one that carried the pointer.
      const internal::ActiveCall* call = internal::CallScope::Innermost();
      std::string message =
          call != nullptr
              ? std::string(NotificationMethodName(call->method)) + " released " + SpyTraits<Interface>::kParam +
                    " once more than it AddRef'd (job " + std::to_string(job_) + ")"
              : std::string(SpyTraits<Interface>::kParam) +
                    " released once more than it was AddRef'd, after " + NotificationMethodName(last_method_.load()) +
                    " returned (job " + std::to_string(job_) + ")";
      recorder_->AddViolation(SpyTraits<Interface>::kOverReleaseRule, std::move(message), job_);
      return 1;  // the engine's reference, untouched
    }
  } while (!held_.compare_exchange_weak(held, held - 1));
  return static_cast<ULONG>(held);  // 1 + (held - 1)
}

template <class Interface>
void BorrowedSpy<Interface>::CheckRetained() {
  const int held = held_.load();
  if (held <= 0 || reported_retained_.exchange(true)) return;
  recorder_->AddViolation("params.retained_balanced",
                          "kept " + std::to_string(held) + (held == 1 ? " reference" : " references") +
                              " on " + Describe() + " and never released it",
                          job_);
}

template class BorrowedSpy<IBackgroundCopyJob>;
template class BorrowedSpy<IBackgroundCopyError>;
template class BorrowedSpy<IBackgroundCopyFile>;

// Forwards a method of the spied interface under its own name.
#define DOHARNESS_SPY_FORWARD(method) Forward(#method, &Spied::method)

// ---- SpyJob ---------------------------------------------------------------------
HRESULT SpyJob::AddFileSet(ULONG n, BG_FILE_INFO* set) { return DOHARNESS_SPY_FORWARD(AddFileSet)(n, set); }
HRESULT SpyJob::AddFile(LPCWSTR remote, LPCWSTR local) {
  return DOHARNESS_SPY_FORWARD(AddFile)(remote, local);
}
HRESULT SpyJob::EnumFiles(IEnumBackgroundCopyFiles** e) { return DOHARNESS_SPY_FORWARD(EnumFiles)(e); }
HRESULT SpyJob::Suspend() { return DOHARNESS_SPY_FORWARD(Suspend)(); }
HRESULT SpyJob::Resume() { return DOHARNESS_SPY_FORWARD(Resume)(); }
HRESULT SpyJob::Cancel() { return DOHARNESS_SPY_FORWARD(Cancel)(); }
HRESULT SpyJob::Complete() { return DOHARNESS_SPY_FORWARD(Complete)(); }
HRESULT SpyJob::GetId(GUID* id) { return DOHARNESS_SPY_FORWARD(GetId)(id); }
HRESULT SpyJob::GetType(BG_JOB_TYPE* type) { return DOHARNESS_SPY_FORWARD(GetType)(type); }
HRESULT SpyJob::GetProgress(BG_JOB_PROGRESS* p) { return DOHARNESS_SPY_FORWARD(GetProgress)(p); }
HRESULT SpyJob::GetTimes(BG_JOB_TIMES* t) { return DOHARNESS_SPY_FORWARD(GetTimes)(t); }
HRESULT SpyJob::GetState(BG_JOB_STATE* s) { return DOHARNESS_SPY_FORWARD(GetState)(s); }
HRESULT SpyJob::GetError(IBackgroundCopyError** e) { return DOHARNESS_SPY_FORWARD(GetError)(e); }
HRESULT SpyJob::GetOwner(LPWSTR* o) { return DOHARNESS_SPY_FORWARD(GetOwner)(o); }
HRESULT SpyJob::SetDisplayName(LPCWSTR n) { return DOHARNESS_SPY_FORWARD(SetDisplayName)(n); }
HRESULT SpyJob::GetDisplayName(LPWSTR* n) { return DOHARNESS_SPY_FORWARD(GetDisplayName)(n); }
HRESULT SpyJob::SetDescription(LPCWSTR d) { return DOHARNESS_SPY_FORWARD(SetDescription)(d); }
HRESULT SpyJob::GetDescription(LPWSTR* d) { return DOHARNESS_SPY_FORWARD(GetDescription)(d); }
HRESULT SpyJob::SetPriority(BG_JOB_PRIORITY p) { return DOHARNESS_SPY_FORWARD(SetPriority)(p); }
HRESULT SpyJob::GetPriority(BG_JOB_PRIORITY* p) { return DOHARNESS_SPY_FORWARD(GetPriority)(p); }
HRESULT SpyJob::SetNotifyFlags(ULONG f) { return DOHARNESS_SPY_FORWARD(SetNotifyFlags)(f); }
HRESULT SpyJob::GetNotifyFlags(ULONG* f) { return DOHARNESS_SPY_FORWARD(GetNotifyFlags)(f); }
HRESULT SpyJob::SetNotifyInterface(IUnknown* callback) {
  if (RecordingProxy* proxy = recorder()->ProxyForCallee(callback)) {
    callback = static_cast<IBackgroundCopyCallback2*>(proxy);
  }
  return DOHARNESS_SPY_FORWARD(SetNotifyInterface)(callback);
}
HRESULT SpyJob::GetNotifyInterface(IUnknown** cb) { return DOHARNESS_SPY_FORWARD(GetNotifyInterface)(cb); }
HRESULT SpyJob::SetMinimumRetryDelay(ULONG s) { return DOHARNESS_SPY_FORWARD(SetMinimumRetryDelay)(s); }
HRESULT SpyJob::GetMinimumRetryDelay(ULONG* s) { return DOHARNESS_SPY_FORWARD(GetMinimumRetryDelay)(s); }
HRESULT SpyJob::SetNoProgressTimeout(ULONG s) { return DOHARNESS_SPY_FORWARD(SetNoProgressTimeout)(s); }
HRESULT SpyJob::GetNoProgressTimeout(ULONG* s) { return DOHARNESS_SPY_FORWARD(GetNoProgressTimeout)(s); }
HRESULT SpyJob::GetErrorCount(ULONG* e) { return DOHARNESS_SPY_FORWARD(GetErrorCount)(e); }
HRESULT SpyJob::SetProxySettings(BG_JOB_PROXY_USAGE usage, const WCHAR* list, const WCHAR* bypass) {
  return DOHARNESS_SPY_FORWARD(SetProxySettings)(usage, list, bypass);
}
HRESULT SpyJob::GetProxySettings(BG_JOB_PROXY_USAGE* usage, LPWSTR* list, LPWSTR* bypass) {
  return DOHARNESS_SPY_FORWARD(GetProxySettings)(usage, list, bypass);
}
HRESULT SpyJob::TakeOwnership() { return DOHARNESS_SPY_FORWARD(TakeOwnership)(); }

// Forwards a method of the later interface `Later` under its own name.
#define DOHARNESS_SPY_FORWARD_LATER(Later, method) ForwardLater<Later>(#method, &Later::method)

HRESULT SpyJob::SetNotifyCmdLine(LPCWSTR program, LPCWSTR parameters) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, SetNotifyCmdLine)(program, parameters);
}
HRESULT SpyJob::GetNotifyCmdLine(LPWSTR* program, LPWSTR* parameters) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, GetNotifyCmdLine)(program, parameters);
}
HRESULT SpyJob::GetReplyProgress(BG_JOB_REPLY_PROGRESS* p) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, GetReplyProgress)(p);
}
HRESULT SpyJob::GetReplyData(byte** buffer, UINT64* length) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, GetReplyData)(buffer, length);
}
HRESULT SpyJob::SetReplyFileName(LPCWSTR name) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, SetReplyFileName)(name);
}
HRESULT SpyJob::GetReplyFileName(LPWSTR* name) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, GetReplyFileName)(name);
}
HRESULT SpyJob::SetCredentials(BG_AUTH_CREDENTIALS* credentials) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, SetCredentials)(credentials);
}
HRESULT SpyJob::RemoveCredentials(BG_AUTH_TARGET target, BG_AUTH_SCHEME scheme) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob2, RemoveCredentials)(target, scheme);
}
HRESULT SpyJob::ReplaceRemotePrefix(LPCWSTR old_prefix, LPCWSTR new_prefix) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob3, ReplaceRemotePrefix)(old_prefix, new_prefix);
}
HRESULT SpyJob::AddFileWithRanges(LPCWSTR remote, LPCWSTR local, DWORD count, BG_FILE_RANGE ranges[]) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob3, AddFileWithRanges)(remote, local, count, ranges);
}
HRESULT SpyJob::SetFileACLFlags(DWORD flags) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob3, SetFileACLFlags)(flags);
}
HRESULT SpyJob::GetFileACLFlags(DWORD* flags) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyJob3, GetFileACLFlags)(flags);
}

// ---- SpyError -------------------------------------------------------------------
HRESULT SpyError::GetError(BG_ERROR_CONTEXT* context, HRESULT* code) {
  return DOHARNESS_SPY_FORWARD(GetError)(context, code);
}
HRESULT SpyError::GetFile(IBackgroundCopyFile** file) { return DOHARNESS_SPY_FORWARD(GetFile)(file); }
HRESULT SpyError::GetErrorDescription(DWORD language, LPWSTR* d) {
  return DOHARNESS_SPY_FORWARD(GetErrorDescription)(language, d);
}
HRESULT SpyError::GetErrorContextDescription(DWORD language, LPWSTR* d) {
  return DOHARNESS_SPY_FORWARD(GetErrorContextDescription)(language, d);
}
HRESULT SpyError::GetProtocol(LPWSTR* p) { return DOHARNESS_SPY_FORWARD(GetProtocol)(p); }

// ---- SpyFile --------------------------------------------------------------------
HRESULT SpyFile::GetRemoteName(LPWSTR* n) { return DOHARNESS_SPY_FORWARD(GetRemoteName)(n); }
HRESULT SpyFile::GetLocalName(LPWSTR* n) { return DOHARNESS_SPY_FORWARD(GetLocalName)(n); }
HRESULT SpyFile::GetProgress(BG_FILE_PROGRESS* p) { return DOHARNESS_SPY_FORWARD(GetProgress)(p); }
HRESULT SpyFile::GetFileRanges(DWORD* count, BG_FILE_RANGE** ranges) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyFile2, GetFileRanges)(count, ranges);
}
HRESULT SpyFile::SetRemoteName(LPCWSTR name) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyFile2, SetRemoteName)(name);
}
HRESULT SpyFile::GetTemporaryName(LPWSTR* name) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyFile3, GetTemporaryName)(name);
}
HRESULT SpyFile::SetValidationState(BOOL state) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyFile3, SetValidationState)(state);
}
HRESULT SpyFile::GetValidationState(BOOL* state) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyFile3, GetValidationState)(state);
}
HRESULT SpyFile::IsDownloadedFromPeer(BOOL* peer) {
  return DOHARNESS_SPY_FORWARD_LATER(IBackgroundCopyFile3, IsDownloadedFromPeer)(peer);
}

#undef DOHARNESS_SPY_FORWARD_LATER
#undef DOHARNESS_SPY_FORWARD

}  // namespace doharness::conformance
