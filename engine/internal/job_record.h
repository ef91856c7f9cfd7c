// The engine's own record of a job: its state, files, faults, notify settings and
// what it still owes the registered callback. Guarded by EngineCore's mutex.
#ifndef DOHARNESS_ENGINE_INTERNAL_JOB_RECORD_H_
#define DOHARNESS_ENGINE_INTERNAL_JOB_RECORD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/notification_method.h"
#include "deliveryoptimization.h"
#include "engine/fault.h"
#include "engine/internal/fifo.h"
#include "engine/virtual_clock.h"

namespace doharness::internal {

// The longest display name a job takes, in characters (docs/contract.md section 5):
// CreateJob and SetDisplayName refuse longer ones.
inline constexpr size_t kMaxDisplayName = 256;

class EngineCore;
class FileObject;
class ErrorObject;
class JobObject;

// The engine's reference on a registered callback, shared by the job and any call
// that pinned it, so that the Release of the registration happens outside the lock.
class Registration {
 public:
  Registration(EngineCore* core, uint32_t job, IBackgroundCopyCallback* callback, bool v2);
  ~Registration();  // Releases the callback (and traces it)
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

  IBackgroundCopyCallback* callback() const { return callback_; }
  bool v2() const { return v2_; }

 private:
  EngineCore* core_;
  uint32_t job_;
  IBackgroundCopyCallback* callback_;  // one reference owned
  bool v2_;                            // answers IBackgroundCopyCallback2
};

// A FileTransferred waiting for delivery.
struct QueuedFile {
  uint32_t file;    // index of the file
  uint64_t seq;     // engine-wide raise order
  VirtualTime due;  // not before (redelivery delay)
};

struct FileRecord {
  std::string remote_url;  // UTF-8: a job holds several, and memory per job is a goal
  std::string local_name;
  uint64_t size = 0;
  uint64_t bytes_per_second = 0;
  uint64_t transferred = 0;
  bool size_known = false;  // BytesTotal is BG_SIZE_UNKNOWN until the transfer starts
  bool completed = false;
  std::vector<BG_FILE_RANGE> ranges;  // AddFileWithRanges; empty: the whole file
  BOOL validated = FALSE;             // IBackgroundCopyFile3::SetValidationState
  FileObject* object = nullptr;  // canonical COM object, created on first use; engine-held
};

struct ScriptedFault {
  Fault fault;
  bool fired = false;
};

struct JobRecord {
  uint32_t number = 0;  // 1-based, creation order
  GUID id{};
  std::string display_name;
  std::string description;
  std::wstring owner;
  BG_JOB_STATE state = BG_JOB_STATE_SUSPENDED;
  BG_JOB_PRIORITY priority = BG_JOB_PRIORITY_NORMAL;
  BG_JOB_PROXY_USAGE proxy_usage = BG_JOB_PROXY_USAGE_PRECONFIG;
  ULONG notify_flags = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;  // WIN: 0x03
  // IBackgroundCopyJob2 and 3: stored and read back, never acted on.
  std::string notify_program;
  std::string notify_parameters;
  std::vector<std::pair<BG_AUTH_TARGET, BG_AUTH_SCHEME>> credentials;
  DWORD file_acl_flags = 0;
  Duration no_progress_timeout{0};
  Duration minimum_retry_delay{0};
  bool no_progress_timeout_set = false;  // else the profile's default for the priority
  VirtualTime created{0};
  VirtualTime modified{0};
  VirtualTime transfer_completed{0};
  bool in_queue = true;  // false once final: drops out of enumeration and GetJob

  std::vector<FileRecord> files;
  // Kept as files change, so that a transfer step and GetProgress cost the same for a
  // job of 16k files as for one of 4.
  size_t next_file = 0;            // the first file not completed: the one transferring
  size_t files_transferred = 0;    // completed files
  uint64_t bytes_total = 0;        // of every file
  uint64_t bytes_transferred = 0;  // of every file
  size_t files_size_unknown = 0;   // not started yet: BytesTotal is BG_SIZE_UNKNOWN
  std::vector<ScriptedFault> faults;

  // The error of the ERROR / TRANSIENT_ERROR state.
  HRESULT error_code = S_OK;
  BG_ERROR_CONTEXT error_context = BG_ERROR_CONTEXT_NONE;
  int error_file = Fault::kNoFile;
  ULONG error_count = 0;
  ErrorObject* error_object = nullptr;  // engine-held while in ERROR/TRANSIENT_ERROR

  // Transfer model. Timers carry `timer_generation`; a change that voids them bumps it.
  uint32_t timer_generation = 0;
  VirtualTime transient_until{0};
  VirtualTime stalled_until{0};
  bool stalled = false;
  VirtualTime no_progress_since{0};

  // Notifications. `state_epoch` counts state changes: a JobTransferred/JobError
  // result only counts for the state entry it was delivered for.
  uint64_t state_epoch = 0;
  std::shared_ptr<Registration> registration;
  // Bit (1 << NotificationMethod) set: that method may be delivered now (registration,
  // flags, BG_NOTIFY_DISABLE, IBackgroundCopyCallback2). EngineCore::RefreshDeliverable
  // keeps it in step with the registration and the flags.
  uint8_t deliverable = 0;
  IBackgroundCopyCallback* callback = nullptr;  // the registration's, kept in step with it
  // What waits for delivery, each kind in raise order (engine-wide `seq`). Both are
  // filtered as a whole when the flags or the registration change, and delivered
  // from the front: a delivery costs the same with 30k waiting as with one.
  Fifo<uint64_t> modifications;   // the seq of each JobModification
  Fifo<QueuedFile> files_owed;    // FileTransferred, serialized: only the front goes
  bool terminal_owed = false;             // JobTransferred (TRANSFERRED) or JobError (ERROR)
  uint64_t terminal_seq = 0;
  VirtualTime terminal_due{0};
  uint32_t terminal_failures = 0;  // failed deliveries of the owed terminal notification
  bool high_lane_busy = false;     // a JobTransferred/JobError/FileTransferred call in flight
  bool low_lane_busy = false;      // a JobModification call in flight
  int calls_in_flight = 0;
  bool in_ready_list = false;

  int complete_failures_left = 0;
  HRESULT complete_failure_code = S_OK;
  int cancel_failures_left = 0;
  HRESULT cancel_failure_code = S_OK;
  // Fault::kGetterFails, one a method (a later fault on the same method replaces it).
  struct GetterFailure {
    std::string method;
    HRESULT code;
    int left;
  };
  std::vector<GetterFailure> getter_failures;

  JobObject* object = nullptr;  // canonical COM object; engine-held while in the queue

  void DropQueued() {
    modifications.clear();
    files_owed.clear();
  }
  bool IsFinal() const {
    return state == BG_JOB_STATE_ACKNOWLEDGED || state == BG_JOB_STATE_CANCELLED;
  }
};

}  // namespace doharness::internal

#endif  // DOHARNESS_ENGINE_INTERNAL_JOB_RECORD_H_
