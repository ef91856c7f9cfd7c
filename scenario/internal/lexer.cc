#include "scenario/internal/lexer.h"

#include <utility>

#include "api/user_text.h"

namespace doharness::scenario::internal {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads the string that starts with the quote at line[*i]; leaves *i past its end.
bool ReadQuoted(std::string_view line, size_t* i, std::string* text,
    SyntaxError* error) {
  const int open_col = static_cast<int>(*i) + 1;
  ++*i;
  while (*i < line.size()) {
    const char c = line[*i];
    if (c == '"') {
      ++*i;
      return true;
    }
    if (c != '\\') {
      *text += c;
      ++*i;
      continue;
    }
    const int escape_col = static_cast<int>(*i) + 1;
    if (*i + 1 >= line.size()) break;
    const char e = line[*i + 1];
    *i += 2;
    switch (e) {
      case '\\': *text += '\\'; break;
      case '"': *text += '"'; break;
      case 'n': *text += '\n'; break;
      case 'r': *text += '\r'; break;
      case 't': *text += '\t'; break;
      case 'x': {
        const auto hex = [](char h) {
          if (IsDigit(h)) return h - '0';
          if (h >= 'a' && h <= 'f') return h - 'a' + 10;
          if (h >= 'A' && h <= 'F') return h - 'A' + 10;
          return -1;
        };
        const int high = *i < line.size() ? hex(line[*i]) : -1;
        const int low = *i + 1 < line.size() ? hex(line[*i + 1]) : -1;
        if (high < 0 || low < 0) {
          return error->At(escape_col, "'\\x' needs two hex digits");
        }
        *text += static_cast<char>(high * 16 + low);
        *i += 2;
        break;
      }
      default:
        return error->At(escape_col, "unknown escape " + Excerpt(std::string("\\") + e) +
                                    " (known: \\\\ \\\" \\n \\r \\t \\xHH)");
    }
  }
  return error->At(open_col, "unterminated string");
}

}  // namespace

bool Tokenize(std::string_view line, std::vector<Token>* tokens,
    SyntaxError* error) {
  size_t i = 0;
  while (i < line.size()) {
    if (IsBlank(line[i])) {
      ++i;
      continue;
    }
    if (line[i] == '#') break;
    Token token;
    token.col = static_cast<int>(i) + 1;
    if (line[i] == ';') {
      token.text = ";";
      ++i;
    } else if (line[i] == '"') {
      token.quoted = true;
      if (!ReadQuoted(line, &i, &token.text, error)) return false;
      if (i < line.size() && !IsBlank(line[i]) && line[i] != ';') {
        return error->At(static_cast<int>(i) + 1, "expected a space after the closing quote");
      }
    } else {
      while (i < line.size() && !IsBlank(line[i]) && line[i] != ';') {
        if (line[i] == '"') {
          return error->At(static_cast<int>(i) + 1,
                      "unexpected '\"' inside a word (quote the whole word)");
        }
        token.text += line[i++];
      }
    }
    token.end_col = static_cast<int>(i) + 1;
    tokens->push_back(std::move(token));
  }
  return true;
}

bool IsName(std::string_view text) {
  if (text.empty()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && (i == 0 || !(IsDigit(c) || c == '-'))) return false;
  }
  return true;
}
bool IsReservedName(std::string_view text) {
  return text == "NULL" || text == "pJob" || text == "self" || text == "expect";
}

}  // namespace doharness::scenario::internal
