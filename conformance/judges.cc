#include "conformance/judges.h"

#include <map>

#include "api/names.h"

namespace doharness::conformance {

bool Returned(const CallRecord& call) { return call.forwarded && call.finished && !call.threw; }

std::optional<std::string> JudgeRetryBounded(const std::vector<CallRecord>& calls, const JobNamer& job_name) {
  std::map<int, int> failed_in_a_row;  // by job
  for (const CallRecord& c : calls) {
    if (c.method != Method::kJobTransferred || !Returned(c)) continue;
    int& row = failed_in_a_row[c.job];
    row = c.result == S_OK ? 0 : row + 1;
    if (row == kMaxFailedDeliveries) {
      return "JobTransferred returned " + HresultName(c.result) + " on " + job_name(c.job) + " " +
             std::to_string(kMaxFailedDeliveries) + " deliveries in a row";
    }
  }
  return std::nullopt;
}

}  // namespace doharness::conformance
