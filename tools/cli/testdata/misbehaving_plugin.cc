// Test plugins for the doharness command's isolation: a well-behaved callback except
// that JobTransferred crashes (MISBEHAVE_CRASH: SIGSEGV, raised rather than made by a
// write through NULL, which UBSan would stop first) or never returns (MISBEHAVE_HANG).
// Built twice by tools/cli/BUILD.
#include <atomic>
#include <csignal>
#include <chrono>
#include <thread>

#include "doharness_plugin.h"

namespace {

class Misbehaving : public IBackgroundCopyCallback2 {
 public:
  STDMETHODIMP QueryInterface(REFIID riid, void** ppv) override {
    if (ppv == nullptr) return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IBackgroundCopyCallback || riid == IID_IBackgroundCopyCallback2) {
      *ppv = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return ++refs_; }
  STDMETHODIMP_(ULONG) Release() override {
    ULONG n = --refs_;
    if (n == 0) delete this;
    return n;
  }
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* job) override {
#if defined(MISBEHAVE_CRASH)
    std::raise(SIGSEGV);
#elif defined(MISBEHAVE_HANG)
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
#endif
    job->Complete();
    return S_OK;
  }
  STDMETHODIMP JobError(IBackgroundCopyJob* job, IBackgroundCopyError*) override {
    job->Cancel();
    return S_OK;
  }
  STDMETHODIMP JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }
  STDMETHODIMP FileTransferred(IBackgroundCopyJob*, IBackgroundCopyFile*) override { return S_OK; }

 private:
  std::atomic<ULONG> refs_{1};
};

}  // namespace

DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** callback) {
  if (callback == nullptr) return E_POINTER;
  *callback = new Misbehaving;
  return S_OK;
}

DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void) { return DOHARNESS_PLUGIN_ABI_VERSION; }
