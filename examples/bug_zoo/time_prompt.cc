// time_prompt: breaks time.prompt (return from every call within the prompt limit,
// default 100 ms). A recommended rule.
//
// The bug: JobTransferred verifies the download before completing the job, and the
// first time it also loads the trusted publishers' certificates -- 250 ms of work,
// done synchronously inside the notification (here: a busy loop on
// std::chrono::steady_clock, so that it costs CPU time as parsing does, not a sleep).
// The documentation asks for short callbacks that hand long work to another thread.
//
// Why nothing else: 250 ms is far below the hang limit (time.no_hang); the job is then
// completed and S_OK returned as the reference does; the other methods are prompt.
//
// Provoke: a job that reaches JobTransferred, prompt limit 100 ms: the first call takes
// 250 ms or more.
#include <atomic>
#include <chrono>

#include "zoo_callback_base.h"

namespace {

class CVerifyingCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    if (!m_fCertificatesLoaded.exchange(true)) {
      LoadCertificates();  // the bug: 250 ms of work inside the notification
    }
    return CZooCallback::JobTransferred(pJob);
  }

 private:
  static void LoadCertificates() {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(250);
    volatile ULONG ulHash = 0;
    while (std::chrono::steady_clock::now() < end) {
      ulHash = ulHash * 31 + 7;
    }
  }

  std::atomic<bool> m_fCertificatesLoaded{false};
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CVerifyingCallback)
