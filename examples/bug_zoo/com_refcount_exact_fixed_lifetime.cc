// com_refcount_exact_fixed_lifetime: breaks only com.refcount_exact (a recommended
// rule). Otherwise correct: the two required lifetime rules must pass.
//
// The pattern (seen in Microsoft's BITS samples): the callback is a global that lives
// as long as the module, so nothing ever frees it, and its AddRef and Release return
// constants because counting would serve no purpose. COM leaves those return values
// to diagnostics, so the object is correct; only the counts it reports are not.
//
// Why nothing else: the object is never freed and never leaks, whatever its Release
// returns. The harness sees that it lives in the module's image (a static), so it
// judges com.refcount_no_early_free and com.refcount_balanced from that, not from the
// constant counts.
//
// Provoke: AddRef twice; both return 2.
#include <atomic>

#include "zoo_callback_base.h"

namespace {

class CFixedLifetimeCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP_(ULONG) AddRef() override { return 2; }   // the finding: a constant
  STDMETHODIMP_(ULONG) Release() override { return 1; }  // never freed: a static
};

// One object per factory call, all with the module's lifetime.
CFixedLifetimeCallback g_rgCallbacks[64];
std::atomic<unsigned> g_iNextCallback{0};

HRESULT CreateFixedLifetimeCallback(IUnknown** ppCallback) noexcept {
  if (ppCallback == NULL) {
    return E_POINTER;
  }
  const unsigned i = g_iNextCallback.fetch_add(1) % 64;
  *ppCallback = static_cast<IBackgroundCopyCallback2*>(&g_rgCallbacks[i]);
  return S_OK;
}

}  // namespace

DOHARNESS_ZOO_ENTRY_FACTORY(CreateFixedLifetimeCallback)
