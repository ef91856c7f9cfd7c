// com_stable_set: breaks com.stable_set (answer the same set of interfaces every time
// it is asked, over its whole life). A recommended rule.
//
// The bug: the callback answers IBackgroundCopyCallback2 only while it has somewhere to
// write its per-file log; it closes the log when a job it serves finishes (JobTransferred
// or JobError), and from then on QueryInterface(IID_IBackgroundCopyCallback2) says
// E_NOINTERFACE. The interface set depends on the object's state, so an engine that
// registers the object again later (on another job, or the same job after a restart)
// silently gets the old interface and no FileTransferred.
//
// Why nothing else: at any one moment the set it answers is consistent (IUnknown,
// IBackgroundCopyCallback, and IBackgroundCopyCallback2 or not, one pointer for all:
// com.identity, com.symmetric); the notifications are the reference behaviour.
//
// Provoke: record the answers to QI(IUnknown, IBackgroundCopyCallback,
// IBackgroundCopyCallback2); run a job to JobTransferred (or JobError); ask again:
// IBackgroundCopyCallback2 now gets E_NOINTERFACE.
#include "zoo_callback_base.h"

namespace {

class CFileLogCallback : public doharness_zoo::CZooCallback {
 public:
  CFileLogCallback() : m_fFileLogOpen(TRUE) {}

  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    // The bug: FileTransferred is offered only while the file log is open.
    if (IsEqualIID(riid, __uuidof(IBackgroundCopyCallback2)) &&
        InterlockedCompareExchange(&m_fFileLogOpen, TRUE, TRUE) == FALSE) {
      if (ppvObject == NULL) {
        return E_POINTER;
      }
      *ppvObject = NULL;
      return E_NOINTERFACE;
    }
    return CZooCallback::QueryInterface(riid, ppvObject);
  }

 protected:
  void OnNotification(doharness_zoo::ZOO_NOTIFICATION notification, IBackgroundCopyJob* pJob) override {
    UNREFERENCED_PARAMETER(pJob);
    if (notification == doharness_zoo::ZOO_JOB_TRANSFERRED || notification == doharness_zoo::ZOO_JOB_ERROR) {
      InterlockedExchange(&m_fFileLogOpen, FALSE);  // the job is over: close the file log
    }
  }

 private:
  LONG m_fFileLogOpen;
};

}  // namespace

DOHARNESS_ZOO_ENTRY(CFileLogCallback)
