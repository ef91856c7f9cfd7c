// ret_retry_bounded_after_first: breaks ret.retry_bounded (return S_OK from
// JobTransferred within 3 deliveries) from the second job on.
//
// The bug: JobTransferred hands the finished download to the application's window and
// sets a "busy" flag, so that a second download finishing while the first is still on
// screen is refused with E_FAIL ("call again later"). Nothing ever clears the flag: the
// first job goes well, every later one is delivered again, and again, for ever. A check
// that only watches the first job's first deliveries passes it.
//
// Why else: tol.shared_across_jobs, whose one object serves several jobs: the later
// ones stay TRANSFERRED. ret.transferred_ok is judged on one job, which goes well.
//
// Provoke: two jobs that reach JobTransferred on one object: the second's deliveries
// all return E_FAIL.
#include <atomic>

#include "zoo_callback_base.h"

namespace {

class CBusyWindowCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    if (m_busy.exchange(true)) return E_FAIL;  // the bug: never set back to false
    return CZooCallback::JobTransferred(pJob);
  }

 private:
  std::atomic<bool> m_busy{false};
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CBusyWindowCallback)
