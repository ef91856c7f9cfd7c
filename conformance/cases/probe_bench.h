// ProbeBench: a fresh fake engine, in the case's profile, driven directly by a case
// that checks an engine promise through COM (flags, states, enumerators,
// registration), with probe callbacks that outlive it. Also the shared wording of an
// unexpected HRESULT.
#ifndef DOHARNESS_CONFORMANCE_CASES_PROBE_BENCH_H_
#define DOHARNESS_CONFORMANCE_CASES_PROBE_BENCH_H_

#include <memory>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/case.h"
#include "conformance/cases/probe_callback.h"
#include "engine/fake_engine.h"
#include "engine/profile.h"

namespace doharness::conformance::cases {

struct ProbeBench {
  explicit ProbeBench(const CaseContext& ctx);
  ~ProbeBench() { engine.Shutdown(); }

  // A new job with `files` files of 1 MiB (128 KiB chunks).
  ComPtr<IBackgroundCopyJob> Job(int files = 1);
  BG_JOB_STATE State(IBackgroundCopyJob* job);
  ULONG Flags(IBackgroundCopyJob* job);
  // A probe the harness holds one reference on; it outlives the engine.
  Probe& NewProbe(ProbeBehaviour behaviour = {});

  std::vector<std::unique_ptr<Probe>> probes;  // destroyed after the engine
  FakeEngine engine;
  Profile profile;
  int files_added = 0;
};

// "<what> returned <got>, expected <want>", HRESULTs by name.
std::string HrIs(const char* what, HRESULT got, HRESULT want);

// The profile's transient network error (DO: no network; BITS: disconnected).
HRESULT TransientCode(const Profile& profile);

}  // namespace doharness::conformance::cases

#endif  // DOHARNESS_CONFORMANCE_CASES_PROBE_BENCH_H_
