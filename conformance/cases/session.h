// Session: the world of one conformance case, shared by every case so that none
// repeats the set-up. It owns, in the order they must go away, a Recorder, a
// FakeEngine, the callback under test behind a RecordingProxy, and the jobs made for
// the case:
//
//   Session s(ctx);
//   if (!s.ok()) return s.factory_failure();
//   ComPtr<IBackgroundCopyJob> job = s.AddJob({.files = 2});
//   s.Run();
//   s.Finish();                         // shutdown, release, Recorder::FinishCase
//   return FromViolations(s.recorder(), "params.job_not_released");
//
// Also the small deciders the cases share (violations of one rule, results of one
// method, differences from a baseline run).
#ifndef DOHARNESS_CONFORMANCE_CASES_SESSION_H_
#define DOHARNESS_CONFORMANCE_CASES_SESSION_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/case.h"
#include "conformance/case_run.h"
#include "conformance/object_lifetime.h"
#include "conformance/observations.h"
#include "conformance/recording_proxy.h"
#include "deliveryoptimization.h"
#include "engine/engine_options.h"
#include "engine/fake_engine.h"
#include "engine/fault.h"

namespace doharness::conformance::cases {

class Session {
 public:
  // Makes the engine and the callback under test (through ctx.factory) behind a proxy.
  explicit Session(const CaseContext& ctx, EngineOptions options = {}, ProxyOptions proxy_options = {});
  // Finish, if not done yet; then frees the engine and the Recorder (with its spies),
  // unless the case runs in a process of its own (CaseContext::in_own_process).
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // False when the factory failed; factory_failure() then says how.
  bool ok() const { return raw_proxy_ != nullptr; }
  CaseOutcome factory_failure() const;

  FakeEngine& engine() { return *engine_; }
  Recorder& recorder() { return *recorder_; }
  const std::shared_ptr<Recorder>& shared_recorder() const { return recorder_; }
  // The proxy the harness registers and calls; the harness's reference on the callee.
  RecordingProxy* proxy() const { return raw_proxy_; }
  // The callee itself, for checks that must bypass the proxy.
  IUnknown* callee() const { return raw_proxy_ ? raw_proxy_->callee() : nullptr; }
  // A reference taken through the proxy, to hold while calling the callee directly.
  // Direct QueryInterface/Release pairs are not tracked; a callee whose count starts
  // too low (com.refcount_no_early_free) would free itself on the direct Release, and
  // the harness's own reference would then crash. Held, the early free happens on a
  // Release the proxy sees, reports and survives.
  ComPtr<RecordingProxy> HoldThroughProxy() const { return ComPtr<RecordingProxy>(raw_proxy_); }
  // What the harness knows of the callee's memory (MakeWatched).
  const ObjectLifetime& callee_lifetime() const { return callee_lifetime_; }
  // Whether the callee answers IBackgroundCopyCallback2 (asked directly, not recorded).
  bool AnswersCallback2() const;

  // Adds a job as planned (files added, flags set, callback registered, resumed).
  ComPtr<IBackgroundCopyJob> AddJob(const JobPlan& plan = {});
  // Adds the jobs of `run`, in order (the engine options it names are the
  // constructor's: OptionsFor(ctx, run)).
  void AddJobs(const CaseRun& run);
  const std::vector<ComPtr<IBackgroundCopyJob>>& jobs() const { return jobs_; }
  // A job's state now.
  BG_JOB_STATE StateOf(IBackgroundCopyJob* job) const;
  // The Recorder's index of a job (0 when no notification carried it).
  int JobIndex(IBackgroundCopyJob* job) const { return recorder_->JobIndexOf(job); }

  // Runs the engine until idle, at most `limit` of virtual time (a callback that never
  // returns S_OK is redelivered for ever: the limit bounds that).
  void Run(Duration limit = std::chrono::minutes(10));
  // Drops the harness's own reference on the callee (the engine's registrations stay).
  void DropHarnessReference() { proxy_.Reset(); }

  // Shuts the engine down, drops the jobs and the harness's reference, then
  // Recorder::FinishCase. Idempotent.
  void Finish();

 private:
  std::shared_ptr<Recorder> recorder_;
  std::unique_ptr<FakeEngine> engine_;
  ComPtr<RecordingProxy> proxy_;  // the harness's reference
  RecordingProxy* raw_proxy_ = nullptr;
  HRESULT factory_result_ = S_OK;
  ObjectLifetime callee_lifetime_;
  bool factory_gave_null_ = false;
  std::vector<ComPtr<IBackgroundCopyJob>> jobs_;
  bool finished_ = false;
  bool keep_until_exit_ = false;
};

// The engine options of a case: the context's profile and seed (and what `run` asks
// of the engine).
EngineOptions OptionsFor(const CaseContext& ctx);
EngineOptions OptionsFor(const CaseContext& ctx, const CaseRun& run);

// ---- Deciders ---------------------------------------------------------------------
// Fail with the first violation of `rule` (and how many there were), else pass.
CaseOutcome FromViolations(const Recorder& recorder, std::string_view rule);
// The calls of one method.
std::vector<CallRecord> CallsOf(const Recorder& recorder, NotificationMethod method);
// "JobError returned E_FAIL (0x80004005) on job 2" / "JobError threw ... on job 2".
std::string Describe(const CallRecord& call);
// Whether a call returned other than S_OK. A call that threw has no return value: it
// is tol.no_exception's business only.
bool Failed(const CallRecord& call);

// Fail when `special` (what `situation` names) went worse than `baseline`: a call
// failed or threw there but not in the baseline.
CaseOutcome SameAsBaseline(const std::vector<CallRecord>& baseline, const std::vector<CallRecord>& special,
                           const std::string& situation);

// The tol.* rules ask that the callback handle (survive) a situation: fail naming the
// first call that did not return, else pass. A crash or a hang ends the case in
// isolation.h; what a call returned is ret.*'s business and an exception
// tol.no_exception's, so that one bug fails one rule.
CaseOutcome Survived(const std::vector<CallRecord>& calls, const std::string& situation);

// A small (aggregate) list of failures for probes: the first one wins.
class Checker {
 public:
  void Expect(bool ok, const std::string& what) {
    if (!ok && failure_.empty()) failure_ = what;
  }
  bool failed() const { return !failure_.empty(); }
  CaseOutcome Outcome() const { return failure_.empty() ? CaseOutcome::Pass() : CaseOutcome::Fail(failure_); }

 private:
  std::string failure_;
};

// "S_OK (0x00000000)".
std::string Hr(HRESULT hr);

}  // namespace doharness::conformance::cases

#endif  // DOHARNESS_CONFORMANCE_CASES_SESSION_H_
