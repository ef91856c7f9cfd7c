// How a rule that one run can show is decided from what the recording proxy saw: one
// judge a rule, in one table, the one place its decision lives. The suite's cases
// (cases/run_cases.cc) and `expect rule` in scenarios (scenario/internal/rules.cc) both
// call JudgeRun with the rule's id.
//
//   JudgedFromOneRun("ret.error_ok")  -> true
//   JudgeRun("ret.error_ok", evidence) -> "JobError returned E_FAIL (0x80004005) on
//                                          job 2 (1 of 3 calls)", or nullopt: it holds
#ifndef DOHARNESS_CONFORMANCE_JUDGES_H_
#define DOHARNESS_CONFORMANCE_JUDGES_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/observations.h"
#include "conformance/time_limits.h"

namespace doharness::conformance {

// How a judge names a job in its message: "job 2" in the suite, "J2" in a scenario.
using JobNamer = std::function<std::string(int recorder_job)>;

// The state a job of the run ended in, by the Recorder's job index; nullopt for a job
// the judge is not to look at.
using FinalStateOf = std::function<std::optional<BG_JOB_STATE>(int recorder_job)>;

// What one run shows a judge.
struct RunEvidence {
  std::vector<CallRecord> calls;  // as the Recorder has them
  JobNamer job_name;
  FinalStateOf final_state = [](int) { return std::optional<BG_JOB_STATE>(); };
  TimeLimits limits;
};

// A JobTransferred that fails this many deliveries in a row breaks ret.retry_bounded.
inline constexpr int kMaxFailedDeliveries = 3;

// Whether one run decides `rule`, and so JudgeRun judges it:
//   ret.transferred_ok, ret.error_ok, ret.modification_ok, ret.file_transferred_ok:
//     every call of that method that returned (Returned), returned S_OK;
//   ret.retry_bounded: on no job did kMaxFailedDeliveries JobTransferred in a row fail;
//   time.no_hang, time.prompt: every call returned, within limits.hang_ms / prompt_ms;
//   job.acknowledges: every job that got JobTransferred ended ACKNOWLEDGED or CANCELLED;
//   job.handles_error: every job that got JobError left the ERROR state.
bool JudgedFromOneRun(std::string_view rule);

// nullopt when `rule` holds on the evidence (or one run does not decide it), else
// what broke it, naming the call and the job.
std::optional<std::string> JudgeRun(std::string_view rule, const RunEvidence& evidence);

// A call the callee made and returned from (forwarded, finished, no exception): the
// calls whose HRESULT the ret.* rules judge.
bool Returned(const CallRecord& call);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_JUDGES_H_
