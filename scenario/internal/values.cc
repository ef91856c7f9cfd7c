#include "scenario/internal/values.h"

#include <limits>
#include <string>

#include "api/names.h"
#include "api/user_text.h"
#include "scenario/names.h"

namespace doharness::scenario::internal {
namespace {

// Sizes and rates stop at 1 TiB and durations at 365 days, so that the engine's byte
// and time arithmetic on them cannot overflow.
constexpr uint64_t kMaxBytes = uint64_t{1} << 40;
constexpr Duration kMaxDuration = std::chrono::hours(24 * 365);

constexpr std::string_view kNotificationList =
    "JobTransferred, JobError, JobModification or FileTransferred";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsAllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// Decimal digits only; nullopt when empty, not digits, or past UINT64_MAX.
std::optional<uint64_t> ParseDecimal(std::string_view text) {
  if (!IsAllDigits(text)) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

bool ReadInteger(const Token& word, std::string_view text, std::string_view what,
                 int64_t min, int64_t max, int64_t* value,
    SyntaxError* error) {
  if (word.quoted || !IsAllDigits(text)) {
    return error->At(word.col, "bad " + std::string(what) + " " + Excerpt(text) +
                              ": expected a whole number");
  }
  const std::optional<uint64_t> number = ParseDecimal(text);
  if (!number || *number < static_cast<uint64_t>(min) || *number > static_cast<uint64_t>(max)) {
    return error->At(word.col, std::string(what) + " " + Excerpt(text) + " out of range (" +
                              std::to_string(min) + ".." + std::to_string(max) + ")");
  }
  *value = static_cast<int64_t>(*number);
  return true;
}
bool ReadInt(const Token& word, std::string_view text, std::string_view what, int min, int max,
             int* value,
    SyntaxError* error) {
  int64_t wide = 0;
  if (!ReadInteger(word, text, what, min, max, &wide, error)) return false;
  *value = static_cast<int>(wide);
  return true;
}

bool ReadSize(const Token& word, std::string_view text, std::string_view what, uint64_t min,
              uint64_t* bytes,
    SyntaxError* error) {
  size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  const std::string_view unit = text.substr(digits);
  uint64_t multiplier = 0;
  if (unit.empty() || unit == "B") multiplier = 1;
  if (unit == "KiB") multiplier = uint64_t{1} << 10;
  if (unit == "MiB") multiplier = uint64_t{1} << 20;
  if (unit == "GiB") multiplier = uint64_t{1} << 30;
  if (unit == "TiB") multiplier = uint64_t{1} << 40;
  if (word.quoted || digits == 0 || multiplier == 0) {
    return error->At(word.col, "bad " + std::string(what) + " " + Excerpt(text) +
                              ": expected bytes such as 65536, 64KiB, 1MiB or 1GiB");
  }
  const std::optional<uint64_t> count = ParseDecimal(text.substr(0, digits));
  if (!count || *count > kMaxBytes / multiplier || *count * multiplier < min) {
    return error->At(word.col, std::string(what) + " " + Excerpt(text) + " out of range (" +
                              std::to_string(min) + " to 1TiB)");
  }
  *bytes = *count * multiplier;
  return true;
}

bool ReadRate(const Token& word, std::string_view text, uint64_t* bytes_per_second,
    SyntaxError* error) {
  constexpr std::string_view kPerSecond = "/s";
  if (text.size() < kPerSecond.size() ||
      text.substr(text.size() - kPerSecond.size()) != kPerSecond) {
    return error->At(word.col, "bad rate " + Excerpt(text) + ": expected bytes a second such as 1MiB/s");
  }
  return ReadSize(word, text.substr(0, text.size() - kPerSecond.size()), "rate", 1,
                  bytes_per_second, error);
}

bool ReadDuration(const Token& word, std::string_view text, std::string_view what,
                  Duration* duration,
    SyntaxError* error) {
  size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  const std::string_view unit = text.substr(digits);
  int64_t micros = 0;
  if (unit == "us") micros = 1;
  if (unit == "ms") micros = 1000;
  if (unit == "s") micros = 1000 * 1000;
  if (unit == "m") micros = int64_t{60} * 1000 * 1000;
  if (unit == "h") micros = int64_t{3600} * 1000 * 1000;
  if (unit == "d") micros = int64_t{86400} * 1000 * 1000;
  if (unit.empty() && text == "0") micros = 1;
  if (word.quoted || digits == 0 || micros == 0) {
    return error->At(word.col, "bad " + std::string(what) + " " + Excerpt(text) +
                              ": expected a duration such as 0, 150ms, 10s, 2m, 1h or 3d");
  }
  const std::optional<uint64_t> count = ParseDecimal(text.substr(0, digits));
  const uint64_t limit = static_cast<uint64_t>(kMaxDuration.count() / micros);
  if (!count || *count > limit) {
    return error->At(word.col, std::string(what) + " " + Excerpt(text) + " out of range (at most 365d)");
  }
  *duration = Duration(static_cast<int64_t>(*count) * micros);
  return true;
}

bool ReadHresult(const Token& word, std::string_view text, HRESULT* hr,
    SyntaxError* error) {
  const std::optional<HRESULT> parsed = word.quoted ? std::nullopt : ParseHresult(text);
  if (!parsed) {
    return error->At(word.col, "unknown HRESULT " + Excerpt(text) +
                              " (a name such as E_FAIL or BG_E_HTTP_ERROR_404, or 0x80004005)");
  }
  *hr = *parsed;
  return true;
}

bool ReadJobState(const Token& word, BG_JOB_STATE* state,
    SyntaxError* error) {
  const std::optional<BG_JOB_STATE> parsed =
      word.quoted ? std::nullopt : ParseJobState(word.text);
  if (!parsed) {
    return error->At(word.col, "unknown job state " + Excerpt(word.text) +
                              " (QUEUED, CONNECTING, TRANSFERRING, SUSPENDED, ERROR, "
                              "TRANSIENT_ERROR, TRANSFERRED, ACKNOWLEDGED or CANCELLED)");
  }
  *state = *parsed;
  return true;
}

bool ReadNotification(const Token& word, std::string_view text, NotificationMethod* method,
    SyntaxError* error) {
  const std::optional<NotificationMethod> parsed =
      word.quoted ? std::nullopt : NotificationMethodNamed(text);
  if (!parsed) {
    return error->At(word.col, "unknown notification method " + Excerpt(text) + " (" +
                              std::string(kNotificationList) + ")");
  }
  *method = *parsed;
  return true;
}

}  // namespace doharness::scenario::internal
