#include "conformance/cases/session.h"

#include <exception>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/names.h"

namespace doharness::conformance::cases {

EngineOptions OptionsFor(const CaseContext& ctx) {
  EngineOptions options;
  options.profile = ctx.profile;
  options.seed = ctx.seed;
  return options;
}

EngineOptions OptionsFor(const CaseContext& ctx, const CaseRun& run) {
  EngineOptions options = OptionsFor(ctx);
  options.reentrant_modification_depth = run.reentrant_modification_depth;
  return options;
}

std::string Hr(HRESULT hr) { return HresultName(hr); }

Session::Session(const CaseContext& ctx, EngineOptions options, ProxyOptions proxy_options)
    : recorder_(std::make_shared<Recorder>()), keep_until_exit_(ctx.in_own_process) {
  options.profile = ctx.profile;
  options.seed = ctx.seed;
  engine_ = std::make_unique<FakeEngine>(options);
  IUnknown* callback = nullptr;
  try {
    factory_result_ = ctx.factory ? MakeWatched(ctx.factory, &callback, &callee_lifetime_) : E_POINTER;
  } catch (...) {
    factory_result_ = E_UNEXPECTED;
    callback = nullptr;
  }
  if (FAILED(factory_result_) || callback == nullptr) {
    factory_gave_null_ = SUCCEEDED(factory_result_);
    if (callback != nullptr) callback->Release();
    return;
  }
  proxy_options.callee_lifetime = callee_lifetime_;
  if (RecordingProxy::Create(callback, recorder_, proxy_options, &proxy_) != S_OK) {
    callback->Release();
    factory_result_ = E_UNEXPECTED;
    return;
  }
  raw_proxy_ = proxy_.Get();
}

Session::~Session() {
  Finish();
  if (keep_until_exit_) {
    // Never freed: a thread of the callback may still call a spy or a job.
    static auto* const kept = new std::vector<std::pair<std::shared_ptr<Recorder>, std::unique_ptr<FakeEngine>>>;
    kept->emplace_back(std::move(recorder_), std::move(engine_));
  }
}

CaseOutcome Session::factory_failure() const {
  if (factory_gave_null_) return CaseOutcome::Fail("the callback factory returned " + Hr(factory_result_) + " but no object");
  return CaseOutcome::Fail("the callback factory failed with " + Hr(factory_result_));
}

bool Session::AnswersCallback2() const {
  IUnknown* object = callee();
  if (object == nullptr) return false;
  const ComPtr<RecordingProxy> hold = HoldThroughProxy();
  void* answer = nullptr;
  const HRESULT hr = object->QueryInterface(IID_IBackgroundCopyCallback2, &answer);
  if (SUCCEEDED(hr) && answer != nullptr) {
    static_cast<IUnknown*>(answer)->Release();
    return true;
  }
  return false;
}

ComPtr<IBackgroundCopyJob> Session::AddJob(const JobPlan& plan) {
  ComPtr<IBackgroundCopyJob> job;
  if (engine_->CreateJob(L"conformance", &job) != S_OK) return job;
  const std::wstring base = L"http://example/" + std::to_wstring(engine_->JobNumber(job.Get())) + L"/";
  for (int i = 0; i < plan.files; ++i) {
    engine_->AddFile(job.Get(), {base + std::to_wstring(i), L"/tmp/conformance" + std::to_wstring(i),
                                 kCaseFileSize, 1024 * 1024});
  }
  if (plan.fault) engine_->ScriptFault(job.Get(), *plan.fault);
  if (plan.getters_fail) {
    for (std::string_view getter : Fault::GetterNames()) {
      if (getter == "Error.GetFile") continue;
      engine_->ScriptFault(job.Get(), Fault::GetterFails(getter, *plan.getters_fail, std::numeric_limits<int>::max()));
    }
  }
  job->SetNotifyFlags(plan.flags);
  if (plan.register_callback && raw_proxy_ != nullptr) job->SetNotifyInterface(raw_proxy_);
  if (plan.resume) job->Resume();
  jobs_.push_back(job);
  return job;
}

BG_JOB_STATE Session::StateOf(IBackgroundCopyJob* job) const {
  BG_JOB_STATE state = BG_JOB_STATE_QUEUED;
  job->GetState(&state);
  return state;
}

void Session::AddJobs(const CaseRun& run) {
  for (const JobPlan& job : run.jobs) AddJob(job);
}

void Session::Run(Duration limit) { engine_->RunUntilIdle(limit); }

void Session::Finish() {
  if (finished_) return;
  finished_ = true;
  engine_->Shutdown();
  jobs_.clear();
  proxy_.Reset();
  recorder_->FinishCase();
}

// ---- Deciders ---------------------------------------------------------------------
CaseOutcome FromViolations(const Recorder& recorder, std::string_view rule) {
  const std::vector<Violation> found = recorder.ViolationsOf(rule);
  if (found.empty()) return CaseOutcome::Pass();
  std::string message = found.front().message;
  if (found.size() > 1) message += " (and " + std::to_string(found.size() - 1) + " more)";
  return CaseOutcome::Fail(message);
}

std::vector<CallRecord> CallsOf(const Recorder& recorder, NotificationMethod method) {
  std::vector<CallRecord> calls;
  for (const CallRecord& c : recorder.calls()) {
    if (c.method == method) calls.push_back(c);
  }
  return calls;
}

std::string Describe(const CallRecord& call) {
  std::string what = NotificationMethodName(call.method);
  if (call.threw) {
    what += " let an exception escape (" + call.exception + ")";
  } else if (!call.finished) {
    what += " did not return";
  } else {
    what += " returned " + Hr(call.result);
  }
  if (call.job != 0) what += " on job " + std::to_string(call.job);
  return what;
}

bool Failed(const CallRecord& call) {
  return call.forwarded && call.finished && !call.threw && call.result != S_OK;
}

CaseOutcome SameAsBaseline(const std::vector<CallRecord>& baseline, const std::vector<CallRecord>& special,
                           const std::string& situation) {
  auto first_failure = [](const std::vector<CallRecord>& calls) -> const CallRecord* {
    for (const CallRecord& c : calls) {
      if (Failed(c)) return &c;
    }
    return nullptr;
  };
  const CallRecord* failure = first_failure(special);
  if (failure == nullptr) return CaseOutcome::Pass();
  const CallRecord* usual = first_failure(baseline);
  if (usual != nullptr && usual->threw == failure->threw && usual->result == failure->result) {
    return CaseOutcome::Pass();  // the same as usual: another rule's business
  }
  return CaseOutcome::Fail(Describe(*failure) + " " + situation +
                           (usual == nullptr ? " (S_OK otherwise)" : " (otherwise " + Describe(*usual) + ")"));
}

CaseOutcome Survived(const std::vector<CallRecord>& calls, const std::string& situation) {
  for (const CallRecord& c : calls) {
    if (c.forwarded && !c.finished && !c.threw) return CaseOutcome::Fail(Describe(c) + " " + situation);
  }
  return CaseOutcome::Pass();
}

}  // namespace doharness::conformance::cases
