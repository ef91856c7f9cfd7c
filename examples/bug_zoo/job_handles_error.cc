// job_handles_error: breaks job.handles_error (Cancel, Complete or Resume the job after
// JobError). An advisory rule: a correct callback may leave the job to another thread;
// this one leaves it to nobody.
//
// The bug: JobError logs the error and returns S_OK, and nothing else: the job stays
// in ERROR, holding its partial download and its slot in the queue, until DO cancels it
// after 30 days (BITS: 90) -- the next run of the application finds it again
// (docs/contract.md section 8, bug 9).
//
// Why nothing else: JobError returns S_OK and reads pError only; the other methods are
// the reference's. The job is not final, so the engine keeps the registration until the
// harness finishes the job.
//
// Provoke: a job that reaches JobError (Fault::HttpStatusAt(0, 0, 404)): after the call
// the job is still in ERROR. (Cancel it at the end of the case.)
#include "zoo_callback_base.h"

namespace {

class CLogOnlyCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    UNREFERENCED_PARAMETER(pJob);
    BG_ERROR_CONTEXT Context = BG_ERROR_CONTEXT_NONE;
    HRESULT hrError = S_OK;
    if (pError != NULL && SUCCEEDED(pError->GetError(&Context, &hrError))) {
      std::fprintf(stderr, "download failed with 0x%08X\n", static_cast<unsigned>(hrError));
    }
    return S_OK;  // the bug: the job is neither cancelled, completed nor resumed
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CLogOnlyCallback)
