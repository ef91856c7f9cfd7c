// params_retained_balanced: breaks params.retained_balanced (release every reference it
// took on pJob, pError or pFile by the time it is destroyed).
//
// The bug: the callback keeps the last job it completed, properly AddRef'd, so that
// the application can ask for it later ("show the last download"), and releases the
// previous one when it replaces it -- but its destructor forgets the last one. The
// engine's job object leaks with it.
//
// Why nothing else: the job was AddRef'd before it was kept, so every later use is
// through a reference of its own (params.no_use_after_return); it is never released
// more often than it was AddRef'd; the job is completed and S_OK returned as the
// reference does.
//
// Provoke: a job that reaches JobTransferred; then release the callback until it is
// destroyed: one reference on pJob is still held.
#include <atomic>

#include "zoo_callback_base.h"

namespace {

class CLastJobCallback : public doharness_zoo::CZooCallback {
 public:
  CLastJobCallback() : m_pLastJob(NULL) {}

  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    if (pJob != NULL) {
      pJob->AddRef();
      IBackgroundCopyJob* pPrevious = m_pLastJob.exchange(pJob);
      if (pPrevious != NULL) {
        pPrevious->Release();
      }
    }
    return CZooCallback::JobTransferred(pJob);
  }

 protected:
  ~CLastJobCallback() override {}  // the bug: m_pLastJob is not released

 private:
  std::atomic<IBackgroundCopyJob*> m_pLastJob;  // AddRef'd
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CLastJobCallback)
