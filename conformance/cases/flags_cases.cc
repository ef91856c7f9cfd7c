// flags.*: the engine honours SetNotifyFlags: its default, the bits it refuses and
// when, each gate over the observed runs, BG_NOTIFY_DISABLE, and a change made while
// a job transfers.
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

// No call of `method` whose flags at entry lack `bit`, and none on `job` (built without it).
CaseOutcome Gate(const CaseContext& ctx, NotificationMethod method, ULONG bit, ComPtr<IBackgroundCopyJob> ObservedJobs::*job) {
  return OverRuns(ctx, [&](ObservedRun& run) {
    const int excluded = run.session->JobIndex((run.jobs.*job).Get());
    for (const CallRecord& c : run.calls) {
      if (c.method != method) continue;
      if ((c.notify_flags && (*c.notify_flags & bit) == 0) || (excluded != 0 && c.job == excluded)) {
        return CaseOutcome::Fail(std::string(NotificationMethodName(method)) + " called on job " + std::to_string(c.job) +
                                 " whose flags were " + NotifyFlagsName(c.notify_flags.value_or(0)));
      }
    }
    return CaseOutcome::Pass();
  });
}

CaseOutcome FlagsDefault(const CaseContext& ctx) {
  ProbeBench b(ctx);
  const ULONG flags = b.Flags(b.Job().Get());
  return flags == kTerminal ? CaseOutcome::Pass() : CaseOutcome::Fail("a new job's flags are " + NotifyFlagsName(flags));
}

CaseOutcome FlagsInvalidRejected(const CaseContext& ctx) {
  ProbeBench b(ctx);
  Checker check;
  auto job = b.Job();
  job->SetNotifyFlags(0x1B);
  const ULONG invalid = (b.profile.valid_flag_mask + 1) | kTerminal;
  check.Expect(job->SetNotifyFlags(invalid) == E_NOTIMPL, HrIs("SetNotifyFlags(invalid bit)", job->SetNotifyFlags(invalid), E_NOTIMPL));
  check.Expect(b.Flags(job.Get()) == 0x1B, "the flags changed to " + NotifyFlagsName(b.Flags(job.Get())) + " after a rejected SetNotifyFlags");
  return check.Outcome();
}

CaseOutcome FlagsFinalStateRejected(const CaseContext& ctx) {
  ProbeBench b(ctx);
  auto job = b.Job();
  job->Cancel();
  const HRESULT hr = job->SetNotifyFlags(kTerminal);
  return hr == b.profile.invalid_state ? CaseOutcome::Pass()
                                       : CaseOutcome::Fail(HrIs("SetNotifyFlags on a CANCELLED job", hr, b.profile.invalid_state));
}

// flags.live: a flag set mid-transfer applies to what follows; a cleared bit stops a
// pending redelivery.
CaseOutcome FlagsLive(const CaseContext& ctx) {
  ProbeBench b(ctx);
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

CaseOutcome Disable(const CaseContext& ctx) {
  return OverRuns(ctx, [](ObservedRun& run) {
    const int job = run.session->JobIndex(run.jobs.disabled.Get());
    for (const CallRecord& c : run.calls) {
      if ((job != 0 && c.job == job) || (c.notify_flags && (*c.notify_flags & BG_NOTIFY_DISABLE))) {
        return CaseOutcome::Fail(std::string(NotificationMethodName(c.method)) + " called on job " + std::to_string(c.job) +
                                 " with BG_NOTIFY_DISABLE set");
      }
    }
    return CaseOutcome::Pass();
  });
}

CaseOutcome GateFile(const CaseContext& ctx) {
  CaseOutcome gate = Gate(ctx, NotificationMethod::kFileTransferred, BG_NOTIFY_FILE_TRANSFERRED, &ObservedJobs::terminal_only);
  if (gate.status != RuleStatus::kPass) return gate;
  // A callback without IBackgroundCopyCallback2 gets no FileTransferred.
  ProbeBench b(ctx);
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

std::vector<Case> FlagsCases() {
  using C = const CaseContext&;
  return {
      {"flags.default/probe", "flags.default", FlagsDefault},
      {"flags.invalid_rejected/probe", "flags.invalid_rejected", FlagsInvalidRejected},
      {"flags.final_state_rejected/probe", "flags.final_state_rejected", FlagsFinalStateRejected},
      {"flags.gate_transferred/observed", "flags.gate_transferred",
       [](C ctx) { return Gate(ctx, NotificationMethod::kJobTransferred, BG_NOTIFY_JOB_TRANSFERRED, &ObservedJobs::error_only); }},
      {"flags.gate_error/observed", "flags.gate_error",
       [](C ctx) { return Gate(ctx, NotificationMethod::kJobError, BG_NOTIFY_JOB_ERROR, &ObservedJobs::transferred_only); }},
      {"flags.gate_modification/observed", "flags.gate_modification",
       [](C ctx) { return Gate(ctx, NotificationMethod::kJobModification, BG_NOTIFY_JOB_MODIFICATION, &ObservedJobs::terminal_only); }},
      {"flags.gate_file/observed_and_v1_probe", "flags.gate_file", GateFile},
      {"flags.disable/observed", "flags.disable", Disable},
      {"flags.live/probe", "flags.live", FlagsLive},
  };
}

}  // namespace doharness::conformance::cases
