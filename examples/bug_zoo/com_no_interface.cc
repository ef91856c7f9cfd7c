// com_no_interface: breaks com.no_interface (answer an interface it does not implement
// with E_NOINTERFACE and *ppv set to NULL).
//
// The bug: QueryInterface sets *ppvObject only when it succeeds; for any other IID it
// returns E_NOINTERFACE and leaves whatever the caller had in *ppvObject. A caller that
// releases its out-pointer whenever it is not NULL (ComPtr destructors do) then
// releases garbage.
//
// Why nothing else: the answer is E_NOINTERFACE as it should be, and the three callback
// IIDs are answered as the reference does.
//
// Provoke: set a pointer to a non-NULL sentinel, QI the object for an IID it does not
// implement (IID_IBackgroundCopyJob, a made-up IID): E_NOINTERFACE, sentinel still there.
#include "zoo_callback_base.h"

namespace {

class CUntidyQueryCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    if (ppvObject == NULL) {
      return E_POINTER;
    }
    HRESULT hr = E_NOINTERFACE;
    if (IsCallbackIid(riid)) {
      *ppvObject = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      hr = S_OK;
    }
    return hr;  // the bug: *ppvObject is not set to NULL on E_NOINTERFACE
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CUntidyQueryCallback)
