#include "conformance/judges.h"

#include <chrono>
#include <map>

#include "api/names.h"

namespace doharness::conformance {
namespace {

bool IsFinal(BG_JOB_STATE state) { return state == BG_JOB_STATE_ACKNOWLEDGED || state == BG_JOB_STATE_CANCELLED; }

// The first job that got `method` and ended in a state `ok` refuses.
template <class Ok>
std::optional<std::string> JudgeStateAfter(const std::vector<CallRecord>& calls, NotificationMethod method, Ok ok,
                                           const char* missing, const FinalStateOf& final_state,
                                           const JobNamer& job_name) {
  for (const CallRecord& c : calls) {
    if (c.method != method || !c.forwarded) continue;
    const std::optional<BG_JOB_STATE> state = final_state(c.job);
    if (state && !ok(*state)) {
      return job_name(c.job) + " was left " + JobStateName(*state) + " after " + NotificationMethodName(method) + " (" +
             missing + ")";
    }
  }
  return std::nullopt;
}

std::optional<std::string> JudgeAllOk(const std::vector<CallRecord>& calls, NotificationMethod method, const JobNamer& job_name) {
  size_t made = 0, failed = 0;
  const CallRecord* first = nullptr;
  for (const CallRecord& c : calls) {
    if (c.method != method || !Returned(c)) continue;
    ++made;
    if (c.result == S_OK) continue;
    ++failed;
    if (first == nullptr) first = &c;
  }
  if (first == nullptr) return std::nullopt;
  return std::string(NotificationMethodName(method)) + " returned " + HresultName(first->result) + " on " + job_name(first->job) +
         " (" + std::to_string(failed) + " of " + std::to_string(made) + " calls)";
}

std::optional<std::string> JudgeRetryBounded(const std::vector<CallRecord>& calls, const JobNamer& job_name) {
  std::map<int, int> failed_in_a_row;  // by job
  for (const CallRecord& c : calls) {
    if (c.method != NotificationMethod::kJobTransferred || !Returned(c)) continue;
    int& row = failed_in_a_row[c.job];
    row = c.result == S_OK ? 0 : row + 1;
    if (row == kMaxFailedDeliveries) {
      return "JobTransferred returned " + HresultName(c.result) + " on " + job_name(c.job) + " " +
             std::to_string(kMaxFailedDeliveries) + " deliveries in a row";
    }
  }
  return std::nullopt;
}

std::optional<std::string> JudgeDurations(const std::vector<CallRecord>& calls, int limit_ms,
                                          const char* limit_name, const JobNamer& job_name) {
  for (const CallRecord& c : calls) {
    if (!c.forwarded) continue;
    if (!c.finished) return std::string(NotificationMethodName(c.method)) + " did not return on " + job_name(c.job);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(c.duration).count();
    if (ms > limit_ms) {
      return std::string(NotificationMethodName(c.method)) + " took " + std::to_string(ms) + " ms on " + job_name(c.job) + " (" +
             limit_name + " " + std::to_string(limit_ms) + " ms)";
    }
  }
  return std::nullopt;
}

std::optional<std::string> JudgeAcknowledges(const std::vector<CallRecord>& calls, const FinalStateOf& final_state,
                                             const JobNamer& job_name) {
  return JudgeStateAfter(calls, NotificationMethod::kJobTransferred, IsFinal, "no Complete or Cancel", final_state, job_name);
}

std::optional<std::string> JudgeHandlesError(const std::vector<CallRecord>& calls, const FinalStateOf& final_state,
                                             const JobNamer& job_name) {
  return JudgeStateAfter(
      calls, NotificationMethod::kJobError, [](BG_JOB_STATE s) { return s != BG_JOB_STATE_ERROR; }, "no Cancel, Complete or Resume",
      final_state, job_name);
}

using Judge = std::optional<std::string> (*)(const RunEvidence&);

struct JudgedRule {
  std::string_view rule;
  Judge judge;
};

constexpr JudgedRule kRunJudges[] = {
    {"ret.transferred_ok",
     [](const RunEvidence& e) { return JudgeAllOk(e.calls, NotificationMethod::kJobTransferred, e.job_name); }},
    {"ret.error_ok", [](const RunEvidence& e) { return JudgeAllOk(e.calls, NotificationMethod::kJobError, e.job_name); }},
    {"ret.modification_ok",
     [](const RunEvidence& e) { return JudgeAllOk(e.calls, NotificationMethod::kJobModification, e.job_name); }},
    {"ret.file_transferred_ok",
     [](const RunEvidence& e) { return JudgeAllOk(e.calls, NotificationMethod::kFileTransferred, e.job_name); }},
    {"ret.retry_bounded", [](const RunEvidence& e) { return JudgeRetryBounded(e.calls, e.job_name); }},
    {"time.no_hang",
     [](const RunEvidence& e) { return JudgeDurations(e.calls, e.limits.hang_ms, "hang limit", e.job_name); }},
    {"time.prompt",
     [](const RunEvidence& e) { return JudgeDurations(e.calls, e.limits.prompt_ms, "prompt limit", e.job_name); }},
    {"job.acknowledges", [](const RunEvidence& e) { return JudgeAcknowledges(e.calls, e.final_state, e.job_name); }},
    {"job.handles_error", [](const RunEvidence& e) { return JudgeHandlesError(e.calls, e.final_state, e.job_name); }},
};

Judge JudgeOf(std::string_view rule) {
  for (const JudgedRule& judged : kRunJudges) {
    if (judged.rule == rule) return judged.judge;
  }
  return nullptr;
}

}  // namespace

bool Returned(const CallRecord& call) { return call.forwarded && call.finished && !call.threw; }

bool JudgedFromOneRun(std::string_view rule) { return JudgeOf(rule) != nullptr; }

std::optional<std::string> JudgeRun(std::string_view rule, const RunEvidence& evidence) {
  const Judge judge = JudgeOf(rule);
  return judge != nullptr ? judge(evidence) : std::nullopt;
}

}  // namespace doharness::conformance
