// tol_reserved_nonzero: breaks tol.reserved_nonzero (behave the same when
// JobModification's dwReserved is not 0).
//
// The bug: the documentation says dwReserved is 0, and the author made sure of it with
// FAIL_FAST_IF(dwReserved != 0) -- an assertion that stays on in release builds. A
// future engine that gives the parameter a meaning kills the process.
//
// Why nothing else: engines pass 0, and then JobModification is the reference's.
//
// Provoke: call JobModification(pJob, 1) (or 0xFFFFFFFF) directly, with a job the
// callback is registered on: abort() (FAIL_FAST_IF on stderr).
#include "zoo_callback_base.h"

namespace {

class CStrictReservedCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override {
    FAIL_FAST_IF(dwReserved != 0);  // the bug
    return CZooCallback::JobModification(pJob, dwReserved);
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CStrictReservedCallback)
