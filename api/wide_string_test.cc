// UTF-8 <-> WCHAR conversions: every scalar value round trips, ill-formed input of
// either side becomes U+FFFD as the Unicode standard recommends, and CoTaskMem
// copies are NUL-terminated and freed with CoTaskMemFree. Expectations that depend
// on the width of wchar_t (UTF-32 on Linux, UTF-16 on Windows) say so.
#include "api/wide_string.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace doharness {
namespace {

constexpr bool kUtf16 = sizeof(wchar_t) == 2;

// The WCHAR string of the given code points, encoded as this platform's wchar_t.
std::wstring Wide(std::u32string_view code_points) {
  std::wstring out;
  for (const char32_t c : code_points) {
    if (kUtf16 && c >= 0x10000) {
      out += static_cast<wchar_t>(0xD800 + ((c - 0x10000) >> 10));
      out += static_cast<wchar_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      out += static_cast<wchar_t>(c);
    }
  }
  return out;
}

TEST(WideStringTest, EmptyAndAscii) {
  EXPECT_EQ(WideToUtf8(L""), "");
  EXPECT_EQ(Utf8ToWide(""), L"");
  EXPECT_EQ(WideToUtf8(L"job-1.bin"), "job-1.bin");
  EXPECT_EQ(Utf8ToWide("job-1.bin"), L"job-1.bin");
}

TEST(WideStringTest, EmbeddedNulIsKept) {
  EXPECT_EQ(WideToUtf8(std::wstring_view(L"a\0b", 3)), std::string("a\0b", 3));
  EXPECT_EQ(Utf8ToWide(std::string_view("a\0b", 3)), std::wstring(L"a\0b", 3));
}

TEST(WideStringTest, EncodesEachUtf8Length) {
  struct Case {
    char32_t code_point;
    std::string_view utf8;
  };
  for (const Case& c : {
           Case{0x7F, "\x7F"},
           Case{0x80, "\xC2\x80"},
           Case{0xE9, "\xC3\xA9"},
           Case{0x7FF, "\xDF\xBF"},
           Case{0x800, "\xE0\xA0\x80"},
           Case{0x20AC, "\xE2\x82\xAC"},
           Case{0xD7FF, "\xED\x9F\xBF"},
           Case{0xE000, "\xEE\x80\x80"},
           Case{0xFFFD, "\xEF\xBF\xBD"},
           Case{0xFFFF, "\xEF\xBF\xBF"},
           Case{0x10000, "\xF0\x90\x80\x80"},
           Case{0x1F600, "\xF0\x9F\x98\x80"},
           Case{0x10FFFF, "\xF4\x8F\xBF\xBF"},
       }) {
    const std::wstring wide = Wide(std::u32string(1, c.code_point));
    EXPECT_EQ(WideToUtf8(wide), c.utf8) << std::hex << static_cast<uint32_t>(c.code_point);
    EXPECT_EQ(Utf8ToWide(c.utf8), wide) << std::hex << static_cast<uint32_t>(c.code_point);
  }
}

TEST(WideStringTest, SupplementaryCharacterWidth) {
  // One wchar_t on UTF-32 platforms, a surrogate pair on UTF-16 ones.
  const std::wstring wide = Utf8ToWide("\xF0\x9F\x98\x80");
  if constexpr (kUtf16) {
    EXPECT_EQ(wide, std::wstring({static_cast<wchar_t>(0xD83D), static_cast<wchar_t>(0xDE00)}));
  } else {
    EXPECT_EQ(wide, std::wstring(1, static_cast<wchar_t>(0x1F600)));
  }
}

TEST(WideStringTest, EveryScalarValueRoundTrips) {
  std::u32string all;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c < 0xD800 || c > 0xDFFF) all += c;
  }
  const std::wstring wide = Wide(all);
  const std::string utf8 = WideToUtf8(wide);
  // 128 one-byte, 1920 two-byte, 61440 three-byte (the BMP less surrogates) and
  // 1048576 four-byte sequences.
  EXPECT_EQ(utf8.size(), 128u + 1920u * 2 + 61440u * 3 + 1048576u * 4);
  EXPECT_EQ(Utf8ToWide(utf8), wide);
}

// Ill-formed UTF-8, with one U+FFFD per maximal subpart (Unicode section 3.9).
TEST(WideStringTest, IllFormedUtf8BecomesReplacementCharacters) {
  constexpr char32_t R = 0xFFFD;
  struct Case {
    std::string_view utf8;
    std::u32string expected;
  };
  for (const Case& c : {
           Case{"\x80", {R}},                        // lone continuation byte
           Case{"\xBF\x80", {R, R}},                 // two of them
           Case{"\xC0\x80", {R, R}},                 // overlong NUL
           Case{"\xC1\xBF", {R, R}},                 // overlong U+007F
           Case{"\xE0\x80\x80", {R, R, R}},          // overlong three-byte
           Case{"\xE0\x9F\xBF", {R, R, R}},          // overlong U+07FF
           Case{"\xED\xA0\x80", {R, R, R}},          // surrogate U+D800
           Case{"\xED\xBF\xBF", {R, R, R}},          // surrogate U+DFFF
           Case{"\xF0\x80\x80\x80", {R, R, R, R}},   // overlong four-byte
           Case{"\xF0\x8F\xBF\xBF", {R, R, R, R}},   // overlong U+FFFF
           Case{"\xF4\x90\x80\x80", {R, R, R, R}},   // U+110000
           Case{"\xF5\x80\x80\x80", {R, R, R, R}},   // lead byte past F4
           Case{"\xFE", {R}},                        // never in UTF-8
           Case{"\xFF", {R}},                        // nor this
           Case{"\xC3", {R}},                        // two-byte, truncated
           Case{"\xE2\x82", {R}},                    // three-byte, truncated
           Case{"\xF0\x9F\x98", {R}},                // four-byte, truncated
           Case{"\xC3x", {R, U'x'}},                 // two-byte, cut by ASCII
           Case{"\xE2\x82x", {R, U'x'}},             // three-byte, cut by ASCII
           Case{"\xF0\x9F\x98\xC3\xA9", {R, 0xE9}},  // four-byte, cut by a lead
           Case{"a\xF1\x80\x80\xE1\x80\xC2"
                "b\x80"
                "c\x80\xBF"
                "d",  // Unicode table 3-8
                {U'a', R, R, R, U'b', R, U'c', R, R, U'd'}},
       }) {
    EXPECT_EQ(Utf8ToWide(c.utf8), Wide(c.expected)) << testing::PrintToString(c.utf8);
  }
}

TEST(WideStringTest, IllFormedWideBecomesReplacementCharacters) {
  const std::string replacement = "\xEF\xBF\xBD";
  // A lone surrogate is ill-formed in both encodings.
  EXPECT_EQ(WideToUtf8(std::wstring(1, static_cast<wchar_t>(0xD800))), replacement);
  EXPECT_EQ(WideToUtf8(std::wstring(1, static_cast<wchar_t>(0xDFFF))), replacement);
  EXPECT_EQ(WideToUtf8(std::wstring({L'a', static_cast<wchar_t>(0xDC00), L'b'})),
            "a" + replacement + "b");
  if constexpr (kUtf16) {
    // A high surrogate not followed by a low one; a low one first.
    EXPECT_EQ(WideToUtf8(std::wstring({static_cast<wchar_t>(0xD83D), L'x'})), replacement + "x");
    EXPECT_EQ(
        WideToUtf8(std::wstring({static_cast<wchar_t>(0xDE00), static_cast<wchar_t>(0xD83D)})),
        replacement + replacement);
  } else {
    // UTF-32 has no pairs: each surrogate is one ill-formed unit.
    EXPECT_EQ(
        WideToUtf8(std::wstring({static_cast<wchar_t>(0xD83D), static_cast<wchar_t>(0xDE00)})),
        replacement + replacement);
    // Beyond U+10FFFF, and negative (wchar_t is signed here).
    EXPECT_EQ(WideToUtf8(std::wstring(1, static_cast<wchar_t>(0x110000))), replacement);
    EXPECT_EQ(WideToUtf8(std::wstring(1, static_cast<wchar_t>(0x7FFFFFFF))), replacement);
    EXPECT_EQ(WideToUtf8(std::wstring(1, static_cast<wchar_t>(-1))), replacement);
  }
}

TEST(WideStringTest, CoTaskMemCopyIsTerminated) {
  LPWSTR copy = CoTaskMemWideString(L"C:\\Downloads\\a.bin");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(std::wstring(copy), L"C:\\Downloads\\a.bin");
  CoTaskMemFree(copy);
}

TEST(WideStringTest, CoTaskMemCopyOfEmptyIsEmptyString) {
  LPWSTR copy = CoTaskMemWideString(L"");
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(copy[0], L'\0');
  CoTaskMemFree(copy);
}

TEST(WideStringTest, CoTaskMemCopyKeepsEmbeddedNul) {
  LPWSTR copy = CoTaskMemWideString(std::wstring_view(L"a\0b", 3));
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(std::wstring(copy, 4), std::wstring(L"a\0b\0", 4));
  CoTaskMemFree(copy);
}

TEST(WideStringTest, CoTaskMemCopyOfUtf8RoundTrips) {
  LPWSTR copy = CoTaskMemWideString(Utf8ToWide("Caf\xC3\xA9 \xF0\x9F\x98\x80"));
  ASSERT_NE(copy, nullptr);
  EXPECT_EQ(WideToUtf8(copy), "Caf\xC3\xA9 \xF0\x9F\x98\x80");
  CoTaskMemFree(copy);
}

}  // namespace
}  // namespace doharness
