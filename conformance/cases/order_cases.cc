// order.*: the engine's promises about which notification comes when: redelivery
// until S_OK, files before the terminal call and one at a time, no call after a final
// state, at most four calls at once, JobError only for errors that stay.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "api/names.h"
#include "conformance/cases/observed_runs.h"
#include "conformance/cases/probe_bench.h"
#include "conformance/cases/registry.h"
#include "conformance/cases/session.h"

namespace doharness::conformance::cases {
namespace {

bool Overlap(const CallRecord& a, const CallRecord& b) {
  return a.start < b.start + b.duration && b.start < a.start + a.duration;
}

bool IsTerminal(NotificationMethod m) { return m == NotificationMethod::kJobTransferred || m == NotificationMethod::kJobError; }

CaseOutcome ErrorAfterTimeout(const CaseContext& ctx) {
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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
    ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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
    ProbeBench b(ctx);
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
        return CaseOutcome::Fail(std::string(NotificationMethodName(c.method)) + " called on job " + std::to_string(c.job) +
                                 " in state " + JobStateName(*c.state));
      }
    }
    return CaseOutcome::Pass();
  });
}

CaseOutcome FilesFirst(const CaseContext& ctx) {
  return OverRuns(ctx, [](ObservedRun& run) {
    std::map<int, const CallRecord*> terminal;
    for (const CallRecord& c : run.calls) {
      if (IsTerminal(c.method) && terminal.count(c.job) == 0) terminal[c.job] = &c;
      if (c.method == NotificationMethod::kFileTransferred && terminal.count(c.job) != 0) {
        return CaseOutcome::Fail("FileTransferred on job " + std::to_string(c.job) + " after its " +
                                 NotificationMethodName(terminal[c.job]->method));
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
      if (c.method == NotificationMethod::kJobError && c.job == job && job != 0) {
        return CaseOutcome::Fail("JobError called on job " + std::to_string(job) + " for a TRANSIENT_ERROR that cleared");
      }
    }
    return CaseOutcome::Pass();
  });
}

}  // namespace

std::vector<Case> OrderCases() {
  using C = const CaseContext&;
  return {
      {"order.no_error_on_transient/observed", "order.no_error_on_transient", NoErrorOnTransient},
      {"order.error_after_timeout/probe", "order.error_after_timeout", ErrorAfterTimeout},
      {"order.no_modification_on_terminal/probe", "order.no_modification_on_terminal", NoModificationOnTerminal},
      {"order.files_first/observed", "order.files_first", FilesFirst},
      {"order.files_serialized/observed", "order.files_serialized",
       [](C ctx) {
         return NoOverlapPerJob(ctx, [](const CallRecord& c) { return c.method == NotificationMethod::kFileTransferred; },
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
  };
}

}  // namespace doharness::conformance::cases
