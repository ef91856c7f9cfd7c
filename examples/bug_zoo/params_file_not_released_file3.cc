// params_file_not_released_file3: breaks params.file_not_released (never Release pFile
// more often than it AddRef'd it) through the IBackgroundCopyFile3 it asked pFile for.
//
// The bug: as in Microsoft's peer-caching sample, FileTransferred asks pFile for IBackgroundCopyFile3, validates content that did not
// come from a peer, releases pFile3 on the way, and releases it again in its cleanup
// because the pointer was never set to NULL. QueryInterface gave one reference; two
// go back, and the second is the engine's.
//
// Why nothing else: S_OK, the job is not touched; the other notifications are the
// reference's. The do profile's file has no IBackgroundCopyFile3 (DO documents File2
// only), so the code after QueryInterface runs in the bits profile alone: the list
// says "# profiles: bits".
//
// Provoke: a bits job with BG_NOTIFY_FILE_TRANSFERRED set (the object answers
// IBackgroundCopyCallback2), pFile a spy that answers IBackgroundCopyFile3 when the
// engine's file does and counts the Releases made through it.
#include "zoo_callback_base.h"

namespace {

class CPeerCachingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override {
    IBackgroundCopyFile3* pFile3 = NULL;
    BOOL fFromPeer = FALSE;
    HRESULT hr = pFile->QueryInterface(__uuidof(IBackgroundCopyFile3), reinterpret_cast<void**>(&pFile3));
    if (FAILED(hr)) goto cleanup;
    hr = pFile3->IsDownloadedFromPeer(&fFromPeer);
    if (SUCCEEDED(hr) && !fFromPeer) {
      pFile3->SetValidationState(TRUE);  // the application checked the content here
    }
    pFile3->Release();  // done with it; the pointer is not cleared

  cleanup:
    if (pFile3 != NULL) pFile3->Release();  // the bug: released a second time
    return CZooCallback::FileTransferred(pJob, pFile);
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CPeerCachingCallback)
