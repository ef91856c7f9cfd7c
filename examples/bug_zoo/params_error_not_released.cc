// params_error_not_released: breaks params.error_not_released (never Release pError
// more often than it AddRef'd it).
//
// The bug: JobError hands pError to the application's error reporter, a helper also
// used for the error of IBackgroundCopyJob::GetError -- an out-parameter, which is the
// caller's to release -- and the helper releases what it is given. The borrowed pError
// of the notification is released under the engine.
//
// Why nothing else: the job is cancelled, S_OK is returned, no file is touched.
//
// Provoke: any job that reaches JobError (Fault::HttpStatusAt, Fault::JobError), with
// pError a spy that counts the callee's Releases.
#include "zoo_callback_base.h"

namespace {

class CErrorReleasingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    ReportAndReleaseError(pError);  // the bug: pError is borrowed
    return CZooCallback::JobError(pJob, pError);
  }

 private:
  // Written for the error of IBackgroundCopyJob::GetError, which the caller owns.
  static void ReportAndReleaseError(IBackgroundCopyError* pError) {
    if (pError == NULL) {
      return;
    }
    BG_ERROR_CONTEXT Context = BG_ERROR_CONTEXT_NONE;
    HRESULT hrError = S_OK;
    pError->GetError(&Context, &hrError);
    std::fprintf(stderr, "download failed: 0x%08X (context %d)\n", static_cast<unsigned>(hrError),
                 static_cast<int>(Context));
    pError->Release();
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CErrorReleasingCallback)
