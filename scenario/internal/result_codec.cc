#include "scenario/internal/result_codec.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "scenario/internal/field_codec.h"

namespace doharness::scenario::internal {
namespace {

void PutFailures(std::string* out, const std::vector<ExpectationFailure>& failures) {
  PutNumber(out, static_cast<int64_t>(failures.size()));
  for (const ExpectationFailure& failure : failures) {
    PutNumber(out, failure.pos.line);
    PutNumber(out, failure.pos.col);
    PutField(out, failure.message);
    PutField(out, failure.what);
    PutNumber(out, failure.expectation);
  }
}

bool NextFailures(FieldReader* in, std::vector<ExpectationFailure>* failures) {
  return in->NextList(failures, [in](ExpectationFailure* failure) {
    return in->NextNumber(&failure->pos.line) && in->NextNumber(&failure->pos.col) && in->Next(&failure->message) &&
           in->Next(&failure->what) && in->NextNumber(&failure->expectation);
  });
}

void PutJobs(std::string* out, const std::vector<JobOutcome>& jobs) {
  PutNumber(out, static_cast<int64_t>(jobs.size()));
  for (const JobOutcome& job : jobs) {
    PutNumber(out, job.state);
    PutNumber(out, static_cast<int64_t>(job.under_test_calls.size()));
    for (const CallPattern& call : job.under_test_calls) {
      PutNumber(out, static_cast<int64_t>(call.method));
      PutNumber(out, call.result ? int64_t{1} : int64_t{0});
      PutNumber(out, call.result.value_or(S_OK));
    }
  }
}

bool NextJobs(FieldReader* in, std::vector<JobOutcome>* jobs) {
  const auto next_call = [in](CallPattern* call) {
    int method = 0, has_result = 0;
    HRESULT result = S_OK;
    if (!in->NextNumber(&method) || method < 0 || method > static_cast<int>(NotificationMethod::kFileTransferred) ||
        !in->NextNumber(&has_result) || !in->NextNumber(&result)) {
      return false;
    }
    call->method = static_cast<NotificationMethod>(method);
    if (has_result != 0) call->result = result;
    return true;
  };
  return in->NextList(jobs, [in, &next_call](JobOutcome* job) {
    int state = 0;
    if (!in->NextNumber(&state) || state < BG_JOB_STATE_QUEUED || state > BG_JOB_STATE_CANCELLED) return false;
    job->state = static_cast<BG_JOB_STATE>(state);
    return in->NextList(&job->under_test_calls, next_call);
  });
}

}  // namespace

std::string EncodeResult(const ScenarioResult& result) {
  std::string out;
  PutFailures(&out, result.failures);
  PutFailures(&out, result.advice);
  PutNumber(&out, static_cast<int64_t>(result.violations.size()));
  for (const conformance::Violation& violation : result.violations) {
    PutField(&out, violation.rule);
    PutField(&out, violation.message);
    PutNumber(&out, violation.job);
  }
  PutJobs(&out, result.jobs);
  PutField(&out, result.trace);
  return out;
}

std::optional<ScenarioResult> DecodeResult(std::string_view text) {
  FieldReader in(text);
  ScenarioResult result;
  if (!NextFailures(&in, &result.failures) || !NextFailures(&in, &result.advice)) return std::nullopt;
  const bool violations_read = in.NextList(&result.violations, [&in](conformance::Violation* violation) {
    return in.Next(&violation->rule) && in.Next(&violation->message) && in.NextNumber(&violation->job);
  });
  if (!violations_read) return std::nullopt;
  if (!NextJobs(&in, &result.jobs) || !in.Next(&result.trace) || !in.AtEnd()) return std::nullopt;
  return result;
}

}  // namespace doharness::scenario::internal
