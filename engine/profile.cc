#include "engine/profile.h"

#include <chrono>

namespace doharness {

using std::chrono::hours;
using std::chrono::seconds;

Profile Profile::Do() {
  Profile p;
  p.kind = ProfileKind::kDo;
  p.name = "do";
  p.invalid_state = DO_E_INVALID_STATE;
  p.empty = DO_E_JOB_EMPTY;
  p.error_info_unavailable = DO_E_ERROR_INFORMATION_UNAVAILABLE;
  p.file_not_available = DO_E_FILE_NOT_AVAILABLE;
  p.not_found = DO_E_JOB_NOT_FOUND;
  p.no_progress = DO_E_DOWNLOAD_NO_PROGRESS;
  p.valid_flag_mask = 0x1F;
  p.disable_suppresses = true;
  p.has_connecting_state = false;
  p.documented_methods_only = true;
  p.newest_job_interface = 1;
  p.newest_file_interface = 2;
  p.no_progress_timeout_high = seconds(3600);
  p.no_progress_timeout_normal = seconds(86400);
  p.job_lifetime = hours(24 * 30);
  p.max_jobs_per_user = 0;
  p.max_jobs_per_machine = 0;
  return p;
}

Profile Profile::Bits() {
  Profile p;
  p.kind = ProfileKind::kBits;
  p.name = "bits";
  p.invalid_state = BG_E_INVALID_STATE;
  p.empty = BG_E_EMPTY;
  p.error_info_unavailable = BG_E_ERROR_INFORMATION_UNAVAILABLE;
  p.file_not_available = BG_E_FILE_NOT_AVAILABLE;
  p.not_found = BG_E_NOT_FOUND;
  p.no_progress = BG_E_NO_PROGRESS;
  p.valid_flag_mask = 0x1F;
  p.disable_suppresses = true;
  p.has_connecting_state = true;
  p.documented_methods_only = false;
  p.newest_job_interface = 3;
  p.newest_file_interface = 3;
  // BITS documents one no-progress default for every priority: 14 days.
  p.no_progress_timeout_high = seconds(14 * 86400);
  p.no_progress_timeout_normal = seconds(14 * 86400);
  p.job_lifetime = hours(24 * 90);
  p.max_jobs_per_user = 60;
  p.max_jobs_per_machine = 300;
  return p;
}

std::optional<Profile> Profile::ByName(std::string_view name) {
  if (name == "do") return Do();
  if (name == "bits") return Bits();
  return std::nullopt;
}

}  // namespace doharness
