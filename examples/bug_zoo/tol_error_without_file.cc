// tol_error_without_file: breaks tol.error_without_file (handle a JobError whose error
// object has no file: GetFile gives BG_E_FILE_NOT_AVAILABLE and NULL).
//
// The bug (docs/contract.md section 8, bug 2, in Microsoft's own sample and copied from it):
// JobError asks the error for its file, to show which file failed, and uses the answer
// without checking it. An error that involves no file (access denied on the job, a
// transport failure) gives NULL, and the callback dereferences it: SIGSEGV
// (AddressSanitizer: SEGV on an unknown address).
//
// Why nothing else: when the error has a file (HTTP 404 on a file, say), it is used,
// its name freed and the file released as it must be, and the job cancelled with S_OK.
//
// Provoke: Fault::JobError(E_ACCESSDENIED) (no file involved) on a job with
// BG_NOTIFY_JOB_ERROR set: the JobError call crashes the process (run it in a child
// process or a death test).
#include "zoo_callback_base.h"

namespace {

class CFailedFileCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    IBackgroundCopyFile* pFile = NULL;
    pError->GetFile(&pFile);  // the bug: neither the result nor pFile is checked
    LPWSTR pszLocalName = NULL;
    if (SUCCEEDED(pFile->GetLocalName(&pszLocalName))) {
      std::fprintf(stderr, "download of %ls failed\n", pszLocalName);
      CoTaskMemFree(pszLocalName);
    }
    pFile->Release();
    return CZooCallback::JobError(pJob, pError);
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CFailedFileCallback)
