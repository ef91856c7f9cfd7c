// com_symmetric: breaks com.symmetric (let every interface it answers lead back to
// every other one it answers: IUnknown, Callback, Callback2).
//
// The bug: IBackgroundCopyCallback2 is a hand-rolled nested "interface part" (MFC
// style) that forwards to its owner. Its QueryInterface answers its own IID and sends
// IUnknown to the owner, as it should, but its author thought a Callback2 part needs
// nothing else: IBackgroundCopyCallback asked through it gets E_NOINTERFACE, although
// the object answers it (through its IUnknown) and IBackgroundCopyCallback2 derives
// from it.
//
// Why nothing else: IUnknown from the part is the owner's (com.identity); the set of
// interfaces answered from the object never changes (com.stable_set); there is one
// reference count and the reference behaviour.
//
// Provoke: QI the object for IBackgroundCopyCallback2, then QI that pointer for
// IBackgroundCopyCallback: E_NOINTERFACE.
#include "zoo_callback_base.h"

namespace {

class XCallback2 : public doharness_zoo::CZooInterfacePart {
 public:
  explicit XCallback2(doharness_zoo::CZooCallback* pOwner) : CZooInterfacePart(pOwner) {}

  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    if (ppvObject == NULL) {
      return E_POINTER;
    }
    if (IsEqualIID(riid, __uuidof(IUnknown))) {
      return m_pOwner->QueryInterface(riid, ppvObject);
    }
    if (IsEqualIID(riid, __uuidof(IBackgroundCopyCallback2))) {
      *ppvObject = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    *ppvObject = NULL;  // the bug: IBackgroundCopyCallback is not passed to the owner
    return E_NOINTERFACE;
  }
};

class COneWayCallback : public doharness_zoo::CZooCallbackWithPart<XCallback2> {};

}  // namespace

DOHARNESS_ZOO_ENTRY(COneWayCallback)
