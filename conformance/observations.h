// What a conformance case observed of the callback under test: every notification
// that reached it through a RecordingProxy (CallRecord), every AddRef, Release and
// QueryInterface made on it through the proxy (RefRecord), and the rule violations
// that the proxy and the borrowed-pointer spies detected on the way (Violation).
// Verdicts are computed from these afterwards; nothing here decides pass or fail.
//
//   auto recorder = std::make_shared<Recorder>();
//   ComPtr<RecordingProxy> proxy;
//   RecordingProxy::Create(callback_under_test, recorder, &proxy);
//   job->SetNotifyInterface(proxy.Get());
//   ... run the engine, shut it down, proxy.Reset() ...
//   recorder->FinishCase();
//   for (const Violation& v : recorder->violations()) ...
//
// The Recorder also owns the proxies and spies made for it: they stay alive, and keep
// detecting late calls, until the Recorder is destroyed. So keep it (the shared_ptr)
// until the engine has shut down and nothing can call the proxy any more.
//
// Thread-safe: notifications may arrive on several engine threads at once.
#ifndef DOHARNESS_CONFORMANCE_OBSERVATIONS_H_
#define DOHARNESS_CONFORMANCE_OBSERVATIONS_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "api/notification_method.h"
#include "deliveryoptimization.h"

namespace doharness::conformance {

class RecordingProxy;
class SpyJob;
class SpyError;
class SpyFile;
template <class Interface>
class BorrowedSpy;

// One notification forwarded (or, once the callee is gone, refused) by a proxy.
struct CallRecord {
  NotificationMethod method = NotificationMethod::kJobTransferred;
  int callback = 0;    // which proxy of the Recorder (RecordingProxy::index), from 1
  int job = 0;         // the Recorder's index of pJob, from 1; 0 when pJob was NULL
  DWORD reserved = 0;  // JobModification's dwReserved
  int thread = 0;      // Recorder::ThreadIndex of the calling thread, from 1
  // Notifications of the same callback already running on this thread when this one
  // started: 1 for a JobModification nested inside a job method called from another.
  int depth = 0;
  // Wall clock (not the engine's virtual clock): how long the callee itself took,
  // for time.no_hang and time.prompt.
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::duration duration{0};
  // False while the callee has not returned: a hanging call is visible as one.
  bool finished = false;
  // False when the proxy answered itself, without calling the callee (it was gone).
  bool forwarded = true;
  // What the engine got back: the callee's HRESULT, or E_UNEXPECTED when it threw
  // or was not called.
  HRESULT result = S_OK;
  bool threw = false;
  std::string exception;  // what() of a std::exception, else "an exception not derived from std::exception"
  // The callee's reference count as last returned to the proxy by its AddRef or
  // Release (usually the engine's AddRef for this call), and how many references the
  // engine and harness held through the proxy, both at entry.
  ULONG refcount = 0;
  int outstanding = 0;
  // The job's notify flags and state at entry, read through the real job before the
  // callee ran; nullopt when the read failed or was turned off (ProxyOptions).
  std::optional<ULONG> notify_flags;
  std::optional<BG_JOB_STATE> state;
};

// A rule of conformance/rules.md broken, as the proxy or a spy saw it happen.
struct Violation {
  std::string rule;     // "params.job_not_released"
  std::string message;  // "JobError released pError once more than it AddRef'd (job 2)"
  int job = 0;          // the Recorder's job index; 0 when no job is involved
};

// AddRef, Release or QueryInterface made through a proxy by the engine or harness.
enum class RefOp { kAddRef, kRelease, kQueryInterface };

struct RefRecord {
  RefOp op = RefOp::kAddRef;
  int callback = 0;  // RecordingProxy::index
  int thread = 0;
  IID iid{};              // kQueryInterface: the IID asked for
  HRESULT result = S_OK;  // kQueryInterface: what the callee answered
  ULONG count = 0;        // kAddRef, kRelease: what the callee returned (0 when not forwarded)
  int outstanding = 0;    // references held through the proxy after the call
  bool forwarded = true;  // false: the callee was gone and was not called
};

// "JobError job 2 thread 1 depth 0 flags TRANSFERRED|ERROR state ERROR refcount 3
// outstanding 3 -> S_OK (0x00000000) in 12us".
std::string ToString(const CallRecord& call);
// "[params.job_not_released] job 2: JobError released pJob once more ...".
std::string ToString(const Violation& violation);
// "callback 1 thread 1 AddRef -> 3 (outstanding 2)",
// "callback 1 thread 1 QueryInterface(IBackgroundCopyCallback2) -> S_OK (0x00000000) (outstanding 2)".
std::string ToString(const RefRecord& ref);
std::ostream& operator<<(std::ostream& os, const CallRecord& call);
std::ostream& operator<<(std::ostream& os, const Violation& violation);
std::ostream& operator<<(std::ostream& os, const RefRecord& ref);

class Recorder {
 public:
  Recorder();
  // Destroys the proxies and spies; see the top of this file for when that is safe.
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // Copies, in the order the events started.
  std::vector<CallRecord> calls() const;
  std::vector<RefRecord> ref_records() const;
  std::vector<Violation> violations() const;
  // The violations of one rule id.
  std::vector<Violation> ViolationsOf(std::string_view rule) const;

  // The index (from 1) that call records give this job, or 0 if no notification has
  // carried it yet. Takes the engine's job pointer, or a spy of it.
  int JobIndexOf(IBackgroundCopyJob* job) const;
  // A small number for the calling thread (from 1, in order of first use).
  int ThreadIndex();

  // For checks made outside the proxy (the cases): adds a violation of `rule`.
  void AddViolation(std::string rule, std::string message, int job = 0);

  // Ends a case: params.retained_balanced for every pJob, pError or pFile on which the
  // callee still holds a reference, and com.refcount_balanced for a callee known to
  // outlive its last reference (RecordingProxy). Call it once the callee has been
  // released (the rule allows references until destruction). Each is reported at
  // most once.
  void FinishCase();

  // Everything, readable, for debugging: calls, reference records, violations.
  std::string ToString() const;

 private:
  friend class RecordingProxy;
  template <class Interface>
  friend class BorrowedSpy;
  friend class SpyJob;

  // Takes ownership of a new proxy and returns its index.
  int AddProxy(std::unique_ptr<RecordingProxy> proxy);
  // The proxy whose callee `object` is (one of its interface pointers), or null: a
  // callee that registers itself from inside a call gets its proxy registered.
  RecordingProxy* ProxyForCallee(const IUnknown* object) const;

  // The one spy of a job (made on first sight), for the engine's job pointer.
  SpyJob* JobSpy(IBackgroundCopyJob* real);
  // A new spy for the pError of one JobError call / the pFile of one FileTransferred call.
  SpyError* NewErrorSpy(IBackgroundCopyError* real, int job);
  SpyFile* NewFileSpy(IBackgroundCopyFile* real, int job);

  // Appends a call at its start and returns its slot; EndCall overwrites the slot.
  size_t BeginCall(const CallRecord& call);
  void EndCall(size_t slot, const CallRecord& call);
  void AddRefRecord(RefRecord ref);

  mutable std::mutex mu_;
  std::vector<CallRecord> calls_;
  std::vector<RefRecord> refs_;
  std::vector<Violation> violations_;
  std::map<std::thread::id, int> threads_;
  // Owned here so that they outlive every COM reference: never freed by a Release.
  std::vector<std::unique_ptr<RecordingProxy>> proxies_;
  std::map<const IBackgroundCopyJob*, std::unique_ptr<SpyJob>> job_spies_;
  // Each job's spy by the engine's job pointer and by the spy's own: a lookup per
  // notification, so that a run of 20k jobs does not search them all each time.
  std::unordered_map<const IBackgroundCopyJob*, SpyJob*> spy_of_job_;
  std::vector<std::unique_ptr<SpyError>> error_spies_;
  std::vector<std::unique_ptr<SpyFile>> file_spies_;
};

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_OBSERVATIONS_H_
