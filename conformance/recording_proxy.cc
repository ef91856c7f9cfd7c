#include "conformance/recording_proxy.h"

#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include "api/names.h"
#include "conformance/borrowed_spy.h"
#include "conformance/internal/call_scope.h"
#include "isolation/call_watch.h"

namespace doharness::conformance {
namespace {

bool IsCallbackIid(REFIID iid) {
  return IsEqualGUID(iid, IID_IUnknown) || IsEqualGUID(iid, IID_IBackgroundCopyCallback) ||
         IsEqualGUID(iid, IID_IBackgroundCopyCallback2);
}

std::string References(int n) { return std::to_string(n) + (n == 1 ? " reference" : " references"); }

// Runs a call into the callee. A C++ exception must not cross the COM boundary into
// the engine (tol.no_exception): false, with what() in *what, when one escaped.
// Watched (CallWatch) for the isolated child's watchdog and crash reporter: `name` (and
// `job`) is what they report.
template <class F>
bool Shield(const char* name, int job, F&& call, std::string* what) {
  const isolation::CallWatch::Scope watched(name, job);
  try {
    call();
    return true;
  } catch (const std::exception& e) {
    *what = e.what();
  } catch (...) {
    *what = "an exception not derived from std::exception";
  }
  return false;
}

// Opens the window of a spy for the length of one notification; null spies are skipped.
template <class Spy>
class OpenWindow {
 public:
  OpenWindow(Spy* spy, NotificationMethod method) : spy_(spy) {
    if (spy_) spy_->Open(method);
  }
  ~OpenWindow() {
    if (spy_) spy_->Close();
  }
  OpenWindow(const OpenWindow&) = delete;
  OpenWindow& operator=(const OpenWindow&) = delete;

 private:
  Spy* spy_;
};

}  // namespace

HRESULT RecordingProxy::Create(IUnknown* callback_under_test, std::shared_ptr<Recorder> recorder,
                               ComPtr<RecordingProxy>* out) {
  return Create(callback_under_test, std::move(recorder), ProxyOptions(), out);
}

HRESULT RecordingProxy::Create(IUnknown* callback_under_test, std::shared_ptr<Recorder> recorder,
                               const ProxyOptions& options, ComPtr<RecordingProxy>* out) {
  if (callback_under_test == nullptr || out == nullptr) return E_POINTER;
  if (recorder == nullptr) return E_INVALIDARG;
  // The Recorder owns the proxy and the proxy points back without owning (a
  // shared_ptr here would be a cycle).
  std::unique_ptr<RecordingProxy> proxy(new RecordingProxy(callback_under_test, recorder.get(), options));
  RecordingProxy* raw = proxy.get();
  raw->index_ = recorder->AddProxy(std::move(proxy));
  *out = ComPtr<RecordingProxy>::Attach(raw);  // the caller's reference on the callee
  return S_OK;
}

RecordingProxy::RecordingProxy(IUnknown* callee, Recorder* recorder, const ProxyOptions& options)
    : callee_(callee), recorder_(recorder), options_(options) {}

RecordingProxy::~RecordingProxy() = default;

bool RecordingProxy::IsCallee(const IUnknown* object) const {
  if (object == nullptr) return false;
  return object == callee_ || object == static_cast<IUnknown*>(callback_.load()) ||
         object == static_cast<IUnknown*>(callback2_.load());
}

void RecordingProxy::AddRefRecord(RefOp op, REFIID iid, HRESULT result, ULONG count, bool forwarded) {
  RefRecord ref;
  ref.op = op;
  ref.callback = index_;
  ref.thread = recorder_->ThreadIndex();
  ref.iid = iid;
  ref.result = result;
  ref.count = count;
  ref.outstanding = outstanding_.load();
  ref.forwarded = forwarded;
  recorder_->AddRefRecord(ref);
}

void RecordingProxy::ReportException(const char* method, int job, const std::string& what) {
  const std::string where = job != 0 ? "job " + std::to_string(job) : "callback " + std::to_string(index_);
  recorder_->AddViolation("tol.no_exception",
                          std::string(method) + " let an exception escape (" + where + "): " + what, job);
}

void RecordingProxy::NoteCount(RefOp op, ULONG count) {
  last_count_.store(count);
  std::atomic<int64_t>& first = op == RefOp::kAddRef ? first_addref_count_ : first_release_count_;
  int64_t unset = -1;
  if (!first.compare_exchange_strong(unset, count) && unset != static_cast<int64_t>(count)) {
    counts_move_.store(true);
  }
}

bool RecordingProxy::DestroyedBy(ULONG count) const {
  return options_.callee_lifetime.Destroyed().value_or(count == 0);
}

// Both the memory and the count must say that the object lives on: a class may keep
// a destroyed object's block untouched (its own operator delete), and then only its
// last count (0) tells.
void RecordingProxy::CheckDestroyedAtEnd() {
  const ObjectLifetime& lifetime = options_.callee_lifetime;
  if (lifetime.provenance() != Provenance::kHeap || outstanding_.load() > 0 || released_.load() ||
      *lifetime.Destroyed() || last_count_.load() == 0 || end_checked_.exchange(true)) {
    return;
  }
  recorder_->AddViolation("com.refcount_balanced",
                          "callback " + std::to_string(index_) +
                              " is still alive after the last reference held on it was released: its last Release "
                              "returned " +
                              std::to_string(last_count_.load()) +
                              " and its memory was not freed (it keeps a reference to itself)");
}

bool RecordingProxy::Reachable(const char* what, int job) {
  if (outstanding_.load() <= 0) {
    // Nobody holds a reference through the proxy: whoever calls kept a pointer it had
    // released (for the engine, the promise life.no_call_after_release).
    recorder_->AddViolation(
        "life.no_call_after_release",
        std::string(what) + " called on callback " + std::to_string(index_) +
            (released_.load() ? " after its last reference was released (Release returned 0)"
                              : " after every reference held on it was released"),
        job);
    return false;
  }
  // Released while references were still held (com.refcount_no_early_free, reported
  // then): the holders may call, but the callee is gone.
  return !released_.load();
}

// ---- IUnknown -----------------------------------------------------------------------
ULONG RecordingProxy::AddRef() {
  std::lock_guard<std::recursive_mutex> lock(ref_mu_);
  if (!Reachable("AddRef", 0)) {
    if (outstanding_.load() > 0) ++outstanding_;  // a holder of a callee that freed itself early
    AddRefRecord(RefOp::kAddRef, IID_IUnknown, S_OK, 0, false);
    return 0;
  }
  ULONG count = last_count_.load();
  std::string what;
  if (Shield("AddRef", 0, [&] { count = callee_->AddRef(); }, &what)) {
    NoteCount(RefOp::kAddRef, count);
  } else {
    ReportException("AddRef", 0, what);
  }
  ++outstanding_;  // AddRef cannot fail: the caller holds a reference now, whatever the callee did
  AddRefRecord(RefOp::kAddRef, IID_IUnknown, S_OK, count, true);
  return count;
}

ULONG RecordingProxy::Release() {
  std::lock_guard<std::recursive_mutex> lock(ref_mu_);
  if (outstanding_.load() <= 0) {
    Reachable("Release", 0);  // reports it
    AddRefRecord(RefOp::kRelease, IID_IUnknown, S_OK, 0, false);
    return 0;
  }
  const int remaining = --outstanding_;
  if (released_.load()) {  // the callee freed itself early; its holders let go
    AddRefRecord(RefOp::kRelease, IID_IUnknown, S_OK, 0, false);
    return 0;
  }
  ULONG count = last_count_.load();
  std::string what;
  if (!Shield("Release", 0, [&] { count = callee_->Release(); }, &what)) {
    ReportException("Release", 0, what);
    AddRefRecord(RefOp::kRelease, IID_IUnknown, S_OK, count, true);
    return count;
  }
  NoteCount(RefOp::kRelease, count);
  if (DestroyedBy(count)) {
    released_.store(true);
    if (remaining > 0) {
      const std::string held = References(remaining) + " on callback " + std::to_string(index_);
      recorder_->AddViolation(
          "com.refcount_no_early_free",
          options_.callee_lifetime.Destroyed().has_value()
              ? "a Release (returning " + std::to_string(count) + ") destroyed the object while the engine or harness still held " + held + ": its memory was freed under its holders"
              : "Release returned 0 while the engine or harness still held " + held +
                    ": the object freed itself under its holders");
    }
  } else if (remaining == 0 && !options_.callee_lifetime.Destroyed().has_value() && counts_move_.load()) {
    recorder_->AddViolation("com.refcount_balanced",
                            "Release of the last reference returned " + std::to_string(count) +
                                ": the object leaked a reference to itself (callback " +
                                std::to_string(index_) + ")");
  }
  AddRefRecord(RefOp::kRelease, IID_IUnknown, S_OK, count, true);
  return count;
}

HRESULT RecordingProxy::QueryInterface(REFIID iid, void** out) {
  std::lock_guard<std::recursive_mutex> lock(ref_mu_);
  if (!Reachable("QueryInterface", 0)) {
    if (out != nullptr) *out = nullptr;
    AddRefRecord(RefOp::kQueryInterface, iid, E_UNEXPECTED, 0, false);
    return E_UNEXPECTED;
  }
  void* answer = nullptr;
  HRESULT hr = E_UNEXPECTED;
  std::string what;
  // A null out-pointer goes through as it is: how the callee copes is com.null_out.
  if (!Shield(
          isolation::QueryInterfaceCallName(iid, out == nullptr), 0,
          [&] { hr = callee_->QueryInterface(iid, out != nullptr ? &answer : nullptr); }, &what)) {
    ReportException("QueryInterface", 0, what);
    hr = E_UNEXPECTED;
    answer = nullptr;
  }
  if (out != nullptr) {
    if (SUCCEEDED(hr) && answer != nullptr && IsCallbackIid(iid)) {
      // The callee AddRef'd itself for this answer; the proxy stands in for it.
      if (IsEqualGUID(iid, IID_IBackgroundCopyCallback)) {
        callback_.store(static_cast<IBackgroundCopyCallback*>(answer));
      } else if (IsEqualGUID(iid, IID_IBackgroundCopyCallback2)) {
        callback2_.store(static_cast<IBackgroundCopyCallback2*>(answer));
      }
      ++outstanding_;
      *out = static_cast<IBackgroundCopyCallback2*>(this);
    } else {
      *out = answer;
    }
  }
  AddRefRecord(RefOp::kQueryInterface, iid, hr, 0, true);
  return hr;
}

IBackgroundCopyCallback* RecordingProxy::Target(bool v2) {
  auto known = [&]() -> IBackgroundCopyCallback* {
    if (v2) return callback2_.load();
    IBackgroundCopyCallback* cb = callback_.load();
    return cb != nullptr ? cb : callback2_.load();  // a Callback2 is a Callback
  };
  if (IBackgroundCopyCallback* cb = known()) return cb;
  void* answer = nullptr;
  if (SUCCEEDED(QueryInterface(v2 ? IID_IBackgroundCopyCallback2 : IID_IBackgroundCopyCallback, &answer)) &&
      answer != nullptr) {
    Release();  // only the pointer was wanted; the caller's reference keeps the callee
  }
  return known();
}

// ---- Notifications ---------------------------------------------------------------------
HRESULT RecordingProxy::JobTransferred(IBackgroundCopyJob* pJob) {
  return Notify(NotificationMethod::kJobTransferred, pJob, 0, nullptr, nullptr);
}

HRESULT RecordingProxy::JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) {
  return Notify(NotificationMethod::kJobError, pJob, 0, pError, nullptr);
}

HRESULT RecordingProxy::JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) {
  return Notify(NotificationMethod::kJobModification, pJob, dwReserved, nullptr, nullptr);
}

HRESULT RecordingProxy::FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) {
  return Notify(NotificationMethod::kFileTransferred, pJob, 0, nullptr, pFile);
}

HRESULT RecordingProxy::Notify(NotificationMethod method, IBackgroundCopyJob* job, DWORD reserved,
                               IBackgroundCopyError* error, IBackgroundCopyFile* file) {
  CallRecord call;
  call.method = method;
  call.callback = index_;
  call.reserved = reserved;
  call.thread = recorder_->ThreadIndex();
  SpyJob* job_spy = job != nullptr ? recorder_->JobSpy(job) : nullptr;
  call.job = job_spy != nullptr ? job_spy->job() : 0;
  // Before the reads below: a JobModification the engine nests inside them counts as nested.
  internal::CallScope scope(this, method, call.job);
  call.depth = scope.depth();
  if (options_.read_job_at_entry && job_spy != nullptr) {
    // Through the engine's job, not the spy: these reads are the harness's, not the callee's.
    ULONG flags = 0;
    if (job_spy->real()->GetNotifyFlags(&flags) == S_OK) call.notify_flags = flags;
    BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
    if (job_spy->real()->GetState(&state) == S_OK) call.state = state;
  }

  IBackgroundCopyCallback* target = nullptr;
  {
    std::lock_guard<std::recursive_mutex> lock(ref_mu_);
    call.refcount = last_count_.load();
    call.outstanding = outstanding_.load();
    if (Reachable(NotificationMethodName(method), call.job)) {
      target = Target(method == NotificationMethod::kFileTransferred);
      if (target == nullptr && method == NotificationMethod::kFileTransferred) {
        recorder_->AddViolation("flags.gate_file",
                                "FileTransferred called on callback " + std::to_string(index_) +
                                    ", which does not answer IBackgroundCopyCallback2",
                                call.job);
      }
    }
  }
  call.start = std::chrono::steady_clock::now();
  if (target == nullptr) {
    call.forwarded = false;
    call.finished = true;
    call.result = E_UNEXPECTED;
    recorder_->EndCall(recorder_->BeginCall(call), call);
    return call.result;
  }

  if (options_.before_callee && job != nullptr) options_.before_callee(method, job);
  SpyError* error_spy = error != nullptr ? recorder_->NewErrorSpy(error, call.job) : nullptr;
  SpyFile* file_spy = file != nullptr ? recorder_->NewFileSpy(file, call.job) : nullptr;
  const size_t slot = recorder_->BeginCall(call);
  {
    OpenWindow<SpyJob> job_window(job_spy, method);
    OpenWindow<SpyError> error_window(error_spy, method);
    OpenWindow<SpyFile> file_window(file_spy, method);
    call.threw = !Shield(
        NotificationMethodName(method), call.job, [&] {
          switch (method) {
            case NotificationMethod::kJobTransferred: call.result = target->JobTransferred(job_spy); break;
            case NotificationMethod::kJobError: call.result = target->JobError(job_spy, error_spy); break;
            case NotificationMethod::kJobModification: call.result = target->JobModification(job_spy, reserved); break;
            case NotificationMethod::kFileTransferred:
              call.result =
                  static_cast<IBackgroundCopyCallback2*>(target)->FileTransferred(job_spy, file_spy);
              break;
          }
        },
        &call.exception);
    call.duration = std::chrono::steady_clock::now() - call.start;
  }
  call.finished = true;
  if (call.threw) {
    call.result = E_UNEXPECTED;  // what a failed call answers; the harness survives it
    ReportException(NotificationMethodName(method), call.job, call.exception);
  }
  recorder_->EndCall(slot, call);
  return call.result;
}

}  // namespace doharness::conformance
