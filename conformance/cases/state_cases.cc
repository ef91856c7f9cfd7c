// state.*: the job state machine as a client sees it through COM: a new job,
// Resume without files, final states, Complete, Cancel, GetError, and EnumJobs.
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

CaseOutcome InitialSuspended(const CaseContext& ctx) {
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
  auto job = b.Job(0);
  const HRESULT hr = job->Resume();
  Checker check;
  check.Expect(hr == b.profile.empty, HrIs("Resume without files", hr, b.profile.empty));
  check.Expect(b.State(job.Get()) == BG_JOB_STATE_SUSPENDED, "after Resume without files the job is " + JobStateName(b.State(job.Get())));
  return check.Outcome();
}

CaseOutcome FinalImmutable(const CaseContext& ctx) {
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
  auto job = b.Job();
  ComPtr<IBackgroundCopyError> error;
  const HRESULT hr = job->GetError(error.GetAddressOf());
  return hr == b.profile.error_info_unavailable
             ? CaseOutcome::Pass()
             : CaseOutcome::Fail(HrIs("GetError without an error", hr, b.profile.error_info_unavailable));
}

CaseOutcome EnumSemantics(const CaseContext& ctx) {
  ProbeBench b(ctx);
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

}  // namespace

std::vector<Case> StateCases() {
  return {
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
