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
std::vector<CallRecord> CallsOn(const Recorder& recorder, NotificationMethod method, int job) {
  std::vector<CallRecord> calls;
  for (const CallRecord& c : CallsOf(recorder, method)) {
    if (c.job == job) calls.push_back(c);
  }
  return calls;
}

bool IsFinal(BG_JOB_STATE state) {
  return state == BG_JOB_STATE_ACKNOWLEDGED || state == BG_JOB_STATE_CANCELLED;
}

// ---- The runs, as data (case_run.h) -------------------------------------------------
// One job that succeeds and one that fails on an HTTP status, both with two files and
// every notification.
CaseRun StandardRun() { return {{{.files = 2, .flags = kAll}, {.files = 2, .flags = kAll, .fault = ErrorWithFile()}}}; }

// `count` jobs with every flag; every fourth fails on an HTTP status.
CaseRun ManyJobs(int count, int files) {
  CaseRun run;
  for (int i = 0; i < count; ++i) {
    run.jobs.push_back({.files = files, .flags = kAll, .fault = i % 4 == 3 ? std::optional<Fault>(ErrorWithFile()) : std::nullopt});
  }
  return run;
}

// Three jobs with files and every flag: one succeeds, one fails on an HTTP status, one
// on BG_E_INSUFFICIENT_RANGE_SUPPORT, where real callbacks take the error's file. (No
// error without a file: that is tol.error_without_file's situation, and a callback that
// crashes there must not fail these rules too.)
CaseRun ParamsRun() {
  return {{{.files = 2, .flags = kAll},
           {.files = 2, .flags = kAll, .fault = ErrorWithFile()},
           {.files = 2, .flags = kAll, .fault = RangeErrorWithFile()}}};
}

CaseRun TransferredOkRun() { return {{{.files = 2}}}; }
CaseRun ErrorOkRun() { return {{{.files = 2, .fault = ErrorWithFile()}, {.files = 2, .fault = RangeErrorWithFile()}}}; }
CaseRun ModificationOkRun() { return {{{.files = 2, .flags = kTerminal | BG_NOTIFY_JOB_MODIFICATION}}}; }
CaseRun FileTransferredOkRun() { return {{{.files = 2, .flags = kAll}}}; }
// Two jobs whose Complete fails: a callback that gets one right and then fails the
// other for ever is caught too.
CaseRun RetryBoundedRun() {
  return {{{.fault = Fault::CompleteFails(E_FAIL, 10)}, {.fault = Fault::CompleteFails(E_FAIL, 10)}}};
}
CaseRun ErrorWithoutFileRun() { return {{{.fault = ErrorWithoutFile()}}}; }
// The failed job is resumed a minute later, long after its JobError.
CaseRun ErrorThenTransferredRun() { return {{{.fault = ErrorWithFile()}}, 0, std::chrono::minutes(1)}; }
CaseRun ReentrantModificationRun() { return {{{.files = 4, .flags = kTerminal | BG_NOTIFY_JOB_MODIFICATION}}, 1}; }
CaseRun ConcurrentJobsRun() { return ManyJobs(16, 2); }
CaseRun SharedAcrossJobsRun() { return ManyJobs(8, 1); }
// The standard run after a job whose error code is from a facility that code switching
// on facilities tends to miss.
CaseRun NoExceptionRun() {
  CaseRun run = StandardRun();
  run.jobs.insert(run.jobs.begin(), {.flags = kAll, .fault = Fault::FatalAt(0, 0, kStorageMediumFull)});
  return run;
}
CaseRun AcknowledgesRun() { return {{{}}}; }
CaseRun HandlesErrorRun() { return {{{.fault = ErrorWithFile()}}}; }

// The runs a scenario can say all of (RecordableRunOf).
struct RecordableRun {
  std::string_view rule;
  CaseRun (*run)();
};
constexpr RecordableRun kRecordableRuns[] = {
    {"params.job_not_released", ParamsRun},
    {"params.error_not_released", ParamsRun},
    {"params.file_not_released", ParamsRun},
    {"params.retained_balanced", ParamsRun},
    {"params.no_use_after_return", ParamsRun},
    {"ret.transferred_ok", TransferredOkRun},
    {"ret.error_ok", ErrorOkRun},
    {"ret.modification_ok", ModificationOkRun},
    {"ret.file_transferred_ok", FileTransferredOkRun},
    {"ret.retry_bounded", RetryBoundedRun},
    {"tol.error_without_file", ErrorWithoutFileRun},
    {"tol.error_then_transferred", ErrorThenTransferredRun},
    {"tol.reentrant_modification", ReentrantModificationRun},
    // Deterministic dispatch in a scenario: the seed interleaves the jobs, four at a time.
    {"tol.concurrent_jobs", ConcurrentJobsRun},
    {"tol.shared_across_jobs", SharedAcrossJobsRun},
    {"tol.no_exception", NoExceptionRun},
    {"time.no_hang", StandardRun},
    {"time.prompt", StandardRun},
    {"job.acknowledges", AcknowledgesRun},
    {"job.handles_error", HandlesErrorRun},
};

void StandardJobs(Session& s) {
  s.AddJobs(StandardRun());
  s.Run();
}

// ---- params.* ---------------------------------------------------------------------
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

CaseOutcome ParamsCase(const CaseContext& ctx, const char* rule) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(ParamsRun());
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

CaseRun WithGetters(CaseRun run, GettersFail getters_fail) {
  for (JobPlan& job : run.jobs) job.getters_fail = getters_fail;
  return run;
}

// How the suite names a job in a judge's message.
std::string SuiteJobName(int job) { return "job " + std::to_string(job); }

// The verdict of `rule`'s judge on the suite's run.
CaseOutcome Judged(std::string_view rule, RunEvidence evidence, const std::string& while_doing = "") {
  evidence.job_name = SuiteJobName;
  const std::optional<std::string> broken = JudgeRun(rule, evidence);
  return broken ? CaseOutcome::Fail(*broken + while_doing) : CaseOutcome::Pass();
}

// A ret.*_ok rule's judge on the calls of `method`, saying that the getters failed when
// they did; skipped when no call of `method` was made.
CaseOutcome AllOkWith(const Recorder& recorder, std::string_view rule, NotificationMethod method,
                      GettersFail getters_fail) {
  std::vector<CallRecord> calls = CallsOf(recorder, method);
  if (calls.empty()) return CaseOutcome::Skip("no " + std::string(NotificationMethodName(method)) + " was delivered");
  return Judged(rule, {std::move(calls)}, getters_fail ? " while every getter failed with " + Hr(*getters_fail) : "");
}

CaseOutcome TransferredOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(WithGetters(TransferredOkRun(), getters_fail));
  s.Run();
  s.Finish();
  return AllOkWith(s.recorder(), "ret.transferred_ok", NotificationMethod::kJobTransferred, getters_fail);
}

CaseOutcome ErrorOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(WithGetters(ErrorOkRun(), getters_fail));
  s.Run();
  s.Finish();
  return AllOkWith(s.recorder(), "ret.error_ok", NotificationMethod::kJobError, getters_fail);
}

CaseOutcome ModificationOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(WithGetters(ModificationOkRun(), getters_fail));
  s.Run();
  // Also to a callback registered without asking for modifications.
  ComPtr<IBackgroundCopyJob> quiet = s.AddJob({.getters_fail = getters_fail, .resume = false});
  s.proxy()->JobModification(quiet.Get(), 0);
  s.Finish();
  return AllOkWith(s.recorder(), "ret.modification_ok", NotificationMethod::kJobModification, getters_fail);
}

CaseOutcome FileTransferredOk(const CaseContext& ctx, GettersFail getters_fail) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  if (!s.AnswersCallback2()) return CaseOutcome::Skip("the callback does not answer IBackgroundCopyCallback2");
  s.AddJobs(WithGetters(FileTransferredOkRun(), getters_fail));
  s.Run();
  s.Finish();
  return AllOkWith(s.recorder(), "ret.file_transferred_ok", NotificationMethod::kFileTransferred, getters_fail);
}

CaseOutcome RetryBounded(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(RetryBoundedRun());
  s.Run();
  s.Finish();
  std::vector<CallRecord> calls = CallsOf(s.recorder(), NotificationMethod::kJobTransferred);
  if (calls.empty()) return CaseOutcome::Skip("no JobTransferred was delivered");
  return Judged("ret.retry_bounded", {std::move(calls)}, " while Complete failed");
}

// ---- tol.* ------------------------------------------------------------------------
// Each provokes its situation and asks only that the callback survive it (Survived).
CaseOutcome ErrorWithoutFileCase(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(ErrorWithoutFileRun());
  s.Run();
  const int index = s.JobIndex(s.jobs().front().Get());
  s.Finish();
  const std::vector<CallRecord> calls = CallsOn(s.recorder(), NotificationMethod::kJobError, index);
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
  for (const CallRecord& c : CallsOf(s.recorder(), NotificationMethod::kJobModification)) {
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
  const size_t first = CallsOn(s.recorder(), NotificationMethod::kJobTransferred, index).size();
  s.proxy()->JobTransferred(job.Get());  // redelivery
  s.Finish();
  std::vector<CallRecord> calls = CallsOn(s.recorder(), NotificationMethod::kJobTransferred, index);
  if (first == 0) return CaseOutcome::Skip("no JobTransferred was delivered");
  return Survived({calls.begin() + first, calls.end()}, "when delivered again for the same job");
}

CaseOutcome ErrorThenTransferred(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  const CaseRun run = ErrorThenTransferredRun();
  s.AddJobs(run);
  s.engine().AdvanceBy(*run.resume_first_job_after);  // JobError
  IBackgroundCopyJob* failed = s.jobs().front().Get();
  failed->Resume();
  s.Run();
  const int index = s.JobIndex(failed);
  if (CallsOn(s.recorder(), NotificationMethod::kJobTransferred, index).empty()) s.proxy()->JobTransferred(failed);
  s.Finish();
  return Survived(CallsOn(s.recorder(), NotificationMethod::kJobTransferred, index), "after JobError and Resume on the same job");
}

CaseOutcome ReentrantModification(const CaseContext& ctx) {
  const CaseRun run = ReentrantModificationRun();
  ProxyOptions proxy_options;
  proxy_options.read_job_at_entry = false;
  Session s(ctx, OptionsFor(ctx, run), proxy_options);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(run);
  s.Run();
  s.Finish();
  std::vector<CallRecord> nested;
  for (const CallRecord& c : CallsOf(s.recorder(), NotificationMethod::kJobModification)) {
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
  s.AddJobs(ConcurrentJobsRun());
  s.Run();
  s.Finish();
  return Survived(s.recorder().calls(), "with notifications on four threads at once");
}

CaseOutcome SharedAcrossJobs(const CaseContext& ctx) {
  // "Work": every job ends as it ends when it has an object of its own (in its own
  // engine), when one object serves all eight.
  const CaseRun run = SharedAcrossJobsRun();
  const std::string situation = "when one object served eight jobs";
  std::vector<BG_JOB_STATE> usual_ends;
  for (const JobPlan& job : run.jobs) {
    Session alone(ctx);
    if (!alone.ok()) return alone.factory_failure();
    alone.AddJob(job);
    alone.Run();
    usual_ends.push_back(Ends(alone).front());
  }
  Session shared(ctx);
  if (!shared.ok()) return shared.factory_failure();
  shared.AddJobs(run);
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
  unregister.before_callee = [&seen](NotificationMethod, IBackgroundCopyJob* job) {
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
  s.AddJobs(NoExceptionRun());
  s.Run();
  void* answer = nullptr;
  if (SUCCEEDED(s.proxy()->QueryInterface(IID_IBackgroundCopyCallback, &answer)) && answer != nullptr) {
    static_cast<IUnknown*>(answer)->Release();
  }
  s.Finish();
  return FromViolations(s.recorder(), "tol.no_exception");
}

// ---- time.* -----------------------------------------------------------------------
CaseOutcome Durations(const CaseContext& ctx, std::string_view rule) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  StandardJobs(s);
  s.Finish();
  RunEvidence evidence{s.recorder().calls()};
  evidence.limits = ctx.limits;
  return Judged(rule, std::move(evidence));
}

// ---- job.* ------------------------------------------------------------------------
// One job that gets `method` (JobError when with_error), judged on the state it ends in.
CaseOutcome FinalStateAfter(const CaseContext& ctx, std::string_view rule, NotificationMethod method, bool with_error) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  s.AddJobs(with_error ? HandlesErrorRun() : AcknowledgesRun());
  s.Run();
  IBackgroundCopyJob* job = s.jobs().front().Get();
  const BG_JOB_STATE state = s.StateOf(job);
  const int index = s.JobIndex(job);
  s.Finish();
  RunEvidence evidence{CallsOn(s.recorder(), method, index)};
  if (evidence.calls.empty()) return CaseOutcome::Skip(std::string("no ") + NotificationMethodName(method) + " was delivered");
  evidence.final_state = [state](int) { return std::optional<BG_JOB_STATE>(state); };
  return Judged(rule, std::move(evidence));
}

}  // namespace

std::vector<Case> RunCases() {
  std::vector<Case> cases;
  for (const char* rule : {"params.job_not_released", "params.error_not_released", "params.file_not_released",
                           "params.retained_balanced", "params.no_use_after_return"}) {
    cases.push_back({std::string(rule) + "/errors_and_files", rule,
                     [rule](const CaseContext& ctx) { return ParamsCase(ctx, rule); }});
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
       [](const CaseContext& ctx) { return Durations(ctx, "time.no_hang"); }},
      {"time.prompt/standard_run", "time.prompt",
       [](const CaseContext& ctx) { return Durations(ctx, "time.prompt"); }},
      {"job.acknowledges/transferred", "job.acknowledges",
       [](const CaseContext& ctx) {
         return FinalStateAfter(ctx, "job.acknowledges", NotificationMethod::kJobTransferred, false);
       }},
      {"job.handles_error/http_error", "job.handles_error",
       [](const CaseContext& ctx) { return FinalStateAfter(ctx, "job.handles_error", NotificationMethod::kJobError, true); }},
  };
  cases.insert(cases.end(), rest.begin(), rest.end());
  return cases;
}

}  // namespace doharness::conformance::cases

namespace doharness::conformance {

Fault ErrorWithFile() { return Fault::HttpStatusAt(0, 64 * 1024, 404); }
Fault RangeErrorWithFile() { return Fault::FatalAt(0, 64 * 1024, BG_E_INSUFFICIENT_RANGE_SUPPORT); }
Fault ErrorWithoutFile() { return Fault::JobError(E_FAIL); }

std::optional<CaseRun> RecordableRunOf(std::string_view rule) {
  for (const cases::RecordableRun& r : cases::kRecordableRuns) {
    if (r.rule == rule) return r.run();
  }
  return std::nullopt;
}

std::vector<std::string_view> RecordableRules() {
  std::vector<std::string_view> rules;
  for (const cases::RecordableRun& r : cases::kRecordableRuns) rules.push_back(r.rule);
  return rules;
}

}  // namespace doharness::conformance
