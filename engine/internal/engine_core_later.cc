// EngineCore: the methods of the later interfaces, IBackgroundCopyJob2/3 and
// IBackgroundCopyFile2/3 (docs/contract.md section 5). Which profile answers which
// interface is Profile::newest_job_interface / newest_file_interface; the do profile
// answers IBackgroundCopyFile2 only, so its methods are available there too.
#include <algorithm>
#include <cstdio>

#include "engine/internal/com_objects.h"
#include "engine/internal/engine_core.h"
#include "engine/internal/out_params.h"

namespace doharness::internal {
namespace {

constexpr size_t kMaxUrl = 2200;                // BITS-doc: INTERNET_MAX_URL_LENGTH
constexpr size_t kMaxNotifyProgram = 260;       // BITS-doc SetNotifyCmdLine: MAX_PATH
constexpr size_t kMaxNotifyParameters = 4000;   // BITS-doc SetNotifyCmdLine
constexpr DWORD kMaxRangesInFile = 500;         // BITS-doc AddFileWithRanges

bool ValidAuthTarget(BG_AUTH_TARGET t) { return t == BG_AUTH_TARGET_SERVER || t == BG_AUTH_TARGET_PROXY; }
bool ValidAuthScheme(BG_AUTH_SCHEME s) { return s >= BG_AUTH_SCHEME_BASIC && s <= BG_AUTH_SCHEME_PASSPORT; }

// The bytes a file with `ranges` transfers out of a file of `size` bytes.
uint64_t RangedSize(const std::vector<BG_FILE_RANGE>& ranges, uint64_t size) {
  uint64_t total = 0;
  for (const BG_FILE_RANGE& r : ranges) {
    if (r.InitialOffset >= size) continue;
    total += std::min<uint64_t>(r.Length, size - r.InitialOffset);
  }
  return total;
}

// The ranges sorted, or the code AddFileWithRanges answers for them.
HRESULT CheckRanges(DWORD count, const BG_FILE_RANGE* ranges, std::vector<BG_FILE_RANGE>* sorted) {
  if (count == 0 || ranges == nullptr) return E_INVALIDARG;
  if (count > kMaxRangesInFile) return BG_E_TOO_MANY_RANGES_IN_FILE;
  sorted->assign(ranges, ranges + count);
  for (const BG_FILE_RANGE& r : *sorted) {
    if (r.Length == 0 || r.InitialOffset == BG_LENGTH_TO_EOF) return BG_E_INVALID_RANGE;
  }
  std::sort(sorted->begin(), sorted->end(), [](const BG_FILE_RANGE& a, const BG_FILE_RANGE& b) {
    return a.InitialOffset < b.InitialOffset;
  });
  for (size_t i = 1; i < sorted->size(); ++i) {
    const BG_FILE_RANGE& prev = (*sorted)[i - 1];
    const bool to_eof = prev.Length == BG_LENGTH_TO_EOF;
    if (to_eof || prev.Length > (*sorted)[i].InitialOffset - prev.InitialOffset) return BG_E_OVERLAPPING_RANGES;
  }
  return S_OK;
}

// The documentation leaves the name of the file BITS downloads into unspecified; the
// fake's choice is BIT<4 hex digits>.tmp in the local file's folder.
std::string TemporaryName(const std::string& local, uint32_t job, uint32_t file) {
  const size_t slash = local.find_last_of("\\/");
  char name[16];
  std::snprintf(name, sizeof name, "BIT%04X.tmp", (job * 16 + file) & 0xFFFFu);
  return (slash == std::string::npos ? std::string() : local.substr(0, slash + 1)) + name;
}

}  // namespace

// ---- IBackgroundCopyJob2 ----------------------------------------------------------
HRESULT EngineCore::SetNotifyCmdLine(uint32_t job, LPCWSTR program, LPCWSTR parameters) {
  return JobCall(job, "SetNotifyCmdLine", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) -> HRESULT {
    if (j.IsFinal()) return profile().invalid_state;
    if (program != nullptr && !ValidString(program, kMaxNotifyProgram)) return BG_E_STRING_TOO_LONG;
    if (parameters != nullptr && !ValidString(parameters, kMaxNotifyParameters)) return BG_E_STRING_TOO_LONG;
    // A NULL program removes the command line, its parameters with it.
    j.notify_program = program != nullptr ? WideToUtf8(program) : std::string();
    j.notify_parameters = program != nullptr && parameters != nullptr ? WideToUtf8(parameters) : std::string();
    return S_OK;
  });
}

HRESULT EngineCore::GetNotifyCmdLine(uint32_t job, LPWSTR* program, LPWSTR* parameters) {
  NullOuts(program, parameters);
  return JobCall(job, "GetNotifyCmdLine", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (program == nullptr || parameters == nullptr) return E_INVALIDARG;
    HRESULT hr = CopyOut(j.notify_program, program);
    if (SUCCEEDED(hr)) hr = CopyOut(j.notify_parameters, parameters);
    if (FAILED(hr)) {
      CoTaskMemFree(std::exchange(*program, nullptr));
    }
    return hr;
  });
}

// Reply methods belong to upload-reply jobs; every job of the fake is a download job.
HRESULT EngineCore::GetReplyProgress(uint32_t job, BG_JOB_REPLY_PROGRESS* progress) {
  return JobCall(job, "GetReplyProgress", Availability::kBitsOnly,
                 [&](JobRecord&, TraceArgs&) { return progress == nullptr ? E_INVALIDARG : E_NOTIMPL; });
}

HRESULT EngineCore::GetReplyData(uint32_t job, byte** buffer, UINT64* length) {
  NullOuts(buffer);
  if (length != nullptr) *length = 0;
  return JobCall(job, "GetReplyData", Availability::kBitsOnly, [&](JobRecord&, TraceArgs&) {
    return buffer == nullptr || length == nullptr ? E_INVALIDARG : E_NOTIMPL;
  });
}

HRESULT EngineCore::SetReplyFileName(uint32_t job, LPCWSTR) {
  return JobCall(job, "SetReplyFileName", Availability::kBitsOnly, [&](JobRecord&, TraceArgs&) { return E_NOTIMPL; });
}

HRESULT EngineCore::GetReplyFileName(uint32_t job, LPWSTR* name) {
  NullOuts(name);
  return JobCall(job, "GetReplyFileName", Availability::kBitsOnly,
                 [&](JobRecord&, TraceArgs&) { return name == nullptr ? E_INVALIDARG : E_NOTIMPL; });
}

HRESULT EngineCore::SetCredentials(uint32_t job, BG_AUTH_CREDENTIALS* credentials) {
  return JobCall(job, "SetCredentials", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) -> HRESULT {
    if (credentials == nullptr) return E_INVALIDARG;
    if (!ValidAuthTarget(credentials->Target)) return BG_E_INVALID_AUTH_TARGET;
    if (!ValidAuthScheme(credentials->Scheme)) return BG_E_INVALID_AUTH_SCHEME;
    const BG_BASIC_CREDENTIALS& basic = credentials->Credentials.Basic;
    const bool needs_user = credentials->Scheme == BG_AUTH_SCHEME_BASIC || credentials->Scheme == BG_AUTH_SCHEME_DIGEST;
    if (needs_user && (basic.UserName == nullptr || basic.Password == nullptr)) return E_INVALIDARG;
    if (j.IsFinal()) return profile().invalid_state;
    const std::pair<BG_AUTH_TARGET, BG_AUTH_SCHEME> key{credentials->Target, credentials->Scheme};
    if (std::find(j.credentials.begin(), j.credentials.end(), key) == j.credentials.end()) {
      j.credentials.push_back(key);  // the secrets themselves are not kept
    }
    return S_OK;
  });
}

HRESULT EngineCore::RemoveCredentials(uint32_t job, BG_AUTH_TARGET target, BG_AUTH_SCHEME scheme) {
  return JobCall(job, "RemoveCredentials", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) -> HRESULT {
    if (!ValidAuthTarget(target)) return BG_E_INVALID_AUTH_TARGET;
    if (!ValidAuthScheme(scheme)) return BG_E_INVALID_AUTH_SCHEME;
    if (j.IsFinal()) return profile().invalid_state;
    auto found = std::find(j.credentials.begin(), j.credentials.end(), std::make_pair(target, scheme));
    if (found == j.credentials.end()) return S_FALSE;
    j.credentials.erase(found);
    return S_OK;
  });
}

// ---- IBackgroundCopyJob3 ----------------------------------------------------------
HRESULT EngineCore::ReplaceRemotePrefix(uint32_t job, LPCWSTR old_prefix, LPCWSTR new_prefix) {
  return JobCall(job, "ReplaceRemotePrefix", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs& args) {
    if (!ValidString(old_prefix, kMaxUrl) || *old_prefix == 0 || !ValidString(new_prefix, kMaxUrl) ||
        *new_prefix == 0) {
      return E_INVALIDARG;
    }
    if (j.IsFinal()) return profile().invalid_state;
    const std::string from = WideToUtf8(old_prefix), to = WideToUtf8(new_prefix);
    args.Set("old", [&] { return from; });
    args.Set("new", [&] { return to; });
    std::vector<FileRecord*> matched;  // all checked before any is changed
    for (FileRecord& f : j.files) {
      if (f.remote_url.compare(0, from.size(), from) != 0) continue;
      if (Utf8ToWide(f.remote_url).size() - std::wcslen(old_prefix) + std::wcslen(new_prefix) > kMaxUrl) {
        return E_INVALIDARG;
      }
      matched.push_back(&f);
    }
    if (matched.empty()) return S_FALSE;
    for (FileRecord* f : matched) f->remote_url = to + f->remote_url.substr(from.size());
    RaiseModification(j);
    return S_OK;
  });
}

HRESULT EngineCore::AddFileWithRanges(uint32_t job, LPCWSTR remote, LPCWSTR local, DWORD count,
                                      BG_FILE_RANGE ranges[]) {
  return JobCall(job, "AddFileWithRanges", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs& args) {
    if (remote == nullptr || local == nullptr || *remote == 0 || *local == 0) return E_INVALIDARG;
    args.Set("remote", [&] { return WideToUtf8(remote); });
    args.Set("ranges", [&] { return count; });
    std::vector<BG_FILE_RANGE> sorted;
    if (const HRESULT hr = CheckRanges(count, ranges, &sorted); FAILED(hr)) return hr;
    auto served = served_urls_.find(remote);
    const uint64_t size = served != served_urls_.end() ? served->second.first : options_.default_file_size;
    const uint64_t bps = served != served_urls_.end() ? served->second.second : options_.default_bytes_per_second;
    const HRESULT hr = AddFileLocked(j, WideToUtf8(remote), WideToUtf8(local), RangedSize(sorted, size), bps);
    if (SUCCEEDED(hr)) j.files.back().ranges = std::move(sorted);
    return hr;
  });
}

HRESULT EngineCore::SetFileACLFlags(uint32_t job, DWORD flags) {
  return JobCall(job, "SetFileACLFlags", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (flags & ~static_cast<DWORD>(BG_COPY_FILE_ALL)) return E_INVALIDARG;
    if (j.IsFinal() || j.state == BG_JOB_STATE_TRANSFERRED) return profile().invalid_state;
    j.file_acl_flags = flags;
    return S_OK;
  });
}

HRESULT EngineCore::GetFileACLFlags(uint32_t job, DWORD* flags) {
  return JobCall(job, "GetFileACLFlags", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (flags == nullptr) return E_INVALIDARG;
    *flags = j.file_acl_flags;
    return S_OK;
  });
}

// ---- IBackgroundCopyFile2 (both profiles) -----------------------------------------
HRESULT EngineCore::FileGetFileRanges(uint32_t job, uint32_t file, DWORD* count, BG_FILE_RANGE** ranges) {
  NullOuts(ranges);
  if (count != nullptr) *count = 0;
  return JobCall(job, "File.GetFileRanges", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs&) {
    if (count == nullptr || ranges == nullptr) return E_INVALIDARG;
    const std::vector<BG_FILE_RANGE>& own = j.files[file].ranges;
    if (own.empty()) return S_FALSE;  // the whole file: no ranges to list
    auto* copy = static_cast<BG_FILE_RANGE*>(CoTaskMemAlloc(own.size() * sizeof(BG_FILE_RANGE)));
    if (copy == nullptr) return E_OUTOFMEMORY;
    std::copy(own.begin(), own.end(), copy);
    *ranges = copy;
    *count = static_cast<DWORD>(own.size());
    return S_OK;
  });
}

HRESULT EngineCore::FileSetRemoteName(uint32_t job, uint32_t file, LPCWSTR name) {
  return JobCall(job, "File.SetRemoteName", Availability::kEveryProfile, [&](JobRecord& j, TraceArgs& args) {
    if (!ValidString(name, kMaxUrl) || *name == 0) return E_INVALIDARG;
    if (j.IsFinal()) return profile().invalid_state;
    args.Set("remote", [&] { return WideToUtf8(name); });
    j.files[file].remote_url = WideToUtf8(name);
    RaiseModification(j);
    return S_OK;
  });
}

// ---- IBackgroundCopyFile3 (bits) --------------------------------------------------
HRESULT EngineCore::FileGetTemporaryName(uint32_t job, uint32_t file, LPWSTR* name) {
  NullOuts(name);
  return JobCall(job, "File.GetTemporaryName", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    return CopyOut(TemporaryName(j.files[file].local_name, j.number, file), name);
  });
}

HRESULT EngineCore::FileSetValidationState(uint32_t job, uint32_t file, BOOL valid) {
  return JobCall(job, "File.SetValidationState", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs& args) {
    args.Set("valid", [&] { return valid != FALSE; });
    if (j.IsFinal()) return profile().invalid_state;
    FileRecord& f = j.files[file];
    if (!f.completed) return E_PENDING;  // nothing to validate before the file is downloaded
    f.validated = valid != FALSE ? TRUE : FALSE;
    if (valid == FALSE) {
      // Rejected content is downloaded again once the job is resumed.
      j.bytes_transferred -= f.transferred;
      f.transferred = 0;
      f.completed = false;
      --j.files_transferred;
      j.next_file = std::min<size_t>(j.next_file, file);
      EnterError(j, BG_E_VALIDATION_FAILED, BG_ERROR_CONTEXT_REMOTE_FILE, static_cast<int>(file),
                 /*transient=*/false);
    }
    return S_OK;
  });
}

HRESULT EngineCore::FileGetValidationState(uint32_t job, uint32_t file, BOOL* valid) {
  return JobCall(job, "File.GetValidationState", Availability::kBitsOnly, [&](JobRecord& j, TraceArgs&) {
    if (valid == nullptr) return E_INVALIDARG;
    *valid = j.files[file].validated;
    return S_OK;
  });
}

HRESULT EngineCore::FileIsDownloadedFromPeer(uint32_t job, uint32_t, BOOL* from_peer) {
  return JobCall(job, "File.IsDownloadedFromPeer", Availability::kBitsOnly, [&](JobRecord&, TraceArgs&) {
    if (from_peer == nullptr) return E_INVALIDARG;
    *from_peer = FALSE;  // the fake has no peers
    return S_OK;
  });
}

}  // namespace doharness::internal
