// The result of a conformance run and its writers: the JSON report (`--json`), the
// JUnit XML (`--junit`) and the human summary printed by `doharness check`. The JSON
// and JUnit shapes are fixed for users (docs/architecture.md).
#ifndef DOHARNESS_CONFORMANCE_REPORT_H_
#define DOHARNESS_CONFORMANCE_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "conformance/verdict.h"

namespace doharness {
namespace conformance {

// The version of DO Harness that reports name, whichever way the suite ran.
inline constexpr char kHarnessVersion[] = "0.1.0";

struct ConformanceReport {
  std::string version = kHarnessVersion;
  std::string profile;   // "do" or "bits"
  std::string callback;  // what was tested, e.g. "libx.so"
  uint64_t seed = 0;
  // One verdict per catalog rule (see Validate); the writers keep this order.
  std::vector<RuleVerdict> verdicts;
};

// The counts of the JSON report's "summary". Fail, crash and hang count as failed, by
// the level the rule counts at (CountingLevel: an id not in the catalog counts as
// required). An xfail (a failure the expected-failure list predicted) counts in none
// of the five: it is neither a failure nor a pass, and it is no skip because the rule
// did run; the "rules" array still shows it.
struct ReportSummary {
  int required_failed = 0;
  int recommended_failed = 0;
  int advisory_failed = 0;
  int passed = 0;
  int skipped = 0;
};

ReportSummary Summarize(const ConformanceReport& report);

// "" when every catalog rule appears exactly once in `report` and nothing else does;
// otherwise every problem, separated by "; " (e.g. "missing rule ret.error_ok").
// The writers below assume a valid report; for a verdict with an unknown id they
// write level and family as "unknown".
std::string Validate(const ConformanceReport& report);

// The JSON report, pretty-printed, ending with a newline:
//   {"harness": "doharness", "version", "profile", "callback", "seed",
//    "rules": [{"id", "level", "family", "status", "message", "cases"}, ...],
//    "summary": {"required_failed", "recommended_failed", "advisory_failed", "passed",
//                "skipped"}}
// Invalid UTF-8 in strings is replaced by U+FFFD.
std::string ToJson(const ConformanceReport& report);

// JUnit XML: <testsuites><testsuite name="doharness" tests= failures= skipped=> with
// the run's version, profile, callback and seed as <properties>, then one <testcase>
// per verdict, name = rule id, classname = family. fail/crash/hang get
// <failure type="STATUS" message="...">, whatever the level (the exit status of the
// run, not this file, says whether recommended failures fail it); skip gets
// <skipped message="...">; xfail gets <skipped type="xfail" message="expected
// failure: ...">, as pytest writes expected failures. Text is escaped for XML 1.0;
// characters XML cannot carry (control characters, invalid UTF-8) become U+FFFD.
std::string ToJunitXml(const ConformanceReport& report);

// One line a verdict, "STATUS id: message" (status upper-case, padded; no ": message"
// when the message is empty; line breaks in messages become spaces, trailing spaces
// go), then a counts
// line: "68 rules: 60 passed, 1 required failed, 2 recommended failed, 1 advisory
// failed, 3 skipped, 2 xfail".
std::string ToHumanSummary(const ConformanceReport& report);

}  // namespace conformance
}  // namespace doharness

#endif  // DOHARNESS_CONFORMANCE_REPORT_H_
