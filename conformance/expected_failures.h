// The expected-failure list of `doharness check --expected-failures FILE`, after
// protobuf's conformance failure lists: the rules a callback is known to break, so
// that CI fails on a new failure, and also on a listed rule that now passes (the list
// is stale) or that fails differently.
//
// File format: one rule id a line, optionally followed by `# message prefix`:
//
//   # Our callback does not Complete jobs yet.
//   job.acknowledges
//   ret.error_ok  # JobError returned E_FAIL
//
// Blank lines and lines whose first non-blank character is `#` are ignored. Spaces
// around the id and the prefix are ignored; an empty prefix (a bare `#`) is none.
#ifndef DOHARNESS_CONFORMANCE_EXPECTED_FAILURES_H_
#define DOHARNESS_CONFORMANCE_EXPECTED_FAILURES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/report.h"

namespace doharness {
namespace conformance {

struct ExpectedFailure {
  std::string id;              // a catalog rule id
  std::string message_prefix;  // "": any message
  int line = 0;                // 1-based line in the list's file
};

struct ExpectedFailureParseResult;

struct ExpectedFailureList {
  std::string filename;                  // as given to Parse; names the file in problems
  std::vector<ExpectedFailure> entries;  // in file order, ids unique

  // The entry for `id`, or nullptr when the rule is not listed.
  const ExpectedFailure* Find(std::string_view id) const;

  // Parses `text`, the contents of `filename`. On error the result has no list and an
  // error "filename:line:col: message" (1-based, col counts bytes) for the first of:
  // a malformed rule id ("malformed rule id 'X'"), an id not in the catalog
  // ("unknown rule id 'X'"), an id listed twice ("duplicate rule id 'X', first listed
  // on line N"), or text after the id that does not start with `#` ("unexpected text
  // after rule id 'X'"; col points at the text).
  static ExpectedFailureParseResult Parse(std::string_view text, std::string_view filename);
};

// The list, or why the text is not one.
struct ExpectedFailureParseResult {
  std::optional<ExpectedFailureList> list;  // set on success
  std::string error;                        // "file:line:col: message" on failure
};

// What ApplyExpectedFailures found. `ok` is problems.empty(): the run passes.
struct ExpectedFailureResult {
  bool ok = true;
  std::vector<std::string> problems;  // each fails the run
  std::vector<std::string> warnings;  // reported, do not fail the run
  std::vector<std::string> advice;    // unlisted advisory failures: reported apart
};

// Checks `report` against `list` and marks the predicted failures, verdict by verdict
// (a failure being fail, crash or hang):
//   listed, fails with a message starting with the prefix (or no prefix given):
//       the status becomes xfail
//   listed, fails with a message not starting with the prefix:
//       problem "FILE:LINE: listed rule failed with another message: ID (STATUS): ..."
//   listed, passes: problem "FILE:LINE: listed rule passed: ID"
//   listed, skipped: warning (the list cannot be checked)
//   listed, absent from the report: problem
//   unlisted required rule fails: problem "unlisted required rule failed: ID (STATUS): ..."
//   unlisted recommended rule fails: warning only
//   unlisted advisory rule fails: advice only
// Verdicts already xfail are left as they are. With an empty list this is the plain
// rule of `doharness check`: the run passes when no required rule fails.
ExpectedFailureResult ApplyExpectedFailures(const ExpectedFailureList& list,
                                            ConformanceReport* report);

}  // namespace conformance
}  // namespace doharness

#endif  // DOHARNESS_CONFORMANCE_EXPECTED_FAILURES_H_
