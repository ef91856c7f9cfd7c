// Fields as bytes for what an isolated child sends back: each field "SIZE:BYTES", so
// that any bytes (a trace, a message with tabs or newlines) pass unchanged, and
// numbers as decimal fields.
#ifndef DOHARNESS_SCENARIO_INTERNAL_FIELD_CODEC_H_
#define DOHARNESS_SCENARIO_INTERNAL_FIELD_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace doharness::scenario::internal {

void PutField(std::string* out, std::string_view field);
void PutNumber(std::string* out, int64_t number);

// Reads the fields back in order; every Next* is false at a field that is not there
// or not what it should be, and the caller gives up.
class FieldReader {
 public:
  explicit FieldReader(std::string_view text) : text_(text) {}

  bool Next(std::string* field);
  bool NextNumber(int64_t* number);
  template <class Int>
  bool NextNumber(Int* number) {
    int64_t wide = 0;
    if (!NextNumber(&wide) || static_cast<int64_t>(static_cast<Int>(wide)) != wide) return false;
    *number = static_cast<Int>(wide);
    return true;
  }
  // A list as its count and then its entries, each read by `next_entry(T*)`. The list
  // grows entry by entry as each decodes, so a forged count allocates nothing.
  template <class T, class NextEntry>
  bool NextList(std::vector<T>* list, NextEntry next_entry) {
    int64_t count = 0;
    if (!NextNumber(&count) || count < 0) return false;
    for (int64_t i = 0; i < count; ++i) {
      T entry{};
      if (!next_entry(&entry)) return false;
      list->push_back(std::move(entry));
    }
    return true;
  }
  bool AtEnd() const { return text_.empty(); }

 private:
  std::string_view text_;
};

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_FIELD_CODEC_H_
