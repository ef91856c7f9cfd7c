// tol_reentrant_modification: breaks tol.reentrant_modification (handle a
// JobModification nested inside a job method that it called from JobModification).
//
// The bug (docs/contract.md section 8, bug 5): JobModification refreshes the progress bar
// with pJob->GetProgress -- a job method called from inside a notification. In a
// single-threaded apartment the engine may deliver the next JobModification from inside
// that call (BITS-doc). The author knew the documented guard, an interlocked "already
// inside" flag, and made it an assertion instead of a skip: a nested JobModification
// fails fast. (The flag is per job, so modifications of other jobs on other engine
// threads are not mistaken for nesting.)
//
// Why nothing else: without nesting, JobModification reads the progress and returns
// S_OK at once; the other methods are the reference's.
//
// Provoke: EngineOptions::reentrant_modification_depth = 1, a job with several pending
// modifications (four files added before Resume, say), BG_NOTIFY_JOB_MODIFICATION set;
// with a recording proxy, ProxyOptions::read_job_at_entry = false (its own reads would
// take the nesting). The nested JobModification aborts (FAIL_FAST_IF on stderr).
#include <cstdint>
#include <string>

#include "zoo_callback_base.h"

namespace {

class CProgressBarCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override {
    // Keyed by the pointer: asking the job for its id would be a job method called
    // before the guard is up, and the nesting would happen there, unguarded.
    const std::string key = std::to_string(reinterpret_cast<uintptr_t>(pJob));
    FAIL_FAST_IF(!m_inModification.Insert(key));  // the bug: the guard asserts instead of skipping
    BG_JOB_PROGRESS Progress;
    if (pJob != NULL && SUCCEEDED(pJob->GetProgress(&Progress))) {
      // The application would move its progress bar here.
    }
    m_inModification.Erase(key);
    return CZooCallback::JobModification(pJob, dwReserved);
  }

 private:
  doharness_zoo::CZooJobSet m_inModification;  // jobs whose JobModification is running
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CProgressBarCallback)
