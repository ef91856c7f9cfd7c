// EngineCore: construction and shutdown, the registration of a callback, the trace and
// violation plumbing, and the test-facing entry points (served URLs, scripted faults).
// The manager's methods are in engine_core_manager.cc, the job methods in
// engine_core_job.cc, the state machine and transfer model in engine_core_transfer.cc,
// notification delivery in engine_core_dispatch.cc, and the later interfaces' methods
// in engine_core_later.cc.
#include "engine/internal/engine_core.h"

#include <algorithm>
#include <cstring>

#include "api/names.h"
#include "api/wide_string.h"
#include "engine/internal/com_objects.h"
#include "engine/internal/out_params.h"

namespace doharness::internal {

// ---- Registration ----------------------------------------------------------------
Registration::Registration(EngineCore* core, uint32_t job, IBackgroundCopyCallback* callback,
                           bool v2)
    : core_(core), job_(job), callback_(callback), v2_(v2) {}

Registration::~Registration() {
  ULONG count = callback_->Release();
  if (core_->tracing()) {
    core_->TraceEvent(job_, TraceEvent::Kind::kRelease, "Release", {{"reason", "registration"}},
                      std::to_string(count));
  }
}

// ---- Construction -------------------------------------------------------------------
EngineCore::EngineCore(EngineOptions options)
    : options_(std::move(options)),
      watched_calls_(options_.trace || options_.reentrant_modification_depth > 0 ||
                     options_.dispatch == DispatchMode::kThreaded),
      mu_(options_.dispatch == DispatchMode::kThreaded || !options_.one_calling_thread),
      rng_(options_.seed) {
  if (options_.dispatch == DispatchMode::kThreaded) {
    pool_ = std::make_unique<ThreadPool>(std::max(1, options_.concurrency_limit));
  }
}

void EngineCore::Start() {
  manager_ = new ManagerObject(weak_from_this());
  manager_->EngineHold();
}

EngineCore::~EngineCore() {
  Shutdown();
  if (manager_) manager_->EngineDrop();
}

IBackgroundCopyManager* EngineCore::manager() const { return manager_; }

void EngineCore::Shutdown() {
  std::unique_ptr<ThreadPool> pool;
  {
    Lock lock(mu_);
    if (shut_down_) return;
    // From inside a notification (the only way a deterministic engine has a call in
    // flight here, or any call on a worker thread) shutting down would wait for its
    // own call: refused, and said in the trace.
    if (ThreadPool::CurrentWorker() != 0 ||
        (options_.dispatch == DispatchMode::kDeterministic && calls_in_flight_ > 0)) {
      lock.unlock();
      ReportViolation(0, "shutdown_inside_call", "engine");
      return;
    }
    // Let calls in flight finish before the references they use go away.
    idle_cv_.wait(lock, [this] { return calls_in_flight_ == 0; });
    shut_down_ = true;
    pool = std::move(pool_);
    for (auto& job : jobs_) {
      if (job->registration) graveyard_.push_back(std::move(job->registration));
      RefreshDeliverable(*job);
      job->DropQueued();
      job->terminal_owed = false;
    }
    FlushGraveyard(lock);
  }
  pool.reset();  // joins the workers
  // The engine's holds on its objects go last: a callback may still hold some.
  Lock lock(mu_);
  for (auto& job : jobs_) {
    for (FileRecord& f : job->files) {
      if (f.object) std::exchange(f.object, nullptr)->EngineDrop();
    }
    if (job->error_object) std::exchange(job->error_object, nullptr)->EngineDrop();
    if (job->object) std::exchange(job->object, nullptr)->EngineDrop();
  }
}

std::string EngineCore::ThreadName() const {
  int worker = ThreadPool::CurrentWorker();
  return worker == 0 ? "main" : "worker-" + std::to_string(worker);
}


void EngineCore::TraceEvent(uint32_t job, TraceEvent::Kind kind, std::string method,
                            nlohmann::ordered_json args, std::string result) {
  doharness::TraceEvent e;
  e.time = Now();
  e.thread = ThreadName();
  e.job = job;
  e.kind = kind;
  e.method = std::move(method);
  e.args = std::move(args);
  e.result = std::move(result);
  trace_.Append(std::move(e));
}

void EngineCore::ReportViolation(uint32_t job, const char* what, const char* object) {
  {
    Lock lock(mu_);
    ++stats_.violations;
  }
  if (tracing()) TraceEvent(job, TraceEvent::Kind::kViolation, what, {{"object", object}});
}

EngineStats EngineCore::stats() const {
  Lock lock(const_cast<EngineMutex&>(mu_));
  return stats_;
}

uint32_t EngineCore::JobNumberOf(IBackgroundCopyJob* job) const {
  auto* object = dynamic_cast<JobObject*>(job);
  return (object && object->core() == this) ? object->job() : 0;
}

BG_JOB_STATE EngineCore::PeekState(uint32_t job) const {
  Lock lock(mu_);
  return jobs_[job - 1]->state;
}

void EngineCore::FlushGraveyard(Lock& lock) {
  if (graveyard_.empty()) {
    lock.unlock();
    return;
  }
  std::vector<std::shared_ptr<Registration>> dropped;
  dropped.swap(graveyard_);
  lock.unlock();
  dropped.clear();  // Release outside the lock: a callback's Release may call the engine
}

void EngineCore::ReleaseDropped() {
  Lock lock(mu_, std::adopt_lock);
  FlushGraveyard(lock);  // returns with the mutex released
  mu_.lock();            // the caller's hold again
}

// ---- Test-facing ----------------------------------------------------------------------
void EngineCore::ServeUrl(std::wstring_view url, uint64_t size, uint64_t bytes_per_second) {
  Lock lock(mu_);
  served_urls_[std::wstring(url)] = {size, std::max<uint64_t>(1, bytes_per_second)};
}

std::optional<HRESULT> EngineCore::TakeGetterFailure(JobRecord& job, std::string_view method) {
  for (JobRecord::GetterFailure& g : job.getter_failures) {
    if (g.method != method || g.left == 0) continue;
    --g.left;
    if (tracing()) {
      TraceEvent(job.number, TraceEvent::Kind::kFault, "GetterFails", {{"method", g.method}}, HresultName(g.code));
    }
    return g.code;
  }
  return std::nullopt;
}

std::optional<HRESULT> EngineCore::ErrorGetterFailure(uint32_t job, const char* method) {
  Lock lock(mu_);
  JobRecord* record = FindJob(job);
  return record != nullptr ? TakeGetterFailure(*record, method) : std::nullopt;
}

HRESULT EngineCore::AddFileSpec(uint32_t job, const FileSpec& file) {
  return JobCall(job, "AddFile", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs& args) {
    args.Set("remote", [&] { return WideToUtf8(file.remote_url); });
    args.Set("size", [&] { return file.size; });
    args.Set("bytes_per_second", [&] { return file.bytes_per_second; });
    if (file.remote_url.empty() || file.local_name.empty() || file.bytes_per_second == 0) {
      return E_INVALIDARG;
    }
    return AddFileLocked(j, WideToUtf8(file.remote_url), WideToUtf8(file.local_name), file.size,
                         file.bytes_per_second);
  });
}

HRESULT EngineCore::ScriptFault(uint32_t job, const Fault& fault) {
  Lock lock(mu_);
  JobRecord* j = FindJob(job);
  if (j == nullptr || fault.file_index < Fault::kNoFile || fault.times < 0 ||
      fault.duration.count() < 0) {
    return E_INVALIDARG;
  }
  switch (fault.kind) {
    case Fault::Kind::kCompleteFails:
      j->complete_failures_left = fault.times;
      j->complete_failure_code = fault.code;
      break;
    case Fault::Kind::kCancelFails:
      j->cancel_failures_left = fault.times;
      j->cancel_failure_code = fault.code;
      break;
    case Fault::Kind::kGetterFails: {
      if (!Fault::IsGetter(fault.method)) return E_INVALIDARG;
      auto& failures = j->getter_failures;
      failures.erase(std::remove_if(failures.begin(), failures.end(),
                                    [&](const JobRecord::GetterFailure& g) { return g.method == fault.method; }),
                     failures.end());
      failures.push_back({fault.method, fault.code, fault.times});
      break;
    }
    default:
      j->faults.push_back({fault, false});
  }
  return S_OK;
}

}  // namespace doharness::internal
