// Prints the JUnit XML of a full report with every status and messages full of what
// XML must escape or cannot carry, for junit_wellformed_test to parse.
#include <iostream>
#include <string>

#include "conformance/report.h"
#include "conformance/rule_catalog.h"
#include "conformance/verdict.h"

int main() {
  using doharness::conformance::Catalog;
  using doharness::conformance::ConformanceReport;
  using doharness::conformance::Rule;
  using doharness::conformance::RuleStatus;

  ConformanceReport report{"1.2.3", "do", "lib<a&b>\".so", 42, {}};
  for (const Rule& rule : Catalog()) {
    RuleStatus status = RuleStatus::kPass;
    std::string message;
    if (rule.id == "ret.error_ok") {
      status = RuleStatus::kFail;
      message = "JobError returned E_FAIL";
    } else if (rule.id == "com.null_out") {
      status = RuleStatus::kCrash;
      message = "a<b & \"c\" 'd'> ]]> <!-- --> \n\ttab \x01 \xFF \xC3\xA9 end";
    } else if (rule.id == "time.no_hang") {
      status = RuleStatus::kHang;
      message = "no return within 5000 ms";
    } else if (rule.id == "ret.file_transferred_ok") {
      status = RuleStatus::kSkip;
      message = "no IBackgroundCopyCallback2 & <no files>";
    } else if (rule.id == "job.acknowledges") {
      status = RuleStatus::kXfail;
      message = "never Completes";
    }
    report.verdicts.push_back({std::string(rule.id), status, message, 1});
  }
  std::cout << doharness::conformance::ToJunitXml(report);
  return 0;
}
