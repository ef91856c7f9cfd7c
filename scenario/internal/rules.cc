#include "scenario/internal/rules.h"

#include <chrono>
#include <map>

#include "api/names.h"
#include "conformance/judges.h"

namespace doharness::scenario::internal {
namespace {

using conformance::CallRecord;
using conformance::Method;
using conformance::Recorder;

// Rules the proxy and the spies report as they happen.
constexpr std::string_view kReportedRules[] = {
    "com.refcount_no_early_free", "com.refcount_balanced",       "params.job_not_released",
    "params.error_not_released",  "params.file_not_released",    "params.retained_balanced",
    "params.no_use_after_return", "tol.no_exception",            "life.no_call_after_release",
    "flags.gate_file",
};

// The suite's own cases for `rule`: the first that does not pass (or skip) breaks it.
RuleVerdict BySuiteCases(std::string_view rule, const conformance::CaseContext& suite) {
  const std::vector<const conformance::Case*> cases = conformance::CasesOf(rule);
  if (cases.empty()) return {false, false, "rule " + std::string(rule) + " is not in the catalog"};
  for (const conformance::Case* c : cases) {
    const conformance::CaseOutcome outcome = c->run(suite);
    if (outcome.status == conformance::RuleStatus::kPass || outcome.status == conformance::RuleStatus::kSkip) continue;
    return {true, false, outcome.message + " (the suite's case " + c->name + ")"};
  }
  return {};
}

std::string Hr(HRESULT hr) {
  std::string symbol = HresultSymbol(hr);
  return symbol.empty() ? HresultName(hr) : symbol;
}

// A call whose return the engine got from the callee: forwarded and not thrown (an
// exception is tol.no_exception's business only, as in the suite).
using conformance::Returned;

class Judge {
 public:
  explicit Judge(const RuleEvidence& evidence) : e_(evidence), calls_(evidence.recorder->calls()) {
    for (int i = 0; i < e_.cast->job_count(); ++i) {
      const int index = e_.recorder->JobIndexOf(e_.cast->job(i));
      if (index > 0) job_of_[index] = i;
    }
  }

  RuleVerdict Violations(std::string_view rule) const {
    const std::vector<conformance::Violation> found = e_.recorder->ViolationsOf(rule);
    if (found.empty()) return {};
    std::string why = found.front().message;
    if (found.size() > 1) why += " (and " + std::to_string(found.size() - 1) + " more)";
    return Broken(why);
  }

  // Every call of `method` returned S_OK.
  RuleVerdict AllOk(Method method) const {
    size_t made = 0, failed = 0;
    const CallRecord* first = nullptr;
    for (const CallRecord& c : calls_) {
      if (c.method != method || !Returned(c)) continue;
      ++made;
      if (c.result != S_OK) {
        ++failed;
        if (first == nullptr) first = &c;
      }
    }
    if (first == nullptr) return {};
    return Broken(std::string(conformance::MethodName(method)) + " returned " + Hr(first->result) + " on " +
                  JobName(first->job) + " (" + std::to_string(failed) + " of " + std::to_string(made) + " calls)");
  }

  RuleVerdict RetryBounded() const {
    const std::optional<std::string> broken =
        conformance::JudgeRetryBounded(calls_, [this](int job) { return JobName(job); });
    return broken ? Broken(*broken) : RuleVerdict{};
  }

  RuleVerdict Durations(int limit_ms, const char* limit_name) const {
    for (const CallRecord& c : calls_) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(c.duration).count();
      if (c.finished && ms > limit_ms) {
        return Broken(std::string(conformance::MethodName(c.method)) + " took " + std::to_string(ms) + " ms on " +
                      JobName(c.job) + " (" + limit_name + " " + std::to_string(limit_ms) + " ms)");
      }
    }
    return {};
  }

  // Every job that got `method` ended in a state `ok` accepts.
  template <class Ok>
  RuleVerdict StateAfter(Method method, Ok ok, const char* wanted) const {
    for (const CallRecord& c : calls_) {
      if (c.method != method || !c.forwarded) continue;
      auto it = job_of_.find(c.job);
      if (it == job_of_.end()) continue;
      const BG_JOB_STATE state = (*e_.states)[it->second];
      if (!ok(state)) {
        return Broken(std::string(e_.cast->job_name(it->second)) + " was left " + JobStateName(state) + " after " +
                      conformance::MethodName(method) + " (" + wanted + ")");
      }
    }
    return {};
  }

 private:
  static RuleVerdict Broken(std::string why) { return {true, false, std::move(why)}; }

  std::string JobName(int recorder_index) const {
    auto it = job_of_.find(recorder_index);
    return it == job_of_.end() ? "job " + std::to_string(recorder_index)
                               : std::string(e_.cast->job_name(it->second));
  }

  const RuleEvidence& e_;
  const std::vector<CallRecord> calls_;
  std::map<int, int> job_of_;  // the Recorder's job index -> the scenario's
};

bool IsFinal(BG_JOB_STATE state) { return state == BG_JOB_STATE_ACKNOWLEDGED || state == BG_JOB_STATE_CANCELLED; }

}  // namespace

RuleVerdict JudgeRule(std::string_view rule, const RuleEvidence& evidence) {
  Judge judge(evidence);
  for (std::string_view reported : kReportedRules) {
    if (rule == reported) return judge.Violations(rule);
  }
  if (rule == "ret.transferred_ok") return judge.AllOk(Method::kJobTransferred);
  if (rule == "ret.error_ok") return judge.AllOk(Method::kJobError);
  if (rule == "ret.modification_ok") return judge.AllOk(Method::kJobModification);
  if (rule == "ret.file_transferred_ok") return judge.AllOk(Method::kFileTransferred);
  if (rule == "ret.retry_bounded") return judge.RetryBounded();
  if (rule == "time.no_hang") return judge.Durations(evidence.suite->hang_ms, "hang limit");
  if (rule == "time.prompt") return judge.Durations(evidence.suite->prompt_ms, "prompt limit");
  if (rule == "job.acknowledges") {
    return judge.StateAfter(Method::kJobTransferred, IsFinal, "not ACKNOWLEDGED or CANCELLED");
  }
  if (rule == "job.handles_error") {
    return judge.StateAfter(
        Method::kJobError, [](BG_JOB_STATE s) { return s != BG_JOB_STATE_ERROR; }, "no Cancel, Complete or Resume");
  }
  return BySuiteCases(rule, *evidence.suite);
}

}  // namespace doharness::scenario::internal
