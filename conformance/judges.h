// How a rule that one run can show is decided from what the recording proxy saw: one
// function a rule, the one place its decision lives. The suite's cases (cases/) and
// `expect rule` in scenarios (scenario/internal/rules.h) both call these.
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

// ret.retry_bounded: on no job did kMaxFailedDeliveries deliveries of JobTransferred in
// a row fail. nullopt when the rule holds; else what broke it: "JobTransferred returned
// E_FAIL on job 2 3 deliveries in a row".
inline constexpr int kMaxFailedDeliveries = 3;
std::optional<std::string> JudgeRetryBounded(const std::vector<CallRecord>& calls, const JobNamer& job_name);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_JUDGES_H_
