#include "conformance/cases/observed_runs.h"

#include "conformance/cases/probe_bench.h"
#include "engine/engine_options.h"

namespace doharness::conformance::cases {

namespace {

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

}  // namespace

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

CaseOutcome ProxyViolations(const CaseContext& ctx, const char* rule) {
  return OverRuns(ctx, [&](ObservedRun& run) { return FromViolations(run.session->recorder(), rule); });
}

}  // namespace doharness::conformance::cases
