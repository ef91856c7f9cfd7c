// tol_concurrent_jobs: breaks tol.concurrent_jobs (handle notifications for many jobs
// arriving on up to four threads at once).
//
// The bug: the application keeps a table of its downloads, a std::map shared by all its
// callback objects, and updates it from every notification without a lock: it was
// written for a single-threaded apartment, where every call comes on one thread. The
// engine calls from up to four threads at once (BITS-doc), and concurrent inserts into
// a std::map corrupt it. So that the race fails every time and not once in a while,
// the table carries the debug thread checker such code often has (as Chromium's
// THREAD_CHECKER): the first thread to touch the table owns it, and a call from any
// other thread fails fast -- the moment a second engine thread delivers a notification.
//
// Why nothing else: on one thread (the deterministic engine, direct calls) the table is
// updated and every method is the reference's.
//
// Provoke: DispatchMode::kThreaded with concurrency_limit 4, 20 jobs of two files
// resumed together (one callback object per job, or one shared: both fail), flags 0x0B:
// abort() (FAIL_FAST_IF on stderr) on the first notification from a second thread. The
// owner thread is process-wide: in a process that runs other cases first, the thread
// that ran them owns the table; cases for other rules must run on one thread.
#include <atomic>
#include <map>
#include <string>
#include <thread>

#include "zoo_callback_base.h"

namespace {

// Notifications seen per job (JobKey), for the application's download list. No lock.
std::map<std::string, ULONG> g_NotificationsByJob;
// The debug thread checker of g_NotificationsByJob.
std::atomic<std::thread::id> g_TableOwnerThread;

class CDownloadTableCallback : public doharness_zoo::CZooCallback {
 protected:
  void OnNotification(doharness_zoo::ZOO_NOTIFICATION notification, IBackgroundCopyJob* pJob) override {
    UNREFERENCED_PARAMETER(notification);
    CheckCalledOnTableThread();
    ++g_NotificationsByJob[JobKey(pJob)];  // the bug: a std::map written without a lock
  }

 private:
  static void CheckCalledOnTableThread() {
    const std::thread::id self = std::this_thread::get_id();
    std::thread::id owner;  // none yet: the first caller becomes the owner
    g_TableOwnerThread.compare_exchange_strong(owner, self);
    FAIL_FAST_IF(g_TableOwnerThread.load() != self);
  }
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CDownloadTableCallback)
