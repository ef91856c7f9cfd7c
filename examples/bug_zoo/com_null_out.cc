// com_null_out: breaks com.null_out (answer QueryInterface with a NULL out-pointer with
// E_POINTER, without crashing). A recommended rule.
//
// The bug: QueryInterface clears its out-pointer first, as COM asks, without checking
// that there is one: QueryInterface(riid, NULL) writes through NULL and the process
// dies (SIGSEGV; AddressSanitizer reports a SEGV on an unknown address).
//
// Why nothing else: with a real out-pointer it answers exactly as the reference does;
// engines never pass NULL.
//
// Provoke: QueryInterface(IID_IBackgroundCopyCallback, NULL), in a child process or a
// death test: a crash.
#include "zoo_callback_base.h"

namespace {

class CUncheckedQueryCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    *ppvObject = NULL;  // the bug: no check for ppvObject == NULL
    if (IsCallbackIid(riid)) {
      *ppvObject = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    return E_NOINTERFACE;
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CUncheckedQueryCallback)
