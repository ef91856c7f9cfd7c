// tol_error_then_transferred: breaks tol.error_then_transferred (handle JobError, then
// Resume, then JobTransferred on the same job).
//
// The bug: a per-job state machine that moves a job to "failed" on JobError and treats
// failed as final: JobTransferred for a failed job is an impossible transition, and it
// fails fast. But a job in ERROR is not final: the application (or an administrator,
// or the callback's own fix-up) may Resume it, and then it can transfer.
//
// Why nothing else: jobs that never failed are the reference's; JobError cancels as the
// reference does; the state is locked and per job.
//
// Provoke: Fault::HttpStatusAt(0, 0, 404) and Fault::CancelFails(E_FAIL, 1) on a job, so
// that the callback's Cancel in JobError fails and the job stays in ERROR; after JobError
// returned, Resume the job and run it: JobTransferred aborts (FAIL_FAST_IF on stderr).
#include "zoo_callback_base.h"

namespace {

class CStateMachineCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    m_failed.Insert(JobKey(pJob));
    return CZooCallback::JobError(pJob, pError);
  }

  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    FAIL_FAST_IF(m_failed.Contains(JobKey(pJob)));  // the bug: FAILED -> TRANSFERRED
    return CZooCallback::JobTransferred(pJob);
  }

 private:
  doharness_zoo::CZooJobSet m_failed;
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CStateMachineCallback)
