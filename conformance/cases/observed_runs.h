// Observed runs: the engine promises that show in what a callback was called with
// (gates, order, overlap, releases) are judged over the calls the recording proxy
// saw in three runs of one set of jobs: the callback under test (deterministic), and
// the harness's probe callback deterministic and threaded, so that each promise is
// exercised whatever the callback under test does. OverRuns applies one judgement to
// every run and names the run that broke it.
#ifndef DOHARNESS_CONFORMANCE_CASES_OBSERVED_RUNS_H_
#define DOHARNESS_CONFORMANCE_CASES_OBSERVED_RUNS_H_

#include <memory>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/case.h"
#include "conformance/cases/probe_callback.h"
#include "conformance/cases/session.h"

namespace doharness::conformance::cases {

// The jobs of an observed run, each built to exercise some promises.
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

// The callback under test and the probe, in the order RunName names them.
struct Observations {
  std::vector<std::unique_ptr<Probe>> probes;
  std::vector<ObservedRun> runs;
};

std::unique_ptr<Observations> Observe(const CaseContext& ctx);

// "callback under test", "probe callback", "probe callback, threaded".
const char* RunName(size_t run);

// Runs `check` (CaseOutcome(ObservedRun&)) over every observed run's calls; the first
// failure names its run.
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

// The violations of `rule` the proxy reported in any observed run.
CaseOutcome ProxyViolations(const CaseContext& ctx, const char* rule);

}  // namespace doharness::conformance::cases

#endif  // DOHARNESS_CONFORMANCE_CASES_OBSERVED_RUNS_H_
