// ret_error_ok: breaks ret.error_ok (return S_OK from JobError).
//
// The bug: JobError cancels the job and then "reports the failure" by returning the
// job's error code, as an HRESULT-propagating function would. The engine reads any
// return but S_OK as "call me again" (BITS-doc, DO-doc).
//
// Why nothing else: the job is cancelled first, so it is final and nothing is
// delivered again (job.handles_error); pError is only read.
//
// Provoke: any job that reaches JobError (Fault::HttpStatusAt(0, 0, 404)): the return
// is the job's error code (BG_E_HTTP_ERROR_404), not S_OK.
#include "zoo_callback_base.h"

namespace {

class CErrorPropagatingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    BG_ERROR_CONTEXT Context = BG_ERROR_CONTEXT_NONE;
    HRESULT hrJob = E_FAIL;
    if (pError != NULL) {
      pError->GetError(&Context, &hrJob);
    }
    CZooCallback::JobError(pJob, pError);
    return hrJob;  // the bug
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CErrorPropagatingCallback)
