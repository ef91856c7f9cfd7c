// params.*, ret.*, tol.*, time.* and job.*: the callback under test driven by the fake
// engine (and, where no engine produces the call, by the harness calling the proxy
// with engine jobs), each case deciding its own rule only. The tol.* cases compare
// the special situation with a baseline in the same run, so that a callback that fails
// everywhere fails ret.* and not also every tol.* rule.
#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/names.h"
#include "conformance/cases/registry.h"
#include "conformance/cases/session.h"
#include "conformance/judges.h"

namespace doharness::conformance::cases {
namespace {

constexpr DWORD kReserved = 0x1234;
// STG_E_MEDIUMFULL (winerror.h): a storage-facility code in a download's JobError.
constexpr HRESULT kStorageMediumFull = static_cast<HRESULT>(0x80030070);

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

// ---- params.* ---------------------------------------------------------------------
// Three jobs with files and every flag: one succeeds, one fails on an HTTP status, one
// on BG_E_INSUFFICIENT_RANGE_SUPPORT, where real callbacks take the error's file. (No
// error without a file: that is tol.error_without_file's situation, and a callback that
// crashes there must not fail these rules too.)
//
// A thread of the callback may use a borrowed pointer a little after its notification
// returned: params.no_use_after_return's case gives it up to kLateCallGrace of real
// time after the last notification (less once one is seen) before judging.
constexpr auto kLateCallGrace = std::chrono::milliseconds(200);

void AwaitLateCalls(const Recorder& recorder) {
  const auto until = std::chrono::steady_clock::now() + kLateCallGrace;
  while (recorder.ViolationsOf("params.no_use_after_return").empty() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

CaseOutcome ParamsRun(const CaseContext& ctx, const char* rule) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .flags = kAll});
  s.AddJob({.files = 2, .flags = kAll, .fault = ErrorWithFile()});
  s.AddJob({.files = 2, .flags = kAll, .fault = RangeErrorWithFile()});
  s.Run();
  if (std::string_view(rule) == "params.no_use_after_return") AwaitLateCalls(s.recorder());
  s.Finish();
  return FromViolations(s.recorder(), rule);
}

// ---- ret.* ------------------------------------------------------------------------
// Each runs twice: with working getters, and with every getter of the jobs, files and
// errors failing (real ones do: a message catalogue not loaded, a service going away).
// A callback that returns a getter's failure is redelivered for ever.
using GettersFail = std::optional<HRESULT>;
constexpr HRESULT kGetterFailure = E_FAIL;

// AllOk, saying that the getters failed when they did.
CaseOutcome AllOkWith(const Recorder& recorder, Method method, GettersFail getters_fail) {
  CaseOutcome outcome =
      AllOk(recorder, method, "no " + std::string(MethodName(method)) + " was delivered");
  if (outcome.status == RuleStatus::kFail && getters_fail) {
    outcome.message += " while every getter failed with " + Hr(*getters_fail);
  }
  return outcome;
}

CaseOutcome TransferredOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .getters_fail = getters_fail});
  s.Run();
  s.Finish();
  return AllOkWith(s.recorder(), Method::kJobTransferred, getters_fail);
}

CaseOutcome ErrorOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .fault = ErrorWithFile(), .getters_fail = getters_fail});
  s.AddJob({.files = 2, .fault = RangeErrorWithFile(), .getters_fail = getters_fail});
  s.Run();
  s.Finish();
  return AllOkWith(s.recorder(), Method::kJobError, getters_fail);
}

CaseOutcome ModificationOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .flags = kTerminal | BG_NOTIFY_JOB_MODIFICATION, .getters_fail = getters_fail});
  s.Run();
  // Also to a callback registered without asking for modifications.
  ComPtr<IBackgroundCopyJob> quiet = s.AddJob({.getters_fail = getters_fail, .resume = false});
  s.proxy()->JobModification(quiet.Get(), 0);
  s.Finish();
  return AllOkWith(s.recorder(), Method::kJobModification, getters_fail);
}

CaseOutcome FileTransferredOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  if (!s.AnswersCallback2()) return CaseOutcome::Skip("the callback does not answer IBackgroundCopyCallback2");
  s.AddJob({.files = 2, .flags = kAll, .getters_fail = getters_fail});
  s.Run();
  s.Finish();
  return AllOkWith(s.recorder(), Method::kFileTransferred, getters_fail);
}

// Two jobs whose Complete fails: a callback that gets one right and then fails the
// other for ever is caught too. Judged as `expect rule ret.retry_bounded` judges it.
CaseOutcome RetryBounded(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> first = s.AddJob({.fault = Fault::CompleteFails(E_FAIL, 10)});
  ComPtr<IBackgroundCopyJob> second = s.AddJob({.fault = Fault::CompleteFails(E_FAIL, 10)});
  s.Run();
  s.Finish();
  const std::vector<CallRecord> calls = CallsOf(s.recorder(), Method::kJobTransferred);
  if (calls.empty()) return CaseOutcome::Skip("no JobTransferred was delivered");
  const std::optional<std::string> broken =
      JudgeRetryBounded(calls, [](int job) { return "job " + std::to_string(job); });
  return broken ? CaseOutcome::Fail(*broken + " while Complete failed") : CaseOutcome::Pass();
}

// ---- tol.* ------------------------------------------------------------------------
// Each provokes its situation and asks only that the callback survive it (Survived).
CaseOutcome ErrorWithoutFileCase(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> job = s.AddJob({.fault = ErrorWithoutFile()});
  s.Run();
  const int index = s.JobIndex(job.Get());
  s.Finish();
  const std::vector<CallRecord> calls = CallsOn(s.recorder(), Method::kJobError, index);
  if (calls.empty()) return CaseOutcome::Skip("no JobError was delivered");
  return Survived(calls, "when the error involved no file");
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
  // "Behave the same": here the return value is this rule's business.
  return SameAsBaseline(zero, nonzero, "with dwReserved 0x1234");
}

CaseOutcome ModificationAfterTransferred(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> done = s.AddJob();
  s.Run();  // JobTransferred (the callback may Complete)
  const size_t before = s.recorder().calls().size();
  s.proxy()->JobModification(done.Get(), 0);
  if (!IsFinal(s.StateOf(done.Get()))) {
    done->Complete();
    s.proxy()->JobModification(done.Get(), 0);
  }
  s.Finish();
  const std::vector<CallRecord> calls = s.recorder().calls();
  return Survived({calls.begin() + before, calls.end()}, "after JobTransferred / after the job was completed");
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
  return Survived({calls.begin() + first, calls.end()}, "when delivered again for the same job");
}

CaseOutcome ErrorThenTransferred(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  ComPtr<IBackgroundCopyJob> failed = s.AddJob({.fault = ErrorWithFile()});
  s.Run();  // JobError
  failed->Resume();
  s.Run();
  const int index = s.JobIndex(failed.Get());
  if (CallsOn(s.recorder(), Method::kJobTransferred, index).empty()) s.proxy()->JobTransferred(failed.Get());
  s.Finish();
  return Survived(CallsOn(s.recorder(), Method::kJobTransferred, index), "after JobError and Resume on the same job");
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
  std::vector<CallRecord> nested;
  for (const CallRecord& c : CallsOf(s.recorder(), Method::kJobModification)) {
    if (c.depth > 0) nested.push_back(c);
  }
  return Survived(nested, "nested inside a job method called from JobModification");
}

// The jobs' states now, in creation order.
std::vector<BG_JOB_STATE> Ends(Session& s) {
  std::vector<BG_JOB_STATE> states;
  for (const auto& job : s.jobs()) states.push_back(s.StateOf(job.Get()));
  return states;
}

CaseOutcome ConcurrentJobs(const CaseContext& ctx) {
  // The only case with threaded dispatch: a callback that is not thread-safe may break
  // here and nowhere else.
  EngineOptions threaded = OptionsFor(ctx);
  threaded.dispatch = DispatchMode::kThreaded;
  threaded.concurrency_limit = 4;
  Session s(ctx, threaded);
  if (!s.ok()) return s.factory_failure();
  for (int i = 0; i < 16; ++i) {
    s.AddJob({.files = 2, .flags = kAll, .fault = i % 4 == 3 ? std::optional<Fault>(ErrorWithFile()) : std::nullopt});
  }
  s.Run();
  s.Finish();
  return Survived(s.recorder().calls(), "with notifications on four threads at once");
}

CaseOutcome SharedAcrossJobs(const CaseContext& ctx) {
  // "Work": every job ends as it ends when it has an object of its own (in its own
  // engine), when one object serves all eight.
  constexpr int kJobs = 8;
  const std::string situation = "when one object served eight jobs";
  std::vector<BG_JOB_STATE> usual_ends;
  for (int i = 0; i < kJobs; ++i) {
    Session alone(ctx);
    if (!alone.ok()) return alone.factory_failure();
    alone.AddJob({.flags = kAll, .fault = i % 4 == 3 ? std::optional<Fault>(ErrorWithFile()) : std::nullopt});
    alone.Run();
    usual_ends.push_back(Ends(alone).front());
  }
  Session shared(ctx);
  if (!shared.ok()) return shared.factory_failure();
  for (int i = 0; i < kJobs; ++i) {
    shared.AddJob({.flags = kAll, .fault = i % 4 == 3 ? std::optional<Fault>(ErrorWithFile()) : std::nullopt});
  }
  shared.Run();
  const std::vector<BG_JOB_STATE> ends = Ends(shared);
  shared.Finish();
  for (size_t i = 0; i < ends.size(); ++i) {
    if (IsFinal(usual_ends[i]) && !IsFinal(ends[i])) {
      return CaseOutcome::Fail("job " + std::to_string(i + 1) + " was left " + JobStateName(ends[i]) + " " +
                               situation + " (" + JobStateName(usual_ends[i]) + " with an object of its own)");
    }
  }
  return Survived(shared.recorder().calls(), situation);
}

CaseOutcome UnregisterInside(const CaseContext& ctx) {
  // The engine holds the only references (its registration and its hold for each
  // call). From inside each job's second notification, before the callee runs, the
  // job is unregistered: the callee then runs on the engine's hold alone.
  std::map<IBackgroundCopyJob*, int> seen;
  ProxyOptions unregister;
  unregister.before_callee = [&seen](Method, IBackgroundCopyJob* job) {
    if (++seen[job] == 2) job->SetNotifyInterface(nullptr);
  };
  Session s(ctx, OptionsFor(ctx), unregister);
  if (!s.ok()) return s.factory_failure();
  s.AddJob({.files = 2, .flags = kAll});
  s.AddJob({.files = 2, .flags = kTerminal | BG_NOTIFY_JOB_MODIFICATION});
  s.DropHarnessReference();
  s.Run();
  s.Finish();
  // Each job's work is left undone (nobody listens any more); the callback must only survive.
  return Survived(s.recorder().calls(), "after SetNotifyInterface(NULL) on its job from inside the call");
}

CaseOutcome NoException(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  // Also an error code from a facility that code switching on facilities tends to miss.
  s.AddJob({.flags = kAll, .fault = Fault::FatalAt(0, 0, kStorageMediumFull)});
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
  const struct {
    const char* name;
    const char* rule;
    CaseOutcome (*run)(const CaseContext&, GettersFail);
  } returns[] = {
      {"ret.transferred_ok/engine_run", "ret.transferred_ok", TransferredOk},
      {"ret.error_ok/http_error", "ret.error_ok", ErrorOk},
      {"ret.modification_ok/engine_and_unrequested", "ret.modification_ok", ModificationOk},
      {"ret.file_transferred_ok/two_files", "ret.file_transferred_ok", FileTransferredOk},
  };
  for (const auto& r : returns) {
    const auto run = r.run;
    cases.push_back({r.name, r.rule, [run](const CaseContext& ctx) { return run(ctx, std::nullopt); }});
    cases.push_back({std::string(r.rule) + "/getters_fail", r.rule,
                     [run](const CaseContext& ctx) { return run(ctx, kGetterFailure); }});
  }
  const std::vector<Case> rest = {
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
