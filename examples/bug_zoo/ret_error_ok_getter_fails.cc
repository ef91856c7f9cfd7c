// ret_error_ok_getter_fails: breaks ret.error_ok (return S_OK from JobError) when a
// getter fails.
//
// The bug: JobError is written as Microsoft's 2019 BITS sample writes it, every call
// under RETURN_IF_FAILED: it reads the error's code and description for the log, then
// cancels the job. Getters do fail on Windows (GetErrorDescription when the message
// catalogue is not loaded, any of them when the service goes away); JobError then
// returns that failure, the job is never cancelled, and BITS delivers JobError again,
// for ever. With working getters it is the reference.
//
// Provoke: a job that fails, with Error.GetErrorDescription failing on every call.
#include "zoo_callback_base.h"

// As the Windows Implementation Library's macro of that name.
#define RETURN_IF_FAILED(expression)   \
  do {                                 \
    const HRESULT hrCall = (expression); \
    if (FAILED(hrCall)) return hrCall; \
  } while (0)

namespace {

class CLoggingErrorCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    if (pJob == NULL || pError == NULL) return S_OK;
    BG_ERROR_CONTEXT context;
    HRESULT code;
    RETURN_IF_FAILED(pError->GetError(&context, &code));
    LPWSTR description = NULL;
    RETURN_IF_FAILED(pError->GetErrorDescription(LANG_USER_DEFAULT, &description));  // the bug
    m_lastCode = code;
    CoTaskMemFree(description);
    return CZooCallback::JobError(pJob, pError);
  }

 private:
  HRESULT m_lastCode = S_OK;
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CLoggingErrorCallback)
