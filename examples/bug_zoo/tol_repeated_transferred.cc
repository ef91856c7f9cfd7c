// tol_repeated_transferred: breaks tol.repeated_transferred (handle JobTransferred
// delivered twice for one job: redelivery, re-registration).
//
// The bug: a job is transferred once, thinks the author, and the callback asserts it:
// FAIL_FAST_IF when JobTransferred comes a second time for a job. But the engine
// delivers JobTransferred again after any return other than S_OK, and again to a
// callback registered after the event while the job is still TRANSFERRED (at least
// once), so a second delivery is ordinary.
//
// Why nothing else: the first JobTransferred of each job is the reference's; the
// bookkeeping is locked and per job.
//
// Provoke: Fault::CompleteFails(E_FAIL, 1) and Fault::CancelFails(E_FAIL, 1) on a job,
// so that its first JobTransferred leaves it TRANSFERRED; after it returned, register
// the callback on the job again: the engine delivers JobTransferred again, and the
// callback aborts (FAIL_FAST_IF on stderr). (Or call JobTransferred directly a second
// time.)
#include "zoo_callback_base.h"

namespace {

class COnceOnlyCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    FAIL_FAST_IF(!m_transferred.Insert(JobKey(pJob)));  // the bug: "cannot happen"
    return CZooCallback::JobTransferred(pJob);
  }

 private:
  doharness_zoo::CZooJobSet m_transferred;
};

}  // namespace

DOHARNESS_ZOO_ENTRY(COnceOnlyCallback)
