// Helpers shared by the engine's rule tests (engine/*_rules_test.cc): profiles as
// test parameters, jobs driven to a given state on virtual time, and small readers
// for job properties. Header-only, for tests.
#ifndef DOHARNESS_ENGINE_TESTING_ENGINE_TEST_UTIL_H_
#define DOHARNESS_ENGINE_TESTING_ENGINE_TEST_UTIL_H_

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "api/com_ptr.h"
#include "api/names.h"
#include "deliveryoptimization.h"
#include "engine/engine_options.h"
#include "engine/fake_engine.h"
#include "engine/fault.h"
#include "engine/profile.h"
#include "engine/trace.h"
#include "gtest/gtest.h"

namespace doharness {
// gtest prints a Profile parameter by its name ("do", "bits"), not as bytes.
inline void PrintTo(const Profile& profile, std::ostream* os) { *os << profile.name; }
}  // namespace doharness

namespace doharness::engine_testing {

// ---- Profiles as test parameters --------------------------------------------------
inline std::vector<Profile> BothProfiles() { return {Profile::Do(), Profile::Bits()}; }

// For INSTANTIATE_TEST_SUITE_P(..., testing::ValuesIn(BothProfiles()), ProfileParamName).
inline std::string ProfileParamName(const testing::TestParamInfo<Profile>& info) {
  return std::string(info.param.name);
}

inline EngineOptions OptionsFor(const Profile& profile) {
  EngineOptions options;
  options.profile = profile;
  return options;
}

// Notify flags as a test-name fragment: "0x1B_TRANSFERRED_ERROR_MODIFICATION_FILE_TRANSFERRED".
inline std::string FlagsParamName(ULONG flags) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(flags));
  std::string name = std::string(hex) + "_" + NotifyFlagsName(flags);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// ---- Reading a job -----------------------------------------------------------------
// The job's state; a failed GetState fails the test and gives BG_JOB_STATE(-1).
inline BG_JOB_STATE StateOf(IBackgroundCopyJob* job) {
  BG_JOB_STATE state = static_cast<BG_JOB_STATE>(-1);
  EXPECT_EQ(job->GetState(&state), S_OK);
  return state;
}

inline ULONG NotifyFlagsOf(IBackgroundCopyJob* job) {
  ULONG flags = 0xDEADBEEF;
  EXPECT_EQ(job->GetNotifyFlags(&flags), S_OK);
  return flags;
}

inline std::string JobIdOf(IBackgroundCopyJob* job) {
  GUID id{};
  EXPECT_EQ(job->GetId(&id), S_OK);
  return GuidToString(id);
}

// Takes a CoTaskMem string out-parameter: copies and frees it ("" for NULL).
inline std::wstring TakeString(LPWSTR s) {
  std::wstring copy = s ? s : L"";
  CoTaskMemFree(s);
  return copy;
}

// ---- Files -------------------------------------------------------------------------
// File `index` of a test job: "http://example/file<index>" -> "/tmp/file<index>".
inline std::wstring RemoteUrl(int index) { return L"http://example/file" + std::to_wstring(index); }
inline std::wstring LocalName(int index) { return L"/tmp/file" + std::to_wstring(index); }
inline FileSpec TestFile(int index, uint64_t size = 100 * 1024,
                         uint64_t bytes_per_second = 1024 * 1024) {
  return FileSpec{RemoteUrl(index), LocalName(index), size, bytes_per_second};
}

// Appends two new jobs: one made through the manager's CreateJob, one through
// FakeEngine::CreateJob. Use it under ASSERT_NO_FATAL_FAILURE.
inline void CreateJobBothWays(FakeEngine& engine, std::vector<ComPtr<IBackgroundCopyJob>>* jobs) {
  GUID id;
  ComPtr<IBackgroundCopyJob> by_manager, by_engine;
  ASSERT_EQ(engine.manager()->CreateJob(L"by manager", BG_JOB_TYPE_DOWNLOAD, &id,
                                        by_manager.ReleaseAndGetAddressOf()),
            S_OK);
  ASSERT_EQ(engine.CreateJob(L"by engine", &by_engine), S_OK);
  jobs->push_back(by_manager);
  jobs->push_back(by_engine);
}

// ---- Jobs in a given state ---------------------------------------------------------
// Where DriveJobTo leaves a job. Each stage's job has one file (of 1 MiB at 1 MiB/s,
// so that it is still on its way a moment after Resume) except kSuspendedEmpty.
enum class JobStage {
  kSuspendedEmpty,  // just created
  kSuspended,       // one file added, never resumed
  kQueued,          // resumed, the clock not moved yet (bits only: DO has no QUEUED step)
  kTransferring,    // 100 ms into the transfer
  kTransientError,  // a transient error at 64 KiB that lasts an hour
  kError,           // a fatal HTTP 404 at 64 KiB
  kTransferred,     // every file arrived
  kCancelled,       // kSuspended, then Cancel
  kAcknowledged,    // kTransferred, then Complete
};

inline const char* StageName(JobStage stage) {
  switch (stage) {
    case JobStage::kSuspendedEmpty: return "SuspendedEmpty";
    case JobStage::kSuspended: return "Suspended";
    case JobStage::kQueued: return "Queued";
    case JobStage::kTransferring: return "Transferring";
    case JobStage::kTransientError: return "TransientError";
    case JobStage::kError: return "Error";
    case JobStage::kTransferred: return "Transferred";
    case JobStage::kCancelled: return "Cancelled";
    case JobStage::kAcknowledged: return "Acknowledged";
  }
  return "?";
}

inline void PrintTo(JobStage stage, std::ostream* os) { *os << StageName(stage); }

inline BG_JOB_STATE StateOfStage(JobStage stage) {
  switch (stage) {
    case JobStage::kSuspendedEmpty:
    case JobStage::kSuspended: return BG_JOB_STATE_SUSPENDED;
    case JobStage::kQueued: return BG_JOB_STATE_QUEUED;
    case JobStage::kTransferring: return BG_JOB_STATE_TRANSFERRING;
    case JobStage::kTransientError: return BG_JOB_STATE_TRANSIENT_ERROR;
    case JobStage::kError: return BG_JOB_STATE_ERROR;
    case JobStage::kTransferred: return BG_JOB_STATE_TRANSFERRED;
    case JobStage::kCancelled: return BG_JOB_STATE_CANCELLED;
    case JobStage::kAcknowledged: return BG_JOB_STATE_ACKNOWLEDGED;
  }
  return static_cast<BG_JOB_STATE>(-1);
}

// Whether `profile` can hold a job at `stage` between two calls of the test.
inline bool StageExists(const Profile& profile, JobStage stage) {
  return stage != JobStage::kQueued || profile.has_connecting_state;
}

// Parameters: a profile and a stage, named "do_Transferring".
using ProfileAndStage = std::tuple<Profile, JobStage>;

inline std::string ProfileAndStageName(const testing::TestParamInfo<ProfileAndStage>& info) {
  return std::string(std::get<0>(info.param).name) + "_" + StageName(std::get<1>(info.param));
}

// Every (profile, stage) pair of `stages` that the profile has (see StageExists).
inline std::vector<ProfileAndStage> ProfileStagePairs(const std::vector<JobStage>& stages) {
  std::vector<ProfileAndStage> pairs;
  for (const Profile& profile : BothProfiles()) {
    for (JobStage stage : stages) {
      if (StageExists(profile, stage)) pairs.emplace_back(profile, stage);
    }
  }
  return pairs;
}

// Creates a job and drives it to `stage` on virtual time. Use it under
// ASSERT_NO_FATAL_FAILURE: it asserts each step.
inline void DriveJobTo(FakeEngine& engine, JobStage stage, ComPtr<IBackgroundCopyJob>* job) {
  using std::chrono::milliseconds;
  ASSERT_EQ(engine.CreateJob(L"job", job), S_OK);
  IBackgroundCopyJob* j = job->Get();
  if (stage != JobStage::kSuspendedEmpty) {
    ASSERT_EQ(engine.AddFile(j, TestFile(0, 1024 * 1024)), S_OK);
  }
  switch (stage) {
    case JobStage::kTransientError:
      ASSERT_EQ(engine.ScriptFault(j, Fault::TransientAt(0, 64 * 1024, BG_E_NETWORK_DISCONNECTED,
                                                         std::chrono::hours(1))),
                S_OK);
      break;
    case JobStage::kError:
      ASSERT_EQ(engine.ScriptFault(j, Fault::HttpStatusAt(0, 64 * 1024, 404)), S_OK);
      break;
    default:
      break;
  }
  switch (stage) {
    case JobStage::kSuspendedEmpty:
    case JobStage::kSuspended:
      break;
    case JobStage::kCancelled:
      ASSERT_EQ(j->Cancel(), S_OK);
      break;
    case JobStage::kQueued:
      ASSERT_EQ(j->Resume(), S_OK);
      break;
    case JobStage::kTransferring:
    case JobStage::kTransientError:
      ASSERT_EQ(j->Resume(), S_OK);
      engine.AdvanceBy(milliseconds(100));
      break;
    case JobStage::kError:
    case JobStage::kTransferred:
    case JobStage::kAcknowledged:
      ASSERT_EQ(j->Resume(), S_OK);
      ASSERT_TRUE(engine.RunUntilIdle());
      if (stage == JobStage::kAcknowledged) {
        ASSERT_EQ(j->Complete(), S_OK);
      }
      break;
  }
  ASSERT_EQ(StateOf(j), StateOfStage(stage)) << "driving a job to " << StageName(stage);
}

// Leaves `job` final (docs/contract.md section 8 item 9): Complete when TRANSFERRED,
// Cancel when not final yet, nothing when final.
inline void Finish(IBackgroundCopyJob* job) {
  switch (StateOf(job)) {
    case BG_JOB_STATE_ACKNOWLEDGED:
    case BG_JOB_STATE_CANCELLED:
      return;
    case BG_JOB_STATE_TRANSFERRED:
      EXPECT_EQ(job->Complete(), S_OK);
      return;
    default:
      EXPECT_EQ(job->Cancel(), S_OK);
  }
}

// ==== Notification order, lifetime and threaded dispatch (order_rules_test.cc,
// life_rules_test.cc, threaded_dispatch_test.cc) ====================================

// The JobModifications that Resume of a SUSPENDED job raises by state changes alone:
// DO goes to TRANSFERRING; BITS passes QUEUED and CONNECTING on its way there.
inline int ResumeStateModifications(const Profile& profile) {
  return profile.has_connecting_state ? 3 : 1;
}

// A transient error code of the profile: DO's transient codes have facility 0xD0 and
// code & 0xF800 == 0x3800 (DO-hdr); BITS reports a lost network.
inline HRESULT TransientCode(const Profile& profile) {
  return profile.kind == ProfileKind::kDo ? DO_E_BLOCKED_BY_NO_NETWORK : BG_E_NETWORK_DISCONNECTED;
}

// ---- Jobs with several files ----------------------------------------------------------
// A download job with `files` files of `size` bytes each, coming at `bytes_per_second`.
// The defaults (128 KiB at 64 KiB/s, the default 64 KiB chunk) make two progress
// steps of one second each per file. Failures are reported with ADD_FAILURE.
inline ComPtr<IBackgroundCopyJob> MakeJob(FakeEngine& engine, int files = 1,
                                          uint64_t size = 128 * 1024,
                                          uint64_t bytes_per_second = 64 * 1024) {
  ComPtr<IBackgroundCopyJob> job;
  HRESULT hr = engine.CreateJob(L"test job", &job);
  if (hr != S_OK) {
    ADD_FAILURE() << "CreateJob failed: " << hr;
    return job;
  }
  const std::wstring base = L"http://example/" + std::to_wstring(engine.JobNumber(job.Get())) + L"/";
  for (int i = 0; i < files; ++i) {
    FileSpec spec = TestFile(i, size, bytes_per_second);
    spec.remote_url = base + std::to_wstring(i);  // distinct per job, for the trace
    hr = engine.AddFile(job.Get(), spec);
    if (hr != S_OK) ADD_FAILURE() << "AddFile failed: " << hr;
  }
  return job;
}

// ---- Trace queries ---------------------------------------------------------------------
// The events of one job (job 0: every event), in trace order.
inline std::vector<TraceEvent> JobEvents(const Trace& trace, uint32_t job = 0) {
  std::vector<TraceEvent> events = trace.Events();
  if (job != 0) {
    events.erase(std::remove_if(events.begin(), events.end(),
                                [job](const TraceEvent& e) { return e.job != job; }),
                 events.end());
  }
  return events;
}

// How the trace names a notification call: the method, and for FileTransferred the
// file index ("FileTransferred#1").
inline std::string CallName(const TraceEvent& e) {
  std::string name = e.method;
  if (e.args.contains("file")) name += "#" + std::to_string(e.args["file"].get<uint32_t>());
  return name;
}

// The notification calls made for `job`, in order ("JobModification",
// "FileTransferred#0", "JobTransferred", ...).
inline std::vector<std::string> Calls(const Trace& trace, uint32_t job) {
  std::vector<std::string> calls;
  for (const TraceEvent& e : JobEvents(trace, job)) {
    if (e.kind == TraceEvent::Kind::kCall) calls.push_back(CallName(e));
  }
  return calls;
}

// The same without JobModification (whose number depends on the transfer model).
inline std::vector<std::string> CallsExceptModifications(const Trace& trace, uint32_t job) {
  std::vector<std::string> calls = Calls(trace, job);
  calls.erase(std::remove(calls.begin(), calls.end(), "JobModification"), calls.end());
  return calls;
}

// How many calls of `method` were made for `job`.
inline int CountCalls(const Trace& trace, uint32_t job, std::string_view method) {
  int n = 0;
  for (const TraceEvent& e : JobEvents(trace, job)) {
    n += e.kind == TraceEvent::Kind::kCall && e.method == method;
  }
  return n;
}

// The virtual times of the calls of `method` for `job`.
inline std::vector<VirtualTime> CallTimes(const Trace& trace, uint32_t job, std::string_view method) {
  std::vector<VirtualTime> times;
  for (const TraceEvent& e : JobEvents(trace, job)) {
    if (e.kind == TraceEvent::Kind::kCall && e.method == method) times.push_back(e.time);
  }
  return times;
}

// The results of the returns of `method` for `job` (HRESULT names), in order.
inline std::vector<std::string> ReturnResults(const Trace& trace, uint32_t job,
                                              std::string_view method) {
  std::vector<std::string> results;
  for (const TraceEvent& e : JobEvents(trace, job)) {
    if (e.kind == TraceEvent::Kind::kReturn && e.method == method) results.push_back(e.result);
  }
  return results;
}

// The states the job entered, in order ("TRANSFERRING", "TRANSFERRED", ...).
inline std::vector<std::string> StatesEntered(const Trace& trace, uint32_t job) {
  std::vector<std::string> states;
  for (const TraceEvent& e : JobEvents(trace, job)) {
    if (e.kind == TraceEvent::Kind::kState) states.push_back(e.args["to"].get<std::string>());
  }
  return states;
}

// The index (in JobEvents(trace, job)) of the first event of `kind` and `method`
// whose result starts with `result_prefix` ("" matches any), or nullopt.
inline std::optional<size_t> FindEvent(const std::vector<TraceEvent>& events, TraceEvent::Kind kind,
                                       std::string_view method, std::string_view result_prefix = "") {
  for (size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& e = events[i];
    if (e.kind == kind && e.method == method && e.result.rfind(result_prefix, 0) == 0) return i;
  }
  return std::nullopt;
}

// The notification calls among events[from...].
inline int CallsFrom(const std::vector<TraceEvent>& events, size_t from) {
  int n = 0;
  for (size_t i = from; i < events.size(); ++i) n += events[i].kind == TraceEvent::Kind::kCall;
  return n;
}

// The index of the first state event of `events` entering `state` ("CANCELLED"), or nullopt.
inline std::optional<size_t> FindStateEntered(const std::vector<TraceEvent>& events,
                                              std::string_view state) {
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind == TraceEvent::Kind::kState && events[i].args["to"] == state) return i;
  }
  return std::nullopt;
}

// The most calls of `method` ("" for any notification) open at once in `events`
// (a call event opens one, its return event closes it): 1 when calls never overlap.
// Meaningful for a deterministic-mode trace, whose order is the order of execution.
inline int MaxOpenCalls(const std::vector<TraceEvent>& events, std::string_view method = "") {
  int open = 0, most = 0;
  for (const TraceEvent& e : events) {
    if (!method.empty() && e.method != method) continue;
    if (e.kind == TraceEvent::Kind::kCall) most = std::max(most, ++open);
    if (e.kind == TraceEvent::Kind::kReturn) --open;
  }
  return most;
}

// ---- Concurrency -----------------------------------------------------------------------
// Counts calls running at once, and the most seen. Thread-safe.
class ConcurrencyGauge {
 public:
  // Enter returns the number running now, this one included.
  int Enter() {
    int now = running_.fetch_add(1, std::memory_order_acq_rel) + 1;
    int seen = max_.load(std::memory_order_relaxed);
    while (now > seen && !max_.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
    }
    return now;
  }
  void Exit() { running_.fetch_sub(1, std::memory_order_acq_rel); }
  int running() const { return running_.load(std::memory_order_acquire); }
  int max() const { return max_.load(std::memory_order_acquire); }

  class Scope {
   public:
    explicit Scope(ConcurrencyGauge& gauge) : gauge_(gauge), now_(gauge.Enter()) {}
    ~Scope() { gauge_.Exit(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    int now() const { return now_; }

   private:
    ConcurrencyGauge& gauge_;
    int now_;
  };

 private:
  std::atomic<int> running_{0};
  std::atomic<int> max_{0};
};

}  // namespace doharness::engine_testing

#endif  // DOHARNESS_ENGINE_TESTING_ENGINE_TEST_UTIL_H_
