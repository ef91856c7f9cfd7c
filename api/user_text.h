// The text files users write (scenario files, expected-failure lists) as the parsers
// read them, and pieces of them quoted back in one-line error messages.
#ifndef DOHARNESS_API_USER_TEXT_H_
#define DOHARNESS_API_USER_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace doharness {

// `text` without a leading UTF-8 byte order mark (EF BB BF), which Windows editors
// write and which a parser would otherwise take for part of the first word.
std::string_view WithoutByteOrderMark(std::string_view text);

// `text` in single quotes as a one-line message shows it: control characters as \xNN,
// at most `max_chars` bytes of it, then "..." when it was longer. A 10 MB line in a
// user's file gives a short message, not a 10 MB one.
std::string Excerpt(std::string_view text, size_t max_chars = 40);

}  // namespace doharness

#endif  // DOHARNESS_API_USER_TEXT_H_
