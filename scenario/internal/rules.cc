#include "scenario/internal/rules.h"

#include <map>
#include <optional>
#include <utility>

#include "conformance/judges.h"

namespace doharness::scenario::internal {
namespace {

using conformance::CallRecord;
using conformance::CaseOutcome;
using conformance::Recorder;

// Rules the proxy and the spies report as they happen.
constexpr std::string_view kReportedRules[] = {
    "com.refcount_no_early_free", "com.refcount_balanced",       "params.job_not_released",
    "params.error_not_released",  "params.file_not_released",    "params.retained_balanced",
    "params.no_use_after_return", "tol.no_exception",            "life.no_call_after_release",
    "flags.gate_file",
};

// The suite's own cases for `rule`: the first that does not pass (or skip) breaks it.
CaseOutcome BySuiteCases(std::string_view rule, const conformance::CaseContext& suite) {
  const std::vector<const conformance::Case*> cases = conformance::CasesOf(rule);
  if (cases.empty()) return CaseOutcome::Skip("rule " + std::string(rule) + " is not in the catalog");
  for (const conformance::Case* c : cases) {
    const CaseOutcome outcome = c->run(suite);
    if (outcome.status == conformance::RuleStatus::kPass || outcome.status == conformance::RuleStatus::kSkip) continue;
    return CaseOutcome::Fail(outcome.message + " (the suite's case " + c->name + ")");
  }
  return CaseOutcome::Pass();
}

class Judge {
 public:
  explicit Judge(const RuleEvidence& evidence) : e_(evidence), calls_(evidence.recorder->calls()) {
    for (int i = 0; i < e_.cast->job_count(); ++i) {
      const int index = e_.recorder->JobIndexOf(e_.cast->job(i));
      if (index > 0) job_of_[index] = i;
    }
  }

  CaseOutcome Violations(std::string_view rule) const {
    const std::vector<conformance::Violation> found = e_.recorder->ViolationsOf(rule);
    if (found.empty()) return CaseOutcome::Pass();
    std::string why = found.front().message;
    if (found.size() > 1) why += " (and " + std::to_string(found.size() - 1) + " more)";
    return CaseOutcome::Fail(why);
  }

  // The verdict of the conformance/judges.h judge of `rule`, on this run's calls with
  // the scenario's job names and final states.
  CaseOutcome ByJudge(std::string_view rule) const {
    conformance::RunEvidence evidence{calls_};
    evidence.job_name = [this](int job) { return JobName(job); };
    evidence.final_state = [this](int job) -> std::optional<BG_JOB_STATE> {
      auto it = job_of_.find(job);
      if (it == job_of_.end()) return std::nullopt;
      return (*e_.states)[it->second];
    };
    evidence.limits = e_.suite->limits;
    const std::optional<std::string> broken = conformance::JudgeRun(rule, evidence);
    return broken ? CaseOutcome::Fail(*broken) : CaseOutcome::Pass();
  }

 private:
  std::string JobName(int recorder_index) const {
    auto it = job_of_.find(recorder_index);
    return it == job_of_.end() ? "job " + std::to_string(recorder_index)
                               : std::string(e_.cast->job_name(it->second));
  }

  const RuleEvidence& e_;
  const std::vector<CallRecord> calls_;
  std::map<int, int> job_of_;  // the Recorder's job index -> the scenario's
};

}  // namespace

CaseOutcome JudgeRule(std::string_view rule, const RuleEvidence& evidence) {
  Judge judge(evidence);
  for (std::string_view reported : kReportedRules) {
    if (rule == reported) return judge.Violations(rule);
  }
  if (conformance::JudgedFromOneRun(rule)) return judge.ByJudge(rule);
  return BySuiteCases(rule, *evidence.suite);
}

}  // namespace doharness::scenario::internal
