#include "conformance/cases/probe_bench.h"

#include "api/names.h"
#include "conformance/cases/session.h"

namespace doharness::conformance::cases {

ProbeBench::ProbeBench(const CaseContext& ctx) : engine(OptionsFor(ctx)), profile(ctx.profile) {}

ComPtr<IBackgroundCopyJob> ProbeBench::Job(int files) {
  ComPtr<IBackgroundCopyJob> job;
  engine.CreateJob(L"probe", &job);
  for (int i = 0; i < files; ++i) {
    ++files_added;
    engine.AddFile(job.Get(), {L"http://example/p" + std::to_wstring(files_added),
                               L"/tmp/p" + std::to_wstring(files_added), 128 * 1024, 1024 * 1024});
  }
  return job;
}

BG_JOB_STATE ProbeBench::State(IBackgroundCopyJob* job) {
  BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
  job->GetState(&state);
  return state;
}

ULONG ProbeBench::Flags(IBackgroundCopyJob* job) {
  ULONG flags = 0;
  job->GetNotifyFlags(&flags);
  return flags;
}

Probe& ProbeBench::NewProbe(ProbeBehaviour behaviour) {
  probes.push_back(std::make_unique<Probe>(behaviour));
  probes.back()->AddRef();
  return *probes.back();
}

std::string HrIs(const char* what, HRESULT got, HRESULT want) {
  return std::string(what) + " returned " + Hr(got) + ", expected " + Hr(want);
}

HRESULT TransientCode(const Profile& profile) {
  return profile.kind == ProfileKind::kDo ? DO_E_BLOCKED_BY_NO_NETWORK : BG_E_NETWORK_DISCONNECTED;
}

}  // namespace doharness::conformance::cases
