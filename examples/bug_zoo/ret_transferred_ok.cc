// ret_transferred_ok: breaks ret.transferred_ok (return S_OK from JobTransferred).
//
// The bug: JobTransferred lists the job's files for the application before completing
// the job, and ends with `return hr;` -- where hr still holds the enumerator's last
// answer, S_FALSE ("no more files"). S_FALSE is a success code, so the author's own
// tests (SUCCEEDED) pass; BITS and DO want S_OK and deliver JobTransferred again.
//
// Why nothing else: the job is completed (or cancelled when Complete fails), so it is
// final and the engine has nothing to deliver again; when Complete fails the method
// returns S_OK from its error path, so a failing Complete gets no extra deliveries
// (ret.retry_bounded). The enumerator and its files are released.
//
// Provoke: any job that reaches JobTransferred with a working Complete: the return is
// S_FALSE, not S_OK.
#include "zoo_callback_base.h"

namespace {

class CFileListingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    HRESULT hr = S_OK;
    IEnumBackgroundCopyFiles* pFiles = NULL;
    if (SUCCEEDED(pJob->EnumFiles(&pFiles))) {
      IBackgroundCopyFile* pFile = NULL;
      while ((hr = pFiles->Next(1, &pFile, NULL)) == S_OK) {
        pFile->Release();  // the application would note the file here
      }
      pFiles->Release();
    }
    if (FAILED(pJob->Complete())) {
      pJob->Cancel();
      return S_OK;
    }
    return hr;  // the bug: S_FALSE, the enumerator's end, not S_OK
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CFileListingCallback)
