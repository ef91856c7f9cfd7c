// params_job_not_released: breaks params.job_not_released (never Release pJob more often
// than it AddRef'd it).
//
// The bug: JobTransferred ends with pJob->Release(), as the code it was copied from
// does -- code that got its job from IBackgroundCopyManager::GetJob or an
// IEnumBackgroundCopyJobs, where the pointer is the caller's to release. pJob is
// borrowed: the engine's reference is released under it, and the engine later uses or
// frees a dead job.
//
// Why nothing else: the job is completed first, S_OK is returned, nothing is kept.
//
// Provoke: any job that reaches JobTransferred, with pJob a spy that counts the
// callee's Releases (conformance/borrowed_spy.h).
#include "zoo_callback_base.h"

namespace {

class CJobReleasingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    const HRESULT hr = CZooCallback::JobTransferred(pJob);
    pJob->Release();  // the bug: a borrowed pointer
    return hr;
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CJobReleasingCallback)
