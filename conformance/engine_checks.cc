// The engine promises, checked on the engine a conformance run uses (the fake): over
// what the recording proxies observed while the callback under test ran (gates, order,
// releases), over the same scenario with the harness's own well-behaved probe callback
// (so that each promise is exercised whatever the callback under test does), and by
// direct COM probes of the engine (flags, states, enumerators, registration).
#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "api/names.h"
#include "conformance/cases/registry.h"
#include "conformance/cases/session.h"

namespace doharness::conformance::cases {
namespace {

// ---- The probe callback ---------------------------------------------------------------
// The harness's own callback: never freed by Release (the check owns it), so every
// count and every late call can be checked. Completes on JobTransferred and cancels on
// JobError unless told otherwise.
struct ProbeBehaviour {
  bool answers_v1 = true;
  bool answers_v2 = true;
  bool fail_first_terminal = false;  // E_FAIL from the first JobTransferred/JobError/FileTransferred of a job
  bool fail_modifications = false;   // E_FAIL from every JobModification
  bool finish_jobs = true;           // Complete / Cancel from JobTransferred / JobError
  bool unregister_inside = false;    // SetNotifyInterface(NULL) from inside JobTransferred
};

class Probe final : public IBackgroundCopyCallback2 {
 public:
  explicit Probe(ProbeBehaviour behaviour = {}) : b_(behaviour) {}

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (out == nullptr) return E_POINTER;
    {
      std::lock_guard<std::mutex> lock(mu_);
      asked_.push_back(iid);
    }
    const bool yes = IsEqualGUID(iid, IID_IUnknown) || (b_.answers_v1 && IsEqualGUID(iid, IID_IBackgroundCopyCallback)) ||
                     (b_.answers_v2 && IsEqualGUID(iid, IID_IBackgroundCopyCallback2));
    *out = yes ? static_cast<IBackgroundCopyCallback2*>(this) : nullptr;
    if (!yes) return E_NOINTERFACE;
    AddRef();
    return S_OK;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return static_cast<ULONG>(++refs_); }
  ULONG STDMETHODCALLTYPE Release() override { return static_cast<ULONG>(--refs_); }

  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    Enter(job);
    if (b_.unregister_inside) {
      job->SetNotifyInterface(nullptr);
      Expect(refs_.load() >= 1, "the callback's count fell to 0 inside JobTransferred after SetNotifyInterface(NULL)");
    }
    if (FailFirst(job, "JobTransferred")) return E_FAIL;
    if (b_.finish_jobs) job->Complete();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override {
    Enter(job);
    BG_ERROR_CONTEXT context;
    HRESULT code = S_OK;
    Expect(error != nullptr && error->GetError(&context, &code) == S_OK, "pError->GetError failed inside JobError");
    if (FailFirst(job, "JobError")) return E_FAIL;
    if (b_.finish_jobs) job->Cancel();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD) override {
    Enter(job);
    Count(job, "JobModification");
    return b_.fail_modifications ? E_FAIL : S_OK;
  }
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* job, IBackgroundCopyFile* file) override {
    Enter(job);
    BG_FILE_PROGRESS progress;
    Expect(file != nullptr && file->GetProgress(&progress) == S_OK, "pFile->GetProgress failed inside FileTransferred");
    return FailFirst(job, "FileTransferred") ? E_FAIL : S_OK;
  }

  int refs() const { return refs_.load(); }
  std::vector<IID> asked() const {
    std::lock_guard<std::mutex> lock(mu_);
    return asked_;
  }
  // How often `method` was called for `job`.
  int CallsOf(IBackgroundCopyJob* job, const std::string& method) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = calls_.find({job, method});
    return it == calls_.end() ? 0 : it->second;
  }
  int TotalCalls() const { return total_.load(); }
  // The first broken promise seen from inside a call, or "".
  std::string problem() const {
    std::lock_guard<std::mutex> lock(mu_);
    return problem_;
  }

 private:
  // Every call: the engine holds a reference for it, and pJob works.
  void Enter(IBackgroundCopyJob* job) {
    ++total_;
    Expect(refs_.load() >= 1, "a notification arrived on a callback the engine held no reference on");
    BG_JOB_STATE state;
    Expect(job != nullptr && job->GetState(&state) == S_OK, "pJob->GetState failed inside a notification");
  }
  void Count(IBackgroundCopyJob* job, const std::string& method) {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_[{job, method}];
  }
  bool FailFirst(IBackgroundCopyJob* job, const std::string& method) {
    Count(job, method);
    return b_.fail_first_terminal && CallsOf(job, method) == 1;
  }
  void Expect(bool ok, const std::string& what) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!ok && problem_.empty()) problem_ = what;
  }

  const ProbeBehaviour b_;
  std::atomic<int> refs_{0};
  std::atomic<int> total_{0};
  mutable std::mutex mu_;
  std::vector<IID> asked_;
  std::map<std::pair<IBackgroundCopyJob*, std::string>, int> calls_;
  std::string problem_;
};

// A context whose callback under test is a fresh probe (owned by `keep`).
CaseContext WithProbe(const CaseContext& ctx, std::vector<std::unique_ptr<Probe>>* keep, ProbeBehaviour b = {}) {
  CaseContext probe_ctx = ctx;
  probe_ctx.factory = [keep, b](IUnknown** out) {
    keep->push_back(std::make_unique<Probe>(b));
    keep->back()->AddRef();
    *out = keep->back().get();
    return S_OK;
  };
  return probe_ctx;
}

HRESULT TransientCode(const Profile& profile) {
  return profile.kind == ProfileKind::kDo ? DO_E_BLOCKED_BY_NO_NETWORK : BG_E_NETWORK_DISCONNECTED;
}

// ---- Observed runs -------------------------------------------------------------------
// The jobs of the observed run, each built to exercise some promises.
struct ObservedJobs {
  ComPtr<IBackgroundCopyJob> ok, http_error, error_only, transferred_only, terminal_only, disabled, transient;
};

// One observed run: the callback (under test or probe) behind a proxy.
struct ObservedRun {
  std::unique_ptr<Session> session;
  ObservedJobs jobs;
  std::vector<CallRecord> calls;
  int max_concurrent = 0;
  bool threaded = false;
};

void RunObserved(const CaseContext& ctx, EngineOptions options, ObservedRun* run) {
  run->session = std::make_unique<Session>(ctx, options);
  run->threaded = options.dispatch == DispatchMode::kThreaded;
  Session& s = *run->session;
  if (!s.ok()) return;
  ObservedJobs& j = run->jobs;
  j.ok = s.AddJob({.files = 2, .flags = kAll});
  j.http_error = s.AddJob({.files = 2, .flags = kAll, .fault = ErrorWithFile()});
  j.error_only = s.AddJob({.flags = BG_NOTIFY_JOB_ERROR | BG_NOTIFY_JOB_MODIFICATION});
  j.transferred_only = s.AddJob({.flags = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_FILE_TRANSFERRED, .fault = ErrorWithoutFile()});
  j.terminal_only = s.AddJob({.files = 2, .flags = kTerminal});
  j.disabled = s.AddJob({.flags = kAll | BG_NOTIFY_DISABLE});
  j.transient = s.AddJob({.flags = kAll, .fault = Fault::TransientAt(0, 64 * 1024, TransientCode(ctx.profile), std::chrono::seconds(30))});
  s.Run();
  run->max_concurrent = s.engine().stats().max_concurrent_calls;
  s.Finish();
  run->calls = s.recorder().calls();
}

// The callback under test and the probe, each in a deterministic and a threaded run.
struct Observations {
  std::vector<std::unique_ptr<Probe>> probes;
  std::vector<ObservedRun> runs;
};

std::unique_ptr<Observations> Observe(const CaseContext& ctx) {
  auto o = std::make_unique<Observations>();
  const CaseContext probe_ctx = WithProbe(ctx, &o->probes);
  EngineOptions threaded;
  threaded.dispatch = DispatchMode::kThreaded;
  threaded.concurrency_limit = 4;
  // Threaded dispatch only with the probe: the callback under test meets threads in the
  // tol.concurrent_jobs case alone, so that a callback that is not thread-safe fails
  // that rule and not every engine promise observed with it.
  o->runs.resize(3);
  RunObserved(ctx, {}, &o->runs[0]);
  RunObserved(probe_ctx, {}, &o->runs[1]);
  RunObserved(probe_ctx, threaded, &o->runs[2]);
  return o;
}

const char* RunName(size_t i) {
  static const char* names[] = {"callback under test", "probe callback", "probe callback, threaded"};
  return names[i];
}

// Runs `check` over every observed run's calls; the first failure names its run.
template <class F>
CaseOutcome OverRuns(const CaseContext& ctx, F check) {
  std::unique_ptr<Observations> o = Observe(ctx);
  for (size_t i = 0; i < o->runs.size(); ++i) {
    ObservedRun& run = o->runs[i];
    if (!run.session->ok()) {
      if (i > 0) return run.session->factory_failure();  // the probe's factory cannot fail
      continue;  // the callback under test could not be made: its rules say so
    }
    CaseOutcome outcome = check(run);
    if (outcome.status != RuleStatus::kPass) {
      outcome.message += std::string(" (") + RunName(i) + ")";
      return outcome;
    }
  }
  return CaseOutcome::Pass();
}

bool Overlap(const CallRecord& a, const CallRecord& b) {
  return a.start < b.start + b.duration && b.start < a.start + a.duration;
}

bool IsTerminal(Method m) { return m == Method::kJobTransferred || m == Method::kJobError; }

// No call of `method` whose flags at entry lack `bit`, and none on `job` (built without it).
CaseOutcome Gate(const CaseContext& ctx, Method method, ULONG bit, ComPtr<IBackgroundCopyJob> ObservedJobs::*job) {
  return OverRuns(ctx, [&](ObservedRun& run) {
    const int excluded = run.session->JobIndex((run.jobs.*job).Get());
    for (const CallRecord& c : run.calls) {
      if (c.method != method) continue;
      if ((c.notify_flags && (*c.notify_flags & bit) == 0) || (excluded != 0 && c.job == excluded)) {
        return CaseOutcome::Fail(std::string(MethodName(method)) + " called on job " + std::to_string(c.job) +
                                 " whose flags were " + NotifyFlagsName(c.notify_flags.value_or(0)));
      }
    }
    return CaseOutcome::Pass();
  });
}

// ---- Probes of the engine -----------------------------------------------------------
struct Bench {
  explicit Bench(const CaseContext& ctx) : engine(OptionsFor(ctx)), profile(ctx.profile) {}
  ~Bench() { engine.Shutdown(); }
  ComPtr<IBackgroundCopyJob> Job(int files = 1) {
    ComPtr<IBackgroundCopyJob> job;
    engine.CreateJob(L"probe", &job);
    for (int i = 0; i < files; ++i) {
      engine.AddFile(job.Get(), {L"http://example/p" + std::to_wstring(++n), L"/tmp/p" + std::to_wstring(n),
                                 128 * 1024, 1024 * 1024});
    }
    return job;
  }
  BG_JOB_STATE State(IBackgroundCopyJob* job) {
    BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
    job->GetState(&state);
    return state;
  }
  ULONG Flags(IBackgroundCopyJob* job) {
    ULONG flags = 0;
    job->GetNotifyFlags(&flags);
    return flags;
  }
  // A probe the harness holds one reference on; it outlives the engine.
  Probe& NewProbe(ProbeBehaviour behaviour = {}) {
    probes.push_back(std::make_unique<Probe>(behaviour));
    probes.back()->AddRef();
    return *probes.back();
  }
  std::vector<std::unique_ptr<Probe>> probes;  // destroyed after the engine
  FakeEngine engine;
  Profile profile;
  int n = 0;
};

std::string HrIs(const char* what, HRESULT got, HRESULT want) {
  return std::string(what) + " returned " + Hr(got) + ", expected " + Hr(want);
}

CaseOutcome FlagsDefault(const CaseContext& ctx) {
  Bench b(ctx);
  const ULONG flags = b.Flags(b.Job().Get());
  return flags == kTerminal ? CaseOutcome::Pass() : CaseOutcome::Fail("a new job's flags are " + NotifyFlagsName(flags));
}

CaseOutcome FlagsInvalidRejected(const CaseContext& ctx) {
  Bench b(ctx);
  Checker check;
  auto job = b.Job();
  job->SetNotifyFlags(0x1B);
  const ULONG invalid = (b.profile.valid_flag_mask + 1) | kTerminal;
  check.Expect(job->SetNotifyFlags(invalid) == E_NOTIMPL, HrIs("SetNotifyFlags(invalid bit)", job->SetNotifyFlags(invalid), E_NOTIMPL));
  check.Expect(b.Flags(job.Get()) == 0x1B, "the flags changed to " + NotifyFlagsName(b.Flags(job.Get())) + " after a rejected SetNotifyFlags");
  return check.Outcome();
}

CaseOutcome FlagsFinalStateRejected(const CaseContext& ctx) {
  Bench b(ctx);
  auto job = b.Job();
  job->Cancel();
  const HRESULT hr = job->SetNotifyFlags(kTerminal);
  return hr == b.profile.invalid_state ? CaseOutcome::Pass()
                                       : CaseOutcome::Fail(HrIs("SetNotifyFlags on a CANCELLED job", hr, b.profile.invalid_state));
}

// flags.live: a flag set mid-transfer applies to what follows; a cleared bit stops a
// pending redelivery.
CaseOutcome FlagsLive(const CaseContext& ctx) {
  Bench b(ctx);
  Probe& on = b.NewProbe();
  Probe& failing = b.NewProbe({.fail_first_terminal = true});
  Checker check;
  auto job = b.Job(4);
  job->SetNotifyFlags(kTerminal);
  job->SetNotifyInterface(&on);
  job->Resume();
  b.engine.AdvanceBy(std::chrono::milliseconds(200));
  const int before = on.CallsOf(job.Get(), "JobModification");
  job->SetNotifyFlags(kTerminal | BG_NOTIFY_JOB_MODIFICATION);
  b.engine.RunUntilIdle();
  check.Expect(before == 0, "JobModification was called before its flag was set");
  check.Expect(on.CallsOf(job.Get(), "JobModification") > 0, "no JobModification after the flag was set mid-transfer");
  auto pending = b.Job();
  pending->SetNotifyInterface(&failing);
  pending->Resume();
  b.engine.RunUntilIdle(std::chrono::seconds(1));  // the first JobTransferred fails
  pending->SetNotifyFlags(BG_NOTIFY_JOB_ERROR);
  b.engine.RunUntilIdle(std::chrono::minutes(2));
  check.Expect(failing.CallsOf(pending.Get(), "JobTransferred") == 1,
               "a pending JobTransferred was redelivered after its flag was cleared");
  b.engine.Shutdown();
  return check.Outcome();
}

CaseOutcome ErrorAfterTimeout(const CaseContext& ctx) {
  Bench b(ctx);
  Probe& probe = b.NewProbe({.finish_jobs = false});
  auto job = b.Job();
  job->SetNoProgressTimeout(60);
  b.engine.ScriptFault(job.Get(), Fault::TransientAt(0, 64 * 1024, TransientCode(b.profile), std::chrono::hours(1)));
  job->SetNotifyInterface(&probe);
  job->Resume();
  b.engine.RunUntilIdle();
  Checker check;
  check.Expect(b.State(job.Get()) == BG_JOB_STATE_ERROR,
               "a TRANSIENT_ERROR outlasting the no-progress timeout ended " + JobStateName(b.State(job.Get())));
  check.Expect(probe.CallsOf(job.Get(), "JobError") == 1, "no JobError after the no-progress timeout");
  return check.Outcome();
}

// Modifications of a one-file job (two chunks) to success and to an error after one
// chunk: file added + Resume's states + chunks, and nothing for TRANSFERRED or ERROR.
CaseOutcome NoModificationOnTerminal(const CaseContext& ctx) {
  Bench b(ctx);
  Probe& probe = b.NewProbe();
  const int resume_states = b.profile.has_connecting_state ? 3 : 1;
  Checker check;
  // Both jobs stay alive to the end: the probe counts calls by job pointer, and a
  // freed job's address may be reused by the next one.
  std::vector<ComPtr<IBackgroundCopyJob>> jobs;
  for (bool error : {false, true}) {
    auto job = jobs.emplace_back(b.Job());
    if (error) b.engine.ScriptFault(job.Get(), Fault::FatalAt(0, 64 * 1024, E_FAIL));
    job->SetNotifyFlags(kTerminal | BG_NOTIFY_JOB_MODIFICATION);
    job->SetNotifyInterface(&probe);
    job->Resume();
    b.engine.RunUntilIdle();
    const int want = 1 + resume_states + (error ? 1 : 2);
    const int got = probe.CallsOf(job.Get(), "JobModification");
    check.Expect(got == want, std::to_string(got) + " JobModification calls for a job that " +
                                  (error ? "entered ERROR" : "entered TRANSFERRED") + ", expected " + std::to_string(want) +
                                  " (none for the terminal transition)");
  }
  return check.Outcome();
}

CaseOutcome RetryUntilOk(const CaseContext& ctx) {
  Checker check;
  int modifications[2] = {0, 0};
  for (bool failing : {false, true}) {
    Bench b(ctx);
    Probe& probe = b.NewProbe({.fail_first_terminal = failing, .fail_modifications = failing});
    auto ok = b.Job(2), bad = b.Job();
    b.engine.ScriptFault(bad.Get(), ErrorWithFile());
    for (auto* job : {ok.Get(), bad.Get()}) {
      job->SetNotifyFlags(kAll);
      job->SetNotifyInterface(&probe);
      job->Resume();
    }
    b.engine.RunUntilIdle();
    modifications[failing] = probe.CallsOf(ok.Get(), "JobModification") + probe.CallsOf(bad.Get(), "JobModification");
    if (!failing) continue;
    check.Expect(probe.CallsOf(ok.Get(), "JobTransferred") == 2, "a failed JobTransferred was not delivered again");
    check.Expect(probe.CallsOf(bad.Get(), "JobError") == 2, "a failed JobError was not delivered again");
    check.Expect(probe.CallsOf(ok.Get(), "FileTransferred") == 3, "a failed FileTransferred was not delivered again");
  }
  check.Expect(modifications[1] == modifications[0], "a failed JobModification was delivered again (" +
                                                         std::to_string(modifications[1]) + " calls, " +
                                                         std::to_string(modifications[0]) + " when they succeed)");
  return check.Outcome();
}

// The second half of order.files_serialized, from the engine's trace: after a
// FileTransferred that did not return S_OK, the next FileTransferred of the job is the
// same file again, never the next one (deterministic dispatch: calls do not overlap,
// so each return follows its call).
CaseOutcome FilesWaitForOk(const CaseContext& ctx) {
  Bench b(ctx);
  Probe& probe = b.NewProbe({.fail_first_terminal = true});
  auto job = b.Job(3);
  job->SetNotifyFlags(kAll);
  job->SetNotifyInterface(&probe);
  job->Resume();
  b.engine.RunUntilIdle();
  const uint32_t number = b.engine.JobNumber(job.Get());
  int owed = 0;  // the first file whose FileTransferred has not returned S_OK
  int calls = 0;
  int called = -1;
  for (const TraceEvent& e : b.engine.trace().Events()) {
    if (e.job != number || e.method != "FileTransferred") continue;
    if (e.kind == TraceEvent::Kind::kCall) {
      called = e.args.value("file", -1);
      ++calls;
      if (called != owed) {
        return CaseOutcome::Fail("FileTransferred for file " + std::to_string(called) + " while file " +
                                 std::to_string(owed) + " had not returned S_OK");
      }
    } else if (e.kind == TraceEvent::Kind::kReturn && e.result == HresultName(S_OK) && called == owed) {
      ++owed;
    }
  }
  if (owed != 3 || calls != 4) {
    return CaseOutcome::Fail(std::to_string(calls) + " FileTransferred calls acknowledged " + std::to_string(owed) +
                             " of 3 files, the first failing once (expected 4 calls, 3 files)");
  }
  return CaseOutcome::Pass();
}

CaseOutcome AtLeastOnce(const CaseContext& ctx) {
  Bench b(ctx);
  Probe& probe = b.NewProbe();
  Checker check;
  auto late_callback = b.Job(), late_flag = b.Job();
  late_flag->SetNotifyFlags(BG_NOTIFY_JOB_ERROR);
  late_flag->SetNotifyInterface(&probe);
  late_callback->Resume();
  late_flag->Resume();
  b.engine.RunUntilIdle();
  late_callback->SetNotifyInterface(&probe);
  late_flag->SetNotifyFlags(kTerminal);
  b.engine.RunUntilIdle();
  check.Expect(probe.CallsOf(late_callback.Get(), "JobTransferred") == 1, "no JobTransferred for a callback registered after the event");
  check.Expect(probe.CallsOf(late_flag.Get(), "JobTransferred") == 1, "no JobTransferred for a flag set after the event");
  return check.Outcome();
}

CaseOutcome NoCallAfterFinal(const CaseContext& ctx) {
  Checker check;
  // Probe: jobs cancelled by the harness mid-transfer get nothing more.
  {
    Bench b(ctx);
    Probe& probe = b.NewProbe();
  auto job = b.Job(4);
    job->SetNotifyFlags(kAll);
    job->SetNotifyInterface(&probe);
    job->Resume();
    b.engine.AdvanceBy(std::chrono::milliseconds(100));
    const int before = probe.TotalCalls();
    job->Cancel();
    b.engine.RunUntilIdle();
    check.Expect(probe.TotalCalls() == before, "a call arrived for a job after it was CANCELLED");
  }
  if (check.failed()) return check.Outcome();
  return OverRuns(ctx, [](ObservedRun& run) {
    // On worker threads the state read at entry may postdate a Cancel made on another
    // thread while the call was already in flight, which the rule allows.
    if (run.threaded) return CaseOutcome::Pass();
    for (const CallRecord& c : run.calls) {
      if (c.depth == 0 && c.state && (*c.state == BG_JOB_STATE_ACKNOWLEDGED || *c.state == BG_JOB_STATE_CANCELLED)) {
        return CaseOutcome::Fail(std::string(MethodName(c.method)) + " called on job " + std::to_string(c.job) +
                                 " in state " + JobStateName(*c.state));
      }
    }
    return CaseOutcome::Pass();
  });
}

CaseOutcome QiOnSet(const CaseContext& ctx) {
  Bench b(ctx);
  Checker check;
  Probe& v2 = b.NewProbe();
  Probe& v1 = b.NewProbe({.answers_v2 = false});
  Probe& neither = b.NewProbe({.answers_v1 = false, .answers_v2 = false});
  auto job = b.Job();
  job->SetNotifyInterface(&v2);
  job->SetNotifyInterface(&v1);
  const HRESULT hr = job->SetNotifyInterface(&neither);
  check.Expect(!v2.asked().empty() && IsEqualGUID(v2.asked().front(), IID_IBackgroundCopyCallback2),
               "the engine did not ask for IBackgroundCopyCallback2 first");
  const std::vector<IID> asked = v1.asked();
  check.Expect(asked.size() >= 2 && IsEqualGUID(asked[0], IID_IBackgroundCopyCallback2) &&
                   IsEqualGUID(asked[1], IID_IBackgroundCopyCallback),
               "the engine did not ask for IBackgroundCopyCallback2, then IBackgroundCopyCallback");
  check.Expect(hr == E_NOINTERFACE, HrIs("SetNotifyInterface with an object answering neither", hr, E_NOINTERFACE));
  check.Expect(neither.refs() == 1, "the engine kept a reference on an object it refused");
  job->SetNotifyInterface(nullptr);
  return check.Outcome();
}

// life.release_on_*: the probe's count after each step (the harness holds 1).
CaseOutcome Release(const CaseContext& ctx, const std::string& when) {
  Bench b(ctx);
  Probe& first = b.NewProbe();
  Probe& second = b.NewProbe();
  auto job = b.Job();
  job->SetNotifyInterface(&first);
  const int registered = first.refs();
  if (when == "replace") {
    job->SetNotifyInterface(&second);
  } else if (when == "clear") {
    job->SetNotifyInterface(nullptr);
    job->Resume();
    b.engine.RunUntilIdle();
  } else if (when == "final") {
    job->Resume();
    b.engine.RunUntilIdle();  // the probe Completes the job
  } else {
    job->Resume();
    b.engine.Shutdown();
  }
  Checker check;
  check.Expect(registered == 2, "SetNotifyInterface took " + std::to_string(registered - 1) + " references, expected 1");
  check.Expect(first.refs() == 1, "after " + when + " the engine still holds " + std::to_string(first.refs() - 1) +
                                      " references on the callback (" + std::to_string(first.refs()) + " with the harness's)");
  if (when == "clear") check.Expect(first.TotalCalls() == 0, "the callback was called after SetNotifyInterface(NULL)");
  if (when == "final") check.Expect(b.State(job.Get()) == BG_JOB_STATE_ACKNOWLEDGED, "the job did not finish");
  job->SetNotifyInterface(nullptr);
  return check.Outcome();
}

// life.hold_during_call: the harness lets go; the probe unregisters itself inside.
CaseOutcome HoldDuringCall(const CaseContext& ctx) {
  Bench b(ctx);
  Probe& probe = b.NewProbe({.unregister_inside = true});
  auto job = b.Job();
  job->SetNotifyInterface(&probe);
  probe.Release();  // the engine holds the only reference
  job->Resume();
  b.engine.RunUntilIdle();
  Checker check;
  check.Expect(probe.TotalCalls() > 0, "no notification was delivered");
  check.Expect(probe.problem().empty(), probe.problem());
  check.Expect(probe.refs() == 0, "the engine still holds " + std::to_string(probe.refs()) + " references after the job ended");
  return check.Outcome();
}

CaseOutcome GetAddrefs(const CaseContext& ctx) {
  Bench b(ctx);
  Probe& probe = b.NewProbe();
  auto job = b.Job();
  Checker check;
  IUnknown* got = reinterpret_cast<IUnknown*>(&b);
  HRESULT hr = job->GetNotifyInterface(&got);
  check.Expect(hr == S_OK && got == nullptr, "GetNotifyInterface with nothing set returned " + Hr(hr) +
                                                 (got ? " and a pointer" : ""));
  job->SetNotifyInterface(&probe);
  const int before = probe.refs();
  hr = job->GetNotifyInterface(&got);
  check.Expect(hr == S_OK && got != nullptr && probe.refs() == before + 1,
               "GetNotifyInterface returned " + Hr(hr) + " without an AddRef'd pointer");
  if (hr == S_OK && got != nullptr) got->Release();
  job->SetNotifyInterface(nullptr);
  return check.Outcome();
}

CaseOutcome BorrowedValid(const CaseContext& ctx) {
  std::vector<std::unique_ptr<Probe>> probes;
  const CaseContext probe_ctx = WithProbe(ctx, &probes);
  Session s(probe_ctx);
  s.AddJob({.files = 2, .flags = kAll});
  s.AddJob({.files = 2, .flags = kAll, .fault = ErrorWithFile()});
  s.Run();
  const uint64_t engine_violations = s.engine().stats().violations;
  s.Finish();
  Checker check;
  check.Expect(probes.front()->problem().empty(), probes.front()->problem());
  check.Expect(engine_violations == 0, "the engine reported " + std::to_string(engine_violations) + " misuses of its objects");
  return check.Outcome();
}

// ---- state.* ---------------------------------------------------------------------------
CaseOutcome InitialSuspended(const CaseContext& ctx) {
  Bench b(ctx);
  auto job = b.Job(0);
  BG_JOB_PROGRESS progress{};
  job->GetProgress(&progress);
  Checker check;
  check.Expect(b.State(job.Get()) == BG_JOB_STATE_SUSPENDED, "a new job is " + JobStateName(b.State(job.Get())));
  check.Expect(progress.BytesTransferred == 0 && progress.FilesTransferred == 0 && progress.FilesTotal == 0,
               "a new job has progress");
  return check.Outcome();
}

CaseOutcome ResumeEmpty(const CaseContext& ctx) {
  Bench b(ctx);
  auto job = b.Job(0);
  const HRESULT hr = job->Resume();
  Checker check;
  check.Expect(hr == b.profile.empty, HrIs("Resume without files", hr, b.profile.empty));
  check.Expect(b.State(job.Get()) == BG_JOB_STATE_SUSPENDED, "after Resume without files the job is " + JobStateName(b.State(job.Get())));
  return check.Outcome();
}

CaseOutcome FinalImmutable(const CaseContext& ctx) {
  Bench b(ctx);
  Checker check;
  auto job = b.Job();
  job->Cancel();
  const HRESULT want = b.profile.invalid_state;
  check.Expect(job->Resume() == want, HrIs("Resume on a CANCELLED job", job->Resume(), want));
  check.Expect(job->Suspend() == want, HrIs("Suspend on a CANCELLED job", job->Suspend(), want));
  check.Expect(job->Cancel() == want, HrIs("Cancel on a CANCELLED job", job->Cancel(), want));
  check.Expect(job->Complete() == want, HrIs("Complete on a CANCELLED job", job->Complete(), want));
  check.Expect(job->SetNotifyInterface(nullptr) == want, HrIs("SetNotifyInterface on a CANCELLED job", job->SetNotifyInterface(nullptr), want));
  check.Expect(job->SetPriority(BG_JOB_PRIORITY_HIGH) == want, HrIs("SetPriority on a CANCELLED job", job->SetPriority(BG_JOB_PRIORITY_HIGH), want));
  return check.Outcome();
}

CaseOutcome CompleteTransferred(const CaseContext& ctx) {
  Bench b(ctx);
  auto job = b.Job();
  job->Resume();
  b.engine.RunUntilIdle();
  Checker check;
  check.Expect(b.State(job.Get()) == BG_JOB_STATE_TRANSFERRED, "the job did not reach TRANSFERRED");
  const HRESULT hr = job->Complete();
  check.Expect(hr == S_OK, HrIs("Complete on a TRANSFERRED job", hr, S_OK));
  check.Expect(b.State(job.Get()) == BG_JOB_STATE_ACKNOWLEDGED, "after Complete the job is " + JobStateName(b.State(job.Get())));
  return check.Outcome();
}

CaseOutcome CancelAny(const CaseContext& ctx) {
  Bench b(ctx);
  Checker check;
  auto suspended = b.Job(), transferring = b.Job(4), transferred = b.Job();
  transferring->Resume();
  transferred->Resume();
  b.engine.AdvanceBy(std::chrono::milliseconds(200));
  for (auto* job : {suspended.Get(), transferring.Get(), transferred.Get()}) {
    const std::string from = JobStateName(b.State(job));
    const HRESULT hr = job->Cancel();
    check.Expect(hr == S_OK && b.State(job) == BG_JOB_STATE_CANCELLED, "Cancel on a " + from + " job returned " + Hr(hr));
  }
  return check.Outcome();
}

CaseOutcome GetErrorNone(const CaseContext& ctx) {
  Bench b(ctx);
  auto job = b.Job();
  ComPtr<IBackgroundCopyError> error;
  const HRESULT hr = job->GetError(error.GetAddressOf());
  return hr == b.profile.error_info_unavailable
             ? CaseOutcome::Pass()
             : CaseOutcome::Fail(HrIs("GetError without an error", hr, b.profile.error_info_unavailable));
}

CaseOutcome EnumSemantics(const CaseContext& ctx) {
  Bench b(ctx);
  std::vector<ComPtr<IBackgroundCopyJob>> jobs = {b.Job(), b.Job(), b.Job()};
  ComPtr<IEnumBackgroundCopyJobs> e;
  Checker check;
  HRESULT hr = b.engine.manager()->EnumJobs(0, e.GetAddressOf());
  if (hr != S_OK || !e) return CaseOutcome::Fail(HrIs("EnumJobs", hr, S_OK));
  ULONG count = 0, fetched = 0;
  e->GetCount(&count);
  check.Expect(count == 3, "GetCount gave " + std::to_string(count) + " for 3 jobs");
  IBackgroundCopyJob* got[3] = {nullptr, nullptr, nullptr};
  auto release = [&] {
    for (auto*& j : got) {
      if (j != nullptr) j->Release();
      j = nullptr;
    }
  };
  hr = e->Next(2, got, &fetched);
  check.Expect(hr == S_OK && fetched == 2, "Next(2) of 3 returned " + Hr(hr) + " with " + std::to_string(fetched));
  release();
  hr = e->Next(2, got, &fetched);
  check.Expect(hr == S_FALSE && fetched == 1, "Next(2) with 1 left returned " + Hr(hr) + " with " + std::to_string(fetched));
  release();
  check.Expect(e->Reset() == S_OK, "Reset did not return S_OK");
  hr = e->Next(2, got, nullptr);
  check.Expect(hr == E_INVALIDARG, HrIs("Next(2, NULL pceltFetched)", hr, E_INVALIDARG));
  release();
  hr = e->Next(1, got, nullptr);
  check.Expect(hr == S_OK, HrIs("Next(1, NULL pceltFetched)", hr, S_OK));
  release();
  hr = e->Skip(5);
  check.Expect(hr == S_FALSE, HrIs("Skip past the end", hr, S_FALSE));
  return check.Outcome();
}

// ---- Over the observed runs -------------------------------------------------------------
CaseOutcome FilesFirst(const CaseContext& ctx) {
  return OverRuns(ctx, [](ObservedRun& run) {
    std::map<int, const CallRecord*> terminal;
    for (const CallRecord& c : run.calls) {
      if (IsTerminal(c.method) && terminal.count(c.job) == 0) terminal[c.job] = &c;
      if (c.method == Method::kFileTransferred && terminal.count(c.job) != 0) {
        return CaseOutcome::Fail("FileTransferred on job " + std::to_string(c.job) + " after its " +
                                 MethodName(terminal[c.job]->method));
      }
    }
    return CaseOutcome::Pass();
  });
}

// No two calls of one job among `which` overlap in time.
template <class Pred>
CaseOutcome NoOverlapPerJob(const CaseContext& ctx, Pred which, const char* what) {
  return OverRuns(ctx, [&](ObservedRun& run) {
    for (size_t i = 0; i < run.calls.size(); ++i) {
      for (size_t k = i + 1; k < run.calls.size(); ++k) {
        const CallRecord &a = run.calls[i], &c = run.calls[k];
        if (a.job == c.job && which(a) && which(c) && Overlap(a, c)) {
          return CaseOutcome::Fail(std::string("two ") + what + " calls of job " + std::to_string(a.job) + " ran at once");
        }
      }
    }
    return CaseOutcome::Pass();
  });
}

CaseOutcome ConcurrencyLimit(const CaseContext& ctx) {
  return OverRuns(ctx, [&](ObservedRun& run) {
    int most = run.max_concurrent;
    for (const CallRecord& a : run.calls) {
      if (a.depth != 0) continue;
      int at_once = 0;
      for (const CallRecord& c : run.calls) {
        if (c.depth == 0 && c.start <= a.start && a.start < c.start + c.duration) ++at_once;
      }
      most = std::max(most, at_once);
    }
    return most <= 4 ? CaseOutcome::Pass()
                     : CaseOutcome::Fail(std::to_string(most) + " notifications ran at the same time (limit 4)");
  });
}

CaseOutcome NoErrorOnTransient(const CaseContext& ctx) {
  return OverRuns(ctx, [](ObservedRun& run) {
    const int job = run.session->JobIndex(run.jobs.transient.Get());
    for (const CallRecord& c : run.calls) {
      if (c.method == Method::kJobError && c.job == job && job != 0) {
        return CaseOutcome::Fail("JobError called on job " + std::to_string(job) + " for a TRANSIENT_ERROR that cleared");
      }
    }
    return CaseOutcome::Pass();
  });
}

CaseOutcome Disable(const CaseContext& ctx) {
  return OverRuns(ctx, [](ObservedRun& run) {
    const int job = run.session->JobIndex(run.jobs.disabled.Get());
    for (const CallRecord& c : run.calls) {
      if ((job != 0 && c.job == job) || (c.notify_flags && (*c.notify_flags & BG_NOTIFY_DISABLE))) {
        return CaseOutcome::Fail(std::string(MethodName(c.method)) + " called on job " + std::to_string(c.job) +
                                 " with BG_NOTIFY_DISABLE set");
      }
    }
    return CaseOutcome::Pass();
  });
}

CaseOutcome ProxyViolations(const CaseContext& ctx, const char* rule) {
  return OverRuns(ctx, [&](ObservedRun& run) { return FromViolations(run.session->recorder(), rule); });
}

CaseOutcome GateFile(const CaseContext& ctx) {
  CaseOutcome gate = Gate(ctx, Method::kFileTransferred, BG_NOTIFY_FILE_TRANSFERRED, &ObservedJobs::terminal_only);
  if (gate.status != RuleStatus::kPass) return gate;
  // A callback without IBackgroundCopyCallback2 gets no FileTransferred.
  Bench b(ctx);
  Probe& v1 = b.NewProbe({.answers_v2 = false});
  auto job = b.Job(2);
  job->SetNotifyFlags(kAll);
  job->SetNotifyInterface(&v1);
  job->Resume();
  b.engine.RunUntilIdle();
  return v1.CallsOf(job.Get(), "FileTransferred") == 0
             ? ProxyViolations(ctx, "flags.gate_file")
             : CaseOutcome::Fail("FileTransferred called on a callback that does not answer IBackgroundCopyCallback2");
}

}  // namespace

std::vector<Case> EngineCases() {
  using C = const CaseContext&;
  return {
      {"flags.default/probe", "flags.default", FlagsDefault},
      {"flags.invalid_rejected/probe", "flags.invalid_rejected", FlagsInvalidRejected},
      {"flags.final_state_rejected/probe", "flags.final_state_rejected", FlagsFinalStateRejected},
      {"flags.gate_transferred/observed", "flags.gate_transferred",
       [](C ctx) { return Gate(ctx, Method::kJobTransferred, BG_NOTIFY_JOB_TRANSFERRED, &ObservedJobs::error_only); }},
      {"flags.gate_error/observed", "flags.gate_error",
       [](C ctx) { return Gate(ctx, Method::kJobError, BG_NOTIFY_JOB_ERROR, &ObservedJobs::transferred_only); }},
      {"flags.gate_modification/observed", "flags.gate_modification",
       [](C ctx) { return Gate(ctx, Method::kJobModification, BG_NOTIFY_JOB_MODIFICATION, &ObservedJobs::terminal_only); }},
      {"flags.gate_file/observed_and_v1_probe", "flags.gate_file", GateFile},
      {"flags.disable/observed", "flags.disable", Disable},
      {"flags.live/probe", "flags.live", FlagsLive},
      {"order.no_error_on_transient/observed", "order.no_error_on_transient", NoErrorOnTransient},
      {"order.error_after_timeout/probe", "order.error_after_timeout", ErrorAfterTimeout},
      {"order.no_modification_on_terminal/probe", "order.no_modification_on_terminal", NoModificationOnTerminal},
      {"order.files_first/observed", "order.files_first", FilesFirst},
      {"order.files_serialized/observed", "order.files_serialized",
       [](C ctx) {
         return NoOverlapPerJob(ctx, [](const CallRecord& c) { return c.method == Method::kFileTransferred; },
                                "FileTransferred");
       }},
      {"order.files_serialized/waits_for_ok", "order.files_serialized", FilesWaitForOk},
      {"order.retry_until_ok/probe", "order.retry_until_ok", RetryUntilOk},
      {"order.at_least_once/probe", "order.at_least_once", AtLeastOnce},
      {"order.no_call_after_final/probe_and_observed", "order.no_call_after_final", NoCallAfterFinal},
      {"order.one_terminal_at_a_time/observed", "order.one_terminal_at_a_time",
       [](C ctx) {
         return NoOverlapPerJob(ctx, [](const CallRecord& c) { return IsTerminal(c.method); }, "JobTransferred/JobError");
       }},
      {"order.concurrency_limit/observed", "order.concurrency_limit", ConcurrencyLimit},
      {"life.qi_on_set/probe", "life.qi_on_set", QiOnSet},
      {"life.release_on_replace/probe", "life.release_on_replace", [](C ctx) { return Release(ctx, "replace"); }},
      {"life.release_on_clear/probe", "life.release_on_clear", [](C ctx) { return Release(ctx, "clear"); }},
      {"life.release_on_final/probe", "life.release_on_final", [](C ctx) { return Release(ctx, "final"); }},
      {"life.release_on_shutdown/probe", "life.release_on_shutdown", [](C ctx) { return Release(ctx, "shutdown"); }},
      {"life.hold_during_call/probe", "life.hold_during_call", HoldDuringCall},
      {"life.no_call_after_release/observed", "life.no_call_after_release",
       [](C ctx) { return ProxyViolations(ctx, "life.no_call_after_release"); }},
      {"life.get_addrefs/probe", "life.get_addrefs", GetAddrefs},
      {"life.borrowed_valid/probe", "life.borrowed_valid", BorrowedValid},
      {"state.initial_suspended/probe", "state.initial_suspended", InitialSuspended},
      {"state.resume_empty/probe", "state.resume_empty", ResumeEmpty},
      {"state.final_immutable/probe", "state.final_immutable", FinalImmutable},
      {"state.complete_transferred/probe", "state.complete_transferred", CompleteTransferred},
      {"state.cancel/probe", "state.cancel", CancelAny},
      {"state.get_error_none/probe", "state.get_error_none", GetErrorNone},
      {"state.enum_semantics/probe", "state.enum_semantics", EnumSemantics},
  };
}

}  // namespace doharness::conformance::cases
