// DoHarnessCreateCallback for a callback whose JobError returns E_FAIL: breaks
// ret.error_ok only. For the expected-failure path of callback_conformance_test.
#include <atomic>

#include "deliveryoptimization.h"

namespace {

class ErrorFails final : public IBackgroundCopyCallback2 {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (out == nullptr) return E_POINTER;
    *out = nullptr;
    if (!IsEqualGUID(iid, IID_IUnknown) && !IsEqualGUID(iid, IID_IBackgroundCopyCallback) &&
        !IsEqualGUID(iid, IID_IBackgroundCopyCallback2)) {
      return E_NOINTERFACE;
    }
    *out = static_cast<IBackgroundCopyCallback2*>(this);
    AddRef();
    return S_OK;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG left = --refs_;
    if (left == 0) delete this;
    return left;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    if (FAILED(job->Complete())) job->Cancel();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError*) override {
    job->Cancel();
    return E_FAIL;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob*, IBackgroundCopyFile*) override { return S_OK; }

 private:
  std::atomic<ULONG> refs_{1};
};

}  // namespace

extern "C" HRESULT DoHarnessCreateCallback(IUnknown** callback) {
  if (callback == nullptr) return E_POINTER;
  *callback = new ErrorFails();
  return S_OK;
}
