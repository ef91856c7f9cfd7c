// RecordingProxy: stands between the engine (or the harness) and the callback under
// test. It is what gets registered with SetNotifyInterface; it forwards every call to
// the callee and records it in a Recorder (observations.h):
//
//   - notifications: with pJob, pError and pFile replaced by borrowed-pointer spies
//     (borrowed_spy.h), timed, with the job's flags and state at entry;
//   - a C++ exception escaping any method of the callee (IUnknown's too) is caught,
//     recorded (tol.no_exception) and answered as a failure (E_UNEXPECTED), so that
//     the harness survives it;
//   - AddRef/Release: forwarded and recorded with the counts the callee returned. The
//     proxy has no count of its own; it tracks how many references the engine and the
//     harness hold through it (`outstanding`) and reports com.refcount_no_early_free
//     (the callee was destroyed by a Release while references were held) and
//     com.refcount_balanced (the callee outlived the last reference: reported by
//     Recorder::FinishCase). Whether the callee was destroyed is known from its memory
//     when ProxyOptions::callee_lifetime knows it (object_lifetime.h), else judged from
//     the count (Release returned 0; the last Release returned other than 0, when the
//     counts its AddRef or its Release returned ever changed: constant counts are a
//     fixed lifetime's). Once
//     the callee is destroyed it is never called again: later calls are answered by the
//     proxy, and are life.no_call_after_release when nobody held a reference any more;
//   - QueryInterface: forwarded; for IUnknown, IBackgroundCopyCallback and
//     IBackgroundCopyCallback2 the proxy answers itself when the callee succeeded, so
//     the engine sees exactly the interface set the callee answers (one that forgets
//     IBackgroundCopyCallback2 gets no FileTransferred, as on Windows). Other IIDs:
//     the callee's answer passes through, untracked.
//
//   auto recorder = std::make_shared<Recorder>();
//   IUnknown* callback = ...;                         // one reference, handed over
//   ComPtr<RecordingProxy> proxy;
//   RecordingProxy::Create(callback, recorder, &proxy);
//   job->SetNotifyInterface(proxy.Get());
//
// The proxy object is owned by the Recorder, not by its COM references: it stays alive
// (and keeps detecting late calls) until the Recorder is destroyed. The harness may also
// call the notification methods itself, with its own job objects, for cases no engine
// produces (JobModification with dwReserved != 0); it holds its reference (the ComPtr)
// for the call, as the engine does.
//
// Assumes, as COM lets it, that the callee's interfaces share one reference count (no
// tear-offs).
#ifndef DOHARNESS_CONFORMANCE_RECORDING_PROXY_H_
#define DOHARNESS_CONFORMANCE_RECORDING_PROXY_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "api/com_ptr.h"
#include "conformance/object_lifetime.h"
#include "conformance/observations.h"
#include "deliveryoptimization.h"

namespace doharness::conformance {

struct ProxyOptions {
  // Read the job's notify flags and state (GetNotifyFlags, GetState) before each
  // notification, for CallRecord. These are job method calls: with
  // EngineOptions::reentrant_modification_depth > 0 the engine may nest a pending
  // JobModification inside them, before the callee has seen the outer one. Turn the
  // reads off for cases that test that nesting (tol.reentrant_modification). The reads
  // also show in the engine's trace, as client calls.
  bool read_job_at_entry = true;
  // Called inside each notification, with the engine's job, just before the callee
  // runs: the harness doing what another part of the application would do at that
  // moment (SetNotifyInterface(NULL) from inside a call, for tol.unregister_inside).
  std::function<void(NotificationMethod method, IBackgroundCopyJob* job)> before_callee;
  // What the harness knows of the callee's memory (MakeWatched). The default, unknown,
  // judges its lifetime from the counts its Release returns.
  ObjectLifetime callee_lifetime;
};

class RecordingProxy final : public IBackgroundCopyCallback2 {
 public:
  // Makes a proxy for `callback_under_test`, owned by `recorder`, and hands the caller's
  // reference on the callee over to *out: Releasing *out releases the callee (through
  // the proxy). E_POINTER for a null callback or out, E_INVALIDARG for a null recorder.
  static HRESULT Create(IUnknown* callback_under_test, std::shared_ptr<Recorder> recorder,
                        ComPtr<RecordingProxy>* out);
  static HRESULT Create(IUnknown* callback_under_test, std::shared_ptr<Recorder> recorder,
                        const ProxyOptions& options, ComPtr<RecordingProxy>* out);

  RecordingProxy(const RecordingProxy&) = delete;
  RecordingProxy& operator=(const RecordingProxy&) = delete;
  // Only its Recorder destroys it, never a Release.
  ~RecordingProxy();

  // IUnknown: forwarded and recorded, see above.
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override;
  ULONG STDMETHODCALLTYPE AddRef() override;
  ULONG STDMETHODCALLTYPE Release() override;

  // IBackgroundCopyCallback(2): forwarded with spies, recorded.
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* pJob) override;
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override;
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override;
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override;

  // Which proxy of its Recorder this is (CallRecord::callback), from 1.
  int index() const { return index_; }
  // The callee as handed to Create, for checks that must bypass the proxy (identity).
  // References taken through it are not tracked.
  IUnknown* callee() const { return callee_; }
  // Whether `object` is one of the callee's interface pointers that the proxy knows.
  bool IsCallee(const IUnknown* object) const;
  // References the engine and harness hold through the proxy.
  int outstanding() const { return outstanding_.load(); }
  // The count the callee last returned from AddRef or Release through the proxy
  // (1, the creation reference, before any).
  ULONG last_count() const { return last_count_.load(); }
  // Whether the callee was destroyed (see above): it is not called any more.
  bool callee_released() const { return released_.load(); }

 private:
  friend class Recorder;  // CheckDestroyedAtEnd
  RecordingProxy(IUnknown* callee, Recorder* recorder, const ProxyOptions& options);

  // Forwards one notification: spies, scope, timing, exceptions, record.
  HRESULT Notify(NotificationMethod method, IBackgroundCopyJob* job, DWORD reserved, IBackgroundCopyError* error,
                 IBackgroundCopyFile* file);
  // Whether a call may go to the callee; if not, reports it (life.no_call_after_release
  // when no reference was held) naming `what`. Under ref_mu_.
  bool Reachable(const char* what, int job);
  // The callee's IBackgroundCopyCallback (v2: ...Callback2) pointer, learnt from the
  // QueryInterface calls made through the proxy; asked for now (through the proxy, so
  // that it is recorded) if nobody asked yet, as a harness calling directly may not have.
  IBackgroundCopyCallback* Target(bool v2);
  void AddRefRecord(RefOp op, REFIID iid, HRESULT result, ULONG count, bool forwarded);
  // tol.no_exception for an exception that escaped the callee's `method`.
  void ReportException(const char* method, int job, const std::string& what);
  // Keeps the count the callee's AddRef or Release just returned, and whether that
  // method's counts ever changed.
  void NoteCount(RefOp op, ULONG count);
  // Whether the Release that just returned `count` destroyed the callee.
  bool DestroyedBy(ULONG count) const;
  // For Recorder::FinishCase: com.refcount_balanced when the callee's memory is known
  // and it outlived the last reference held through the proxy. At most once.
  void CheckDestroyedAtEnd();

  IUnknown* const callee_;
  Recorder* const recorder_;  // owns this proxy
  const ProxyOptions options_;
  int index_ = 0;

  // AddRef/Release/QueryInterface hold it across the call to the callee, so that the
  // counts the callee returns pair up with `outstanding_` even when engine threads
  // AddRef and Release at once. Recursive: a callee's destructor may let go of a job,
  // whose engine may then Release the proxy on the same thread.
  std::recursive_mutex ref_mu_;
  std::atomic<int> outstanding_{1};  // the creation reference handed to Create
  std::atomic<ULONG> last_count_{1};
  // Whether the counts the callee's AddRef or Release returned ever changed (-1: none
  // yet). Only counts that move are taken for real ones where its memory is not known:
  // a fixed-lifetime object may return constants.
  std::atomic<int64_t> first_addref_count_{-1};
  std::atomic<int64_t> first_release_count_{-1};
  std::atomic<bool> counts_move_{false};
  std::atomic<bool> released_{false};
  std::atomic<bool> end_checked_{false};
  std::atomic<IBackgroundCopyCallback*> callback_{nullptr};
  std::atomic<IBackgroundCopyCallback2*> callback2_{nullptr};
};

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_RECORDING_PROXY_H_
