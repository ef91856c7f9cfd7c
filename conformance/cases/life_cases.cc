// life.*: the engine's side of COM lifetime: what it asks QueryInterface for, when it
// takes and gives back its reference on the callback, and that the pointers it lends
// stay valid for the call.
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/cases/observed_runs.h"
#include "conformance/cases/probe_bench.h"
#include "conformance/cases/registry.h"
#include "conformance/cases/session.h"

namespace doharness::conformance::cases {
namespace {

CaseOutcome QiOnSet(const CaseContext& ctx) {
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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
  ProbeBench b(ctx);
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

}  // namespace

std::vector<Case> LifeCases() {
  using C = const CaseContext&;
  return {
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
  };
}

}  // namespace doharness::conformance::cases
