// Scenario: a callback bug's reproduction as data. What fixtures/*.scenario files say
// (parse.h reads them, print.h writes them), what `doharness replay` runs (run.h), what
// `doharness record` and `doharness explore` produce. fixtures/README.md is the
// language's manual; this header is its model, one struct a statement kind.
//
//   profile do                                   # EngineSettings
//   seed 7
//   job J1 "update"                              # JobDecl
//   file J1 http://example/a /tmp/a size=1MiB rate=1MiB/s
//   callback C under_test                        # CallbackDecl
//   callback S scripted callback2
//   on S JobTransferred: Complete; return S_OK   # Behaviour
//   fault J1 http file=0 at=64KiB status=404     # FaultDecl
//   at 0s J1 SetNotifyFlags 0x0B                 # TimedAction
//   at 0s J1 SetNotifyInterface C
//   at 0s J1 Resume
//   at 10s expect state J1 TRANSFERRING          # Expectation with a time
//   end after 1h                                 # how long the final run may take
//   expect calls C J1 order JobModification JobTransferred=S_OK
//   expect state J1 ACKNOWLEDGED
//   expect rule ret.transferred_ok
//
// Every element keeps the position of its statement, so that a failed expectation and a
// bad value in a statement are reported as file:line:col.
#ifndef DOHARNESS_SCENARIO_SCENARIO_H_
#define DOHARNESS_SCENARIO_SCENARIO_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/notification_method.h"
#include "deliveryoptimization.h"
#include "engine/engine_options.h"
#include "engine/fault.h"
#include "engine/virtual_clock.h"

namespace doharness::scenario {

// Where a statement (or one of its words) starts: 1-based line and column.
struct SourcePos {
  int line = 0;
  int col = 0;
};

// `profile`, `seed` and `engine key=value ...`: the FakeEngine's options. Always
// deterministic dispatch: a scenario replays to the same bytes. Several jobs still run
// "on up to four threads" in the sense that counts: the seed chooses how their
// notifications interleave, within concurrency_limit.
struct EngineSettings {
  std::string profile = "do";  // "do" | "bits"
  uint64_t seed = 1;
  ModificationOrder modification_order = ModificationOrder::kRaiseOrder;  // modification_order=raise|seeded
  int reentrant_modification_depth = 0;                                   // reentrant_depth=N
  bool coalesce_modifications = false;                                    // coalesce=on|off
  Duration retry_delay = std::chrono::seconds(5);                         // retry_delay=5s
  uint64_t chunk_bytes = 64 * 1024;                                       // chunk=64KiB
  int concurrency_limit = 4;                                              // concurrency=4 (1..4)
  SourcePos pos;
};

// `file JOB URL LOCAL [size=N] [rate=N/s]`
struct FileDecl {
  std::string job;
  std::string remote_url;
  std::string local_name;
  uint64_t size = 256 * 1024;
  uint64_t bytes_per_second = 1024 * 1024;
  SourcePos pos;
};

// `job NAME "display name"`: created in file order, before any time passes. Job names
// are the scenario's (J1, update, ...); the trace numbers jobs in creation order.
struct JobDecl {
  std::string name;
  std::string display_name;
  std::vector<FileDecl> files;
  SourcePos pos;
};

// A method of IBackgroundCopyJob that a client action or a scripted callback calls.
struct JobCall {
  enum class Method {
    kResume,
    kSuspend,
    kCancel,
    kComplete,
    kSetNotifyFlags,      // flags
    kSetNotifyInterface,  // callback ("" = NULL)
    kAddFile,             // file
    kGetState,
    kGetProgress,
    kGetError,            // the IBackgroundCopyError it returns is released at once
  };
  Method method = Method::kResume;
  ULONG flags = 0;
  std::string callback;
  FileDecl file;
};

// One thing a scripted callback does inside a notification, in order.
//   Complete | Cancel | Resume | ... (a JobCall on pJob, or on `job NAME`'s job)
//   AddRef pJob | Release pJob | AddRef self | Release self
struct Step {
  enum class Kind { kCallJob, kAddRefJob, kReleaseJob, kAddRefSelf, kReleaseSelf };
  Kind kind = Kind::kCallJob;
  JobCall call;          // kCallJob
  std::string on_job;    // "" = pJob of the notification; else a job's name
  SourcePos pos;
};

// `on CALLBACK METHOD[#N]: step; step; return HRESULT`: what a scripted callback does
// in METHOD. With #N only on the Nth call (1-based) of that method on that callback;
// without, on every call no #N line claims. A method with no line returns S_OK and
// does nothing.
struct Behaviour {
  std::string callback;
  NotificationMethod method = NotificationMethod::kJobTransferred;
  int nth = 0;  // 0: every call
  std::vector<Step> steps;
  HRESULT result = S_OK;
  SourcePos pos;
};

// `callback NAME under_test` | `callback NAME scripted [callback2]`. under_test is the
// callback being reproduced: the plugin of `--callback`, or the reference callback. At
// most one under_test callback; several scripted ones.
struct CallbackDecl {
  enum class Kind { kScripted, kUnderTest };
  std::string name;
  Kind kind = Kind::kScripted;
  bool callback2 = false;  // scripted: also answers IBackgroundCopyCallback2
  SourcePos pos;
};

// `fault JOB KIND key=value ...`:
//   fatal     file=I at=BYTES code=HRESULT [context=CONTEXT]
//   http      file=I at=BYTES status=404
//   job_error code=HRESULT [context=CONTEXT]
//   transient file=I at=BYTES code=HRESULT for=DURATION
//   stall     file=I at=BYTES for=DURATION
//   complete_fails code=HRESULT [times=N]
//   cancel_fails   code=HRESULT [times=N]
struct FaultDecl {
  std::string job;
  Fault fault;
  SourcePos pos;
};

// `expect ...`: checked after the run (or at `at` time). Kinds:
//   calls CALLBACK JOB order M[=HR] ...   the named calls appear in this order (others may come between)
//   calls CALLBACK JOB exactly M[=HR] ... the callback's calls for the job are exactly these
//   calls CALLBACK JOB set M[=HR] ...     the same calls, in any order
//   count CALLBACK JOB M OP N             OP: == != < <= > >=
//   state JOB STATE
//   refs CALLBACK N                       the callback's own reference count at the end
//                                          (as its AddRef/Release report it), engine released
//   rule RULE_ID                          the rule holds on this run (judged as the conformance
//                                          suite's observations judge it)
//   survives                              no crash, abort, exception or hang in any callback
// JOB may be `*` (every job) and CALLBACK `*` (every callback) in calls/count.
struct CallPattern {
  NotificationMethod method = NotificationMethod::kJobTransferred;
  std::optional<HRESULT> result;  // =HR: the call returned this
};

struct Expectation {
  enum class Kind { kCallsOrder, kCallsExactly, kCallsSet, kCount, kState, kRefs, kRule, kSurvives };
  enum class Op { kEq, kNe, kLt, kLe, kGt, kGe };
  Kind kind = Kind::kState;
  std::string callback;                // calls, count, refs
  std::string job;                     // calls, count, state
  std::vector<CallPattern> calls;      // calls
  NotificationMethod method = NotificationMethod::kJobTransferred;  // count
  Op op = Op::kEq;                     // count
  int64_t number = 0;                  // count, refs
  BG_JOB_STATE state = BG_JOB_STATE_QUEUED;  // state
  std::string rule;                    // rule
  SourcePos pos;
};

// `at TIME JOB CALL ...` (a client action) or `at TIME expect ...` (a check at that
// time). TIME is virtual time from the start: 0s, 150ms, 10s, 2m, 1h, 3d. The `at` lines
// of a file never go back in time.
struct TimedAction {
  Duration at{0};
  std::string job;           // action
  JobCall call;              // action
  std::optional<Expectation> expect;  // a timed check instead of an action
  SourcePos pos;
};

struct Scenario {
  std::string path;  // the file it came from, for messages ("" when built in code)
  EngineSettings engine;
  std::vector<CallbackDecl> callbacks;
  std::vector<JobDecl> jobs;              // with their files
  std::vector<Behaviour> behaviours;
  std::vector<FaultDecl> faults;
  std::vector<TimedAction> timeline;      // in time order
  Duration end_after = std::chrono::hours(24 * 7);  // `end after DURATION`: the final run's limit
  std::vector<Expectation> expectations;  // checked after the final run
};

// Sizes in scenarios' units, and every bit SetNotifyFlags takes (BG_NOTIFY_*, with
// DISABLE): what the generator and the shrinker choose among.
inline constexpr uint64_t kKiB = 1024;
inline constexpr uint64_t kMiB = 1024 * 1024;
inline constexpr ULONG kEveryNotifyFlag = 0x1F;

// Puts the timeline back in time order after a change, actions at the same time in
// the order they were (the order a file writes them).
inline void SortTimeline(Scenario* s) {
  std::stable_sort(s->timeline.begin(), s->timeline.end(),
                   [](const TimedAction& a, const TimedAction& b) { return a.at < b.at; });
}

}  // namespace doharness::scenario

#endif  // DOHARNESS_SCENARIO_SCENARIO_H_
