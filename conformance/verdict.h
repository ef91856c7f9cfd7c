// The verdict of one rule in a conformance run: its status, a message saying why
// (empty when it passed) and how many cases exercised it.
#ifndef DOHARNESS_CONFORMANCE_VERDICT_H_
#define DOHARNESS_CONFORMANCE_VERDICT_H_

#include <string>
#include <string_view>

namespace doharness {
namespace conformance {

enum class RuleStatus {
  kPass,   // every case of the rule held
  kFail,   // a case broke the rule
  kCrash,  // the callback crashed during a case (out-of-process runs)
  kHang,   // the callback did not return within the hang limit
  kSkip,   // not run: not selected, or not applicable (message says which)
  kXfail,  // failed as the expected-failure list says it would
};

// "pass", "fail", "crash", "hang", "skip", "xfail": the spelling of reports.
constexpr std::string_view RuleStatusName(RuleStatus status) {
  switch (status) {
    case RuleStatus::kPass:
      return "pass";
    case RuleStatus::kFail:
      return "fail";
    case RuleStatus::kCrash:
      return "crash";
    case RuleStatus::kHang:
      return "hang";
    case RuleStatus::kSkip:
      return "skip";
    case RuleStatus::kXfail:
      return "xfail";
  }
  return "?";
}

// Fail, crash and hang: the statuses that count as a broken rule.
constexpr bool IsFailure(RuleStatus status) {
  return status == RuleStatus::kFail || status == RuleStatus::kCrash ||
         status == RuleStatus::kHang;
}

struct RuleVerdict {
  std::string id;  // a rule id of the catalog
  RuleStatus status = RuleStatus::kSkip;
  std::string message;  // why it failed or was skipped; may be empty on pass
  int cases = 0;        // cases that exercised the rule
};

}  // namespace conformance
}  // namespace doharness

#endif  // DOHARNESS_CONFORMANCE_VERDICT_H_
