// A small plugin for plugin_host_test, built once per behaviour (see BUILD), each
// chosen by a define:
//   TEST_PLUGIN_NO_FACTORY      does not export DoHarnessCreateCallback
//   TEST_PLUGIN_NO_ABI          does not export DoHarnessPluginAbi (it is optional)
//   TEST_PLUGIN_ABI=n           DoHarnessPluginAbi returns n (default: 1)
//   TEST_PLUGIN_FAILS=hr        the factory returns hr and no object
//   TEST_PLUGIN_NULL_OBJECT     the factory returns S_OK and no object
//   TEST_PLUGIN_THROWS          the factory throws std::runtime_error
//   TEST_PLUGIN_UNRESOLVED      needs a symbol that nothing defines
// Otherwise the factory makes a minimal IBackgroundCopyCallback.
#include <atomic>
#include <new>
#include <stdexcept>

#include "doharness_plugin.h"

namespace {

class TestCallback final : public IBackgroundCopyCallback {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
    if (ppv == nullptr) return E_POINTER;
    if (riid != IID_IUnknown && riid != IID_IBackgroundCopyCallback) {
      *ppv = nullptr;
      return E_NOINTERFACE;
    }
    *ppv = static_cast<IBackgroundCopyCallback*>(this);
    AddRef();
    return S_OK;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG refs = --refs_;
    if (refs == 0) delete this;
    return refs;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    job->Complete();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError*) override {
    job->Cancel();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }

 private:
  std::atomic<ULONG> refs_{1};
};

}  // namespace

#if defined(TEST_PLUGIN_UNRESOLVED)
extern "C" int DoHarnessTestSymbolThatNothingDefines();
#endif

#if !defined(TEST_PLUGIN_NO_FACTORY)
DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** callback) {
#if defined(TEST_PLUGIN_UNRESOLVED)
  if (DoHarnessTestSymbolThatNothingDefines() != 0) return E_FAIL;
#endif
#if defined(TEST_PLUGIN_FAILS)
  *callback = nullptr;
  return TEST_PLUGIN_FAILS;
#elif defined(TEST_PLUGIN_NULL_OBJECT)
  *callback = nullptr;
  return S_OK;
#elif defined(TEST_PLUGIN_THROWS)
  (void)callback;
  throw std::runtime_error("no callback\ntoday");
#else
  *callback = new (std::nothrow) TestCallback();
  return *callback != nullptr ? S_OK : E_OUTOFMEMORY;
#endif
}
#endif

#if !defined(TEST_PLUGIN_NO_ABI)
#if !defined(TEST_PLUGIN_ABI)
#define TEST_PLUGIN_ABI DOHARNESS_PLUGIN_ABI_VERSION
#endif
DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void) { return TEST_PLUGIN_ABI; }
#endif
