// com_refcount_exact: breaks com.refcount_exact (return counts from AddRef/Release that
// rise and fall by exactly one). A recommended rule.
//
// The bug (docs/contract.md section 8, bug 4, in its mild form): the counts AddRef and
// Release return come from a static shared by every instance -- the module's lock count
// that DllCanUnloadNow reads, which the author kept in AddRef/Release and returned "for
// diagnostics", as ATL's CComObjectGlobal returns its module's lock count. Each object's
// lifetime still follows its own count. With one object alive the numbers are right;
// with two, each object's numbers move with the other's references.
//
// Why nothing else: each object frees itself exactly when its own count reaches 0 and
// returns 0 then, never before (com.refcount_no_early_free, com.refcount_balanced).
//
// Provoke: two objects from the factory, alive at once, their reference operations
// interleaved: A->AddRef() (returns n), B->AddRef(), A->Release() returns n, not n - 1.
#include "zoo_callback_base.h"

namespace {

// Every reference held on every callback object of this module.
LONG g_cModuleReferences = 0;

class CModuleCountCallback : public doharness_zoo::CZooCallback {
 public:
  CModuleCountCallback() { InterlockedIncrement(&g_cModuleReferences); }  // the creator's

  STDMETHODIMP_(ULONG) AddRef() override {
    InterlockedIncrement(&m_cRef);
    return static_cast<ULONG>(InterlockedIncrement(&g_cModuleReferences));  // the bug
  }

  STDMETHODIMP_(ULONG) Release() override {
    const LONG cModule = InterlockedDecrement(&g_cModuleReferences);
    if (InterlockedDecrement(&m_cRef) == 0) {
      delete this;
      return 0;
    }
    return static_cast<ULONG>(cModule);  // the bug
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CModuleCountCallback)
