#include "engine/benchmarks/benchmark_callbacks.h"

namespace doharness::benchmarks {
namespace {

class BenchmarkCallback final : public IBackgroundCopyCallback {
 public:
  explicit BenchmarkCallback(CallbackWork work) : work_(work) {}
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (out == nullptr) return E_POINTER;
    if (IsEqualGUID(iid, IID_IUnknown) || IsEqualGUID(iid, IID_IBackgroundCopyCallback)) {
      *out = static_cast<IBackgroundCopyCallback*>(this);
      AddRef();
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG left = --refs_;
    if (left == 0) delete this;
    return left;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    if (work_ == CallbackWork::kNothing) return S_OK;
    return SUCCEEDED(job->Complete()) ? S_OK : E_FAIL;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError*) override {
    if (work_ == CallbackWork::kNothing) return S_OK;
    return SUCCEEDED(job->Cancel()) ? S_OK : E_FAIL;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD) override {
    if (work_ != CallbackWork::kReadProgress) return S_OK;
    BG_JOB_PROGRESS progress;
    return job->GetProgress(&progress);
  }

 private:
  ULONG refs_ = 1;
  const CallbackWork work_;
};

}  // namespace

ComPtr<IBackgroundCopyCallback> NewBenchmarkCallback(CallbackWork work) {
  return ComPtr<IBackgroundCopyCallback>::Attach(new BenchmarkCallback(work));
}

}  // namespace doharness::benchmarks
