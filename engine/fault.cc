#include "engine/fault.h"

#include <algorithm>

namespace doharness {

Fault Fault::FatalAt(int file_index, uint64_t at_byte, HRESULT code, BG_ERROR_CONTEXT context) {
  Fault f;
  f.kind = Kind::kFatal;
  f.file_index = file_index;
  f.at_byte = at_byte;
  f.code = code;
  f.context = context;
  return f;
}

Fault Fault::HttpStatusAt(int file_index, uint64_t at_byte, int http_status) {
  return FatalAt(file_index, at_byte, BG_HTTP_STATUS_HRESULT(http_status), BG_ERROR_CONTEXT_REMOTE_FILE);
}

Fault Fault::JobError(HRESULT code, BG_ERROR_CONTEXT context) {
  return FatalAt(kNoFile, 0, code, context);
}

Fault Fault::TransientAt(int file_index, uint64_t at_byte, HRESULT code, Duration duration) {
  Fault f = FatalAt(file_index, at_byte, code, BG_ERROR_CONTEXT_GENERAL_TRANSPORT);
  f.kind = Kind::kTransient;
  f.duration = duration;
  return f;
}

Fault Fault::StallAt(int file_index, uint64_t at_byte, Duration duration) {
  Fault f = FatalAt(file_index, at_byte, S_OK, BG_ERROR_CONTEXT_NONE);
  f.kind = Kind::kStall;
  f.duration = duration;
  return f;
}

Fault Fault::CompleteFails(HRESULT code, int times) {
  Fault f;
  f.kind = Kind::kCompleteFails;
  f.code = code;
  f.times = times;
  return f;
}

Fault Fault::CancelFails(HRESULT code, int times) {
  Fault f = CompleteFails(code, times);
  f.kind = Kind::kCancelFails;
  return f;
}

Fault Fault::GetterFails(std::string_view method, HRESULT code, int times) {
  Fault f = CompleteFails(code, times);
  f.kind = Kind::kGetterFails;
  f.method = std::string(method);
  return f;
}

const std::vector<std::string_view>& Fault::GetterNames() {
  static const std::vector<std::string_view> kNames = {
      "GetId", "GetType", "GetProgress", "GetTimes", "GetState", "GetError", "GetOwner",
      "GetDisplayName", "GetDescription", "GetPriority", "GetNotifyFlags", "GetNotifyInterface",
      "GetMinimumRetryDelay", "GetNoProgressTimeout", "GetErrorCount", "GetProxySettings", "EnumFiles",
      "GetNotifyCmdLine", "GetFileACLFlags",
      "File.GetRemoteName", "File.GetLocalName", "File.GetProgress", "File.GetFileRanges",
      "File.GetTemporaryName", "File.GetValidationState", "File.IsDownloadedFromPeer",
      "Error.GetError", "Error.GetFile", "Error.GetErrorDescription", "Error.GetErrorContextDescription",
      "Error.GetProtocol",
  };
  return kNames;
}

bool Fault::IsGetter(std::string_view method) {
  const std::vector<std::string_view>& names = GetterNames();
  return std::find(names.begin(), names.end(), method) != names.end();
}

}  // namespace doharness
