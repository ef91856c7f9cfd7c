// params_no_use_after_return: breaks params.no_use_after_return (call pJob, pError or
// pFile after its notification returned only through a reference it AddRef'd).
//
// The bug: for its status log, the callback remembers the job of its latest
// notification -- a plain pointer, no AddRef, "the engine keeps the job alive" -- and
// when another job speaks, it first asks the remembered one for its state. By then that
// job's notification has returned and the engine may have released the job (it does
// once the job is final): a call on a dangling pointer.
//
// Why nothing else: it never Releases what it did not AddRef and keeps no reference
// (params.*_not_released, params.retained_balanced); the notifications are the
// reference's. The remembered pointer is an atomic, so threads do not race on it.
//
// Provoke: one object registered on two jobs; run them (interleaved, or the first to
// its end, then the second): in a notification of one job the callee calls GetState on
// the other job's pJob, whose notification returned. Or: let a job finish, then call
// JobModification directly with another job.
#include <atomic>

#include "zoo_callback_base.h"

namespace {

class CStatusLogCallback : public doharness_zoo::CZooCallback {
 public:
  CStatusLogCallback() : m_pLastJob(NULL) {}

 protected:
  void OnNotification(doharness_zoo::ZOO_NOTIFICATION notification, IBackgroundCopyJob* pJob) override {
    UNREFERENCED_PARAMETER(notification);
    IBackgroundCopyJob* pPrevious = m_pLastJob.exchange(pJob);  // the bug: no AddRef
    if (pPrevious != NULL && pPrevious != pJob) {
      BG_JOB_STATE State = BG_JOB_STATE_QUEUED;
      pPrevious->GetState(&State);  // the bug: its notification returned long ago
    }
  }

 private:
  std::atomic<IBackgroundCopyJob*> m_pLastJob;  // borrowed, and kept: the bug
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CStatusLogCallback)
