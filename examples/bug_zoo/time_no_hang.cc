// time_no_hang: breaks time.no_hang (return from every call within the hang limit,
// default 5 s).
//
// The bug: the first JobTransferred hands the finished download to the application's
// UI thread and waits, inside the notification, until the UI has started and taken it
// -- with a 60-second timeout "to be safe" (later ones are posted without waiting: the
// UI is known to be up). Nobody answers in the harness, so that call takes the whole
// timeout: the engine's notification thread is blocked, and with it up to three other
// jobs' notifications (at most four run at once, BITS-doc). The wait is a plain sleep
// of DOHARNESS_ZOO_HANG_MS milliseconds (default 60000), so that a test can make it
// just longer than its hang limit and still finish.
//
// Why nothing else: after the wait the job is completed and S_OK returned, as the
// reference does. A call that takes longer than the hang limit also takes longer than
// the prompt limit: time.prompt fails too, a recommended rule (a warning when not
// listed), left out of this list because a harness may judge only calls that returned
// in time.
//
// Provoke: a job that reaches JobTransferred, with a hang limit below
// DOHARNESS_ZOO_HANG_MS and half of it above (e.g. --hang-ms 400 and
// DOHARNESS_ZOO_HANG_MS=600): the call returns only after DOHARNESS_ZOO_HANG_MS.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "zoo_callback_base.h"

namespace {

// How long the UI is waited for: DOHARNESS_ZOO_HANG_MS, or 60 s.
DWORD UiWaitMilliseconds() {
  const char* pszValue = std::getenv("DOHARNESS_ZOO_HANG_MS");
  if (pszValue == NULL || *pszValue == '\0') {
    return 60000;
  }
  return static_cast<DWORD>(std::strtoul(pszValue, NULL, 10));
}

class CUiHandoffCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    // The bug: waits for the UI thread inside the notification (nobody signals it here).
    if (!m_fUiStarted.exchange(true)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(UiWaitMilliseconds()));
    }
    return CZooCallback::JobTransferred(pJob);
  }

 private:
  std::atomic<bool> m_fUiStarted{false};
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CUiHandoffCallback)
