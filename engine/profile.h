// Profiles: the codes and limits that differ between Delivery Optimization ("do",
// the default) and BITS ("bits"). Each field names the fact of docs/contract.md it holds.
#ifndef DOHARNESS_ENGINE_PROFILE_H_
#define DOHARNESS_ENGINE_PROFILE_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "deliveryoptimization.h"
#include "engine/virtual_clock.h"

namespace doharness {

enum class ProfileKind { kDo, kBits };

struct Profile {
  ProfileKind kind;
  std::string_view name;  // "do" or "bits"

  // Section 5 and 6: the codes each profile answers with.
  HRESULT invalid_state;             // BG_E_INVALID_STATE / DO_E_INVALID_STATE
  HRESULT empty;                     // Resume without files: BG_E_EMPTY / DO_E_JOB_EMPTY
  HRESULT error_info_unavailable;    // GetError without an error
  HRESULT file_not_available;        // IBackgroundCopyError::GetFile without a file
  HRESULT not_found;                 // GetJob of an unknown id: BG_E_NOT_FOUND / DO_E_JOB_NOT_FOUND
  HRESULT no_progress;               // the error after a stall: BG_E_NO_PROGRESS / DO_E_DOWNLOAD_NO_PROGRESS

  // Section 2: bits outside this mask get E_NOTIMPL. 0x1F; 0x3F for BITS 10.1+.
  ULONG valid_flag_mask;
  // Section 2: BG_NOTIFY_DISABLE silences every notification (DO: a choice, default on).
  bool disable_suppresses;

  // Section 5: BITS passes through QUEUED and CONNECTING; DO resumes to TRANSFERRING
  // and has no CONNECTING.
  bool has_connecting_state;
  // Section 5: in DO the methods it does not document return E_NOTIMPL.
  bool documented_methods_only;
  // Section 5: the newest IBackgroundCopyJob<N> a job answers QueryInterface for, and
  // the newest IBackgroundCopyFile<N> a file does (1: the base interface only). BITS
  // has Job2/Job3 and File2/File3; DO documents File2 and none of the later job ones.
  int newest_job_interface;
  int newest_file_interface;

  // Section 5: the no-progress timeout after which TRANSIENT_ERROR becomes ERROR.
  Duration no_progress_timeout_high;    // FOREGROUND and HIGH priority
  Duration no_progress_timeout_normal;  // NORMAL and LOW
  // Section 4: a job never completed or cancelled is cancelled after this.
  Duration job_lifetime;
  // Section 5: CreateJob limits (0: none).
  size_t max_jobs_per_user;
  size_t max_jobs_per_machine;

  static Profile Do();
  static Profile Bits();
  // "do" or "bits"; anything else: nullopt.
  static std::optional<Profile> ByName(std::string_view name);
};

}  // namespace doharness

#endif  // DOHARNESS_ENGINE_PROFILE_H_
