// Conversions between the ABI's wide strings (WCHAR is wchar_t: UTF-32 on Linux,
// UTF-16 on Windows) and UTF-8, and CoTaskMem copies for [out] string parameters.
#ifndef DOHARNESS_API_WIDE_STRING_H_
#define DOHARNESS_API_WIDE_STRING_H_

#include <string>
#include <string_view>

#include "deliveryoptimization.h"

namespace doharness {

std::string WideToUtf8(std::wstring_view wide);
std::wstring Utf8ToWide(std::string_view utf8);
// A NUL-terminated copy allocated with CoTaskMemAlloc (the caller frees it with
// CoTaskMemFree), or nullptr when out of memory.
LPWSTR CoTaskMemWideString(std::wstring_view text);

}  // namespace doharness

#endif  // DOHARNESS_API_WIDE_STRING_H_
