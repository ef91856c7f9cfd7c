// com_refcount_balanced_static_count: breaks com.refcount_balanced and
// com.refcount_exact.
//
// The bug (docs/contract.md section 8, bug 4, as found in a public download manager): the
// reference count is a static shared by every instance. Each object deletes itself when
// the shared count reaches 0, so with two objects alive the one released first is never
// freed (its last Release returns the other's count: com.refcount_balanced), and every
// object's counts move with the other's references (com.refcount_exact). Only the object
// released last is freed.
//
// Why nothing else: the shared count reaches 0 only when no reference on any object is
// held, so no object is freed under a holder (com.refcount_no_early_free). With a single
// object alive the static is indistinguishable from a member and everything passes.
//
// Provoke: two objects A and B from the factory, alive at once: A->AddRef(),
// B->AddRef(), A->Release() (returns 3 right after A's AddRef returned 3:
// com.refcount_exact), B->Release(), then release A's creation reference (returns 1: A
// leaked, com.refcount_balanced), then B's (returns 0).
#include "zoo_callback_base.h"

namespace {

LONG s_cRef = 0;  // the bug: one count for every instance

class CStaticCountCallback : public doharness_zoo::CZooCallback {
 public:
  CStaticCountCallback() { InterlockedIncrement(&s_cRef); }  // the creator's reference

  STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(InterlockedIncrement(&s_cRef)); }

  STDMETHODIMP_(ULONG) Release() override {
    const LONG cRef = InterlockedDecrement(&s_cRef);
    if (cRef == 0) {
      delete this;
    }
    return static_cast<ULONG>(cRef);
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CStaticCountCallback)
