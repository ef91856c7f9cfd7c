// How a rule that one run can show is decided from what the recording proxy saw: one
// function a rule (or a family), the one place its decision lives. The suite's cases
// (cases/) and `expect rule` in scenarios (scenario/internal/rules.h) both call these;
// each judge returns nullopt when the rule holds, else what broke it.
#ifndef DOHARNESS_CONFORMANCE_JUDGES_H_
#define DOHARNESS_CONFORMANCE_JUDGES_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "conformance/observations.h"

namespace doharness::conformance {

// How a judge names a job in its message: "job 2" in the suite, "J2" in a scenario.
using JobNamer = std::function<std::string(int recorder_job)>;

// A call the callee made and returned from (forwarded, finished, no exception): the
// calls whose HRESULT the ret.* rules judge.
bool Returned(const CallRecord& call);

// ret.transferred_ok, ret.error_ok, ret.modification_ok, ret.file_transferred_ok:
// every call of `method` that returned, returned S_OK. "JobError returned E_FAIL
// (0x80004005) on job 2 (1 of 3 calls)".
std::optional<std::string> JudgeAllOk(const std::vector<CallRecord>& calls, Method method, const JobNamer& job_name);

// ret.retry_bounded: on no job did kMaxFailedDeliveries deliveries of JobTransferred in
// a row fail. "JobTransferred returned E_FAIL (0x80004005) on job 2 3 deliveries in a row".
inline constexpr int kMaxFailedDeliveries = 3;
std::optional<std::string> JudgeRetryBounded(const std::vector<CallRecord>& calls, const JobNamer& job_name);

// time.no_hang (limit "hang limit") and time.prompt ("prompt limit"): every call
// returned, within limit_ms. "JobTransferred took 312 ms on job 1 (prompt limit 100 ms)".
std::optional<std::string> JudgeDurations(const std::vector<CallRecord>& calls, int limit_ms,
                                          const std::string& limit_name, const JobNamer& job_name);

// The state a job of the run ended in, by the Recorder's job index; nullopt for a job
// the judge is not to look at.
using FinalStateOf = std::function<std::optional<BG_JOB_STATE>(int recorder_job)>;

// job.acknowledges: every job that got JobTransferred ended ACKNOWLEDGED or CANCELLED.
// job.handles_error: every job that got JobError left the ERROR state.
// "job 1 was left TRANSFERRED after JobTransferred (no Complete or Cancel)".
std::optional<std::string> JudgeAcknowledges(const std::vector<CallRecord>& calls, const FinalStateOf& final_state,
                                             const JobNamer& job_name);
std::optional<std::string> JudgeHandlesError(const std::vector<CallRecord>& calls, const FinalStateOf& final_state,
                                             const JobNamer& job_name);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_JUDGES_H_
