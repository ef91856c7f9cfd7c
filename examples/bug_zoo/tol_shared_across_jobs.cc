// tol_shared_across_jobs: breaks tol.shared_across_jobs (work when one object is
// registered on many jobs at once).
//
// The bug: the class was designed as one object per download: it remembers the job it
// first hears from as "its" job, and ignores JobTransferred and JobError of any other
// job ("not ours"). Registered on several jobs, as the BITS and DO documentation allow,
// it completes the first job only: the others stay TRANSFERRED (or in ERROR) for 30
// (DO) or 90 (BITS) days (docs/contract.md section 8, bug 9).
//
// Why nothing else: with one job per object it is the reference; every notification
// returns S_OK; its one piece of state is locked.
//
// Provoke: one object registered on three jobs (one with Fault::HttpStatusAt(0, 0, 403)),
// all resumed, run until idle: only the job it heard from first is acknowledged or
// cancelled. Judge job.acknowledges and job.handles_error on single-job cases, where
// this callback keeps them.
#include <mutex>
#include <string>

#include "zoo_callback_base.h"

namespace {

class COneDownloadCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    if (!IsMyJob(pJob)) {
      return S_OK;  // the bug: "not ours"
    }
    return CZooCallback::JobTransferred(pJob);
  }

  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    if (!IsMyJob(pJob)) {
      return S_OK;  // the bug: "not ours"
    }
    return CZooCallback::JobError(pJob, pError);
  }

 protected:
  void OnNotification(doharness_zoo::ZOO_NOTIFICATION notification, IBackgroundCopyJob* pJob) override {
    UNREFERENCED_PARAMETER(notification);
    IsMyJob(pJob);  // the first job heard from becomes this object's job
  }

 private:
  BOOL IsMyJob(IBackgroundCopyJob* pJob) {
    const std::string key = JobKey(pJob);
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_strMyJob.empty()) {
      m_strMyJob = key;
    }
    return key == m_strMyJob ? TRUE : FALSE;
  }

  std::mutex m_mutex;
  std::string m_strMyJob;  // JobKey of the one job this object serves
};

}  // namespace

DOHARNESS_ZOO_ENTRY(COneDownloadCallback)
