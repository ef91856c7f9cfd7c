// tol_unregister_inside: breaks tol.unregister_inside (survive SetNotifyInterface(NULL)
// on the job from inside a notification).
//
// The bug (docs/contract.md section 8, bug 8: a callback object destroyed while the service
// still holds it, the application freeing it with delete instead of Release): an
// object per download that frees itself once its job no longer has a listener --
// someone unregistered it from inside a notification, handing the download to another
// component. When a notification finds its job, seen before, still running but with no
// notify interface (GetNotifyInterface gives S_OK and NULL), the object does
// `delete this` -- while the engine still holds the reference it took for this very
// call -- and then finishes the notification, touching its members. Use after free:
// AddressSanitizer reports it at once; without sanitizers the freed object is poisoned
// (zoo_callback_base.h) and the engine's Release after the call crashes on it.
//
// Why nothing else: while registered (every case that does not unregister from inside a
// call) it behaves as the reference. Direct calls by a harness are safe too: the check
// needs a job the object saw before and a job that is not final.
//
// Provoke: register the callback on a job of two files with flags 0x1B, release the
// harness's own references, and from inside a notification that is not the job's first
// (FileTransferred#0, or the second JobModification) call SetNotifyInterface(NULL) on
// the job before the callee runs (a wrapper or the recording proxy does it), then let
// the call reach the callee: the process crashes (SIGSEGV, or an ASan report).
#include <string>

#include "zoo_callback_base.h"

namespace {

class CSelfFreeingCallback : public doharness_zoo::CZooCallback {
 public:
  CSelfFreeingCallback() : m_cNotifications(0) {}

 protected:
  void OnNotification(doharness_zoo::ZOO_NOTIFICATION notification, IBackgroundCopyJob* pJob) override {
    UNREFERENCED_PARAMETER(notification);
    if (!m_served.Insert(JobKey(pJob)) && IsOrphaned(pJob)) {
      delete this;  // the bug: the engine still holds a reference for this call
    }
    InterlockedIncrement(&m_cNotifications);  // ... and this object is used after it
  }

 private:
  // Whether the job, still running, has no notify interface any more.
  static BOOL IsOrphaned(IBackgroundCopyJob* pJob) {
    IUnknown* pListener = NULL;
    if (pJob == NULL || FAILED(pJob->GetNotifyInterface(&pListener))) {
      return FALSE;
    }
    if (pListener != NULL) {
      pListener->Release();
      return FALSE;
    }
    BG_JOB_STATE State = BG_JOB_STATE_ACKNOWLEDGED;
    return SUCCEEDED(pJob->GetState(&State)) && State != BG_JOB_STATE_ACKNOWLEDGED &&
           State != BG_JOB_STATE_CANCELLED;
  }

  doharness_zoo::CZooJobSet m_served;  // jobs this object has heard from
  LONG m_cNotifications;
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CSelfFreeingCallback)
