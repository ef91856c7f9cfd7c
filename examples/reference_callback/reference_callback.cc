// CReferenceCallback: the reference IBackgroundCopyCallback2. Each method says which
// rules of conformance/rules.md it keeps; the facts behind them are in
// docs/contract.md (sections 4 and 7).
//
// Written as Windows code is (Win32 types, STDMETHODIMP, Interlocked*, __uuidof) so
// that the same source builds with the Windows SDK. Nothing in it can throw: no
// allocation but the nothrow one in the factory, no library call that throws, so no
// C++ exception can leave a method (tol.no_exception) and every method is noexcept.
// Nothing in it blocks or waits, so every call returns at once (time.prompt).
#include "examples/reference_callback/reference_callback.h"

#include <new>

#include <deliveryoptimization.h>

namespace doharness::examples {
namespace {

// Process-wide counters (ReferenceCallbackStats), only ever touched with Interlocked*.
// They are statistics: each object's reference count is its own (m_cRef below).
LONG g_cObjects = 0;
LONG g_cJobsCompleted = 0;
LONG g_cJobsCancelled = 0;
LONG g_cErrors = 0;
LONG g_cErrorsWithoutFile = 0;
HRESULT g_hrLastError = S_OK;
LONG g_cFilesTransferred = 0;
LONG g_cModifications = 0;
LONG g_cModificationsSkipped = 0;

// An atomic read, as Windows code spells it.
LONG InterlockedRead(LONG* pValue) noexcept { return InterlockedCompareExchange(pValue, 0, 0); }

class CReferenceCallback final : public IBackgroundCopyCallback2 {
 public:
  // An object made for a caller starts with that caller's reference (COM-doc).
  CReferenceCallback() noexcept : m_cRef(1), m_fInModification(FALSE) {
    InterlockedIncrement(&g_cObjects);
  }
  CReferenceCallback(const CReferenceCallback&) = delete;
  CReferenceCallback& operator=(const CReferenceCallback&) = delete;

  // IUnknown
  STDMETHOD(QueryInterface)(REFIID riid, void** ppvObject) noexcept override;
  STDMETHOD_(ULONG, AddRef)() noexcept override;
  STDMETHOD_(ULONG, Release)() noexcept override;

  // IBackgroundCopyCallback
  STDMETHOD(JobTransferred)(IBackgroundCopyJob* pJob) noexcept override;
  STDMETHOD(JobError)(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) noexcept override;
  STDMETHOD(JobModification)(IBackgroundCopyJob* pJob, DWORD dwReserved) noexcept override;

  // IBackgroundCopyCallback2
  STDMETHOD(FileTransferred)(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) noexcept override;

 private:
  // Only Release deletes the object (never `delete` it from outside: bug 8 of
  // docs/contract.md section 8).
  ~CReferenceCallback() { InterlockedDecrement(&g_cObjects); }

  LONG m_cRef;              // this object's reference count (never a static: bug 4)
  LONG m_fInModification;   // TRUE while a JobModification of this object runs
};

// com.identity, com.callback_iid, com.symmetric, com.stable_set, com.no_interface,
// com.null_out: the same three IIDs, always, and one pointer for all of them (the
// interfaces form a single-inheritance chain, so IUnknown's pointer is that pointer).
STDMETHODIMP CReferenceCallback::QueryInterface(REFIID riid, void** ppvObject) noexcept {
  if (ppvObject == NULL) {
    return E_POINTER;
  }
  if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IBackgroundCopyCallback)) ||
      IsEqualIID(riid, __uuidof(IBackgroundCopyCallback2))) {
    *ppvObject = static_cast<IBackgroundCopyCallback2*>(this);
    AddRef();
    return S_OK;
  }
  *ppvObject = NULL;
  return E_NOINTERFACE;
}

// com.refcount_exact: the new count, one up or one down, atomically, as engine
// threads AddRef and Release at once (tol.concurrent_jobs).
STDMETHODIMP_(ULONG) CReferenceCallback::AddRef() noexcept {
  return static_cast<ULONG>(InterlockedIncrement(&m_cRef));
}

// com.refcount_no_early_free, com.refcount_balanced: frees the object exactly when
// the last reference goes, and touches no member after that.
STDMETHODIMP_(ULONG) CReferenceCallback::Release() noexcept {
  const ULONG cRef = static_cast<ULONG>(InterlockedDecrement(&m_cRef));
  if (cRef == 0) {
    delete this;
  }
  return cRef;
}

// ret.transferred_ok, ret.retry_bounded, job.acknowledges, tol.repeated_transferred.
// Complete makes the files appear under their local names. S_OK is returned whatever
// Complete says: any other value would only make the engine call again, for ever if
// Complete keeps failing (bug 1 of docs/contract.md section 8). When Complete fails the
// job is cancelled instead, so that it does not stay in the queue for 30 (DO) or 90
// (BITS) days (bug 9); a JobTransferred delivered again for a job that is already
// final gets the invalid-state code from both calls, and changes nothing.
STDMETHODIMP CReferenceCallback::JobTransferred(IBackgroundCopyJob* pJob) noexcept {
  if (pJob == NULL) {
    return S_OK;
  }
  // Complete and Cancel end the job, and the engine then drops its registration:
  // that may be the last reference on this object (tol.unregister_inside). A
  // conforming engine holds one more for the call (life.hold_during_call), but this
  // method does not rely on it: nothing here touches the object after those calls.
  if (SUCCEEDED(pJob->Complete())) {
    InterlockedIncrement(&g_cJobsCompleted);
  } else if (SUCCEEDED(pJob->Cancel())) {
    InterlockedIncrement(&g_cJobsCancelled);
  }
  return S_OK;
}

// ret.error_ok, job.handles_error, tol.error_without_file, params.error_not_released,
// params.file_not_released. pJob and pError are borrowed: never Released here, never
// kept. The file from GetFile is an out-parameter, ours to Release; there is none
// (BG_E_FILE_NOT_AVAILABLE / DO_E_FILE_NOT_AVAILABLE and NULL) when the error does
// not involve a file (bug 2). The job cannot get past this error by itself
// (TRANSIENT_ERROR never reaches JobError), so it is cancelled. Each method stands on
// its own, so a JobTransferred after a JobError that someone else answered with
// Resume is handled as any other (tol.error_then_transferred).
STDMETHODIMP CReferenceCallback::JobError(IBackgroundCopyJob* pJob,
                                          IBackgroundCopyError* pError) noexcept {
  InterlockedIncrement(&g_cErrors);
  if (pError != NULL) {
    BG_ERROR_CONTEXT Context = BG_ERROR_CONTEXT_NONE;
    HRESULT hrError = S_OK;
    if (SUCCEEDED(pError->GetError(&Context, &hrError))) {
      InterlockedExchange(&g_hrLastError, hrError);
    }
    IBackgroundCopyFile* pFile = NULL;
    if (SUCCEEDED(pError->GetFile(&pFile)) && pFile != NULL) {
      pFile->Release();
    } else {
      InterlockedIncrement(&g_cErrorsWithoutFile);
    }
  }
  if (pJob == NULL) {
    return S_OK;
  }
  // As in JobTransferred, the object is not touched after Cancel.
  if (SUCCEEDED(pJob->Cancel())) {
    InterlockedIncrement(&g_cJobsCancelled);
  }
  return S_OK;
}

// ret.modification_ok, tol.reserved_nonzero, tol.reentrant_modification,
// tol.modification_after_transferred, time.prompt. S_OK at once, whatever dwReserved
// holds, whether or not modifications were asked for, and whatever state the job is
// in. No job method is called: in a single-threaded apartment that is what lets the
// engine re-enter JobModification (bug 5). The documented guard stands anyway, per
// object: a JobModification that arrives while another one of this object is being
// handled (re-entered, or on another engine thread) is skipped, which the contract
// allows since modifications may be coalesced.
STDMETHODIMP CReferenceCallback::JobModification(IBackgroundCopyJob* pJob,
                                                 DWORD dwReserved) noexcept {
  UNREFERENCED_PARAMETER(pJob);
  UNREFERENCED_PARAMETER(dwReserved);
  if (InterlockedCompareExchange(&m_fInModification, TRUE, FALSE) != FALSE) {
    InterlockedIncrement(&g_cModificationsSkipped);
    return S_OK;
  }
  // An application's short work goes here: note the change for its UI thread.
  InterlockedIncrement(&g_cModifications);
  InterlockedExchange(&m_fInModification, FALSE);
  return S_OK;
}

// ret.file_transferred_ok, params.file_not_released: S_OK, so that the next file of
// the job comes (order.files_serialized); the borrowed pointers are not touched.
STDMETHODIMP CReferenceCallback::FileTransferred(IBackgroundCopyJob* pJob,
                                                 IBackgroundCopyFile* pFile) noexcept {
  UNREFERENCED_PARAMETER(pJob);
  UNREFERENCED_PARAMETER(pFile);
  InterlockedIncrement(&g_cFilesTransferred);
  return S_OK;
}

}  // namespace

HRESULT CreateReferenceCallback(IUnknown** callback) noexcept {
  if (callback == NULL) {
    return E_POINTER;
  }
  *callback = new (std::nothrow) CReferenceCallback();  // starts at one reference
  return *callback != NULL ? S_OK : E_OUTOFMEMORY;
}

ReferenceCallbackStats GetReferenceCallbackStats() noexcept {
  ReferenceCallbackStats stats;
  stats.objects = InterlockedRead(&g_cObjects);
  stats.jobs_completed = InterlockedRead(&g_cJobsCompleted);
  stats.jobs_cancelled = InterlockedRead(&g_cJobsCancelled);
  stats.errors = InterlockedRead(&g_cErrors);
  stats.errors_without_file = InterlockedRead(&g_cErrorsWithoutFile);
  stats.last_error = InterlockedRead(&g_hrLastError);
  stats.files_transferred = InterlockedRead(&g_cFilesTransferred);
  stats.modifications = InterlockedRead(&g_cModifications);
  stats.modifications_skipped = InterlockedRead(&g_cModificationsSkipped);
  return stats;
}

}  // namespace doharness::examples
