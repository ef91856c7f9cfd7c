// Readable names for the values of the DO/BITS ABI (see names.h), and the strict
// parsers that invert them for scenario files and command lines.
#include "api/names.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>

namespace doharness {
namespace {

struct HresultEntry {
  HRESULT value;
  const char* symbol;
};

// One entry per HRESULT macro of portable_com.h, portable_bits.h and
// delivery_optimization_extras.h (names_test checks this list against the
// headers), except BG_E_HTTP_ERROR_*, which are computed (HttpStatusOf).
#define DOHARNESS_HRESULT_ENTRY(name) \
  HresultEntry { static_cast<HRESULT>(name), #name }
constexpr std::array kHresults = {
    // portable_com.h
    DOHARNESS_HRESULT_ENTRY(S_OK),
    DOHARNESS_HRESULT_ENTRY(S_FALSE),
    DOHARNESS_HRESULT_ENTRY(E_NOTIMPL),
    DOHARNESS_HRESULT_ENTRY(E_NOINTERFACE),
    DOHARNESS_HRESULT_ENTRY(E_POINTER),
    DOHARNESS_HRESULT_ENTRY(E_ABORT),
    DOHARNESS_HRESULT_ENTRY(E_FAIL),
    DOHARNESS_HRESULT_ENTRY(E_UNEXPECTED),
    DOHARNESS_HRESULT_ENTRY(E_PENDING),
    DOHARNESS_HRESULT_ENTRY(E_ACCESSDENIED),
    DOHARNESS_HRESULT_ENTRY(E_HANDLE),
    DOHARNESS_HRESULT_ENTRY(E_OUTOFMEMORY),
    DOHARNESS_HRESULT_ENTRY(E_INVALIDARG),
    // portable_bits.h
    DOHARNESS_HRESULT_ENTRY(BG_E_NOT_FOUND),
    DOHARNESS_HRESULT_ENTRY(BG_E_INVALID_STATE),
    DOHARNESS_HRESULT_ENTRY(BG_E_EMPTY),
    DOHARNESS_HRESULT_ENTRY(BG_E_FILE_NOT_AVAILABLE),
    DOHARNESS_HRESULT_ENTRY(BG_E_PROTOCOL_NOT_AVAILABLE),
    DOHARNESS_HRESULT_ENTRY(BG_S_ERROR_CONTEXT_NONE),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_CONTEXT_UNKNOWN),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_CONTEXT_LOCAL_FILE),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_CONTEXT_REMOTE_FILE),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_CONTEXT_GENERAL_TRANSPORT),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_CONTEXT_QUEUE_MANAGER_NOTIFICATION),
    DOHARNESS_HRESULT_ENTRY(BG_E_DESTINATION_LOCKED),
    DOHARNESS_HRESULT_ENTRY(BG_E_VOLUME_CHANGED),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_INFORMATION_UNAVAILABLE),
    DOHARNESS_HRESULT_ENTRY(BG_E_NETWORK_DISCONNECTED),
    DOHARNESS_HRESULT_ENTRY(BG_E_MISSING_FILE_SIZE),
    DOHARNESS_HRESULT_ENTRY(BG_E_INSUFFICIENT_HTTP_SUPPORT),
    DOHARNESS_HRESULT_ENTRY(BG_E_INSUFFICIENT_RANGE_SUPPORT),
    DOHARNESS_HRESULT_ENTRY(BG_E_REMOTE_NOT_SUPPORTED),
    DOHARNESS_HRESULT_ENTRY(BG_E_NEW_OWNER_DIFF_MAPPING),
    DOHARNESS_HRESULT_ENTRY(BG_E_NEW_OWNER_NO_FILE_ACCESS),
    DOHARNESS_HRESULT_ENTRY(BG_S_PARTIAL_COMPLETE),
    DOHARNESS_HRESULT_ENTRY(BG_E_PROXY_LIST_TOO_LARGE),
    DOHARNESS_HRESULT_ENTRY(BG_E_PROXY_BYPASS_LIST_TOO_LARGE),
    DOHARNESS_HRESULT_ENTRY(BG_S_UNABLE_TO_DELETE_FILES),
    DOHARNESS_HRESULT_ENTRY(BG_E_INVALID_SERVER_RESPONSE),
    DOHARNESS_HRESULT_ENTRY(BG_E_TOO_MANY_FILES),
    DOHARNESS_HRESULT_ENTRY(BG_E_LOCAL_FILE_CHANGED),
    DOHARNESS_HRESULT_ENTRY(BG_E_ERROR_CONTEXT_REMOTE_APPLICATION),
    DOHARNESS_HRESULT_ENTRY(BG_E_SESSION_NOT_FOUND),
    DOHARNESS_HRESULT_ENTRY(BG_E_TOO_LARGE),
    DOHARNESS_HRESULT_ENTRY(BG_E_STRING_TOO_LONG),
    DOHARNESS_HRESULT_ENTRY(BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH),
    DOHARNESS_HRESULT_ENTRY(BG_E_SERVER_EXECUTE_ENABLE),
    DOHARNESS_HRESULT_ENTRY(BG_E_NO_PROGRESS),
    DOHARNESS_HRESULT_ENTRY(BG_E_USERNAME_TOO_LARGE),
    DOHARNESS_HRESULT_ENTRY(BG_E_PASSWORD_TOO_LARGE),
    DOHARNESS_HRESULT_ENTRY(BG_E_INVALID_AUTH_TARGET),
    DOHARNESS_HRESULT_ENTRY(BG_E_INVALID_AUTH_SCHEME),
    DOHARNESS_HRESULT_ENTRY(BG_E_FILE_NOT_FOUND),
    DOHARNESS_HRESULT_ENTRY(BG_S_PROXY_CHANGED),
    DOHARNESS_HRESULT_ENTRY(BG_E_INVALID_RANGE),
    DOHARNESS_HRESULT_ENTRY(BG_E_OVERLAPPING_RANGES),
    DOHARNESS_HRESULT_ENTRY(BG_E_CONNECT_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_CONNECTION_CLOSED),
    DOHARNESS_HRESULT_ENTRY(BG_E_KEEP_ALIVE_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_MESSAGE_LENGTH_LIMIT_EXCEEDED),
    DOHARNESS_HRESULT_ENTRY(BG_E_NAME_RESOLUTION_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_PENDING),
    DOHARNESS_HRESULT_ENTRY(BG_E_PIPELINE_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_PROTOCOL_ERROR),
    DOHARNESS_HRESULT_ENTRY(BG_E_PROXY_NAME_RESOLUTION_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_RECEIVE_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_REQUEST_CANCELED),
    DOHARNESS_HRESULT_ENTRY(BG_E_SECURE_CHANNEL_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_SEND_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_SERVER_PROTOCOL_VIOLATION),
    DOHARNESS_HRESULT_ENTRY(BG_E_TIMEOUT),
    DOHARNESS_HRESULT_ENTRY(BG_E_TRUST_FAILURE),
    DOHARNESS_HRESULT_ENTRY(BG_E_UNKNOWN_ERROR),
    DOHARNESS_HRESULT_ENTRY(BG_E_BLOCKED_BY_POLICY),
    DOHARNESS_HRESULT_ENTRY(BG_E_INVALID_PROXY_INFO),
    DOHARNESS_HRESULT_ENTRY(BG_E_INVALID_CREDENTIALS),
    DOHARNESS_HRESULT_ENTRY(BG_E_TOO_MANY_JOBS_PER_USER),
    DOHARNESS_HRESULT_ENTRY(BG_E_TOO_MANY_JOBS_PER_MACHINE),
    DOHARNESS_HRESULT_ENTRY(BG_E_TOO_MANY_RANGES_IN_FILE),
    DOHARNESS_HRESULT_ENTRY(BG_E_VALIDATION_FAILED),
    // delivery_optimization_extras.h
    DOHARNESS_HRESULT_ENTRY(DO_E_DOWNLOAD_NO_PROGRESS),
    DOHARNESS_HRESULT_ENTRY(DO_E_JOB_NOT_FOUND),
    DOHARNESS_HRESULT_ENTRY(DO_E_JOB_EMPTY),
    DOHARNESS_HRESULT_ENTRY(DO_E_FILE_NOT_AVAILABLE),
    DOHARNESS_HRESULT_ENTRY(DO_E_INVALID_STATE),
    DOHARNESS_HRESULT_ENTRY(DO_E_ERROR_INFORMATION_UNAVAILABLE),
    DOHARNESS_HRESULT_ENTRY(DO_E_BLOCKED_BY_NO_NETWORK),
};
#undef DOHARNESS_HRESULT_ENTRY

// BG_E_HTTP_ERROR_<status> is 0x80190000 + status for every HTTP status; bitsmsg.h
// names only some of them, but a server may answer any.
constexpr uint32_t kHttpErrorBase = 0x80190000u;
constexpr uint32_t kHttpStatusMin = 100;
constexpr uint32_t kHttpStatusMax = 599;
constexpr std::string_view kHttpErrorPrefix = "BG_E_HTTP_ERROR_";

// The HTTP status an HRESULT stands for, or 0 when it is not an HTTP error.
uint32_t HttpStatusOf(HRESULT hr) {
  const uint32_t status = static_cast<uint32_t>(hr) - kHttpErrorBase;
  return status >= kHttpStatusMin && status <= kHttpStatusMax ? status : 0;
}

// "0x" and at least `width` upper-case hex digits, as Windows tools print codes.
std::string Hex(uint32_t value, int width) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "0x%0*X", width, static_cast<unsigned>(value));
  return buffer;
}

// The value of `digits` in `base`: the whole string, digits only (no sign, space
// or prefix), at most 32 bits.
std::optional<uint32_t> ParseDigits(std::string_view digits, int base) {
  uint64_t value = 0;
  const char* const end = digits.data() + digits.size();
  const auto [stop, error] = std::from_chars(digits.data(), end, value, base);
  if (error != std::errc() || stop != end || value > std::numeric_limits<uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(value);
}

// `text` without `prefix`, or nullopt when it does not start with it.
std::optional<std::string_view> WithoutPrefix(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  return text.substr(prefix.size());
}

// A decimal number, or a hex one after "0x" or "0X".
std::optional<uint32_t> ParseUint32(std::string_view text) {
  if (const auto hex = WithoutPrefix(text, "0x")) return ParseDigits(*hex, 16);
  if (const auto hex = WithoutPrefix(text, "0X")) return ParseDigits(*hex, 16);
  return ParseDigits(text, 10);
}

// Names of an enum whose values run 0..N-1, as "TRANSFERRED"; `type` is the
// Windows type name for values out of range ("BG_JOB_STATE(42)"), and `prefix`
// the Windows spelling of its constants ("BG_JOB_STATE_").
template <size_t N>
struct EnumNames {
  const char* type;
  std::string_view prefix;
  std::array<std::string_view, N> names;

  std::string Name(int64_t value) const {
    if (value >= 0 && value < static_cast<int64_t>(N)) return std::string(names[value]);
    return std::string(type) + "(" + std::to_string(value) + ")";
  }

  // Accepts a name with or without the prefix.
  std::optional<int> Parse(std::string_view text) const {
    const std::string_view bare = WithoutPrefix(text, prefix).value_or(text);
    for (size_t i = 0; i < N; ++i) {
      if (names[i] == bare) return static_cast<int>(i);
    }
    return std::nullopt;
  }
};

constexpr EnumNames<9> kJobStates = {
    "BG_JOB_STATE",
    "BG_JOB_STATE_",
    {"QUEUED", "CONNECTING", "TRANSFERRING", "SUSPENDED", "ERROR", "TRANSIENT_ERROR", "TRANSFERRED",
     "ACKNOWLEDGED", "CANCELLED"}};

constexpr EnumNames<8> kErrorContexts = {
    "BG_ERROR_CONTEXT",
    "BG_ERROR_CONTEXT_",
    {"NONE", "UNKNOWN", "GENERAL_QUEUE_MANAGER", "QUEUE_MANAGER_NOTIFICATION", "LOCAL_FILE",
     "REMOTE_FILE", "GENERAL_TRANSPORT", "REMOTE_APPLICATION"}};

constexpr EnumNames<3> kJobTypes = {
    "BG_JOB_TYPE", "BG_JOB_TYPE_", {"DOWNLOAD", "UPLOAD", "UPLOAD_REPLY"}};

constexpr EnumNames<4> kJobPriorities = {
    "BG_JOB_PRIORITY", "BG_JOB_PRIORITY_", {"FOREGROUND", "HIGH", "NORMAL", "LOW"}};

struct NotifyFlagName {
  ULONG bit;
  std::string_view name;   // as NotifyFlagsName prints it
  std::string_view macro;  // the bits.h constant
};

constexpr std::array<NotifyFlagName, 6> kNotifyFlags = {{
    {BG_NOTIFY_JOB_TRANSFERRED, "TRANSFERRED", "BG_NOTIFY_JOB_TRANSFERRED"},
    {BG_NOTIFY_JOB_ERROR, "ERROR", "BG_NOTIFY_JOB_ERROR"},
    {BG_NOTIFY_DISABLE, "DISABLE", "BG_NOTIFY_DISABLE"},
    {BG_NOTIFY_JOB_MODIFICATION, "MODIFICATION", "BG_NOTIFY_JOB_MODIFICATION"},
    {BG_NOTIFY_FILE_TRANSFERRED, "FILE_TRANSFERRED", "BG_NOTIFY_FILE_TRANSFERRED"},
    {BG_NOTIFY_FILE_RANGES_TRANSFERRED, "FILE_RANGES_TRANSFERRED",
     "BG_NOTIFY_FILE_RANGES_TRANSFERRED"},
}};

struct InterfaceEntry {
  const GUID* iid;
  const char* name;
};

constexpr std::array<InterfaceEntry, 10> kInterfaces = {{
    {&IID_IUnknown, "IUnknown"},
    {&IID_IBackgroundCopyCallback, "IBackgroundCopyCallback"},
    {&IID_IBackgroundCopyCallback2, "IBackgroundCopyCallback2"},
    {&IID_IBackgroundCopyManager, "IBackgroundCopyManager"},
    {&IID_IBackgroundCopyJob, "IBackgroundCopyJob"},
    {&IID_IBackgroundCopyFile, "IBackgroundCopyFile"},
    {&IID_IBackgroundCopyError, "IBackgroundCopyError"},
    {&IID_IEnumBackgroundCopyJobs, "IEnumBackgroundCopyJobs"},
    {&IID_IEnumBackgroundCopyFiles, "IEnumBackgroundCopyFiles"},
    {&IID_IDeliveryOptimizationJob, "IDeliveryOptimizationJob"},
}};

// The value of one hex digit, or -1.
int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads exactly `digits` hex digits from the front of `text` and drops them.
std::optional<uint32_t> TakeHex(std::string_view& text, size_t digits) {
  if (text.size() < digits) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = 0; i < digits; ++i) {
    const int digit = HexDigit(text[i]);
    if (digit < 0) return std::nullopt;
    value = (value << 4) | static_cast<uint32_t>(digit);
  }
  text.remove_prefix(digits);
  return value;
}

bool TakeChar(std::string_view& text, char c) {
  if (text.empty() || text[0] != c) return false;
  text.remove_prefix(1);
  return true;
}

}  // namespace

std::string HresultSymbol(HRESULT hr) {
  for (const HresultEntry& entry : kHresults) {
    if (entry.value == hr) return entry.symbol;
  }
  if (const uint32_t status = HttpStatusOf(hr)) {
    return std::string(kHttpErrorPrefix) + std::to_string(status);
  }
  return "";
}

std::string HresultName(HRESULT hr) {
  const std::string hex = Hex(static_cast<uint32_t>(hr), 8);
  const std::string symbol = HresultSymbol(hr);
  return symbol.empty() ? hex : symbol + " (" + hex + ")";
}

std::optional<HRESULT> ParseHresult(std::string_view text) {
  for (const HresultEntry& entry : kHresults) {
    if (text == entry.symbol) return entry.value;
  }
  if (const auto digits = WithoutPrefix(text, kHttpErrorPrefix)) {
    // Exactly the three digits HresultSymbol prints, so "..._0404" is no alias.
    const std::optional<uint32_t> status =
        digits->size() == 3 ? ParseDigits(*digits, 10) : std::nullopt;
    if (!status || *status < kHttpStatusMin || *status > kHttpStatusMax) return std::nullopt;
    return static_cast<HRESULT>(kHttpErrorBase + *status);
  }
  // A negative decimal is the signed reading of the code ("-2147467259" is E_FAIL).
  if (const auto magnitude = WithoutPrefix(text, "-")) {
    const std::optional<uint32_t> value = ParseDigits(*magnitude, 10);
    if (!value || *value > uint32_t{1} << 31) return std::nullopt;
    return static_cast<HRESULT>(-static_cast<int64_t>(*value));
  }
  const std::optional<uint32_t> value = ParseUint32(text);
  if (!value) return std::nullopt;
  return static_cast<HRESULT>(*value);
}

std::string JobStateName(BG_JOB_STATE state) { return kJobStates.Name(state); }

std::optional<BG_JOB_STATE> ParseJobState(std::string_view text) {
  const std::optional<int> value = kJobStates.Parse(text);
  if (!value) return std::nullopt;
  return static_cast<BG_JOB_STATE>(*value);
}

std::string NotifyFlagsName(ULONG flags) {
  if (flags == 0) return "0";
  std::string name;
  for (const NotifyFlagName& flag : kNotifyFlags) {
    if ((flags & flag.bit) == 0) continue;
    if (!name.empty()) name += '|';
    name += flag.name;
    flags &= ~flag.bit;
  }
  if (flags != 0) {
    if (!name.empty()) name += '|';
    name += Hex(flags, 0);
  }
  return name;
}

std::optional<ULONG> ParseNotifyFlags(std::string_view text) {
  ULONG flags = 0;
  // Each '|'-separated term is a flag name or a number; an empty term is an error.
  while (true) {
    const size_t bar = text.find('|');
    const std::string_view term = text.substr(0, bar);
    std::optional<ULONG> bits;
    for (const NotifyFlagName& flag : kNotifyFlags) {
      if (term == flag.name || term == flag.macro) bits = flag.bit;
    }
    if (!bits) bits = ParseUint32(term);
    if (!bits) return std::nullopt;
    flags |= *bits;
    if (bar == std::string_view::npos) return flags;
    text.remove_prefix(bar + 1);
  }
}

std::string ErrorContextName(BG_ERROR_CONTEXT context) { return kErrorContexts.Name(context); }

std::optional<BG_ERROR_CONTEXT> ParseErrorContext(std::string_view text) {
  const std::optional<int> value = kErrorContexts.Parse(text);
  if (!value) return std::nullopt;
  return static_cast<BG_ERROR_CONTEXT>(*value);
}

std::string JobTypeName(BG_JOB_TYPE type) { return kJobTypes.Name(type); }

std::string JobPriorityName(BG_JOB_PRIORITY priority) { return kJobPriorities.Name(priority); }

std::string GuidToString(REFGUID guid) {
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                static_cast<unsigned>(guid.Data1), static_cast<unsigned>(guid.Data2),
                static_cast<unsigned>(guid.Data3), guid.Data4[0], guid.Data4[1], guid.Data4[2],
                guid.Data4[3], guid.Data4[4], guid.Data4[5], guid.Data4[6], guid.Data4[7]);
  return buffer;
}

std::optional<GUID> ParseGuid(std::string_view text) {
  const bool braced = TakeChar(text, '{');
  GUID guid{};
  const auto data1 = TakeHex(text, 8);
  if (!data1 || !TakeChar(text, '-')) return std::nullopt;
  const auto data2 = TakeHex(text, 4);
  if (!data2 || !TakeChar(text, '-')) return std::nullopt;
  const auto data3 = TakeHex(text, 4);
  if (!data3 || !TakeChar(text, '-')) return std::nullopt;
  guid.Data1 = *data1;
  guid.Data2 = static_cast<uint16_t>(*data2);
  guid.Data3 = static_cast<uint16_t>(*data3);
  for (size_t i = 0; i < 8; ++i) {
    if (i == 2 && !TakeChar(text, '-')) return std::nullopt;
    const auto byte = TakeHex(text, 2);
    if (!byte) return std::nullopt;
    guid.Data4[i] = static_cast<uint8_t>(*byte);
  }
  if (braced && !TakeChar(text, '}')) return std::nullopt;
  if (!text.empty()) return std::nullopt;
  return guid;
}

std::string InterfaceName(REFIID iid) {
  for (const InterfaceEntry& entry : kInterfaces) {
    if (IsEqualGUID(*entry.iid, iid)) return entry.name;
  }
  return GuidToString(iid);
}

}  // namespace doharness
