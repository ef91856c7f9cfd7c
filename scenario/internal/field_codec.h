// Fields as bytes for what an isolated child sends back: each field "SIZE:BYTES", so
// that any bytes (a trace, a message with tabs or newlines) pass unchanged, and
// numbers as decimal fields.
#ifndef DOHARNESS_SCENARIO_INTERNAL_FIELD_CODEC_H_
#define DOHARNESS_SCENARIO_INTERNAL_FIELD_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

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
  // A count of entries to follow: no more than the bytes left could hold (a reader
  // still grows its list entry by entry, as each decodes).
  bool NextCount(size_t* count) { return NextNumber(count) && *count <= text_.size(); }
  bool AtEnd() const { return text_.empty(); }

 private:
  std::string_view text_;
};

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_FIELD_CODEC_H_
