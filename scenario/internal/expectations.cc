#include "scenario/internal/expectations.h"

#include <string_view>

#include "api/names.h"
#include "scenario/names.h"

namespace doharness::scenario::internal {
namespace {

constexpr std::string_view kEvery = "*";

std::string Hr(HRESULT hr) {
  std::string symbol = HresultSymbol(hr);
  return symbol.empty() ? HresultName(hr) : symbol;
}

bool Compare(int64_t got, Expectation::Op op, int64_t want) {
  switch (op) {
    case Expectation::Op::kEq: return got == want;
    case Expectation::Op::kNe: return got != want;
    case Expectation::Op::kLt: return got < want;
    case Expectation::Op::kLe: return got <= want;
    case Expectation::Op::kGt: return got > want;
    case Expectation::Op::kGe: return got >= want;
  }
  return false;
}

bool Matches(const CallPattern& pattern, const ObservedCall& call) {
  return pattern.method == call.method && (!pattern.result || *pattern.result == call.result);
}

// "JobTransferred=S_OK JobModification".
std::string Patterns(const std::vector<CallPattern>& patterns) {
  std::string text;
  for (const CallPattern& p : patterns) {
    if (!text.empty()) text += ' ';
    text += NotificationMethodName(p.method);
    if (p.result) text += "=" + Hr(*p.result);
  }
  return text;
}

// "of C on J1" / "of every callback on every job".
std::string Whose(const Expectation& e) {
  std::string text = e.callback == kEvery ? "of every callback" : "of " + e.callback;
  text += e.job == kEvery ? " on every job" : " on " + e.job;
  return text;
}

// Checks one expectation against what the run showed: nullopt when it holds.
class ExpectationCheck {
 public:
  ExpectationCheck(const Expectation& e, const Observed& o) : e_(e), o_(o) {}

  std::optional<std::string> Run() {
    switch (e_.kind) {
      case Expectation::Kind::kCallsOrder:
      case Expectation::Kind::kCallsExactly:
      case Expectation::Kind::kCallsSet: return Calls();
      case Expectation::Kind::kCount: return Count();
      case Expectation::Kind::kState: return State();
      case Expectation::Kind::kRefs: return Refs();
      case Expectation::Kind::kRule: return Rule();
      case Expectation::Kind::kSurvives: return Survives();
    }
    return "an expectation of an unknown kind";
  }

 private:
  // The calls the expectation is about, in the engine's order.
  std::vector<const ObservedCall*> Selected() const {
    const int callback = e_.callback == kEvery ? -1 : o_.cast->CallbackIndex(e_.callback);
    const int job = e_.job == kEvery ? -1 : o_.cast->JobIndex(e_.job);
    std::vector<const ObservedCall*> selected;
    for (const ObservedCall& c : o_.calls) {
      if ((callback < 0 || c.callback == callback) && (job < 0 || c.job == job)) selected.push_back(&c);
    }
    return selected;
  }

  // "JobModification×12, JobTransferred=S_FALSE"; runs of the same call are counted,
  // S_OK is not written, and a wildcard's callback or job is named.
  std::string Compact(const std::vector<const ObservedCall*>& calls) const {
    if (calls.empty()) return "no calls";
    std::string text;
    for (size_t i = 0; i < calls.size();) {
      const ObservedCall& c = *calls[i];
      size_t run = 1;
      while (i + run < calls.size() && calls[i + run]->method == c.method && calls[i + run]->result == c.result &&
             calls[i + run]->callback == c.callback && calls[i + run]->job == c.job) {
        ++run;
      }
      if (!text.empty()) text += ", ";
      if (e_.callback == kEvery) text.append(o_.cast->callback_name(c.callback)).append(".");
      text += NotificationMethodName(c.method);
      if (e_.job == kEvery) {
        text.append("(").append(c.job >= 0 ? o_.cast->job_name(c.job) : std::string_view("?")).append(")");
      }
      if (c.result != S_OK) text += "=" + Hr(c.result);
      if (run > 1) text += "\u00d7" + std::to_string(run);
      i += run;
    }
    return text;
  }

  std::optional<std::string> Calls() const {
    const std::vector<const ObservedCall*> calls = Selected();
    const std::vector<CallPattern>& want = e_.calls;
    bool holds = false;
    const char* how = "";
    switch (e_.kind) {
      case Expectation::Kind::kCallsOrder: {
        how = "in order";
        size_t next = 0;
        for (const ObservedCall* c : calls) {
          if (next < want.size() && Matches(want[next], *c)) ++next;
        }
        holds = next == want.size();
        break;
      }
      case Expectation::Kind::kCallsExactly: {
        how = "exactly";
        holds = calls.size() == want.size();
        for (size_t i = 0; holds && i < want.size(); ++i) holds = Matches(want[i], *calls[i]);
        break;
      }
      default: {
        how = "in any order";
        // Patterns with a result first: a pattern without one takes any call of its
        // method, so it never needs a call a more specific pattern could have used.
        std::vector<bool> used(calls.size(), false);
        holds = calls.size() == want.size();
        for (int pass = 0; holds && pass < 2; ++pass) {
          for (const CallPattern& p : want) {
            if (p.result.has_value() != (pass == 0)) continue;
            bool found = false;
            for (size_t i = 0; !found && i < calls.size(); ++i) {
              if (!used[i] && Matches(p, *calls[i])) used[i] = found = true;
            }
            holds = holds && found;
          }
        }
      }
    }
    if (holds) return std::nullopt;
    return "expected calls " + Whose(e_) + " " + how + ": " + (want.empty() ? "none" : Patterns(want)) + ", got " +
           Compact(calls);
  }

  std::optional<std::string> Count() const {
    int64_t n = 0;
    for (const ObservedCall* c : Selected()) n += c->method == e_.method;
    if (Compare(n, e_.op, e_.number)) return std::nullopt;
    return "expected count of " + std::string(NotificationMethodName(e_.method)) + " " + Whose(e_) + " " +
           std::string(ComparisonName(e_.op)) + " " +
           std::to_string(e_.number) + ", got " + std::to_string(n);
  }

  std::optional<std::string> State() const {
    const int job = o_.cast->JobIndex(e_.job);
    const BG_JOB_STATE got = o_.states[job];
    if (got == e_.state) return std::nullopt;
    return "expected state " + JobStateName(e_.state) + " of " + e_.job + ", got " + JobStateName(got);
  }

  std::optional<std::string> Refs() const {
    const long got = o_.refs[o_.cast->CallbackIndex(e_.callback)];
    if (got == e_.number) return std::nullopt;
    return "expected refs of " + e_.callback + " " + std::to_string(e_.number) + ", got " + std::to_string(got);
  }

  std::optional<std::string> Rule() const {
    if (o_.recorder == nullptr) {
      return "expected rule " + e_.rule + " to hold, but the scenario has no callback under test to judge it on";
    }
    const conformance::CaseOutcome outcome = JudgeRule(e_.rule, {o_.recorder, o_.cast, &o_.states, &o_.suite});
    if (outcome.status == conformance::RuleStatus::kSkip) return outcome.message;
    if (outcome.status == conformance::RuleStatus::kPass) return std::nullopt;
    return "expected rule " + e_.rule + " to hold, got " + outcome.message;
  }

  std::optional<std::string> Survives() const {
    if (o_.recorder == nullptr) return std::nullopt;  // scripted callbacks neither throw nor crash
    const std::vector<conformance::Violation> thrown = o_.recorder->ViolationsOf("tol.no_exception");
    if (thrown.empty()) return std::nullopt;
    return "expected the callbacks to survive, got " + thrown.front().message;
  }

  const Expectation& e_;
  const Observed& o_;
};

}  // namespace

std::optional<std::string> Check(const Expectation& expectation, const Observed& observed) {
  return ExpectationCheck(expectation, observed).Run();
}

}  // namespace doharness::scenario::internal
