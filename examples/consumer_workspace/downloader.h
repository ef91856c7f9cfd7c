// A consumer's download manager, as an application would write one: it registers a
// callback on its job that completes the job when it is transferred and cancels it on
// a fatal error, and remembers which happened.
#ifndef CONSUMER_DOWNLOADER_H_
#define CONSUMER_DOWNLOADER_H_

#include <atomic>

#include "deliveryoptimization.h"

class DownloadCallback final : public IBackgroundCopyCallback {
 public:
  enum class Outcome { kPending, kDone, kFailed };

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
    if (ppv == nullptr) return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IBackgroundCopyCallback) {
      *ppv = static_cast<IBackgroundCopyCallback*>(this);
      AddRef();
      return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++references_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG left = --references_;
    if (left == 0) delete this;
    return left;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    if (SUCCEEDED(job->Complete())) outcome_ = Outcome::kDone;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override {
    BG_ERROR_CONTEXT context;
    HRESULT code = S_OK;
    if (SUCCEEDED(error->GetError(&context, &code))) last_error_ = code;
    job->Cancel();
    outcome_ = Outcome::kFailed;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }

  Outcome outcome() const { return outcome_; }
  HRESULT last_error() const { return last_error_; }

 private:
  std::atomic<ULONG> references_{1};
  std::atomic<Outcome> outcome_{Outcome::kPending};
  std::atomic<HRESULT> last_error_{S_OK};
};

#endif  // CONSUMER_DOWNLOADER_H_
