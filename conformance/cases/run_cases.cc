// params.*, ret.*, tol.*, time.* and job.*: the callback under test driven by the fake
// engine (and, where no engine produces the call, by the harness calling the proxy
// with engine jobs), each case deciding its own rule only. The tol.* cases compare
// the special situation with a baseline in the same run, so that a callback that fails
// everywhere fails ret.* and not also every tol.* rule.
#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "api/names.h"
#include "conformance/cases/registry.h"
#include "conformance/cases/session.h"

namespace doharness::conformance::cases {
namespace {

constexpr DWORD kReserved = 0x1234;

// Calls of `method` on one job (the Recorder's index).
std::vector<CallRecord> CallsOn(const Recorder& recorder, Method method, int job) {
  std::vector<CallRecord> calls;
  for (const CallRecord& c : CallsOf(recorder, method)) {
    if (c.job == job) calls.push_back(c);
  }
  return calls;
}

bool IsFinal(BG_JOB_STATE state) {
  return state == BG_JOB_STATE_ACKNOWLEDGED || state == BG_JOB_STATE_CANCELLED;
}

// The standard run: one job that succeeds and one that fails on an HTTP status, both
// with two files and every notification.
void StandardJobs(Session& s) {
  s.AddJob({.files = 2, .flags = kAll});
  s.AddJob({.files = 2, .flags = kAll, .fault = ErrorWithFile()});
  s.Run();
}

// Violations of a rule in `special` that `baseline` does not have: "behave the same".
std::set<std::string> ViolatedRules(const Recorder& recorder) {
  std::set<std::string> rules;
  for (const Violation& v : recorder.violations()) rules.insert(v.rule);
  return rules;
}

CaseOutcome NewViolations(const std::set<std::string>& usual, const Recorder& special, const std::string& situation) {
  for (const Violation& v : special.violations()) {
    if (usual.count(v.rule) == 0) return CaseOutcome::Fail(situation + ": " + ToString(v));
  }
  return CaseOutcome::Pass();
}

CaseOutcome FirstFailure(std::initializer_list<CaseOutcome> outcomes) {
  for (const CaseOutcome& o : outcomes) {
    if (o.status != RuleStatus::kPass) return o;
  }
  return CaseOutcome::Pass();
}

// ---- params.* ---------------------------------------------------------------------
// Two jobs with files and every flag, an error with a file and one without.
CaseOutcome ParamsRun(const CaseContext& ctx, const char* rule) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .flags = kAll});
  s.AddJob({.files = 2, .flags = kAll, .fault = ErrorWithFile()});
  s.AddJob({.files = 1, .flags = kAll, .fault = ErrorWithoutFile()});
  s.Run();
  s.Finish();
  return FromViolations(s.recorder(), rule);
}

// ---- ret.* ------------------------------------------------------------------------
CaseOutcome TransferredOk(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2});
  s.Run();
  s.Finish();
  return AllOk(s.recorder(), Method::kJobTransferred, "no JobTransferred was delivered");
}

CaseOutcome ErrorOk(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .fault = ErrorWithFile()});
  s.Run();
  s.Finish();
  return AllOk(s.recorder(), Method::kJobError, "no JobError was delivered");
}

CaseOutcome ModificationOk(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .flags = kTerminal | BG_NOTIFY_JOB_MODIFICATION});
  s.Run();
  // Also to a callback registered without asking for modifications.
  ComPtr<IBackgroundCopyJob> quiet = s.AddJob({.resume = false});
  s.proxy()->JobModification(quiet.Get(), 0);
  s.Finish();
  return AllOk(s.recorder(), Method::kJobModification, "no JobModification was delivered");
}

CaseOutcome FileTransferredOk(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  if (!s.AnswersCallback2()) return CaseOutcome::Skip("the callback does not answer IBackgroundCopyCallback2");
  s.AddJob({.files = 2, .flags = kAll});
  s.Run();
  s.Finish();
  return AllOk(s.recorder(), Method::kFileTransferred, "no FileTransferred was delivered");
}

CaseOutcome RetryBounded(const CaseContext& ctx) {
  constexpr int kMaxDeliveries = 3;
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> job = s.AddJob({.fault = Fault::CompleteFails(E_FAIL, 10)});
  s.Run();
  s.Finish();
  const std::vector<CallRecord> calls = CallsOf(s.recorder(), Method::kJobTransferred);
  if (calls.empty()) return CaseOutcome::Skip("no JobTransferred was delivered");
  for (size_t i = 0; i < calls.size() && i < kMaxDeliveries; ++i) {
    if (!Failed(calls[i])) return CaseOutcome::Pass();
  }
  return CaseOutcome::Fail(Describe(calls.front()) + " while Complete failed, and still did not return S_OK after " +
                           std::to_string(std::min<size_t>(calls.size(), kMaxDeliveries)) + " deliveries");
}

// ---- tol.* ------------------------------------------------------------------------
CaseOutcome ErrorWithoutFileCase(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> with_file = s.AddJob({.fault = ErrorWithFile()});
  ComPtr<IBackgroundCopyJob> without_file = s.AddJob({.fault = ErrorWithoutFile()});
  s.Run();
  const int a = s.JobIndex(with_file.Get()), b = s.JobIndex(without_file.Get());
  s.Finish();
  if (b == 0) return CaseOutcome::Skip("no JobError was delivered");
  return SameAsBaseline(CallsOn(s.recorder(), Method::kJobError, a), CallsOn(s.recorder(), Method::kJobError, b),
                        "when the error involved no file");
}

CaseOutcome ReservedNonzero(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> job = s.AddJob({.flags = kAll, .resume = false});
  s.proxy()->JobModification(job.Get(), 0);
  s.proxy()->JobModification(job.Get(), kReserved);
  s.Finish();
  std::vector<CallRecord> zero, nonzero;
  for (const CallRecord& c : CallsOf(s.recorder(), Method::kJobModification)) {
    (c.reserved == 0 ? zero : nonzero).push_back(c);
  }
  return SameAsBaseline(zero, nonzero, "with dwReserved 0x1234");
}

CaseOutcome ModificationAfterTransferred(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> active = s.AddJob({.resume = false});
  ComPtr<IBackgroundCopyJob> done = s.AddJob();
  s.proxy()->JobModification(active.Get(), 0);  // the baseline
  s.Run();                                       // JobTransferred (the callback may Complete)
  s.proxy()->JobModification(done.Get(), 0);
  if (!IsFinal(s.StateOf(done.Get()))) {
    done->Complete();
    s.proxy()->JobModification(done.Get(), 0);
  }
  const int a = s.JobIndex(active.Get()), b = s.JobIndex(done.Get());
  s.Finish();
  return SameAsBaseline(CallsOn(s.recorder(), Method::kJobModification, a),
                        CallsOn(s.recorder(), Method::kJobModification, b),
                        "after JobTransferred / after the job was completed");
}

CaseOutcome RepeatedTransferred(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> job = s.AddJob();
  s.Run();
  const int index = s.JobIndex(job.Get());
  const size_t first = CallsOn(s.recorder(), Method::kJobTransferred, index).size();
  s.proxy()->JobTransferred(job.Get());  // redelivery
  s.Finish();
  std::vector<CallRecord> calls = CallsOn(s.recorder(), Method::kJobTransferred, index);
  if (first == 0) return CaseOutcome::Skip("no JobTransferred was delivered");
  std::vector<CallRecord> again(calls.begin() + first, calls.end());
  calls.resize(first);
  return SameAsBaseline(calls, again, "when delivered again for the same job");
}

CaseOutcome ErrorThenTransferred(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> plain = s.AddJob();
  ComPtr<IBackgroundCopyJob> failed = s.AddJob({.fault = ErrorWithFile()});
  s.Run();  // JobTransferred on the first, JobError on the second
  failed->Resume();
  s.Run();
  const int b = s.JobIndex(failed.Get());
  if (CallsOn(s.recorder(), Method::kJobTransferred, b).empty()) s.proxy()->JobTransferred(failed.Get());
  const int a = s.JobIndex(plain.Get());
  s.Finish();
  return SameAsBaseline(CallsOn(s.recorder(), Method::kJobTransferred, a),
                        CallsOn(s.recorder(), Method::kJobTransferred, b), "after JobError and Resume on the same job");
}

CaseOutcome ReentrantModification(const CaseContext& ctx) {
  EngineOptions options;
  options.reentrant_modification_depth = 1;
  ProxyOptions proxy_options;
  proxy_options.read_job_at_entry = false;
  Session s(ctx, options, proxy_options);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 4, .flags = kTerminal | BG_NOTIFY_JOB_MODIFICATION});
  s.Run();
  s.Finish();
  std::vector<CallRecord> outer, nested;
  for (const CallRecord& c : CallsOf(s.recorder(), Method::kJobModification)) {
    (c.depth == 0 ? outer : nested).push_back(c);
  }
  return SameAsBaseline(outer, nested, "nested inside a job method called from JobModification");
}

// The jobs' states now, in creation order.
std::vector<BG_JOB_STATE> Ends(Session& s) {
  std::vector<BG_JOB_STATE> states;
  for (const auto& job : s.jobs()) states.push_back(s.StateOf(job.Get()));
  return states;
}

// Every job ended as in the baseline (final where it was final there).
CaseOutcome SameEnds(const std::vector<BG_JOB_STATE>& usual, const std::vector<BG_JOB_STATE>& got,
                     const std::string& situation) {
  for (size_t i = 0; i < got.size() && i < usual.size(); ++i) {
    if (IsFinal(usual[i]) && !IsFinal(got[i])) {
      return CaseOutcome::Fail("job " + std::to_string(i + 1) + " was left " + JobStateName(got[i]) + " " +
                               situation + " (" + JobStateName(usual[i]) + " otherwise)");
    }
  }
  return CaseOutcome::Pass();
}

// The same jobs in a baseline session and a special one; the special must go as well.
CaseOutcome CompareRuns(Session& baseline, Session& special, int jobs, const std::string& situation) {
  for (Session* s : {&baseline, &special}) {
    for (int i = 0; i < jobs; ++i) s->AddJob({.flags = kAll, .fault = i % 4 == 3 ? std::optional<Fault>(ErrorWithFile()) : std::nullopt});
    s->Run();
  }
  CaseOutcome ends = SameEnds(Ends(baseline), Ends(special), situation);
  baseline.Finish();
  special.Finish();
  return FirstFailure({SameAsBaseline(baseline.recorder().calls(), special.recorder().calls(), situation),
                       NewViolations(ViolatedRules(baseline.recorder()), special.recorder(), situation), ends});
}

CaseOutcome ConcurrentJobs(const CaseContext& ctx) {
  EngineOptions threaded;
  threaded.dispatch = DispatchMode::kThreaded;
  threaded.concurrency_limit = 4;
  Session baseline(ctx), special(ctx, threaded);
  if (!baseline.ok()) return baseline.factory_failure();
  if (!special.ok()) return special.factory_failure();
  return CompareRuns(baseline, special, 16, "with notifications on four threads at once");
}

CaseOutcome SharedAcrossJobs(const CaseContext& ctx) {
  // The baseline gives each of the eight jobs its own object (and engine); the
  // special run registers one object on all eight.
  constexpr int kJobs = 8;
  const std::string situation = "when one object served eight jobs";
  std::vector<CallRecord> usual_calls;
  std::vector<BG_JOB_STATE> usual_ends;
  std::set<std::string> usual_violations;
  for (int i = 0; i < kJobs; ++i) {
    Session alone(ctx);
    if (!alone.ok()) return alone.factory_failure();
    alone.AddJob({.flags = kAll});
    alone.Run();
    usual_ends.push_back(Ends(alone).front());
    alone.Finish();
    for (const CallRecord& c : alone.recorder().calls()) usual_calls.push_back(c);
    for (const std::string& rule : ViolatedRules(alone.recorder())) usual_violations.insert(rule);
  }
  Session shared(ctx);
  if (!shared.ok()) return shared.factory_failure();
  for (int i = 0; i < kJobs; ++i) shared.AddJob({.flags = kAll});
  shared.Run();
  CaseOutcome ends = SameEnds(usual_ends, Ends(shared), situation);
  shared.Finish();
  return FirstFailure({SameAsBaseline(usual_calls, shared.recorder().calls(), situation),
                       NewViolations(usual_violations, shared.recorder(), situation), ends});
}

CaseOutcome UnregisterInside(const CaseContext& ctx) {
  // Baseline: the harness keeps its reference. Special: the engine holds the only one
  // (besides its hold for each call), so that the release that follows the callback's
  // Complete/Cancel or SetNotifyInterface(NULL) inside a call is the last one but the hold.
  Session baseline(ctx), special(ctx);
  if (!baseline.ok()) return baseline.factory_failure();
  if (!special.ok()) return special.factory_failure();
  for (Session* s : {&baseline, &special}) {
    s->AddJob({.flags = kAll});
    s->AddJob({.flags = kAll, .fault = ErrorWithFile()});
    if (s == &special) s->DropHarnessReference();
    s->Run();
    s->Finish();
  }
  const std::string situation = "when the engine held the only reference";
  return FirstFailure({SameAsBaseline(baseline.recorder().calls(), special.recorder().calls(), situation),
                       NewViolations(ViolatedRules(baseline.recorder()), special.recorder(), situation)});
}

CaseOutcome NoException(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  StandardJobs(s);
  void* answer = nullptr;
  if (SUCCEEDED(s.proxy()->QueryInterface(IID_IBackgroundCopyCallback, &answer)) && answer != nullptr) {
    static_cast<IUnknown*>(answer)->Release();
  }
  s.Finish();
  return FromViolations(s.recorder(), "tol.no_exception");
}

// ---- time.* -----------------------------------------------------------------------
CaseOutcome Durations(const CaseContext& ctx, int limit_ms, const char* limit_name) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  StandardJobs(s);
  s.Finish();
  for (const CallRecord& c : s.recorder().calls()) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(c.duration).count();
    if (!c.finished) return CaseOutcome::Fail(Describe(c));
    if (ms > limit_ms) {
      return CaseOutcome::Fail(std::string(MethodName(c.method)) + " took " + std::to_string(ms) + " ms on job " +
                               std::to_string(c.job) + " (" + limit_name + " " + std::to_string(limit_ms) + " ms)");
    }
  }
  return CaseOutcome::Pass();
}

// ---- job.* ------------------------------------------------------------------------
CaseOutcome FinalStateAfter(const CaseContext& ctx, Method method, bool with_error) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> job = with_error ? s.AddJob({.fault = ErrorWithFile()}) : s.AddJob();
  s.Run();
  const BG_JOB_STATE state = s.StateOf(job.Get());
  const int index = s.JobIndex(job.Get());
  s.Finish();
  if (CallsOn(s.recorder(), method, index).empty()) {
    return CaseOutcome::Skip(std::string("no ") + MethodName(method) + " was delivered");
  }
  const bool ok = with_error ? state != BG_JOB_STATE_ERROR : IsFinal(state);
  if (ok) return CaseOutcome::Pass();
  return CaseOutcome::Fail("job " + std::to_string(index) + " was left " + JobStateName(state) + " after " +
                           MethodName(method) + (with_error ? " (no Cancel, Complete or Resume)" : " (no Complete)"));
}

}  // namespace

std::vector<Case> RunCases() {
  std::vector<Case> cases;
  for (const char* rule : {"params.job_not_released", "params.error_not_released", "params.file_not_released",
                           "params.retained_balanced", "params.no_use_after_return"}) {
    cases.push_back({std::string(rule) + "/errors_and_files", rule,
                     [rule](const CaseContext& ctx) { return ParamsRun(ctx, rule); }});
  }
  const std::vector<Case> rest = {
      {"ret.transferred_ok/engine_run", "ret.transferred_ok", TransferredOk},
      {"ret.error_ok/http_error", "ret.error_ok", ErrorOk},
      {"ret.modification_ok/engine_and_unrequested", "ret.modification_ok", ModificationOk},
      {"ret.file_transferred_ok/two_files", "ret.file_transferred_ok", FileTransferredOk},
      {"ret.retry_bounded/complete_fails", "ret.retry_bounded", RetryBounded},
      {"tol.error_without_file/job_error", "tol.error_without_file", ErrorWithoutFileCase},
      {"tol.reserved_nonzero/direct", "tol.reserved_nonzero", ReservedNonzero},
      {"tol.modification_after_transferred/direct", "tol.modification_after_transferred",
       ModificationAfterTransferred},
      {"tol.repeated_transferred/redelivery", "tol.repeated_transferred", RepeatedTransferred},
      {"tol.error_then_transferred/resume", "tol.error_then_transferred", ErrorThenTransferred},
      {"tol.reentrant_modification/depth_1", "tol.reentrant_modification", ReentrantModification},
      {"tol.concurrent_jobs/threaded_16", "tol.concurrent_jobs", ConcurrentJobs},
      {"tol.unregister_inside/engine_holds_only", "tol.unregister_inside", UnregisterInside},
      {"tol.shared_across_jobs/one_object_8_jobs", "tol.shared_across_jobs", SharedAcrossJobs},
      {"tol.no_exception/standard_run", "tol.no_exception", NoException},
      {"time.no_hang/standard_run", "time.no_hang",
       [](const CaseContext& ctx) { return Durations(ctx, ctx.hang_ms, "hang limit"); }},
      {"time.prompt/standard_run", "time.prompt",
       [](const CaseContext& ctx) { return Durations(ctx, ctx.prompt_ms, "prompt limit"); }},
      {"job.acknowledges/transferred", "job.acknowledges",
       [](const CaseContext& ctx) { return FinalStateAfter(ctx, Method::kJobTransferred, false); }},
      {"job.handles_error/http_error", "job.handles_error",
       [](const CaseContext& ctx) { return FinalStateAfter(ctx, Method::kJobError, true); }},
  };
  cases.insert(cases.end(), rest.begin(), rest.end());
  return cases;
}

}  // namespace doharness::conformance::cases
