// EngineCore: the state and the event loop behind FakeEngine and its COM objects.
// One mutex guards all state; it is never held while the engine calls out to a
// callback (notifications, AddRef, Release, QueryInterface), so callbacks may call
// any job method from inside a notification.
#ifndef DOHARNESS_ENGINE_INTERNAL_ENGINE_CORE_H_
#define DOHARNESS_ENGINE_INTERNAL_ENGINE_CORE_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "api/names.h"
#include "deliveryoptimization.h"
#include "engine/engine_options.h"
#include "engine/fake_engine.h"
#include "engine/fault.h"
#include "engine/internal/job_record.h"
#include "engine/internal/thread_pool.h"
#include "engine/trace.h"

namespace doharness::internal {

class ManagerObject;

// One notification call chosen for delivery, with what keeps its pointers valid.
// PrepareDelivery sets every field (a delivery is made per notification, so it is
// not zeroed first). Plain data: in threaded mode the registration's pin travels
// beside it, so that a deterministic delivery carries no shared_ptr.
struct Delivery {
  JobRecord* record;  // stable: records live as long as the engine
  // The registration's callback, read while choosing: one load less before the call.
  IBackgroundCopyCallback* callback;
  Registration* registration;
  // pJob stays valid because the engine keeps its hold on the job object while a
  // call is in flight; pError and pFile are AddRef'd for the call.
  IBackgroundCopyJob* job_object;
  IBackgroundCopyError* error_object;
  IBackgroundCopyFile* file_object;
  uint64_t seq;          // of the queued FileTransferred, or of the owed JobTransferred/JobError
  uint64_t state_epoch;  // of the JobTransferred/JobError
  uint32_t job;
  uint32_t file;
  NotificationMethod kind;
  int depth;     // > 0: a re-entrant JobModification (STA)
  bool skipped;  // threaded mode: no longer deliverable when its turn came
};

class EngineCore : public std::enable_shared_from_this<EngineCore> {
 public:
  explicit EngineCore(EngineOptions options);
  ~EngineCore();
  void Start();  // makes the manager; needs shared_from_this, so not in the constructor

  const EngineOptions& options() const { return options_; }
  const Profile& profile() const { return options_.profile; }
  IBackgroundCopyManager* manager() const;

  // ---- Test-facing API (FakeEngine) ----
  void ServeUrl(std::wstring_view url, uint64_t size, uint64_t bytes_per_second);
  HRESULT AddFileSpec(uint32_t job, const FileSpec& file);
  HRESULT ScriptFault(uint32_t job, const Fault& fault);
  uint32_t JobNumberOf(IBackgroundCopyJob* job) const;
  // A known job's state, untraced (FakeEngine::PeekState).
  BG_JOB_STATE PeekState(uint32_t job) const;
  VirtualTime Now() const { return VirtualTime(now_us_.load(std::memory_order_relaxed)); }
  void AdvanceTo(VirtualTime target);
  bool RunUntilIdle(Duration limit);
  const Trace& trace() const { return trace_; }
  EngineStats stats() const;
  void Shutdown();

  // ---- Manager ----
  HRESULT CreateJob(LPCWSTR name, BG_JOB_TYPE type, GUID* id, IBackgroundCopyJob** job);
  HRESULT GetJob(REFGUID id, IBackgroundCopyJob** job);
  HRESULT EnumJobs(DWORD flags, IEnumBackgroundCopyJobs** jobs);
  HRESULT GetErrorDescription(HRESULT hr, LPWSTR* description);

  // ---- Job methods (IBackgroundCopyJob, by job number) ----
  HRESULT AddFileSet(uint32_t job, ULONG count, BG_FILE_INFO* files);
  HRESULT AddFile(uint32_t job, LPCWSTR remote, LPCWSTR local);
  HRESULT EnumFiles(uint32_t job, IEnumBackgroundCopyFiles** files);
  HRESULT Suspend(uint32_t job);
  HRESULT Resume(uint32_t job);
  HRESULT Cancel(uint32_t job);
  HRESULT Complete(uint32_t job);
  HRESULT GetId(uint32_t job, GUID* id);
  HRESULT GetType(uint32_t job, BG_JOB_TYPE* type);
  HRESULT GetProgress(uint32_t job, BG_JOB_PROGRESS* progress);
  HRESULT GetTimes(uint32_t job, BG_JOB_TIMES* times);
  HRESULT GetState(uint32_t job, BG_JOB_STATE* state);
  HRESULT GetError(uint32_t job, IBackgroundCopyError** error);
  HRESULT GetOwner(uint32_t job, LPWSTR* owner);
  HRESULT SetDisplayName(uint32_t job, LPCWSTR name);
  HRESULT GetDisplayName(uint32_t job, LPWSTR* name);
  HRESULT SetDescription(uint32_t job, LPCWSTR description);
  HRESULT GetDescription(uint32_t job, LPWSTR* description);
  HRESULT SetPriority(uint32_t job, BG_JOB_PRIORITY priority);
  HRESULT GetPriority(uint32_t job, BG_JOB_PRIORITY* priority);
  HRESULT SetNotifyFlags(uint32_t job, ULONG flags);
  HRESULT GetNotifyFlags(uint32_t job, ULONG* flags);
  HRESULT SetNotifyInterface(uint32_t job, IUnknown* callback);
  HRESULT GetNotifyInterface(uint32_t job, IUnknown** callback);
  HRESULT SetMinimumRetryDelay(uint32_t job, ULONG seconds);
  HRESULT GetMinimumRetryDelay(uint32_t job, ULONG* seconds);
  HRESULT SetNoProgressTimeout(uint32_t job, ULONG seconds);
  HRESULT GetNoProgressTimeout(uint32_t job, ULONG* seconds);
  HRESULT GetErrorCount(uint32_t job, ULONG* errors);
  HRESULT SetProxySettings(uint32_t job, BG_JOB_PROXY_USAGE usage, const WCHAR* list,
                           const WCHAR* bypass);
  HRESULT GetProxySettings(uint32_t job, BG_JOB_PROXY_USAGE* usage, LPWSTR* list, LPWSTR* bypass);
  HRESULT TakeOwnership(uint32_t job);
  // IBackgroundCopyJob2 and IBackgroundCopyJob3 (engine_core_later.cc).
  HRESULT SetNotifyCmdLine(uint32_t job, LPCWSTR program, LPCWSTR parameters);
  HRESULT GetNotifyCmdLine(uint32_t job, LPWSTR* program, LPWSTR* parameters);
  HRESULT GetReplyProgress(uint32_t job, BG_JOB_REPLY_PROGRESS* progress);
  HRESULT GetReplyData(uint32_t job, byte** buffer, UINT64* length);
  HRESULT SetReplyFileName(uint32_t job, LPCWSTR name);
  HRESULT GetReplyFileName(uint32_t job, LPWSTR* name);
  HRESULT SetCredentials(uint32_t job, BG_AUTH_CREDENTIALS* credentials);
  HRESULT RemoveCredentials(uint32_t job, BG_AUTH_TARGET target, BG_AUTH_SCHEME scheme);
  HRESULT ReplaceRemotePrefix(uint32_t job, LPCWSTR old_prefix, LPCWSTR new_prefix);
  HRESULT AddFileWithRanges(uint32_t job, LPCWSTR remote, LPCWSTR local, DWORD count,
                            BG_FILE_RANGE ranges[]);
  HRESULT SetFileACLFlags(uint32_t job, DWORD flags);
  HRESULT GetFileACLFlags(uint32_t job, DWORD* flags);

  // ---- File and error objects ----
  HRESULT FileGetRemoteName(uint32_t job, uint32_t file, LPWSTR* name);
  HRESULT FileGetLocalName(uint32_t job, uint32_t file, LPWSTR* name);
  HRESULT FileGetProgress(uint32_t job, uint32_t file, BG_FILE_PROGRESS* progress);
  // IBackgroundCopyFile2 and IBackgroundCopyFile3 (engine_core_later.cc).
  HRESULT FileGetFileRanges(uint32_t job, uint32_t file, DWORD* count, BG_FILE_RANGE** ranges);
  HRESULT FileSetRemoteName(uint32_t job, uint32_t file, LPCWSTR name);
  HRESULT FileGetTemporaryName(uint32_t job, uint32_t file, LPWSTR* name);
  HRESULT FileSetValidationState(uint32_t job, uint32_t file, BOOL valid);
  HRESULT FileGetValidationState(uint32_t job, uint32_t file, BOOL* valid);
  HRESULT FileIsDownloadedFromPeer(uint32_t job, uint32_t file, BOOL* from_peer);
  HRESULT ErrorGetFile(uint32_t job, int file, IBackgroundCopyFile** out);
  // For the error object's getters that read only the object's own values: the code
  // of a getter fault of `job` on `method` ("Error.GetError", ...) if one fires now.
  std::optional<HRESULT> ErrorGetterFailure(uint32_t job, const char* method);

  // ---- Tracing and violations ----
  bool tracing() const { return options_.trace; }
  void TraceEvent(uint32_t job, TraceEvent::Kind kind, std::string method,
                  nlohmann::ordered_json args = nlohmann::ordered_json::object(),
                  std::string result = {});
  // A misuse of an engine object (e.g. Release of a borrowed pointer below zero).
  void ReportViolation(uint32_t job, const char* what, const char* object);

  // ---- Notification delivery (engine_core_dispatch.cc): the dispatcher, a part of EngineCore ----
  // Chooses the next call to make for `job` (under the lock), or returns false.
  bool ChooseDelivery(JobRecord& job, Delivery* delivery);
  // Makes the call (lock not held) and then records its result (under the lock). In
  // threaded mode `pin` keeps the registration alive until the call's own AddRef, and
  // the call is dropped if it is no longer deliverable; deterministic mode passes none.
  void ExecuteDelivery(Delivery& delivery, std::shared_ptr<Registration>* pin = nullptr);
  // Delivers a JobModification to `job` now, as the dispatcher does (flags checked,
  // a reference held, the result recorded), bypassing the queue. For the dispatch
  // benchmark. Needs deterministic mode.
  HRESULT DeliverModificationNow(uint32_t job);
  // Raises `count` JobModifications on `job` as state changes do, for the benchmark of
  // the real delivery path (raised, queued, then drained by RunUntilIdle).
  void RaiseModifications(uint32_t job, int count);

 private:
  friend class Registration;
  // Skipped only in deterministic mode with EngineOptions::one_calling_thread, where
  // the caller promises that one thread reaches the engine.
  class EngineMutex {
   public:
    explicit EngineMutex(bool enabled) : enabled_(enabled) {}
    void lock() {
      if (enabled_) mu_.lock();
    }
    void unlock() {
      if (enabled_) mu_.unlock();
    }

   private:
    bool enabled_;
    std::mutex mu_;
  };
  using Lock = std::unique_lock<EngineMutex>;

  struct Timer {
    enum class Kind : uint8_t {
      kAdvanceState,   // QUEUED -> CONNECTING -> TRANSFERRING
      kTransferStep,   // `bytes` of the current file arrived
      kTransientRetry,  // a job in TRANSIENT_ERROR tries again
      kStallEnd,
      kNoProgress,     // the no-progress timeout ran out
      kDeliveryDue,    // a redelivery's delay ran out
    };
    VirtualTime when;
    uint64_t seq;
    Kind kind;
    uint32_t job;
    uint32_t generation;
    uint64_t bytes;
    bool operator>(const Timer& o) const {
      return when != o.when ? when > o.when : seq > o.seq;
    }
  };

  // Runs the locked part of a client call: traces it, refuses it after Shutdown and,
  // in the do profile, when the method is one DO does not document.
  enum class Availability { kEveryProfile, kBitsOnly };
  using Json = nlohmann::ordered_json;
  // The arguments of a client call for its trace event; built only when tracing.
  class TraceArgs {
   public:
    explicit TraceArgs(bool on) : on_(on) {}
    template <typename MakeValue>
    void Set(const char* key, MakeValue&& make_value) {
      if (on_) json_[key] = make_value();
    }
    Json Take() { return json_.is_null() ? Json::object() : std::move(json_); }

   private:
    bool on_;
    Json json_;  // null until the first Set: with the trace off a call allocates nothing
  };
  template <typename F>  // F: HRESULT(JobRecord&, TraceArgs&)
  HRESULT JobCall(uint32_t job, const char* method, Availability availability, F&& body);
  // Fires a getter fault of `job` on `method`, if one is left: traced, its code returned.
  std::optional<HRESULT> TakeGetterFailure(JobRecord& job, std::string_view method);
  // The STA re-entrancy of BITS-doc: a job method called from inside JobModification
  // may first deliver the job's next pending JobModification.
  void MaybeReenter(uint32_t job);

  JobRecord* FindJob(uint32_t job) {
    return (job >= 1 && job <= jobs_.size()) ? jobs_[job - 1].get() : nullptr;
  }
  JobRecord& Job(uint32_t job) { return *jobs_[job - 1]; }
  HRESULT AddFileLocked(JobRecord& job, std::string remote, std::string local, uint64_t size,
                        uint64_t bytes_per_second);

  // State machine and transfer model (engine_core_transfer.cc).
  void SetState(JobRecord& job, BG_JOB_STATE state);
  void EnterFinal(JobRecord& job, BG_JOB_STATE state);
  void StartTransfer(JobRecord& job);
  void ScheduleNextStep(JobRecord& job);
  void ApplyStep(JobRecord& job, uint64_t bytes);
  bool FireFaultAt(JobRecord& job);
  void EnterError(JobRecord& job, HRESULT code, BG_ERROR_CONTEXT context, int file, bool transient);
  void ClearError(JobRecord& job);
  void RunTimer(const Timer& timer);
  void Schedule(VirtualTime when, Timer::Kind kind, JobRecord& job, uint64_t bytes = 0);
  Duration NoProgressTimeout(const JobRecord& job) const;
  Duration RetryDelayFor(const JobRecord& job) const;

  // Notifications (engine_core_dispatch.cc).
  void RaiseModification(JobRecord& job);
  void RaiseFileTransferred(JobRecord& job, uint32_t file);
  void OweTerminal(JobRecord& job);
  void MarkReady(JobRecord& job);
  // Whether `kind` may be delivered to `job` now: its bit of JobRecord::deliverable,
  // which RefreshDeliverable computes whenever the flags or the registration change.
  static bool Gate(const JobRecord& job, NotificationMethod kind) {
    return (job.deliverable >> static_cast<unsigned>(kind)) & 1u;
  }
  void RefreshDeliverable(JobRecord& job) const;
  void FinishDelivery(Delivery& delivery, HRESULT hr);
  void FinishHighLane(Delivery& delivery, HRESULT hr);
  HRESULT Invoke(Delivery& delivery, IBackgroundCopyCallback* callback);
  // The call as tracing, re-entrancy or threads need it watched: its trace events,
  // the concurrency count and the thread's current call. Out of the plain path.
  HRESULT InvokeWatched(Delivery& delivery, IBackgroundCopyCallback* callback, ULONG count);
  void ReportEscapedException(uint32_t job, NotificationMethod kind);
  void TraceCallStart(const Delivery& delivery, ULONG count);
  void TraceCallEnd(const Delivery& delivery, ULONG count);
  bool StillDeliverable(Delivery& delivery, std::shared_ptr<Registration>& pin);
  // A final job with no call in flight lets go of its callback and COM objects.
  void ReleaseIfDone(JobRecord& job);
  // ChooseDelivery when a JobTransferred/JobError or a FileTransferred is owed too, or
  // the job is final.
  bool ChooseAmongLanes(JobRecord& job, Delivery* delivery);
  static bool OnlyModificationsWait(const JobRecord& job) {
    return !job.terminal_owed && job.files_owed.empty() && !job.IsFinal();
  }
  // Takes the next waiting JobModification if the flags allow it and none is in
  // flight (and drops the waiting ones the flags forbid).
  static bool TakeModification(JobRecord& job);
  void CallModification(JobRecord& job);
  // DeliverModificationNow's call when calls are watched (the trace, re-entrancy):
  // through a Delivery. Called and returns with the mutex held, released around it.
  void DeliverWatchedModification(JobRecord& job);
  bool ChooseNestedModification(JobRecord& job, int depth, Delivery* delivery);
  void PrepareDelivery(JobRecord& job, NotificationMethod kind, Delivery* delivery,
                       uint32_t file = 0, uint64_t seq = 0);
  bool IsLive(const Timer& timer) const;
  // Runs timers and expiries in time order up to `until`; with `until_idle` it stops
  // as soon as only expiries are left. True when it stopped idle.
  bool RunEvents(Lock& lock, VirtualTime until, bool until_idle);
  void SetNow(VirtualTime t) { now_us_.store(t.count(), std::memory_order_relaxed); }
  // Delivers everything ready at the current time. Returns with the lock held.
  void DrainReady(Lock& lock);
  // Releases what was dropped under the lock (registrations), with the lock released.
  void FlushGraveyard(Lock& lock);
  // The same with the mutex held (it is released meanwhile and taken again).
  void ReleaseDropped();
  bool HasWork() const;

  FileObject* FileObjectFor(JobRecord& job, uint32_t file);
  uint64_t NextSeq() { return ++seq_; }
  std::string ThreadName() const;

  EngineOptions options_;
  // Calls need watching (InvokeWatched): tracing, re-entrancy or threaded mode. Else a
  // delivery is the AddRef, the call, the Release and the result recorded.
  const bool watched_calls_;
  mutable EngineMutex mu_;
  std::condition_variable_any idle_cv_;
  std::atomic<int64_t> now_us_{0};  // read by traces on worker threads
  uint64_t seq_ = 0;
  std::mt19937_64 rng_;
  bool shut_down_ = false;
  bool driving_ = false;  // AdvanceTo/RunUntilIdle is running

  std::vector<std::unique_ptr<JobRecord>> jobs_;
  // Numbers of the jobs in the queue in creation order, and of some that have left
  // it since (EnumJobs drops those).
  std::vector<uint32_t> jobs_in_queue_;
  // Jobs still in the queue, in all and per owner, for the BITS CreateJob limits.
  size_t queued_jobs_ = 0;
  std::map<std::wstring, size_t> queued_jobs_by_owner_;
  std::map<std::wstring, std::pair<uint64_t, uint64_t>> served_urls_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  // A job's 30/90-day expiry. Every job has one at the same distance from its
  // creation, so they come due in creation order: a FIFO, not the timer heap (which
  // would carry one entry per job). Expiries are not "something left to happen".
  struct Expiry {
    VirtualTime when;
    uint32_t job;
  };
  std::deque<Expiry> expiries_;
  std::vector<uint32_t> ready_;   // jobs that may have a call to make
  size_t ready_head_ = 0;
  std::vector<std::shared_ptr<Registration>> graveyard_;

  int calls_in_flight_ = 0;  // chosen and not finished
  int running_calls_ = 0;    // inside the callback right now
  EngineStats stats_;
  Trace trace_;
  ManagerObject* manager_ = nullptr;
  std::unique_ptr<ThreadPool> pool_;
};

// In the header: every file of EngineCore's client methods uses it.
template <typename F>
HRESULT EngineCore::JobCall(uint32_t job, const char* method, Availability availability,
                            F&& body) {
  MaybeReenter(job);
  Lock lock(mu_);
  TraceArgs args(tracing());
  HRESULT hr;
  JobRecord* record = FindJob(job);
  if (shut_down_ || record == nullptr) {
    hr = E_UNEXPECTED;
  } else if (availability == Availability::kBitsOnly && profile().documented_methods_only) {
    hr = E_NOTIMPL;
  } else if (const std::optional<HRESULT> failure = TakeGetterFailure(*record, method)) {
    hr = *failure;
  } else {
    hr = body(*record, args);
  }
  if (tracing()) TraceEvent(job, TraceEvent::Kind::kClient, method, args.Take(), HresultName(hr));
  FlushGraveyard(lock);
  return hr;
}

}  // namespace doharness::internal

#endif  // DOHARNESS_ENGINE_INTERNAL_ENGINE_CORE_H_
