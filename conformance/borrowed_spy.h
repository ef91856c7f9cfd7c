// Spies for the borrowed in-parameters of the notifications (pJob, pError, pFile):
// the recording proxy hands the callee under test a spy that forwards every method to
// the engine's object and checks how the callee treats the borrowed pointer
// (docs/contract.md section 4; rules params.*):
//
//   - AddRef/Release/QueryInterface by the callee count as its own references (`held`);
//     the engine's object never sees them, so an over-release hurts nobody and is
//     reported (params.job_not_released, .error_not_released, .file_not_released);
//   - a method called while no notification carrying the pointer runs, without a
//     reference, is reported (params.no_use_after_return) and still forwarded;
//   - references still held at the end of the case are reported by
//     Recorder::FinishCase (params.retained_balanced).
//
// A spy implements the newest interface of its kind (IBackgroundCopyJob3,
// IBackgroundCopyFile3) and answers a later IID exactly when the engine's object does
// (the bits profile): a callee that asks pFile for IBackgroundCopyFile3 gets the spy,
// so that references taken that way are counted like the others.
//
// Spies are made and owned by the Recorder (one SpyJob per job, one SpyError per
// JobError call, one SpyFile per FileTransferred call) and live until it is destroyed:
// a Release never frees them. Out-parameters (pError->GetFile's file, pJob->GetError's
// error, enumerators) are the engine's own objects, passed through: the callee owns those.
#ifndef DOHARNESS_CONFORMANCE_BORROWED_SPY_H_
#define DOHARNESS_CONFORMANCE_BORROWED_SPY_H_

#include <atomic>
#include <string>
#include <utility>

#include "api/com_ptr.h"
#include "conformance/observations.h"
#include "deliveryoptimization.h"

namespace doharness::conformance {

// What differs between the three spies: the parameter name in messages, the rule an
// over-release breaks, and the interfaces that extend the parameter's (newest last).
template <class Interface>
struct SpyTraits;
template <>
struct SpyTraits<IBackgroundCopyJob> {
  static constexpr const char* kParam = "pJob";
  static constexpr const char* kOverReleaseRule = "params.job_not_released";
  using Newest = IBackgroundCopyJob3;
  static bool IsLater(REFIID iid) {
    return IsEqualGUID(iid, IID_IBackgroundCopyJob2) || IsEqualGUID(iid, IID_IBackgroundCopyJob3);
  }
};
template <>
struct SpyTraits<IBackgroundCopyError> {
  static constexpr const char* kParam = "pError";
  static constexpr const char* kOverReleaseRule = "params.error_not_released";
  using Newest = IBackgroundCopyError;
  static bool IsLater(REFIID) { return false; }
};
template <>
struct SpyTraits<IBackgroundCopyFile> {
  static constexpr const char* kParam = "pFile";
  static constexpr const char* kOverReleaseRule = "params.file_not_released";
  using Newest = IBackgroundCopyFile3;
  static bool IsLater(REFIID iid) {
    return IsEqualGUID(iid, IID_IBackgroundCopyFile2) || IsEqualGUID(iid, IID_IBackgroundCopyFile3);
  }
};

// IUnknown, the window and the checks shared by the three spies.
template <class Interface>
class BorrowedSpy : public SpyTraits<Interface>::Newest {
 public:
  BorrowedSpy(const BorrowedSpy&) = delete;
  BorrowedSpy& operator=(const BorrowedSpy&) = delete;

  // IUnknown, Interface, or a later interface the engine's object answers: this spy,
  // counted as an AddRef by the callee. Other IIDs go to the engine's object and its
  // answer passes through.
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) final;
  // 1 + held, as if the engine held one reference.
  ULONG STDMETHODCALLTYPE AddRef() final;
  // A Release with nothing held is reported and does nothing else.
  ULONG STDMETHODCALLTYPE Release() final;

  Interface* real() const { return real_.Get(); }
  int job() const { return job_; }
  // References the callee holds on this spy.
  int held() const { return held_.load(); }
  // Whether a notification carrying this pointer is running.
  bool open() const { return window_.load() > 0; }

  // A notification carrying this pointer starts / returns (nested and concurrent
  // notifications of one job each open the window once).
  void Open(NotificationMethod method);
  void Close();
  // params.retained_balanced if the callee still holds references; at most once.
  void CheckRetained();

 protected:
  using Spied = Interface;

  // Takes a reference on `real` so that it outlives the engine's use of it: a late
  // call through the spy is reported, not a crash.
  BorrowedSpy(Recorder* recorder, Interface* real, int job);
  ~BorrowedSpy() = default;

  // Checks that the callee may call `method` now, then returns a callable that runs
  // `fn` on the engine's object: Forward("GetState", &Spied::GetState)(state).
  template <class Fn>
  auto Forward(const char* method, Fn fn) {
    CheckUse(method);
    Interface* real = real_.Get();
    return [real, fn](auto&&... args) { return (real->*fn)(std::forward<decltype(args)>(args)...); };
  }
  // The same for a method of a later interface `Later`, on the engine's object's
  // answer to that IID (E_NOINTERFACE where it has none: a callee that reached the
  // method without asking QueryInterface).
  template <class Later, class Fn>
  auto ForwardLater(const char* method, Fn fn) {
    CheckUse(method);
    ComPtr<Later> later;
    real_->QueryInterface(__uuidof(Later), reinterpret_cast<void**>(later.GetAddressOf()));
    return [later, fn](auto&&... args) -> HRESULT {
      return later ? (later.Get()->*fn)(std::forward<decltype(args)>(args)...) : E_NOINTERFACE;
    };
  }

  Recorder* recorder() const { return recorder_; }

 private:
  // params.no_use_after_return, once per spy, when the window is closed and nothing is held.
  void CheckUse(const char* method);
  // "pError of job 2".
  std::string Describe() const;

  Recorder* const recorder_;  // owns this spy
  const ComPtr<Interface> real_;
  const int job_;
  std::atomic<int> held_{0};
  std::atomic<int> window_{0};
  // The last notification that carried this pointer, for "after JobError returned".
  std::atomic<NotificationMethod> last_method_{NotificationMethod::kJobTransferred};
  std::atomic<bool> reported_use_{false};
  std::atomic<bool> reported_retained_{false};
};

extern template class BorrowedSpy<IBackgroundCopyJob>;
extern template class BorrowedSpy<IBackgroundCopyError>;
extern template class BorrowedSpy<IBackgroundCopyFile>;

// pJob: one per job, reused by every notification of that job.
class SpyJob final : public BorrowedSpy<IBackgroundCopyJob> {
 public:
  SpyJob(Recorder* recorder, IBackgroundCopyJob* real, int job) : BorrowedSpy(recorder, real, job) {}

  HRESULT STDMETHODCALLTYPE AddFileSet(ULONG cFileCount, BG_FILE_INFO* pFileSet) override;
  HRESULT STDMETHODCALLTYPE AddFile(LPCWSTR RemoteUrl, LPCWSTR LocalName) override;
  HRESULT STDMETHODCALLTYPE EnumFiles(IEnumBackgroundCopyFiles** pEnum) override;
  HRESULT STDMETHODCALLTYPE Suspend() override;
  HRESULT STDMETHODCALLTYPE Resume() override;
  HRESULT STDMETHODCALLTYPE Cancel() override;
  HRESULT STDMETHODCALLTYPE Complete() override;
  HRESULT STDMETHODCALLTYPE GetId(GUID* pVal) override;
  HRESULT STDMETHODCALLTYPE GetType(BG_JOB_TYPE* pVal) override;
  HRESULT STDMETHODCALLTYPE GetProgress(BG_JOB_PROGRESS* pVal) override;
  HRESULT STDMETHODCALLTYPE GetTimes(BG_JOB_TIMES* pVal) override;
  HRESULT STDMETHODCALLTYPE GetState(BG_JOB_STATE* pVal) override;
  HRESULT STDMETHODCALLTYPE GetError(IBackgroundCopyError** ppError) override;
  HRESULT STDMETHODCALLTYPE GetOwner(LPWSTR* pVal) override;
  HRESULT STDMETHODCALLTYPE SetDisplayName(LPCWSTR Val) override;
  HRESULT STDMETHODCALLTYPE GetDisplayName(LPWSTR* pVal) override;
  HRESULT STDMETHODCALLTYPE SetDescription(LPCWSTR Val) override;
  HRESULT STDMETHODCALLTYPE GetDescription(LPWSTR* pVal) override;
  HRESULT STDMETHODCALLTYPE SetPriority(BG_JOB_PRIORITY Val) override;
  HRESULT STDMETHODCALLTYPE GetPriority(BG_JOB_PRIORITY* pVal) override;
  HRESULT STDMETHODCALLTYPE SetNotifyFlags(ULONG Val) override;
  HRESULT STDMETHODCALLTYPE GetNotifyFlags(ULONG* pVal) override;
  // A callee that registers itself (`this`) from inside a call gets its proxy
  // registered instead, so that the engine keeps going through the proxy and the
  // reference counts the proxy keeps stay right.
  HRESULT STDMETHODCALLTYPE SetNotifyInterface(IUnknown* Val) override;
  HRESULT STDMETHODCALLTYPE GetNotifyInterface(IUnknown** pVal) override;
  HRESULT STDMETHODCALLTYPE SetMinimumRetryDelay(ULONG Seconds) override;
  HRESULT STDMETHODCALLTYPE GetMinimumRetryDelay(ULONG* Seconds) override;
  HRESULT STDMETHODCALLTYPE SetNoProgressTimeout(ULONG Seconds) override;
  HRESULT STDMETHODCALLTYPE GetNoProgressTimeout(ULONG* Seconds) override;
  HRESULT STDMETHODCALLTYPE GetErrorCount(ULONG* Errors) override;
  HRESULT STDMETHODCALLTYPE SetProxySettings(BG_JOB_PROXY_USAGE ProxyUsage, const WCHAR* ProxyList,
                                             const WCHAR* ProxyBypassList) override;
  HRESULT STDMETHODCALLTYPE GetProxySettings(BG_JOB_PROXY_USAGE* pProxyUsage, LPWSTR* pProxyList,
                                             LPWSTR* pProxyBypassList) override;
  HRESULT STDMETHODCALLTYPE TakeOwnership() override;
  // IBackgroundCopyJob2
  HRESULT STDMETHODCALLTYPE SetNotifyCmdLine(LPCWSTR Program, LPCWSTR Parameters) override;
  HRESULT STDMETHODCALLTYPE GetNotifyCmdLine(LPWSTR* pProgram, LPWSTR* pParameters) override;
  HRESULT STDMETHODCALLTYPE GetReplyProgress(BG_JOB_REPLY_PROGRESS* pProgress) override;
  HRESULT STDMETHODCALLTYPE GetReplyData(byte** ppBuffer, UINT64* pLength) override;
  HRESULT STDMETHODCALLTYPE SetReplyFileName(LPCWSTR ReplyFileName) override;
  HRESULT STDMETHODCALLTYPE GetReplyFileName(LPWSTR* pReplyFileName) override;
  HRESULT STDMETHODCALLTYPE SetCredentials(BG_AUTH_CREDENTIALS* credentials) override;
  HRESULT STDMETHODCALLTYPE RemoveCredentials(BG_AUTH_TARGET Target, BG_AUTH_SCHEME Scheme) override;
  // IBackgroundCopyJob3
  HRESULT STDMETHODCALLTYPE ReplaceRemotePrefix(LPCWSTR OldPrefix, LPCWSTR NewPrefix) override;
  HRESULT STDMETHODCALLTYPE AddFileWithRanges(LPCWSTR RemoteUrl, LPCWSTR LocalName, DWORD RangeCount,
                                              BG_FILE_RANGE Ranges[]) override;
  HRESULT STDMETHODCALLTYPE SetFileACLFlags(DWORD Flags) override;
  HRESULT STDMETHODCALLTYPE GetFileACLFlags(DWORD* Flags) override;
};

// pError: one per JobError call.
class SpyError final : public BorrowedSpy<IBackgroundCopyError> {
 public:
  SpyError(Recorder* recorder, IBackgroundCopyError* real, int job) : BorrowedSpy(recorder, real, job) {}

  HRESULT STDMETHODCALLTYPE GetError(BG_ERROR_CONTEXT* pContext, HRESULT* pCode) override;
  HRESULT STDMETHODCALLTYPE GetFile(IBackgroundCopyFile** pVal) override;
  HRESULT STDMETHODCALLTYPE GetErrorDescription(DWORD LanguageId, LPWSTR* pErrorDescription) override;
  HRESULT STDMETHODCALLTYPE GetErrorContextDescription(DWORD LanguageId,
                                                       LPWSTR* pContextDescription) override;
  HRESULT STDMETHODCALLTYPE GetProtocol(LPWSTR* pProtocol) override;
};

// pFile: one per FileTransferred call.
class SpyFile final : public BorrowedSpy<IBackgroundCopyFile> {
 public:
  SpyFile(Recorder* recorder, IBackgroundCopyFile* real, int job) : BorrowedSpy(recorder, real, job) {}

  HRESULT STDMETHODCALLTYPE GetRemoteName(LPWSTR* pVal) override;
  HRESULT STDMETHODCALLTYPE GetLocalName(LPWSTR* pVal) override;
  HRESULT STDMETHODCALLTYPE GetProgress(BG_FILE_PROGRESS* pVal) override;
  // IBackgroundCopyFile2
  HRESULT STDMETHODCALLTYPE GetFileRanges(DWORD* RangeCount, BG_FILE_RANGE** Ranges) override;
  HRESULT STDMETHODCALLTYPE SetRemoteName(LPCWSTR Val) override;
  // IBackgroundCopyFile3
  HRESULT STDMETHODCALLTYPE GetTemporaryName(LPWSTR* pFilename) override;
  HRESULT STDMETHODCALLTYPE SetValidationState(BOOL state) override;
  HRESULT STDMETHODCALLTYPE GetValidationState(BOOL* pState) override;
  HRESULT STDMETHODCALLTYPE IsDownloadedFromPeer(BOOL* pVal) override;
};

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_BORROWED_SPY_H_
