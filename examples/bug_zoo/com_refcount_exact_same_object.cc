// com_refcount_exact_same_object: breaks com.refcount_exact (a recommended rule) in
// the way the plugin ABI names: DoHarnessCreateCallback must make a new object each
// call, and this one hands out one shared object (a singleton) with a reference for
// each caller.
//
// The pattern: a module keeps one callback for all its jobs and gives it out wherever
// one is asked for. Counting is right, so each holder's references are safe; but two
// "objects" from the factory are one, and the counts each returns move with the
// other's references.
//
// Why nothing else: the count is the object's own and exact; the object is freed when
// the last holder lets go, and the next factory call makes a new one.
//
// Provoke: two objects from the factory, alive at once: they are the same pointer.
#include <mutex>

#include "zoo_callback_base.h"

namespace {

class CSharedCallback;
std::mutex g_mutex;
CSharedCallback* g_pShared = NULL;  // the one object, while anyone holds it

class CSharedCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP_(ULONG) Release() override {
    std::lock_guard<std::mutex> lock(g_mutex);
    const LONG cRef = InterlockedDecrement(&m_cRef);
    if (cRef == 0) {
      g_pShared = NULL;
      delete this;
    }
    return static_cast<ULONG>(cRef);
  }
};

HRESULT CreateSharedCallback(IUnknown** ppCallback) noexcept {
  if (ppCallback == NULL) {
    return E_POINTER;
  }
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_pShared == NULL) {
    g_pShared = new (std::nothrow) CSharedCallback();  // the caller's reference
    if (g_pShared == NULL) {
      return E_OUTOFMEMORY;
    }
  } else {
    g_pShared->AddRef();  // the bug: the same object again
  }
  *ppCallback = static_cast<IBackgroundCopyCallback2*>(g_pShared);
  return S_OK;
}

}  // namespace

DOHARNESS_ZOO_ENTRY_FACTORY(CreateSharedCallback)
