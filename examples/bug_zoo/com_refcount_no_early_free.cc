// com_refcount_no_early_free: breaks com.refcount_no_early_free (never return 0 from
// Release while a reference is still held).
//
// The bug: the class was ported from ATL, whose objects start with a count of 0 and
// get their first reference from whoever creates them (CComObject<T>::CreateInstance,
// then AddRef). The port kept the 0 and nobody adds the creator's reference, so the
// object counts one reference fewer than are held: the first AddRef/Release pair of
// anyone else takes it to 0 and it frees itself under its creator (and under the
// engine, if the engine took that pair). Contract.md section 8, bug 8: an object
// destroyed while others still hold it.
//
// Why nothing else: every AddRef and Release moves the count by exactly one
// (com.refcount_exact), and the object does reach 0 (com.refcount_balanced); the
// interface set and the notifications are the reference's. What comes after the early
// free is use of freed memory by the holders, which a recording proxy must absorb
// (it stops forwarding once Release returned 0).
//
// Provoke: keep the factory's reference, AddRef then Release once (or register the
// object on a job and let the job finish): that Release returns 0 while the creator's
// reference is still held. Do not call the object after that.
#include "zoo_callback_base.h"

namespace {

class CAtlStyleCallback : public doharness_zoo::CZooCallback {
 public:
  // The bug: ATL's initial count of 0, without ATL's AddRef by the creator.
  CAtlStyleCallback() { m_cRef = 0; }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CAtlStyleCallback)
