// ret_file_transferred_ok_s_false: breaks ret.file_transferred_ok (return S_OK from
// FileTransferred), with a success code.
//
// The bug: FileTransferred returns S_FALSE for a file it does not care about -- here
// every file whose local name has no extension in its list, which in the harness is all
// of them -- meaning "seen, nothing to do". S_FALSE passes SUCCEEDED(), so the engine
// goes on to the next file (negative returns only are delivered again), but the
// contract asks for S_OK: a checker that tests SUCCEEDED instead of S_OK misses it.
//
// Why nothing else: the job proceeds as with the reference; pFile is only read, and its
// name is freed.
//
// Provoke: a job of one or more files with BG_NOTIFY_FILE_TRANSFERRED set: each
// FileTransferred returns S_FALSE.
#include <cwchar>

#include "zoo_callback_base.h"

namespace {

class CInstallerFilesCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override {
    UNREFERENCED_PARAMETER(pJob);
    LPWSTR pszLocalName = NULL;
    if (pFile == NULL || FAILED(pFile->GetLocalName(&pszLocalName))) {
      return S_OK;
    }
    const WCHAR* pszExtension = std::wcsrchr(pszLocalName, L'.');
    const BOOL fInstaller = pszExtension != NULL && (std::wcscmp(pszExtension, L".msi") == 0 ||
                                                     std::wcscmp(pszExtension, L".exe") == 0);
    CoTaskMemFree(pszLocalName);
    return fInstaller ? S_OK : S_FALSE;  // the bug: S_FALSE for "not interesting"
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CInstallerFilesCallback)
