// tol_modification_after_transferred: breaks tol.modification_after_transferred (handle
// JobModification arriving after JobTransferred, also after the job was completed).
//
// The bug: the callback keeps track of the jobs it has seen finish, and believes that a
// finished job is never modified again: FAIL_FAST_IF in JobModification. But
// JobModification runs on lower-priority threads than JobTransferred (BITS-doc), so a
// modification raised before the job finished may arrive after its JobTransferred --
// after the callback completed the job.
//
// Why nothing else: the bookkeeping is locked (tol.concurrent_jobs) and per job
// (tol.shared_across_jobs); modifications of jobs not yet finished, and every other
// method, are the reference's.
//
// Provoke: after a job's JobTransferred returned (the callback completed it), call
// JobModification(pJob, 0) directly with that job; or run with
// EngineOptions::modification_order = kSeeded and a seed that lets JobTransferred
// overtake a pending JobModification. Either way: abort() (FAIL_FAST_IF on stderr).
// Other cases should keep the default raise order.
#include "zoo_callback_base.h"

namespace {

class CFinishedJobsCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    m_finished.Insert(JobKey(pJob));
    return CZooCallback::JobTransferred(pJob);
  }

  STDMETHODIMP JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override {
    FAIL_FAST_IF(m_finished.Contains(JobKey(pJob)));  // the bug: "cannot happen"
    return CZooCallback::JobModification(pJob, dwReserved);
  }

 private:
  doharness_zoo::CZooJobSet m_finished;
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CFinishedJobsCallback)
