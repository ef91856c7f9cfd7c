// tol_no_exception: breaks tol.no_exception (never let a C++ exception escape a
// callback method).
//
// The bug: JobError cancels the job, then logs the error through a helper that says
// where an HRESULT comes from, with a switch on its facility whose default throws
// std::runtime_error, "cannot happen" -- and the switch knows the facilities its author
// had seen (none, Win32, HTTP, BITS, DO), not FACILITY_STORAGE, whose
// STG_E_MEDIUMFULL a job reports when the disk is full. The exception leaves JobError
// and crosses the COM boundary into the engine, which on Windows takes down the
// service's call or worse.
//
// Why nothing else: the job is cancelled before the exception (job.handles_error), so
// nothing is delivered again; errors of every other facility (E_FAIL, E_ACCESSDENIED,
// HTTP statuses, BG_E_*, DO_E_*) are logged and answered with S_OK. A harness should
// judge a call that threw under tol.no_exception only: it has no return value for
// ret.error_ok.
//
// Provoke: Fault::FatalAt(0, 0, 0x80030070 /* STG_E_MEDIUMFULL */) on a job with
// BG_NOTIFY_JOB_ERROR set: JobError throws std::runtime_error("unexpected error
// facility 3").
#include <stdexcept>
#include <string>

#include "zoo_callback_base.h"

#ifndef FACILITY_NULL
#define FACILITY_NULL 0
#endif
#ifndef FACILITY_HTTP
#define FACILITY_HTTP 25
#endif
#ifndef FACILITY_BACKGROUNDCOPY
#define FACILITY_BACKGROUNDCOPY 32
#endif

namespace {

class CErrorLoggingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    const HRESULT hr = CZooCallback::JobError(pJob, pError);
    BG_ERROR_CONTEXT Context = BG_ERROR_CONTEXT_NONE;
    HRESULT hrError = S_OK;
    if (pError != NULL && SUCCEEDED(pError->GetError(&Context, &hrError))) {
      std::fprintf(stderr, "download failed with 0x%08X (%s)\n", static_cast<unsigned>(hrError),
                   Origin(hrError));
    }
    return hr;
  }

 private:
  static const char* Origin(HRESULT hrError) {
    switch (HRESULT_FACILITY(hrError)) {
      case FACILITY_NULL: return "COM";
      case FACILITY_WIN32: return "system";
      case FACILITY_HTTP: return "server";
      case FACILITY_BACKGROUNDCOPY: return "BITS";
      case DO_FACILITY: return "Delivery Optimization";
      default:  // the bug: FACILITY_STORAGE (disk full) lands here, and throws
        throw std::runtime_error("unexpected error facility " + std::to_string(HRESULT_FACILITY(hrError)));
    }
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CErrorLoggingCallback)
