// ret_modification_ok: breaks ret.modification_ok (return S_OK from JobModification,
// also when it never asked for modifications).
//
// The bug (docs/contract.md section 8, bug 6): JobModification is the stub every COM
// programmer writes for a method they do not use, `return E_NOTIMPL;` -- this callback
// never asked for BG_NOTIFY_JOB_MODIFICATION. Every method of the interface must be
// implemented and return S_OK (BITS-doc).
//
// Why nothing else: JobModification is never delivered again (order.retry_until_ok),
// so nothing follows from the return; the other methods are the reference's.
//
// Provoke: any job with BG_NOTIFY_JOB_MODIFICATION set that makes progress, or a direct
// JobModification(pJob, 0): E_NOTIMPL.
#include "zoo_callback_base.h"

namespace {

class CTransferOnlyCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override {
    UNREFERENCED_PARAMETER(pJob);
    UNREFERENCED_PARAMETER(dwReserved);
    return E_NOTIMPL;  // the bug
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CTransferOnlyCallback)
