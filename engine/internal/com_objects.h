// The engine's COM objects: manager, job, file, error and the two enumerators.
// They hold no state of their own beyond what identifies them; every method goes to
// EngineCore. A job or file object lives as long as COM references or the engine
// hold it: as on Windows, the creator's Release returns 0 and the job lives on in the
// queue (docs/contract.md section 5).
#ifndef DOHARNESS_ENGINE_INTERNAL_COM_OBJECTS_H_
#define DOHARNESS_ENGINE_INTERNAL_COM_OBJECTS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"

namespace doharness::internal {

class EngineCore;

// IUnknown for an engine object that implements `Interface` and answers IUnknown and
// the IIDs of Answers (by default `Interface`'s own). The COM count
// is what AddRef/Release report; the engine's own hold keeps the object alive without
// showing in that count. A Release below zero (a callback releasing a borrowed
// pointer it never AddRef'd) is reported as a violation instead of freeing the object.
template <typename Interface>
class EngineObject : public Interface {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) final {
    if (out == nullptr) return E_POINTER;
    if (IsEqualGUID(iid, IID_IUnknown) || Answers(iid)) {
      *out = static_cast<Interface*>(this);
      AddRef();
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() final {
    total_.fetch_add(1, std::memory_order_relaxed);
    return static_cast<ULONG>(com_refs_.fetch_add(1, std::memory_order_relaxed) + 1);
  }
  ULONG STDMETHODCALLTYPE Release() final {
    int32_t refs = com_refs_.load(std::memory_order_relaxed);
    do {
      if (refs <= 0) {
        OnOverRelease();
        return 0;
      }
    } while (!com_refs_.compare_exchange_weak(refs, refs - 1, std::memory_order_acq_rel));
    DropTotal();
    return static_cast<ULONG>(refs - 1);
  }

  // The engine's own hold (not a COM reference).
  void EngineHold() { total_.fetch_add(1, std::memory_order_relaxed); }
  void EngineDrop() { DropTotal(); }
  Interface* AsInterface() { return this; }

 protected:
  EngineObject() = default;
  virtual ~EngineObject() = default;
  virtual void OnOverRelease() = 0;
  // Whether QueryInterface answers `iid` (IUnknown aside). An object that implements a
  // later interface answers the earlier ones, and the later ones where its profile has them.
  virtual bool Answers(REFIID iid) const { return IsEqualGUID(iid, __uuidof(Interface)); }

 private:
  void DropTotal() {
    if (total_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
  std::atomic<int32_t> com_refs_{0};
  std::atomic<int32_t> total_{0};
};

class ManagerObject final : public EngineObject<IBackgroundCopyManager> {
 public:
  explicit ManagerObject(std::weak_ptr<EngineCore> core) : core_(std::move(core)) {}
  HRESULT STDMETHODCALLTYPE CreateJob(LPCWSTR name, BG_JOB_TYPE type, GUID* id,
                                      IBackgroundCopyJob** job) override;
  HRESULT STDMETHODCALLTYPE GetJob(REFGUID id, IBackgroundCopyJob** job) override;
  HRESULT STDMETHODCALLTYPE EnumJobs(DWORD flags, IEnumBackgroundCopyJobs** jobs) override;
  HRESULT STDMETHODCALLTYPE GetErrorDescription(HRESULT hr, DWORD language,
                                                LPWSTR* description) override;

 private:
  void OnOverRelease() override;
  // Weak: the engine holds its manager, and the manager must not keep the engine alive.
  std::weak_ptr<EngineCore> core_;
};

// IBackgroundCopyJob; IBackgroundCopyJob2 and 3 in the bits profile (BITS 1.5 and 2.0).
class JobObject final : public EngineObject<IBackgroundCopyJob3> {
 public:
  JobObject(std::shared_ptr<EngineCore> core, uint32_t job) : core_(std::move(core)), job_(job) {}
  uint32_t job() const { return job_; }
  const EngineCore* core() const { return core_.get(); }

  HRESULT STDMETHODCALLTYPE AddFileSet(ULONG count, BG_FILE_INFO* files) override;
  HRESULT STDMETHODCALLTYPE AddFile(LPCWSTR remote, LPCWSTR local) override;
  HRESULT STDMETHODCALLTYPE EnumFiles(IEnumBackgroundCopyFiles** files) override;
  HRESULT STDMETHODCALLTYPE Suspend() override;
  HRESULT STDMETHODCALLTYPE Resume() override;
  HRESULT STDMETHODCALLTYPE Cancel() override;
  HRESULT STDMETHODCALLTYPE Complete() override;
  HRESULT STDMETHODCALLTYPE GetId(GUID* id) override;
  HRESULT STDMETHODCALLTYPE GetType(BG_JOB_TYPE* type) override;
  HRESULT STDMETHODCALLTYPE GetProgress(BG_JOB_PROGRESS* progress) override;
  HRESULT STDMETHODCALLTYPE GetTimes(BG_JOB_TIMES* times) override;
  HRESULT STDMETHODCALLTYPE GetState(BG_JOB_STATE* state) override;
  HRESULT STDMETHODCALLTYPE GetError(IBackgroundCopyError** error) override;
  HRESULT STDMETHODCALLTYPE GetOwner(LPWSTR* owner) override;
  HRESULT STDMETHODCALLTYPE SetDisplayName(LPCWSTR name) override;
  HRESULT STDMETHODCALLTYPE GetDisplayName(LPWSTR* name) override;
  HRESULT STDMETHODCALLTYPE SetDescription(LPCWSTR description) override;
  HRESULT STDMETHODCALLTYPE GetDescription(LPWSTR* description) override;
  HRESULT STDMETHODCALLTYPE SetPriority(BG_JOB_PRIORITY priority) override;
  HRESULT STDMETHODCALLTYPE GetPriority(BG_JOB_PRIORITY* priority) override;
  HRESULT STDMETHODCALLTYPE SetNotifyFlags(ULONG flags) override;
  HRESULT STDMETHODCALLTYPE GetNotifyFlags(ULONG* flags) override;
  HRESULT STDMETHODCALLTYPE SetNotifyInterface(IUnknown* callback) override;
  HRESULT STDMETHODCALLTYPE GetNotifyInterface(IUnknown** callback) override;
  HRESULT STDMETHODCALLTYPE SetMinimumRetryDelay(ULONG seconds) override;
  HRESULT STDMETHODCALLTYPE GetMinimumRetryDelay(ULONG* seconds) override;
  HRESULT STDMETHODCALLTYPE SetNoProgressTimeout(ULONG seconds) override;
  HRESULT STDMETHODCALLTYPE GetNoProgressTimeout(ULONG* seconds) override;
  HRESULT STDMETHODCALLTYPE GetErrorCount(ULONG* errors) override;
  HRESULT STDMETHODCALLTYPE SetProxySettings(BG_JOB_PROXY_USAGE usage, const WCHAR* list,
                                             const WCHAR* bypass) override;
  HRESULT STDMETHODCALLTYPE GetProxySettings(BG_JOB_PROXY_USAGE* usage, LPWSTR* list,
                                             LPWSTR* bypass) override;
  HRESULT STDMETHODCALLTYPE TakeOwnership() override;
  // IBackgroundCopyJob2
  HRESULT STDMETHODCALLTYPE SetNotifyCmdLine(LPCWSTR program, LPCWSTR parameters) override;
  HRESULT STDMETHODCALLTYPE GetNotifyCmdLine(LPWSTR* program, LPWSTR* parameters) override;
  HRESULT STDMETHODCALLTYPE GetReplyProgress(BG_JOB_REPLY_PROGRESS* progress) override;
  HRESULT STDMETHODCALLTYPE GetReplyData(byte** buffer, UINT64* length) override;
  HRESULT STDMETHODCALLTYPE SetReplyFileName(LPCWSTR name) override;
  HRESULT STDMETHODCALLTYPE GetReplyFileName(LPWSTR* name) override;
  HRESULT STDMETHODCALLTYPE SetCredentials(BG_AUTH_CREDENTIALS* credentials) override;
  HRESULT STDMETHODCALLTYPE RemoveCredentials(BG_AUTH_TARGET target, BG_AUTH_SCHEME scheme) override;
  // IBackgroundCopyJob3
  HRESULT STDMETHODCALLTYPE ReplaceRemotePrefix(LPCWSTR old_prefix, LPCWSTR new_prefix) override;
  HRESULT STDMETHODCALLTYPE AddFileWithRanges(LPCWSTR remote, LPCWSTR local, DWORD count,
                                              BG_FILE_RANGE ranges[]) override;
  HRESULT STDMETHODCALLTYPE SetFileACLFlags(DWORD flags) override;
  HRESULT STDMETHODCALLTYPE GetFileACLFlags(DWORD* flags) override;

 private:
  void OnOverRelease() override;
  bool Answers(REFIID iid) const override;
  std::shared_ptr<EngineCore> core_;
  uint32_t job_;
};

// IBackgroundCopyFile; IBackgroundCopyFile2 and 3 in the bits profile (BITS 2.0 and 3.0).
class FileObject final : public EngineObject<IBackgroundCopyFile3> {
 public:
  FileObject(std::shared_ptr<EngineCore> core, uint32_t job, uint32_t file)
      : core_(std::move(core)), job_(job), file_(file) {}
  HRESULT STDMETHODCALLTYPE GetRemoteName(LPWSTR* name) override;
  HRESULT STDMETHODCALLTYPE GetLocalName(LPWSTR* name) override;
  HRESULT STDMETHODCALLTYPE GetProgress(BG_FILE_PROGRESS* progress) override;
  // IBackgroundCopyFile2
  HRESULT STDMETHODCALLTYPE GetFileRanges(DWORD* count, BG_FILE_RANGE** ranges) override;
  HRESULT STDMETHODCALLTYPE SetRemoteName(LPCWSTR name) override;
  // IBackgroundCopyFile3
  HRESULT STDMETHODCALLTYPE GetTemporaryName(LPWSTR* name) override;
  HRESULT STDMETHODCALLTYPE SetValidationState(BOOL valid) override;
  HRESULT STDMETHODCALLTYPE GetValidationState(BOOL* valid) override;
  HRESULT STDMETHODCALLTYPE IsDownloadedFromPeer(BOOL* from_peer) override;

 private:
  void OnOverRelease() override;
  bool Answers(REFIID iid) const override;
  std::shared_ptr<EngineCore> core_;
  uint32_t job_;
  uint32_t file_;
};

// The error of one entry into ERROR or TRANSIENT_ERROR; it keeps its values after
// the job moves on.
class ErrorObject final : public EngineObject<IBackgroundCopyError> {
 public:
  ErrorObject(std::shared_ptr<EngineCore> core, uint32_t job, HRESULT code,
              BG_ERROR_CONTEXT context, int file)
      : core_(std::move(core)), job_(job), code_(code), context_(context), file_(file) {}
  HRESULT STDMETHODCALLTYPE GetError(BG_ERROR_CONTEXT* context, HRESULT* code) override;
  HRESULT STDMETHODCALLTYPE GetFile(IBackgroundCopyFile** file) override;
  HRESULT STDMETHODCALLTYPE GetErrorDescription(DWORD language, LPWSTR* description) override;
  HRESULT STDMETHODCALLTYPE GetErrorContextDescription(DWORD language,
                                                       LPWSTR* description) override;
  HRESULT STDMETHODCALLTYPE GetProtocol(LPWSTR* protocol) override;

 private:
  void OnOverRelease() override;
  std::shared_ptr<EngineCore> core_;
  uint32_t job_;
  HRESULT code_;
  BG_ERROR_CONTEXT context_;
  int file_;
};

// IEnumBackgroundCopyJobs and IEnumBackgroundCopyFiles: a snapshot of references,
// with the Next/Skip/Reset/Clone/GetCount semantics of docs/contract.md section 5.
template <typename EnumInterface, typename Item>
class Enumerator final : public EngineObject<EnumInterface> {
 public:
  Enumerator(std::vector<ComPtr<Item>> items, bool can_clone)
      : items_(std::move(items)), can_clone_(can_clone) {}

  HRESULT STDMETHODCALLTYPE Next(ULONG celt, Item** out, ULONG* fetched) override {
    if (out == nullptr || (fetched == nullptr && celt != 1)) return E_INVALIDARG;
    ULONG n = 0;
    while (n < celt && position_ < items_.size()) {
      out[n] = items_[position_++].Get();
      out[n++]->AddRef();
    }
    if (fetched) *fetched = n;
    return n == celt ? S_OK : S_FALSE;
  }
  HRESULT STDMETHODCALLTYPE Skip(ULONG celt) override {
    size_t left = items_.size() - position_;
    if (celt > left) {
      position_ = items_.size();
      return S_FALSE;
    }
    position_ += celt;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE Reset() override {
    position_ = 0;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE Clone(EnumInterface** out) override {
    if (!can_clone_) return E_NOTIMPL;
    if (out == nullptr) return E_INVALIDARG;
    auto* clone = new Enumerator(items_, can_clone_);
    clone->position_ = position_;
    clone->AddRef();
    *out = clone;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetCount(ULONG* count) override {
    if (count == nullptr) return E_INVALIDARG;
    *count = static_cast<ULONG>(items_.size());
    return S_OK;
  }

 private:
  void OnOverRelease() override {}
  std::vector<ComPtr<Item>> items_;
  size_t position_ = 0;
  bool can_clone_;
};

using JobEnumerator = Enumerator<IEnumBackgroundCopyJobs, IBackgroundCopyJob>;
using FileEnumerator = Enumerator<IEnumBackgroundCopyFiles, IBackgroundCopyFile>;

}  // namespace doharness::internal

#endif  // DOHARNESS_ENGINE_INTERNAL_COM_OBJECTS_H_
