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

std::optional<Frame> FrameReader::Next() {
  if (malformed_ || pending_.empty()) return std::nullopt;
  const size_t newline = pending_.find('\n');
  if (newline == std::string::npos) {
    if (pending_.size() > 21) malformed_ = true;  // a tag and at most 20 digits
    return std::nullopt;
  }
  uint64_t length = 0;
  if (newline < 2 || newline > 21) malformed_ = true;
  for (size_t i = 1; i < newline && !malformed_; ++i) {
    const char c = pending_[i];
    if (c < '0' || c > '9' || length > (UINT64_MAX - 9) / 10) {
      malformed_ = true;
    } else {
      length = length * 10 + static_cast<uint64_t>(c - '0');
    }
  }
  if (malformed_) return std::nullopt;
  if (pending_.size() - newline - 1 < length) return std::nullopt;
  Frame frame{static_cast<Tag>(pending_[0]), pending_.substr(newline + 1, length)};
  pending_.erase(0, newline + 1 + length);
  return frame;
}

}  // namespace doharness::isolation
