// EngineCore: the manager's methods (CreateJob, GetJob, EnumJobs, GetErrorDescription)
// and the methods of the file and error objects a job hands out.
#include <algorithm>
#include <cstring>

#include "api/names.h"
#include "api/wide_string.h"
#include "engine/internal/com_objects.h"
#include "engine/internal/engine_core.h"
#include "engine/internal/out_params.h"

namespace doharness::internal {
namespace {

// splitmix64: job ids from the seed, so the same seed gives the same GUIDs.
uint64_t Mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A job's GUID: random-looking, the same for the same seed and job, and with the job's
// number in its last four bytes (masked by the seed), so that GetJob finds the job
// without a map from a million GUIDs to numbers.
uint32_t NumberMask(uint64_t seed) { return static_cast<uint32_t>(Mix(~seed)); }

GUID JobGuid(uint64_t seed, uint32_t number) {
  uint64_t a = Mix(seed * 1000003 + number), b = Mix(a);
  GUID g;
  g.Data1 = static_cast<uint32_t>(a >> 32);
  g.Data2 = static_cast<uint16_t>(a >> 16);
  g.Data3 = static_cast<uint16_t>((a & 0x0FFF) | 0x4000);  // version 4
  for (int i = 0; i < 4; ++i) g.Data4[i] = static_cast<uint8_t>(b >> (8 * i));
  g.Data4[0] = static_cast<uint8_t>((g.Data4[0] & 0x3F) | 0x80);  // RFC 4122 variant
  const uint32_t tag = number ^ NumberMask(seed);
  for (int i = 0; i < 4; ++i) g.Data4[4 + i] = static_cast<uint8_t>(tag >> (8 * i));
  return g;
}

// The number JobGuid put in `id`; any value for a GUID it did not make.
uint32_t NumberInGuid(uint64_t seed, const GUID& id) {
  uint32_t tag = 0;
  for (int i = 0; i < 4; ++i) tag |= uint32_t{id.Data4[4 + i]} << (8 * i);
  return tag ^ NumberMask(seed);
}

}  // namespace

// ---- Manager ----------------------------------------------------------------------
HRESULT EngineCore::CreateJob(LPCWSTR name, BG_JOB_TYPE type, GUID* id, IBackgroundCopyJob** out) {
  Lock lock(mu_);
  HRESULT hr = S_OK;
  uint32_t number = 0;
  if (shut_down_) {
    hr = E_UNEXPECTED;
  } else if (!ValidString(name, kMaxDisplayName) || id == nullptr || out == nullptr) {
    hr = E_INVALIDARG;
  } else if (type != BG_JOB_TYPE_DOWNLOAD) {
    // DO has only download jobs; the fake models no uploads in either profile.
    hr = (type == BG_JOB_TYPE_UPLOAD || type == BG_JOB_TYPE_UPLOAD_REPLY) &&
                 !profile().documented_methods_only
             ? E_NOTIMPL
             : E_INVALIDARG;
  } else {
    if (profile().max_jobs_per_user &&
        queued_jobs_by_owner_[options_.user] >= profile().max_jobs_per_user) {
      hr = BG_E_TOO_MANY_JOBS_PER_USER;
    } else if (profile().max_jobs_per_machine && queued_jobs_ >= profile().max_jobs_per_machine) {
      hr = BG_E_TOO_MANY_JOBS_PER_MACHINE;
    }
  }
  if (SUCCEEDED(hr)) {
    auto job = std::make_unique<JobRecord>();
    number = static_cast<uint32_t>(jobs_.size() + 1);
    job->number = number;
    job->id = JobGuid(options_.seed, number);
    job->display_name = WideToUtf8(name);
    job->owner = options_.user;
    job->created = job->modified = Now();
    job->minimum_retry_delay = options_.minimum_retry_delay;
    job->object = new JobObject(shared_from_this(), number);
    job->object->EngineHold();
    job->object->AddRef();
    *id = job->id;
    *out = job->object;
    ++queued_jobs_;
    ++queued_jobs_by_owner_[job->owner];
    jobs_in_queue_.push_back(job->number);
    jobs_.push_back(std::move(job));
    expiries_.push_back({Now() + profile().job_lifetime, number});
  } else if (out) {
    *out = nullptr;
  }
  if (tracing()) {
    TraceEvent(number, TraceEvent::Kind::kClient, "CreateJob",
               {{"name", name ? WideToUtf8(name) : "(null)"}}, HresultName(hr));
  }
  return hr;
}

HRESULT EngineCore::GetJob(REFGUID id, IBackgroundCopyJob** out) {
  Lock lock(mu_);
  if (shut_down_) return E_UNEXPECTED;
  if (out == nullptr) return E_INVALIDARG;
  *out = nullptr;
  JobRecord* found = FindJob(NumberInGuid(options_.seed, id));
  if (found == nullptr || !IsEqualGUID(found->id, id) || !found->in_queue) return profile().not_found;
  JobRecord& job = *found;
  if (job.owner != options_.user && !options_.user_is_admin) return E_ACCESSDENIED;
  job.object->AddRef();
  *out = job.object;
  return S_OK;
}

HRESULT EngineCore::EnumJobs(DWORD flags, IEnumBackgroundCopyJobs** out) {
  Lock lock(mu_);
  if (shut_down_) return E_UNEXPECTED;
  if (out == nullptr || (flags & ~BG_JOB_ENUM_ALL_USERS)) return E_INVALIDARG;
  if ((flags & BG_JOB_ENUM_ALL_USERS) && !options_.user_is_admin) return E_ACCESSDENIED;
  // Final jobs drop out of enumeration, and out of the list here once and for all, so
  // that a call costs the jobs in the queue, not every job ever created.
  jobs_in_queue_.erase(std::remove_if(jobs_in_queue_.begin(), jobs_in_queue_.end(),
                                      [&](uint32_t number) { return !Job(number).in_queue; }),
                       jobs_in_queue_.end());
  std::vector<ComPtr<IBackgroundCopyJob>> items;
  for (uint32_t number : jobs_in_queue_) {
    const JobRecord& job = Job(number);
    if (!(flags & BG_JOB_ENUM_ALL_USERS) && job.owner != options_.user) continue;
    items.emplace_back(job.object);
  }
  auto* e = new JobEnumerator(std::move(items), /*can_clone=*/true);
  e->AddRef();
  *out = e;
  return S_OK;
}

HRESULT EngineCore::GetErrorDescription(HRESULT hr, LPWSTR* description) {
  if (description == nullptr) return E_INVALIDARG;
  *description = CoTaskMemWideString(Utf8ToWide(HresultName(hr)));
  return *description ? S_OK : E_OUTOFMEMORY;
}

// ---- File and error objects ---------------------------------------------------------
FileObject* EngineCore::FileObjectFor(JobRecord& job, uint32_t file) {
  FileRecord& f = job.files[file];
  if (f.object == nullptr) {
    f.object = new FileObject(shared_from_this(), job.number, file);
    f.object->EngineHold();
  }
  return f.object;
}

HRESULT EngineCore::FileGetRemoteName(uint32_t job, uint32_t file, LPWSTR* name) {
  NullOuts(name);
  return JobCall(job, "File.GetRemoteName", Availability::kEveryProfile,
                 [&](JobRecord& j, TraceArgs&) { return CopyOut(j.files[file].remote_url, name); });
}

HRESULT EngineCore::FileGetLocalName(uint32_t job, uint32_t file, LPWSTR* name) {
  NullOuts(name);
  return JobCall(job, "File.GetLocalName", Availability::kEveryProfile,
                 [&](JobRecord& j, TraceArgs&) { return CopyOut(j.files[file].local_name, name); });
}

HRESULT EngineCore::FileGetProgress(uint32_t job, uint32_t file, BG_FILE_PROGRESS* progress) {
  return JobCall(job, "File.GetProgress", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (progress == nullptr) return E_INVALIDARG;
    const FileRecord& f = j.files[file];
    progress->BytesTotal = f.size_known ? f.size : BG_SIZE_UNKNOWN;
    progress->BytesTransferred = f.transferred;
    progress->Completed = f.completed ? TRUE : FALSE;
    return S_OK;
  });
}

HRESULT EngineCore::ErrorGetFile(uint32_t job, int file, IBackgroundCopyFile** out) {
  NullOuts(out);
  return JobCall(job, "Error.GetFile", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (out == nullptr) return E_INVALIDARG;
    if (file == Fault::kNoFile) return profile().file_not_available;
    FileObject* f = FileObjectFor(j, static_cast<uint32_t>(file));
    f->AddRef();
    *out = f;
    return S_OK;
  });
}

}  // namespace doharness::internal
