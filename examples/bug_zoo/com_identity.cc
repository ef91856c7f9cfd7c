// com_identity: breaks com.identity (answer QueryInterface(IID_IUnknown) from every
// interface, always with the same pointer).
//
// The bug: a callback written for IBackgroundCopyCallback got IBackgroundCopyCallback2
// later, as a hand-rolled nested "interface part" (MFC style) that forwards to its
// owner. The part's QueryInterface answers IID_IUnknown (and its own IID) with its own
// `this` instead of delegating to the owner, so IUnknown asked through
// IBackgroundCopyCallback2 is not the object's IUnknown. Code that compares IUnknown
// pointers to recognise an object (COM's only identity test) then sees two objects.
//
// Why nothing else: every other IID goes to the owner, so each interface still leads to
// every other (com.symmetric) and the set never changes; AddRef, Release and the
// notifications go to the owner, so there is one reference count and the reference
// behaviour.
//
// Provoke: QI the factory's object for IBackgroundCopyCallback2, then QI that pointer for
// IID_IUnknown, and compare with the object's IUnknown (bypassing any proxy).
#include "zoo_callback_base.h"

namespace {

class XCallback2 : public doharness_zoo::CZooInterfacePart {
 public:
  explicit XCallback2(doharness_zoo::CZooCallback* pOwner) : CZooInterfacePart(pOwner) {}

  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    if (ppvObject == NULL) {
      return E_POINTER;
    }
    // The bug: IUnknown answered with the part itself, not with the owner.
    if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IBackgroundCopyCallback2))) {
      *ppvObject = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    return m_pOwner->QueryInterface(riid, ppvObject);
  }
};

class CTwoFacedCallback : public doharness_zoo::CZooCallbackWithPart<XCallback2> {};

}  // namespace

DOHARNESS_ZOO_ENTRY(CTwoFacedCallback)
