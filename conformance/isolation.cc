#include "conformance/isolation.h"

#include <algorithm>
#include <string>

#include "api/user_text.h"
#include "isolation/child.h"

namespace doharness::conformance {
namespace {

// How much of a failed case's output its message quotes.
constexpr size_t kQuotedOutputBytes = 2048;

bool ParseStatus(const std::string& word, RuleStatus* status) {
  for (RuleStatus s : {RuleStatus::kPass, RuleStatus::kFail, RuleStatus::kCrash, RuleStatus::kHang, RuleStatus::kSkip,
                       RuleStatus::kXfail}) {
    if (RuleStatusName(s) == word) {
      *status = s;
      return true;
    }
  }
  return false;
}

CaseOutcome FromChild(const isolation::Outcome& child) {
  using Status = isolation::Outcome::Status;
  switch (child.status) {
    case Status::kCrashed: return {RuleStatus::kCrash, child.text};
    case Status::kOutOfMemory: return {RuleStatus::kCrash, child.text};
    case Status::kHung: return {RuleStatus::kHang, child.text};
    case Status::kTimedOut: return {RuleStatus::kHang, "the case " + child.text};
    case Status::kReturned: break;
  }
  const size_t tab = child.text.find('\t');
  RuleStatus parsed = RuleStatus::kPass;
  if (tab == std::string::npos || !ParseStatus(child.text.substr(0, tab), &parsed)) {
    return {RuleStatus::kCrash, "sent an outcome that does not parse: " + Excerpt(child.text)};
  }
  return {parsed, child.text.substr(tab + 1)};
}

}  // namespace

isolation::ChildLimits CaseLimits(int hang_ms, int64_t memory_mb) {
  isolation::ChildLimits limits;
  limits.call_limit_ms = int64_t{2} * hang_ms;
  limits.step_limit_ms = CaseLimitMs(hang_ms);
  limits.memory_mb = memory_mb;
  return limits;
}

int64_t CaseLimitMs(int hang_ms) { return std::max<int64_t>(int64_t{10} * hang_ms, 30000); }

std::string EncodeCaseOutcome(const CaseOutcome& outcome) {
  std::string message = outcome.message;
  for (char& c : message) {
    if (c == '\n' || c == '\t') c = ' ';  // a verdict's message is one line
  }
  return std::string(RuleStatusName(outcome.status)) + "\t" + message;
}

CaseOutcome CaseOutcomeOf(const isolation::Outcome& child) {
  CaseOutcome outcome = FromChild(child);
  if (outcome.status != RuleStatus::kPass && !child.output.empty()) {
    const size_t from = child.output.size() - std::min(child.output.size(), kQuotedOutputBytes);
    outcome.message += " (its output ended: " + Excerpt(child.output.substr(from), kQuotedOutputBytes) + ")";
  }
  return outcome;
}

CaseOutcome RunIsolated(const std::function<CaseOutcome()>& run, int hang_ms, int64_t memory_mb) {
  const isolation::ChildLimits limits = CaseLimits(hang_ms, memory_mb);
  const isolation::ChildRun child = isolation::Supervise(
      [&run](int channel) { isolation::Send(channel, isolation::Tag::kResult, EncodeCaseOutcome(run())); }, limits);
  return CaseOutcomeOf(isolation::OutcomeOf(child, limits));
}

}  // namespace doharness::conformance
