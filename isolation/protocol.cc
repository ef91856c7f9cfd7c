#include "isolation/protocol.h"

#include <cstdint>

namespace doharness::isolation {

std::string EncodeFrame(Tag tag, std::string_view text) {
  std::string frame(1, static_cast<char>(tag));
  frame += std::to_string(text.size());
  frame += '\n';
  frame += text;
  return frame;
}

void FrameReader::Append(std::string_view bytes) {
  if (taken_ > 0 && taken_ >= pending_.size() / 2) {
    pending_.erase(0, taken_);
    taken_ = 0;
  }
  pending_.append(bytes);
}

std::optional<Frame> FrameReader::Next() {
  const std::string_view rest = std::string_view(pending_).substr(taken_);
  if (malformed_ || rest.empty()) return std::nullopt;
  constexpr size_t kLongestHeader = 21;  // a tag and at most 20 digits
  const size_t newline = rest.substr(0, kLongestHeader + 1).find('\n');
  if (newline == std::string_view::npos) {
    if (rest.size() > kLongestHeader) malformed_ = true;
    return std::nullopt;
  }
  uint64_t length = 0;
  if (newline < 2) malformed_ = true;
  for (size_t i = 1; i < newline && !malformed_; ++i) {
    const char c = rest[i];
    if (c < '0' || c > '9' || length > (UINT64_MAX - 9) / 10) {
      malformed_ = true;
    } else {
      length = length * 10 + static_cast<uint64_t>(c - '0');
    }
  }
  if (malformed_) return std::nullopt;
  if (rest.size() - newline - 1 < length) return std::nullopt;
  Frame frame{static_cast<Tag>(rest[0]), std::string(rest.substr(newline + 1, length))};
  taken_ += newline + 1 + length;
  return frame;
}

}  // namespace doharness::isolation
