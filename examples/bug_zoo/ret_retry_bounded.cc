// ret_retry_bounded: breaks ret.retry_bounded (return S_OK from JobTransferred within 3
// deliveries even when Complete fails inside it).
//
// The bug (docs/contract.md section 8, bug 1, seen in a forensic collection tool):
// JobTransferred is `return pJob->Complete();`. While Complete works that is S_OK; when
// Complete fails, the failure goes back to the engine, which delivers JobTransferred
// again, and again, for as long as Complete keeps failing -- for ever when it never
// recovers -- and the job is never cancelled either.
//
// Why nothing else: with a working Complete it returns S_OK and the job is acknowledged
// (ret.transferred_ok, job.acknowledges, when judged on jobs whose Complete works). The
// other methods are the reference's.
//
// Provoke: Fault::CompleteFails(E_FAIL, 5) on a job that reaches JobTransferred:
// JobTransferred is delivered 6 times (returns E_FAIL five times, then S_OK); the
// reference needs 1. With more failures than the run's virtual time allows for, the
// deliveries never stop (RunUntilIdle(limit) returns false).
#include "zoo_callback_base.h"

namespace {

class CCompleteResultCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    return pJob->Complete();  // the bug
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CCompleteResultCallback)
