// ret_file_transferred_ok: breaks ret.file_transferred_ok (return S_OK from
// FileTransferred, when it answers IBackgroundCopyCallback2).
//
// The bug: the class derives from IBackgroundCopyCallback2 (so the sample it came from
// said) but its author had no use for per-file notifications and stubbed FileTransferred
// with `return E_NOTIMPL;`. On a negative return the engine delivers the same file
// again later, and holds the job's next files and its JobTransferred behind it
// (order.files_serialized): with BG_NOTIFY_FILE_TRANSFERRED set the job never gets
// further than its first file.
//
// Why nothing else: the other methods are the reference's. The stall is the engine's
// answer to this bug, not another one: cases for other rules should leave
// BG_NOTIFY_FILE_TRANSFERRED clear (flags 0x0B), or see no JobTransferred. (The variant
// ret_file_transferred_ok_s_false breaks the same rule without stalling the job.)
//
// Provoke: a job of one or more files, flags including BG_NOTIFY_FILE_TRANSFERRED (0x1B),
// run for a bounded virtual time (RunUntilIdle(limit) returns false): FileTransferred
// returns E_NOTIMPL, again after each retry delay.
#include "zoo_callback_base.h"

namespace {

class CFileStubCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override {
    UNREFERENCED_PARAMETER(pJob);
    UNREFERENCED_PARAMETER(pFile);
    return E_NOTIMPL;  // the bug
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CFileStubCallback)
