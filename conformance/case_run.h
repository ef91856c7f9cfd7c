// CaseRun: the engine run a conformance case sets up, as data (its jobs, each with its
// files, notify flags and fault, and what the engine is told besides). The cases of
// params.*, ret.*, tol.*, time.* and job.* start their runs from it, and `doharness
// record --rule` writes the same run as a scenario, so the two cannot drift apart.
#ifndef DOHARNESS_CONFORMANCE_CASE_RUN_H_
#define DOHARNESS_CONFORMANCE_CASE_RUN_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "deliveryoptimization.h"
#include "engine/fault.h"
#include "engine/virtual_clock.h"

namespace doharness::conformance {

constexpr ULONG kTerminal = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;
constexpr ULONG kAll = kTerminal | BG_NOTIFY_JOB_MODIFICATION | BG_NOTIFY_FILE_TRANSFERRED;
// A case's files: two 64 KiB progress steps each.
constexpr uint64_t kCaseFileSize = 128 * 1024;

// A job of a case: its files, flags, fault.
struct JobPlan {
  int files = 1;
  ULONG flags = kTerminal;
  std::optional<Fault> fault;
  // Every getter of the job, its files and its errors (Fault::GetterNames) fails with
  // this code on every call; Error.GetFile aside: an error without a file is
  // tol.error_without_file's situation, so that one bug fails one rule.
  std::optional<HRESULT> getters_fail;
  bool register_callback = true;
  bool resume = true;
};

// Common fault plans.
Fault ErrorWithFile();  // HTTP 404 in the first file, at 64 KiB
// BG_E_INSUFFICIENT_RANGE_SUPPORT in the first file, at 64 KiB: the error Windows raises
// with its file, and the one for which Microsoft's sample callback calls GetFile.
Fault RangeErrorWithFile();
Fault ErrorWithoutFile();  // a job-level error: GetFile gives FILE_NOT_AVAILABLE

// The jobs are added, registered and resumed in order at virtual time 0.
struct CaseRun {
  std::vector<JobPlan> jobs;
  // EngineOptions::reentrant_modification_depth.
  int reentrant_modification_depth = 0;
  // The first job is resumed again this long after the start (after its JobError).
  std::optional<Duration> resume_first_job_after;
};

// The run of the suite's case for `rule` when a scenario can say all of it; nullopt
// for the rules whose cases need more: calls made directly to the callback, interface
// probes, SetNotifyInterface(NULL) before the callee runs, or the engine's own checks.
std::optional<CaseRun> RecordableRunOf(std::string_view rule);
// The rule ids RecordableRunOf knows, in catalog order.
std::vector<std::string_view> RecordableRules();

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_CASE_RUN_H_
