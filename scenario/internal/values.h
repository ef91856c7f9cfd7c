// The scenario language's values: whole numbers in a range, sizes (64KiB), rates
// (1MiB/s), durations (150ms), HRESULTs (E_FAIL, 0x80004005), job states and
// notification names, each read from one word with a message naming what was wrong.
// Sizes stop at 1 TiB and durations at 365 days, so that the engine's byte and time
// arithmetic on them cannot overflow.
#ifndef DOHARNESS_SCENARIO_INTERNAL_VALUES_H_
#define DOHARNESS_SCENARIO_INTERNAL_VALUES_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "deliveryoptimization.h"
#include "scenario/internal/lexer.h"
#include "scenario/scenario.h"

namespace doharness::scenario::internal {

bool IsAllDigits(std::string_view text);
// Decimal digits only; nullopt when empty, not digits, or past UINT64_MAX.
std::optional<uint64_t> ParseDecimal(std::string_view text);

// Each reads `text` (the whole word, or the value of a KEY=VALUE word) of `word`
// (its column, whether it was quoted); `what` names the value in messages.
bool ReadInteger(const Token& word, std::string_view text, std::string_view what, int64_t min, int64_t max,
                 int64_t* value, SyntaxError* error);
bool ReadInt(const Token& word, std::string_view text, std::string_view what, int min, int max, int* value,
             SyntaxError* error);
// Bytes: N, NB, NKiB, NMiB, NGiB, NTiB; in [min, 1TiB].
bool ReadSize(const Token& word, std::string_view text, std::string_view what, uint64_t min, uint64_t* bytes,
              SyntaxError* error);
// Bytes a second: SIZE/s, at least 1.
bool ReadRate(const Token& word, std::string_view text, uint64_t* bytes_per_second, SyntaxError* error);
// A duration: 0, or N followed by us, ms, s, m, h or d; at most 365d.
bool ReadDuration(const Token& word, std::string_view text, std::string_view what, Duration* duration,
                  SyntaxError* error);
bool ReadHresult(const Token& word, std::string_view text, HRESULT* hr, SyntaxError* error);
bool ReadJobState(const Token& word, BG_JOB_STATE* state, SyntaxError* error);
bool ReadNotification(const Token& word, std::string_view text, NotificationMethod* method, SyntaxError* error);

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_VALUES_H_
