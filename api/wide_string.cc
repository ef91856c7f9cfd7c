// UTF-8 <-> WCHAR conversions (see wide_string.h). WCHAR is wchar_t: UTF-32 where
// it is 32 bits (Linux), UTF-16 where it is 16 bits (Windows). Ill-formed input
// of either side becomes U+FFFD, one per maximal ill-formed subpart as the
// Unicode standard recommends (section 3.9), so that names from a buggy callback
// still print.
#include "api/wide_string.h"

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace doharness {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr bool kUtf16 = sizeof(wchar_t) == 2;
static_assert(sizeof(wchar_t) == 2 || sizeof(wchar_t) == 4, "WCHAR is UTF-16 or UTF-32");

bool IsSurrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void AppendWide(char32_t c, std::wstring& out) {
  if (kUtf16 && c >= 0x10000) {
    c -= 0x10000;
    out += static_cast<wchar_t>(0xD800 + (c >> 10));
    out += static_cast<wchar_t>(0xDC00 + (c & 0x3FF));
  } else {
    out += static_cast<wchar_t>(c);
  }
}

// Decodes the code point at the front of `in` and drops the code units it used:
// a well-formed sequence, or else its longest ill-formed prefix (at least one unit)
// as U+FFFD. The byte ranges are table 3-7 of the Unicode standard.
char32_t TakeUtf8(std::string_view& in) {
  const auto byte = [&in](size_t i) { return static_cast<unsigned char>(in[i]); };
  const unsigned char lead = byte(0);
  size_t length;
  char32_t c;
  unsigned char low = 0x80;  // range of the second byte
  unsigned char high = 0xBF;
  if (lead < 0x80) {
    in.remove_prefix(1);
    return lead;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    c = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    c = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    c = lead & 0x07;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    in.remove_prefix(1);
    return kReplacement;
  }
  for (size_t i = 1; i < length; ++i) {
    if (i >= in.size() || byte(i) < low || byte(i) > high) {
      in.remove_prefix(i);
      return kReplacement;
    }
    c = (c << 6) | (byte(i) & 0x3F);
    low = 0x80;
    high = 0xBF;
  }
  in.remove_prefix(length);
  return c;
}

// Decodes the code point at the front of `in` and drops the code units it used;
// lone surrogates and values beyond U+10FFFF become U+FFFD.
char32_t TakeWide(std::wstring_view& in) {
  // Through the unsigned type: wchar_t is signed on Linux.
  const char32_t c = static_cast<std::make_unsigned_t<wchar_t>>(in[0]);
  in.remove_prefix(1);
  if (kUtf16 && c >= 0xD800 && c <= 0xDBFF && !in.empty()) {
    const char32_t next = static_cast<std::make_unsigned_t<wchar_t>>(in[0]);
    if (next >= 0xDC00 && next <= 0xDFFF) {
      in.remove_prefix(1);
      return 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
    }
  }
  return IsSurrogate(c) || c > 0x10FFFF ? kReplacement : c;
}

}  // namespace

std::string WideToUtf8(std::wstring_view wide) {
  std::string out;
  out.reserve(wide.size());
  while (!wide.empty()) AppendUtf8(TakeWide(wide), out);
  return out;
}

std::wstring Utf8ToWide(std::string_view utf8) {
  std::wstring out;
  out.reserve(utf8.size());
  while (!utf8.empty()) AppendWide(TakeUtf8(utf8), out);
  return out;
}

LPWSTR CoTaskMemWideString(std::wstring_view text) {
  auto* copy = static_cast<LPWSTR>(CoTaskMemAlloc((text.size() + 1) * sizeof(WCHAR)));
  if (copy == nullptr) return nullptr;
  if (!text.empty()) std::memcpy(copy, text.data(), text.size() * sizeof(WCHAR));
  copy[text.size()] = L'\0';
  return copy;
}

}  // namespace doharness
