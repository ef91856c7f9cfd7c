// The scenario language's words: a line split into tokens (bare words, quoted strings
// with escapes, the ';' between an `on` line's steps), read front to back by a Cursor,
// and what a name may be. Errors carry the column of the offending character.
#ifndef DOHARNESS_SCENARIO_INTERNAL_LEXER_H_
#define DOHARNESS_SCENARIO_INTERNAL_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace doharness::scenario::internal {

// Where and why a line could not be read: set by the readers, reported by the parser
// as file:line:col.
struct SyntaxError {
  int col = 0;
  std::string message;

  bool At(int at_col, std::string text) {
    col = at_col;
    message = std::move(text);
    return false;
  }
};

// One word of a line: a bare run of non-blank characters, a quoted string (unescaped),
// or a lone ';' (the separator of an `on` line's steps).
struct Token {
  std::string text;
  int col = 0;      // 1-based column of its first character
  int end_col = 0;  // the column just past it
  bool quoted = false;

  bool Is(std::string_view word) const { return !quoted && text == word; }
};

// Splits a line into tokens; `#` at the start of a word begins a comment. Escapes in
// quoted strings: \\ \" \n \r \t \xHH.
bool Tokenize(std::string_view line, std::vector<Token>* tokens, SyntaxError* error);

// A job or callback name: a letter or '_', then letters, digits, '_' or '-'. No '.'
// (it separates `J2.Cancel`) and none of the words that stand where names stand.
bool IsName(std::string_view text);
// NULL, pJob, self and expect stand where names stand.
bool IsReservedName(std::string_view text);

// The words of one statement, or of one step of an `on` line, read front to back.
class Cursor {
 public:
  // tokens[begin, end); `missing_col` is where a missing word would have stood.
  Cursor(const std::vector<Token>& tokens, size_t begin, size_t end, int missing_col)
      : tokens_(tokens), next_(begin), end_(end), missing_col_(missing_col) {}

  bool AtEnd() const { return next_ >= end_; }
  const Token& Peek() const { return tokens_[next_]; }
  const Token& Next() { return tokens_[next_++]; }
  int missing_col() const { return missing_col_; }

 private:
  const std::vector<Token>& tokens_;
  size_t next_;
  size_t end_;
  int missing_col_;
};

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_LEXER_H_
