// job_acknowledges: breaks job.acknowledges (bring the job to ACKNOWLEDGED or CANCELLED
// after JobTransferred). An advisory rule: a correct callback may leave the job to another
// thread; this one leaves it to nobody.
//
// The bug: JobTransferred tells the application that the download is done and returns
// S_OK -- and never calls Complete. The files never appear under their local names
// (they exist only after Complete), and the job stays TRANSFERRED in the queue until
// DO cancels it after 30 days (BITS: 90), to be found again by the next run
// (docs/contract.md section 8, bug 9).
//
// Why nothing else: JobTransferred returns S_OK at once; the other methods are the
// reference's. The job is not final, so the engine keeps its registration until the
// harness finishes the job.
//
// Provoke: a job that reaches JobTransferred: after the call the job is still
// TRANSFERRED. (Complete or Cancel it at the end of the case.)
#include "zoo_callback_base.h"

namespace {

class CNeverCompletingCallback : public doharness_zoo::CZooCallback {
 public:
  CNeverCompletingCallback() : m_cDownloadsFinished(0) {}

  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    UNREFERENCED_PARAMETER(pJob);
    InterlockedIncrement(&m_cDownloadsFinished);  // what the UI shows
    return S_OK;  // the bug: no pJob->Complete()
  }

 private:
  LONG m_cDownloadsFinished;
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CNeverCompletingCallback)
