#include "conformance/observations.h"

#include <sstream>
#include <utility>

#include "api/names.h"
#include "conformance/borrowed_spy.h"
#include "conformance/recording_proxy.h"

namespace doharness::conformance {

// ---- Printing ------------------------------------------------------------------------
std::string ToString(const CallRecord& call) {
  std::ostringstream out;
  out << NotificationMethodName(call.method) << " callback " << call.callback << " job " << call.job;
  if (call.method == NotificationMethod::kJobModification) out << " reserved " << call.reserved;
  out << " thread " << call.thread << " depth " << call.depth;
  out << " flags " << (call.notify_flags ? NotifyFlagsName(*call.notify_flags) : "?");
  out << " state " << (call.state ? JobStateName(*call.state) : "?");
  out << " refcount " << call.refcount << " outstanding " << call.outstanding;
  if (!call.forwarded) {
    out << " -> not forwarded, " << HresultName(call.result);
    return out.str();
  }
  if (!call.finished) {
    out << " -> still running";
    return out.str();
  }
  out << " -> ";
  if (call.threw) out << "threw \"" << call.exception << "\", answered ";
  out << HresultName(call.result) << " in "
      << std::chrono::duration_cast<std::chrono::microseconds>(call.duration).count() << "us";
  return out.str();
}

std::string ToString(const Violation& violation) {
  return "[" + violation.rule + "] job " + std::to_string(violation.job) + ": " + violation.message;
}

std::string ToString(const RefRecord& ref) {
  std::ostringstream out;
  out << "callback " << ref.callback << " thread " << ref.thread << " ";
  switch (ref.op) {
    case RefOp::kAddRef: out << "AddRef -> " << ref.count; break;
    case RefOp::kRelease: out << "Release -> " << ref.count; break;
    case RefOp::kQueryInterface:
      out << "QueryInterface(" << InterfaceName(ref.iid) << ") -> " << HresultName(ref.result);
      break;
  }
  out << " (outstanding " << ref.outstanding << (ref.forwarded ? ")" : ", not forwarded)");
  return out.str();
}

std::ostream& operator<<(std::ostream& os, const CallRecord& call) { return os << ToString(call); }
std::ostream& operator<<(std::ostream& os, const Violation& violation) { return os << ToString(violation); }
std::ostream& operator<<(std::ostream& os, const RefRecord& ref) { return os << ToString(ref); }

// ---- Recorder ------------------------------------------------------------------------
Recorder::Recorder() = default;
Recorder::~Recorder() = default;

std::vector<CallRecord> Recorder::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::vector<RefRecord> Recorder::ref_records() const {
  std::lock_guard<std::mutex> lock(mu_);
  return refs_;
}

std::vector<Violation> Recorder::violations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return violations_;
}

std::vector<Violation> Recorder::ViolationsOf(std::string_view rule) const {
  std::vector<Violation> matching;
  for (Violation& v : violations()) {
    if (v.rule == rule) matching.push_back(std::move(v));
  }
  return matching;
}

int Recorder::JobIndexOf(IBackgroundCopyJob* job) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto found = spy_of_job_.find(job);
  return found != spy_of_job_.end() ? found->second->job() : 0;
}

int Recorder::ThreadIndex() {
  std::lock_guard<std::mutex> lock(mu_);
  return threads_.emplace(std::this_thread::get_id(), static_cast<int>(threads_.size()) + 1).first->second;
}

void Recorder::AddViolation(std::string rule, std::string message, int job) {
  std::lock_guard<std::mutex> lock(mu_);
  violations_.push_back({std::move(rule), std::move(message), job});
}

void Recorder::FinishCase() {
  std::vector<BorrowedSpy<IBackgroundCopyJob>*> jobs;
  std::vector<BorrowedSpy<IBackgroundCopyError>*> errors;
  std::vector<BorrowedSpy<IBackgroundCopyFile>*> files;
  std::vector<RecordingProxy*> proxies;
  {
    // Spies are never removed, so the pointers stay valid once the lock is let go;
    // the checks add violations, which takes the lock again.
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& entry : job_spies_) jobs.push_back(entry.second.get());
    for (const auto& spy : error_spies_) errors.push_back(spy.get());
    for (const auto& spy : file_spies_) files.push_back(spy.get());
    for (const auto& proxy : proxies_) proxies.push_back(proxy.get());
  }
  for (RecordingProxy* proxy : proxies) proxy->CheckDestroyedAtEnd();
  for (auto* spy : jobs) spy->CheckRetained();
  for (auto* spy : errors) spy->CheckRetained();
  for (auto* spy : files) spy->CheckRetained();
}

std::string Recorder::ToString() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream out;
  out << calls_.size() << " calls\n";
  for (const CallRecord& call : calls_) out << "  " << call << "\n";
  out << refs_.size() << " reference calls\n";
  for (const RefRecord& ref : refs_) out << "  " << ref << "\n";
  out << violations_.size() << " violations\n";
  for (const Violation& violation : violations_) out << "  " << violation << "\n";
  return out.str();
}

int Recorder::AddProxy(std::unique_ptr<RecordingProxy> proxy) {
  std::lock_guard<std::mutex> lock(mu_);
  proxies_.push_back(std::move(proxy));
  return static_cast<int>(proxies_.size());
}

RecordingProxy* Recorder::ProxyForCallee(const IUnknown* object) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& proxy : proxies_) {
    if (!proxy->callee_released() && proxy->IsCallee(object)) return proxy.get();
  }
  return nullptr;
}

SpyJob* Recorder::JobSpy(IBackgroundCopyJob* real) {
  std::lock_guard<std::mutex> lock(mu_);
  // A spy of this Recorder handed back in (a harness passing on what a callee gave
  // it) stands for its own job, not for a new one.
  if (auto found = spy_of_job_.find(real); found != spy_of_job_.end()) return found->second;
  auto spy = std::make_unique<SpyJob>(this, real, static_cast<int>(job_spies_.size()) + 1);
  SpyJob* raw = spy.get();
  job_spies_.emplace(real, std::move(spy));
  spy_of_job_.emplace(real, raw);
  spy_of_job_.emplace(raw, raw);
  return raw;
}

SpyError* Recorder::NewErrorSpy(IBackgroundCopyError* real, int job) {
  std::lock_guard<std::mutex> lock(mu_);
  error_spies_.push_back(std::make_unique<SpyError>(this, real, job));
  return error_spies_.back().get();
}

SpyFile* Recorder::NewFileSpy(IBackgroundCopyFile* real, int job) {
  std::lock_guard<std::mutex> lock(mu_);
  file_spies_.push_back(std::make_unique<SpyFile>(this, real, job));
  return file_spies_.back().get();
}

size_t Recorder::BeginCall(const CallRecord& call) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.push_back(call);
  return calls_.size() - 1;
}

void Recorder::EndCall(size_t slot, const CallRecord& call) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_[slot] = call;
}

void Recorder::AddRefRecord(RefRecord ref) {
  std::lock_guard<std::mutex> lock(mu_);
  refs_.push_back(std::move(ref));
}

}  // namespace doharness::conformance
