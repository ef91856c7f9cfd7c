// com_refcount_balanced: breaks com.refcount_balanced (reach 0 when the last holder
// releases it: no reference to itself is leaked).
//
// The bug: the constructor takes a reference "for the job that will hold us", on top of
// the creator's reference the count already starts with, and nothing ever gives it
// back. When every holder has released the object its Release returns 1 and the object
// leaks (LeakSanitizer reports it at exit).
//
// Why nothing else: AddRef and Release move the count by exactly one
// (com.refcount_exact is about how the count moves, not where it starts), and Release
// never returns 0 early; the interfaces and the notifications are the reference's.
//
// Provoke: release every reference taken (the factory's, the engine's after the job is
// final): the last Release returns 1, not 0.
#include "zoo_callback_base.h"

namespace {

class CSelfHoldingCallback : public doharness_zoo::CZooCallback {
 public:
  CSelfHoldingCallback() { AddRef(); }  // the bug: a reference nobody releases
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CSelfHoldingCallback)
