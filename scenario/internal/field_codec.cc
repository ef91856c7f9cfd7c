#include "scenario/internal/field_codec.h"

#include <charconv>

namespace doharness::scenario::internal {

void PutField(std::string* out, std::string_view field) {
  *out += std::to_string(field.size());
  *out += ':';
  out->append(field.data(), field.size());
}

void PutNumber(std::string* out, int64_t number) { PutField(out, std::to_string(number)); }

bool FieldReader::Next(std::string* field) {
  const size_t colon = text_.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 19) return false;
  size_t size = 0;
  for (char c : text_.substr(0, colon)) {
    if (c < '0' || c > '9') return false;
    size = size * 10 + static_cast<size_t>(c - '0');
  }
  if (text_.size() - colon - 1 < size) return false;
  field->assign(text_.substr(colon + 1, size));
  text_.remove_prefix(colon + 1 + size);
  return true;
}

bool FieldReader::NextNumber(int64_t* number) {
  std::string field;
  if (!Next(&field) || field.empty()) return false;
  const char* end = field.data() + field.size();
  const auto [stop, error] = std::from_chars(field.data(), end, *number);
  return error == std::errc() && stop == end;
}

}  // namespace doharness::scenario::internal
