// com_callback_iid: breaks com.callback_iid (answer QueryInterface(IID_IBackgroundCopyCallback)
// with a working callback pointer).
//
// The bug: the class derives from IBackgroundCopyCallback2 and its QueryInterface lists
// the IIDs it was written for, IUnknown and IBackgroundCopyCallback2, and forgets the
// base interface's IID. An engine that asks for IBackgroundCopyCallback2 first (BITS 3.0
// and later, DO, the fake engine) registers it fine; one that asks for
// IBackgroundCopyCallback only (BITS before 3.0, a custom engine) refuses it with
// E_NOINTERFACE. (Contract.md section 8 bug 3 is the mirror image: a class that forgets
// IID_IBackgroundCopyCallback2 breaks no rule, it only never gets FileTransferred.)
//
// Why nothing else: the interfaces it does answer, IUnknown and IBackgroundCopyCallback2,
// lead to each other with one pointer (com.symmetric, com.identity), always
// (com.stable_set); the notifications are the reference behaviour.
//
// Provoke: QI the object for IID_IBackgroundCopyCallback: E_NOINTERFACE.
#include "zoo_callback_base.h"

namespace {

class CCallback2OnlyCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    if (ppvObject == NULL) {
      return E_POINTER;
    }
    if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IBackgroundCopyCallback2))) {
      *ppvObject = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    *ppvObject = NULL;
    return E_NOINTERFACE;
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CCallback2OnlyCallback)
