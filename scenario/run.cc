// RunScenario: the scenario's engine, jobs, callbacks and faults are set up, its
// timeline is played on virtual time, the engine runs until idle, and the expectations
// are checked on what was observed.
//
// Decisions a scenario file relies on:
//   - `expect refs C N` reads the count after everything was let go: the engine shut
//     down (its registrations released), the scripted callbacks' kept job references
//     released, and the harness's own reference on C released too. So a balanced
//     callback reads 0 and a leak reads more. For the callback under test it is the
//     count its last Release returned to the recording proxy (it may be gone by then);
//     for a scripted one, its counter. A timed `at T expect refs` reads the count as last
//     reported at T, the harness's reference included.
//   - The harness keeps one reference on each job, to act on it and read its state to
//     the end. A scripted `Release` beyond what the script AddRef'd would take that
//     reference; it is reported (params.job_not_released) and passed to the engine only
//     while that is safe (internal/cast.h, Cast::OverRelease).
//   - States are read without a client call (FakeEngine::PeekState): checks do not
//     change the trace, which holds what the scenario does and nothing else (for the
//     same reason the recording proxy does not read the job at each call's entry).
//   - `expect rule` judges the callback under test only (internal/rules.h); scripted
//     callbacks are the scenario's tools.
#include "scenario/run.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "api/com_ptr.h"
#include "api/names.h"
#include "api/wide_string.h"
#include "conformance/object_lifetime.h"
#include "conformance/observations.h"
#include "conformance/recording_proxy.h"
#include "conformance/rule_catalog.h"
#include "engine/fake_engine.h"
#include "scenario/internal/cast.h"
#include "scenario/internal/expectations.h"
#include "scenario/internal/observed_call.h"
#include "scenario/internal/scripted_callback.h"

namespace doharness::scenario {
namespace {

using conformance::RecordingProxy;
using conformance::Recorder;
using internal::Cast;
using internal::ObservedCall;
using internal::ScriptedCallback;

constexpr std::string_view kEvery = "*";

bool Before(const SourcePos& a, const SourcePos& b) { return a.line != b.line ? a.line < b.line : a.col < b.col; }

// Each declared name to its index (the first, for a scenario made in code that
// declares one twice): names are looked up once an action, in scenarios of 16k jobs.
template <typename Decl>
std::unordered_map<std::string_view, int> IndexByName(const std::vector<Decl>& decls) {
  std::unordered_map<std::string_view, int> index;
  for (size_t i = 0; i < decls.size(); ++i) index.emplace(decls[i].name, static_cast<int>(i));
  return index;
}
int Lookup(const std::unordered_map<std::string_view, int>& index, std::string_view name) {
  const auto found = index.find(name);
  return found != index.end() ? found->second : -1;
}

class ScenarioRun {
 public:
  ScenarioRun(const Scenario& scenario, const RunOptions& options)
      : s_(scenario),
        options_(options),
        job_by_name_(IndexByName(scenario.jobs)),
        callback_by_name_(IndexByName(scenario.callbacks)) {}

  ScenarioResult Run() {
    if (CheckNames()) {
      const bool set_up = SetUp();
      if (set_up) {
        PlayTimeline();
        engine_->RunUntilIdle(s_.end_after);
      }
      if (engine_) Finish(set_up);
    }
    for (std::vector<ExpectationFailure>* list : {&result_.failures, &result_.advice}) {
      std::stable_sort(list->begin(), list->end(),
                       [](const ExpectationFailure& a, const ExpectationFailure& b) { return Before(a.pos, b.pos); });
    }
    return std::move(result_);
  }

 private:
  // "path:line:col: message".
  std::string Located(const SourcePos& pos, const std::string& message) const {
    std::string text = s_.path;
    if (!text.empty()) text += ':';
    return text + std::to_string(pos.line) + ":" + std::to_string(pos.col) + ": " + message;
  }
  void Fail(const SourcePos& pos, const std::string& message, int expectation = -1) {
    result_.failures.push_back({pos, Located(pos, message), message, expectation});
  }

  // ---- Names: a scenario made in code may name what it does not declare ----------
  int CallbackIndex(std::string_view name) const { return Lookup(callback_by_name_, name); }
  int JobIndex(std::string_view name) const { return Lookup(job_by_name_, name); }

  bool KnownJob(std::string_view name, const SourcePos& pos, bool every_allowed) {
    if ((every_allowed && name == kEvery) || JobIndex(name) >= 0) return true;
    Fail(pos, "unknown job '" + std::string(name) + "'");
    return false;
  }
  bool KnownCallback(std::string_view name, const SourcePos& pos, bool every_allowed) {
    if ((every_allowed && name == kEvery) || CallbackIndex(name) >= 0) return true;
    Fail(pos, "unknown callback '" + std::string(name) + "'");
    return false;
  }
  bool KnownInCall(const JobCall& call, const SourcePos& pos) {
    return call.method != JobCall::Method::kSetNotifyInterface || call.callback.empty() ||
           KnownCallback(call.callback, pos, false);
  }
  bool KnownInExpectation(const Expectation& e) {
    switch (e.kind) {
      case Expectation::Kind::kCallsOrder:
      case Expectation::Kind::kCallsExactly:
      case Expectation::Kind::kCallsSet:
      case Expectation::Kind::kCount:
        // `&`, not `&&`: both names are checked, so both can be reported.
        return KnownCallback(e.callback, e.pos, true) & KnownJob(e.job, e.pos, true);
      case Expectation::Kind::kState: return KnownJob(e.job, e.pos, false);
      case Expectation::Kind::kRefs: return KnownCallback(e.callback, e.pos, false);
      case Expectation::Kind::kRule:
      case Expectation::Kind::kSurvives: return true;
    }
    return true;
  }

  bool CheckNames() {
    bool ok = true;
    int under_test = 0;
    for (const CallbackDecl& c : s_.callbacks) {
      if (c.kind == CallbackDecl::Kind::kUnderTest && ++under_test == 2) {
        Fail(c.pos, "a second callback under test ('" + c.name + "'): a scenario has at most one");
        ok = false;
      }
    }
    for (const Behaviour& b : s_.behaviours) {
      if (!KnownCallback(b.callback, b.pos, false)) {
        ok = false;
      } else if (s_.callbacks[CallbackIndex(b.callback)].kind != CallbackDecl::Kind::kScripted) {
        Fail(b.pos, "callback '" + b.callback + "' is under test: only scripted callbacks have behaviours");
        ok = false;
      }
      for (const Step& step : b.steps) {
        ok &= step.on_job.empty() || KnownJob(step.on_job, step.pos, false);
        ok &= step.kind != Step::Kind::kCallJob || KnownInCall(step.call, step.pos);
      }
    }
    for (const FaultDecl& f : s_.faults) ok &= KnownJob(f.job, f.pos, false);
    for (const TimedAction& a : s_.timeline) {
      ok &= a.expect ? KnownInExpectation(*a.expect) : KnownJob(a.job, a.pos, false) && KnownInCall(a.call, a.pos);
    }
    for (const Expectation& e : s_.expectations) ok &= KnownInExpectation(e);
    return ok;
  }

  // ---- Set-up ---------------------------------------------------------------------
  bool SetUp() {
    const std::optional<Profile> profile = Profile::ByName(s_.engine.profile);
    if (!profile) {
      Fail(s_.engine.pos, "unknown profile '" + s_.engine.profile + "'");
      return false;
    }
    EngineOptions engine_options;
    engine_options.profile = *profile;
    engine_options.seed = s_.engine.seed;
    engine_options.dispatch = DispatchMode::kDeterministic;
    engine_options.modification_order = s_.engine.modification_order;
    engine_options.reentrant_modification_depth = s_.engine.reentrant_modification_depth;
    engine_options.coalesce_modifications = s_.engine.coalesce_modifications;
    engine_options.retry_delay = s_.engine.retry_delay;
    engine_options.chunk_bytes = s_.engine.chunk_bytes;
    engine_options.concurrency_limit = s_.engine.concurrency_limit;
    engine_options.trace = options_.trace;
    engine_ = std::make_unique<FakeEngine>(std::move(engine_options));
    cast_ = std::make_unique<Cast>(engine_.get());
    return MakeCallbacks() && MakeJobs();
  }

  bool MakeCallbacks() {
    scripted_.resize(s_.callbacks.size());
    for (size_t i = 0; i < s_.callbacks.size(); ++i) {
      const CallbackDecl& decl = s_.callbacks[i];
      if (decl.kind == CallbackDecl::Kind::kScripted) {
        scripted_[i] = std::make_unique<ScriptedCallback>(static_cast<int>(i), decl, cast_.get());
        cast_->AddCallback(decl.name, static_cast<IBackgroundCopyCallback2*>(scripted_[i].get()));
        continue;
      }
      if (!MakeUnderTest(decl)) return false;
      under_test_ = static_cast<int>(i);
      cast_->AddCallback(decl.name, static_cast<IBackgroundCopyCallback2*>(proxy_.Get()));
    }
    for (const Behaviour& b : s_.behaviours) scripted_[CallbackIndex(b.callback)]->AddBehaviour(b);
    return true;
  }

  bool MakeUnderTest(const CallbackDecl& decl) {
    if (!options_.under_test) {
      Fail(decl.pos, "callback '" + decl.name + "' is under test, and no callback under test was given");
      return false;
    }
    IUnknown* callee = nullptr;
    conformance::ProxyOptions proxy_options;
    const HRESULT hr = conformance::MakeWatched(options_.under_test, &callee, &proxy_options.callee_lifetime);
    if (FAILED(hr) || callee == nullptr) {
      Fail(decl.pos, "the callback under test could not be made: its factory returned " + HresultName(hr) +
                         (callee == nullptr ? " and no object" : ""));
      if (callee != nullptr) callee->Release();
      return false;
    }
    recorder_ = std::make_shared<Recorder>();
    proxy_options.read_job_at_entry = false;  // reads would add client calls to the trace
    RecordingProxy::Create(callee, recorder_, proxy_options, &proxy_);
    raw_proxy_ = proxy_.Get();
    return true;
  }

  bool MakeJobs() {
    for (const JobDecl& decl : s_.jobs) {
      ComPtr<IBackgroundCopyJob> job;
      const HRESULT hr = engine_->CreateJob(Utf8ToWide(decl.display_name), &job);
      if (FAILED(hr)) {
        Fail(decl.pos, "job '" + decl.name + "' could not be created: " + HresultName(hr));
        return false;
      }
      for (const FileDecl& file : decl.files) {
        // A file the engine refuses is not an error: the trace has its HRESULT.
        engine_->AddFile(job.Get(), {Utf8ToWide(file.remote_url), Utf8ToWide(file.local_name), file.size,
                                     file.bytes_per_second});
      }
      cast_->AddJob(decl.name, std::move(job));
    }
    for (const FaultDecl& f : s_.faults) {
      const HRESULT hr = engine_->ScriptFault(cast_->job(cast_->JobIndex(f.job)), f.fault);
      if (FAILED(hr)) Fail(f.pos, "the fault could not be scripted: " + HresultName(hr));
    }
    return true;
  }

  // ---- Running --------------------------------------------------------------------
  void PlayTimeline() {
    for (const TimedAction& action : s_.timeline) {
      const Duration ahead = action.at - engine_->Now();
      if (ahead.count() > 0) engine_->AdvanceBy(ahead);
      if (action.expect) {
        Check(*action.expect, static_cast<int>(s_.expectations.size()) + timed_expectations_++, Observe());
      } else {
        cast_->Call(cast_->job(cast_->JobIndex(action.job)), action.call);
      }
    }
  }

  // Shuts down and lets go of everything, checks the expectations, collects the
  // violations and the trace.
  void Finish(bool ran) {
    std::vector<BG_JOB_STATE> states = States();
    engine_->Shutdown();
    for (const auto& callback : scripted_) {
      if (callback) callback->ReleaseKeptJobs();
    }
    for (const auto& callback : scripted_) {
      if (callback) callback->Release();  // the harness's reference
    }
    proxy_.Reset();
    if (recorder_) recorder_->FinishCase();
    if (!ran) return;  // the set-up failed: nothing to check
    internal::Observed observed = Observe();
    observed.states = std::move(states);
    for (size_t i = 0; i < s_.expectations.size(); ++i) Check(s_.expectations[i], static_cast<int>(i), observed);
    JobOutcomes(observed);
    CollectViolations();
    if (options_.trace && options_.trace_out != nullptr) {
      engine_->trace().WriteJsonLines(*options_.trace_out);
    } else if (options_.trace) {
      result_.trace = engine_->trace().ToJsonLines();
    }
  }

  // An advisory rule that does not hold is advice: it never fails the scenario.
  // `number`: ExpectationNumbered's.
  void Check(const Expectation& e, int number, const internal::Observed& observed) {
    std::optional<std::string> failure = internal::Check(e, observed);
    if (!failure) return;
    if (e.kind == Expectation::Kind::kRule && conformance::CountingLevel(e.rule) == conformance::RuleLevel::kAdvisory) {
      result_.advice.push_back({e.pos, Located(e.pos, *failure), *failure, number});
    } else {
      Fail(e.pos, *failure, number);
    }
  }

  void JobOutcomes(const internal::Observed& observed) {
    result_.jobs.resize(s_.jobs.size());
    for (size_t i = 0; i < result_.jobs.size() && i < observed.states.size(); ++i) {
      result_.jobs[i].state = observed.states[i];
    }
    for (const ObservedCall& call : observed.calls) {
      if (call.callback == under_test_ && call.job >= 0) {
        result_.jobs[call.job].under_test_calls.push_back({call.method, call.result});
      }
    }
  }

  std::vector<BG_JOB_STATE> States() const {
    std::vector<BG_JOB_STATE> states(cast_->job_count(), BG_JOB_STATE_QUEUED);
    for (int i = 0; i < cast_->job_count(); ++i) engine_->PeekState(cast_->job(i), &states[i]);
    return states;
  }

  internal::Observed Observe() const {
    internal::Observed observed;
    observed.cast = cast_.get();
    observed.calls = Calls();
    observed.states = States();
    observed.refs.resize(s_.callbacks.size(), 0);
    for (size_t i = 0; i < s_.callbacks.size(); ++i) {
      observed.refs[i] = scripted_[i] ? scripted_[i]->refcount() : static_cast<long>(raw_proxy_->last_count());
    }
    observed.recorder = recorder_.get();
    observed.suite.factory = options_.under_test;
    observed.suite.profile = engine_->options().profile;
    observed.suite.seed = s_.engine.seed;
    observed.suite.limits = options_.limits;
    return observed;
  }

  // Every callback's calls in the engine's order. The scripted callbacks' calls carry
  // the engine's count of calls at their start; the calls of the callback under test
  // (through the proxy) take the other numbers, in the Recorder's order.
  std::vector<ObservedCall> Calls() const {
    std::vector<ObservedCall> scripted;
    for (const auto& callback : scripted_) {
      if (callback) scripted.insert(scripted.end(), callback->calls().begin(), callback->calls().end());
    }
    std::sort(scripted.begin(), scripted.end(),
              [](const ObservedCall& a, const ObservedCall& b) { return a.ordinal < b.ordinal; });
    if (!recorder_) return scripted;
    std::vector<int> job_of_record;  // the Recorder's job index -> the scenario's
    for (int i = 0; i < cast_->job_count(); ++i) {
      const int index = recorder_->JobIndexOf(cast_->job(i));
      if (index <= 0) continue;
      if (job_of_record.size() <= static_cast<size_t>(index)) job_of_record.resize(index + 1, -1);
      job_of_record[index] = i;
    }
    const std::vector<conformance::CallRecord> records = recorder_->calls();
    std::vector<ObservedCall> calls;
    calls.reserve(scripted.size() + records.size());
    size_t next_scripted = 0, next_record = 0;
    for (uint64_t ordinal = 1; next_scripted < scripted.size() || next_record < records.size(); ++ordinal) {
      if (next_scripted < scripted.size() &&
          (scripted[next_scripted].ordinal == ordinal || next_record == records.size())) {
        calls.push_back(scripted[next_scripted++]);
        continue;
      }
      const conformance::CallRecord& r = records[next_record++];
      const int job = r.job > 0 && static_cast<size_t>(r.job) < job_of_record.size() ? job_of_record[r.job] : -1;
      calls.push_back({under_test_, job, r.method, r.result, ordinal});
    }
    return calls;
  }

  // ---- Violations -----------------------------------------------------------------
  void CollectViolations() {
    if (recorder_) {
      for (const conformance::Violation& v : recorder_->violations()) result_.violations.push_back(v);
    }
    for (const conformance::Violation& v : cast_->violations()) result_.violations.push_back(v);
    // What the engine saw beyond the over-releases the harness passed on to it.
    const uint64_t engine_only = engine_->stats().violations - cast_->violations_passed_to_engine();
    if (engine_only == 0) return;
    if (!options_.trace) {
      result_.violations.push_back(
          {"engine", std::to_string(engine_only) + " misuse(s) of engine objects (the trace names them)"});
      return;
    }
    uint64_t passed = cast_->violations_passed_to_engine();
    for (const TraceEvent& event : engine_->trace().Events()) {
      if (event.kind != TraceEvent::Kind::kViolation) continue;
      if (passed > 0 && event.method == "release_underflow" && event.args.value("object", "") == "job") {
        --passed;
        continue;
      }
      const bool named = event.job != 0 && static_cast<int>(event.job) <= cast_->job_count();
      const std::string where = named ? " on " + std::string(cast_->job_name(event.job - 1)) : "";
      result_.violations.push_back({"engine." + event.method, event.args.dump() + where});
    }
  }

  const Scenario& s_;
  const RunOptions& options_;
  const std::unordered_map<std::string_view, int> job_by_name_;
  const std::unordered_map<std::string_view, int> callback_by_name_;
  ScenarioResult result_;
  // Declared so that they go in this order: the jobs (cast), the engine, the scripted
  // callbacks, then the Recorder with the proxy and the spies.
  std::shared_ptr<Recorder> recorder_;
  std::vector<std::unique_ptr<ScriptedCallback>> scripted_;  // by callback index; null: under test
  std::unique_ptr<FakeEngine> engine_;
  std::unique_ptr<Cast> cast_;
  ComPtr<RecordingProxy> proxy_;  // the harness's reference on the callback under test
  RecordingProxy* raw_proxy_ = nullptr;
  int under_test_ = -1;
  int timed_expectations_ = 0;  // checked so far: numbers them after Scenario::expectations
};

}  // namespace

ScenarioResult RunScenario(const Scenario& scenario, const RunOptions& options) {
  return ScenarioRun(scenario, options).Run();
}

const Expectation* ExpectationNumbered(const Scenario& scenario, int number) {
  if (number < 0) return nullptr;
  if (static_cast<size_t>(number) < scenario.expectations.size()) return &scenario.expectations[number];
  int timed = number - static_cast<int>(scenario.expectations.size());
  for (const TimedAction& action : scenario.timeline) {
    if (action.expect && timed-- == 0) return &*action.expect;
  }
  return nullptr;
}

}  // namespace doharness::scenario
