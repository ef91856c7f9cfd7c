// params_file_not_released: breaks params.file_not_released (never Release pFile more
// often than it AddRef'd it).
//
// The bug: FileTransferred's body was lifted from the application's loop over
// IEnumBackgroundCopyFiles::Next, whose files are the caller's to release, and kept the
// loop's pFile->Release(). The borrowed pFile of the notification is released under the
// engine.
//
// Why nothing else: S_OK, the job is not touched; the other notifications are the
// reference's.
//
// Provoke: a job of one or more files with BG_NOTIFY_FILE_TRANSFERRED set (the object
// answers IBackgroundCopyCallback2), pFile a spy that counts the callee's Releases.
#include "zoo_callback_base.h"

namespace {

class CFileReleasingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override {
    LPWSTR pszLocalName = NULL;
    if (SUCCEEDED(pFile->GetLocalName(&pszLocalName))) {
      CoTaskMemFree(pszLocalName);  // the application would open the file here
    }
    pFile->Release();  // the bug: from the enumeration loop; pFile is borrowed here
    return CZooCallback::FileTransferred(pJob, pFile);
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CFileReleasingCallback)
