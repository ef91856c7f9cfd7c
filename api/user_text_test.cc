// WithoutByteOrderMark and Excerpt.
#include "api/user_text.h"

#include <string>

#include "gtest/gtest.h"

namespace doharness {
namespace {

TEST(WithoutByteOrderMarkTest, SkipsOnlyALeadingMark) {
  EXPECT_EQ(WithoutByteOrderMark("\xEF\xBB\xBFret.error_ok\n"), "ret.error_ok\n");
  EXPECT_EQ(WithoutByteOrderMark("ret.error_ok\n"), "ret.error_ok\n");
  EXPECT_EQ(WithoutByteOrderMark("a\xEF\xBB\xBF"), "a\xEF\xBB\xBF");
  EXPECT_EQ(WithoutByteOrderMark("\xEF\xBB"), "\xEF\xBB");
  EXPECT_EQ(WithoutByteOrderMark(""), "");
}

TEST(ExcerptTest, QuotesShortTextWhole) {
  EXPECT_EQ(Excerpt("ret.nope"), "'ret.nope'");
  EXPECT_EQ(Excerpt(""), "''");
}

TEST(ExcerptTest, ShowsControlCharactersAsHex) {
  EXPECT_EQ(Excerpt(std::string("a\tb\rc\x7F", 6)), "'a\\x09b\\x0Dc\\x7F'");
  EXPECT_EQ(Excerpt(std::string("\0", 1)), "'\\x00'");
}

TEST(ExcerptTest, CutsLongTextAtTheLimit) {
  const std::string huge(10 << 20, 'x');
  EXPECT_EQ(Excerpt(huge), "'" + std::string(40, 'x') + "...'");
  EXPECT_EQ(Excerpt(huge, 3), "'xxx...'");
  EXPECT_EQ(Excerpt("xxx", 3), "'xxx'");
}

}  // namespace
}  // namespace doharness
