// The scenario language's parser (fixtures/README.md is its manual): one pass over the
// lines, one statement a line, every name declared on an earlier line. Errors stop the
// parse at the first one, reported at the first offending word. Nothing here recurses
// on the input and every loop consumes input, so no byte string can crash or hang it.
#include "scenario/parse.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "api/names.h"
#include "api/user_text.h"
#include "conformance/rule_catalog.h"
#include "engine/fault.h"
#include "scenario/internal/lexer.h"
#include "scenario/internal/values.h"
#include "scenario/names.h"

namespace doharness::scenario {
namespace {

using internal::Cursor;
using internal::IsAllDigits;
using internal::IsName;
using internal::IsReservedName;
using internal::ParseDecimal;
using internal::SyntaxError;
using internal::Token;

// Bigger inputs are refused, so that line and column numbers fit an int.
constexpr size_t kMaxScenarioBytes = 64 << 20;
constexpr int kMaxReentrantDepth = 8;
constexpr int kMinHttpStatus = 100;
constexpr int kMaxHttpStatus = 599;

// Usage lines, quoted in "missing"/"unexpected" messages.
constexpr std::string_view kProfileUsage = "profile do|bits";
constexpr std::string_view kSeedUsage = "seed N";
constexpr std::string_view kEngineUsage =
    "engine KEY=VALUE ... (modification_order, reentrant_depth, coalesce, retry_delay, chunk, "
    "concurrency)";
constexpr std::string_view kJobUsage = "job NAME \"display name\"";
constexpr std::string_view kFileUsage = "file JOB URL LOCAL [size=SIZE] [rate=SIZE/s]";
constexpr std::string_view kCallbackUsage = "callback NAME under_test|scripted [callback2]";
constexpr std::string_view kOnUsage = "on CALLBACK METHOD[#N]: STEP; ...; return HRESULT";
constexpr std::string_view kFaultUsage =
    "fault JOB fatal|http|job_error|transient|stall|complete_fails|cancel_fails|getter_fails KEY=VALUE ...";
constexpr std::string_view kAtUsage = "at TIME JOB METHOD [ARGS] | at TIME expect ...";
constexpr std::string_view kEndUsage = "end after DURATION";
constexpr std::string_view kExpectUsage =
    "expect calls|count|state|refs|rule|survives ...";

// A key=value word of a statement: `file=0`, `size=1MiB`.
struct Option {
  std::string value;
  const Token* token = nullptr;
};
using Options = std::map<std::string, Option, std::less<>>;

class Parser {
 public:
  explicit Parser(std::string_view path) { scenario_.path = std::string(path); }

  ParseResult Parse(std::string_view text) {
    ParseResult result;
    text = WithoutByteOrderMark(text);
    if (text.size() > kMaxScenarioBytes) {
      line_ = 1;
      Fail(1, "scenario too large (" + std::to_string(text.size()) + " bytes; at most " +
                  std::to_string(kMaxScenarioBytes) + ")");
      result.error = error_;
      return result;
    }
    size_t start = 0;
    while (start <= text.size()) {
      size_t stop = text.find('\n', start);
      if (stop == std::string_view::npos) stop = text.size();
      std::string_view line = text.substr(start, stop - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_;
      if (!ParseLine(line)) {
        result.error = error_;
        return result;
      }
      start = stop + 1;
    }
    if (statements_ == 0) {
      result.error = scenario_.path + ": no statements (only blank lines and comments): nothing to run";
      return result;
    }
    result.scenario = std::move(scenario_);
    return result;
  }

 private:
  // --- errors -------------------------------------------------------------------

  bool Fail(int col, const std::string& message) {
    error_ = scenario_.path + ":" + std::to_string(line_) + ":" + std::to_string(col) + ": " +
             message;
    return false;
  }
  bool Missing(const Cursor& words, std::string_view what, std::string_view usage) {
    return Fail(words.missing_col(),
                "missing " + std::string(what) + "; usage: " + std::string(usage));
  }
  // The statement (or step) must end here.
  bool NoMore(Cursor& words, std::string_view usage) {
    if (words.AtEnd()) return true;
    const Token& extra = words.Next();
    return Fail(extra.col, "unexpected " + Excerpt(extra.text) + "; usage: " + std::string(usage));
  }
  bool Need(Cursor& words, std::string_view what, std::string_view usage, const Token** word) {
    if (words.AtEnd()) return Missing(words, what, usage);
    *word = &words.Next();
    return true;
  }


  // A new name (job or callback) at its declaration.
  bool NeedNewName(Cursor& words, std::string_view what, std::string_view usage,
                   const Token** name_word) {
    const Token* word = nullptr;
    if (!Need(words, std::string(what) + " name", usage, &word)) return false;
    if (word->quoted || !IsName(word->text)) {
      return Fail(word->col, "bad " + std::string(what) + " name " + Excerpt(word->text) +
                                 ": use letters, digits, '_' and '-', starting with a letter "
                                 "or '_'");
    }
    if (IsReservedName(word->text)) {
      return Fail(word->col, Excerpt(word->text) + " is a reserved word, not a " +
                                 std::string(what) + " name");
    }
    *name_word = word;
    return true;
  }

  // A declared job (or `*` when allowed).
  bool NeedJob(Cursor& words, std::string_view usage, bool star_allowed, std::string* job) {
    const Token* word = nullptr;
    if (!Need(words, "job", usage, &word)) return false;
    return CheckJob(*word, word->text, star_allowed, job);
  }
  bool CheckJob(const Token& word, const std::string& name, bool star_allowed,
                std::string* job) {
    if (!word.quoted && ((star_allowed && name == "*") || jobs_.count(name) != 0)) {
      *job = name;
      return true;
    }
    return Fail(word.col, "unknown job " + Excerpt(name) + " (declare it with `job` above)");
  }

  // A declared callback (or `*` when allowed).
  bool NeedCallback(Cursor& words, std::string_view usage, bool star_allowed,
                    std::string* callback) {
    const Token* word = nullptr;
    if (!Need(words, "callback", usage, &word)) return false;
    if (!word->quoted &&
        ((star_allowed && word->text == "*") || callbacks_.count(word->text) != 0)) {
      *callback = word->text;
      return true;
    }
    return Fail(word->col,
                "unknown callback " + Excerpt(word->text) + " (declare it with `callback` above)");
  }

  // Reads the rest of the words as key=value options, each key among `allowed` and at
  // most once.
  bool ReadOptions(Cursor& words, std::string_view statement,
                   const std::vector<std::string_view>& allowed, Options* options) {
    while (!words.AtEnd()) {
      const Token& word = words.Next();
      const size_t equals = word.text.find('=');
      if (word.quoted || equals == std::string::npos || equals == 0) {
        return Fail(word.col, "expected KEY=VALUE, got " + Excerpt(word.text));
      }
      const std::string key = word.text.substr(0, equals);
      bool known = false;
      std::string list;
      for (size_t i = 0; i < allowed.size(); ++i) {
        known = known || allowed[i] == key;
        list += (i == 0 ? "" : ", ") + std::string(allowed[i]);
      }
      if (!known) {
        return Fail(word.col, "unknown key " + Excerpt(key) + " for " + std::string(statement) +
                                  " (known: " + list + ")");
      }
      if (options->count(key) != 0) return Fail(word.col, "duplicate key " + Excerpt(key));
      (*options)[key] = Option{word.text.substr(equals + 1), &word};
    }
    return true;
  }
  bool RequireOption(const Options& options, const Token& statement_word,
                     std::string_view key) {
    if (options.count(key) != 0) return true;
    return Fail(statement_word.col, Excerpt(statement_word.text) + " needs " + std::string(key) +
                                        "=");
  }

  // --- values (internal/values.h), their errors at the word ---------------------

  bool Reported(bool ok) { return ok || Fail(syntax_.col, syntax_.message); }
  bool ReadInteger(const Token& word, std::string_view text, std::string_view what, int64_t min, int64_t max,
                   int64_t* value) {
    return Reported(internal::ReadInteger(word, text, what, min, max, value, &syntax_));
  }
  bool ReadInt(const Token& word, std::string_view text, std::string_view what, int min, int max, int* value) {
    return Reported(internal::ReadInt(word, text, what, min, max, value, &syntax_));
  }
  bool ReadSize(const Token& word, std::string_view text, std::string_view what, uint64_t min, uint64_t* bytes) {
    return Reported(internal::ReadSize(word, text, what, min, bytes, &syntax_));
  }
  bool ReadRate(const Token& word, std::string_view text, uint64_t* bytes_per_second) {
    return Reported(internal::ReadRate(word, text, bytes_per_second, &syntax_));
  }
  bool ReadDuration(const Token& word, std::string_view text, std::string_view what, Duration* duration) {
    return Reported(internal::ReadDuration(word, text, what, duration, &syntax_));
  }
  bool ReadHresult(const Token& word, std::string_view text, HRESULT* hr) {
    return Reported(internal::ReadHresult(word, text, hr, &syntax_));
  }
  bool ReadJobState(const Token& word, BG_JOB_STATE* state) {
    return Reported(internal::ReadJobState(word, state, &syntax_));
  }
  bool ReadNotification(const Token& word, std::string_view text, NotificationMethod* method) {
    return Reported(internal::ReadNotification(word, text, method, &syntax_));
  }

  // --- statements ---------------------------------------------------------------

  bool ParseLine(std::string_view line) {
    std::vector<Token> tokens;
    if (!Reported(internal::Tokenize(line, &tokens, &syntax_))) return false;
    if (tokens.empty()) return true;
    ++statements_;
    const Token& keyword = tokens[0];
    if (keyword.Is("on")) return ParseOn(tokens);
    Cursor words(tokens, 1, tokens.size(), tokens.back().end_col + 1);
    if (keyword.Is("profile")) return ParseProfile(keyword, words);
    if (keyword.Is("seed")) return ParseSeed(keyword, words);
    if (keyword.Is("engine")) return ParseEngine(keyword, words);
    if (keyword.Is("job")) return ParseJob(keyword, words);
    if (keyword.Is("file")) return ParseFile(keyword, words);
    if (keyword.Is("callback")) return ParseCallbackDecl(keyword, words);
    if (keyword.Is("fault")) return ParseFault(keyword, words);
    if (keyword.Is("at")) return ParseAt(keyword, words);
    if (keyword.Is("end")) return ParseEnd(keyword, words);
    if (keyword.Is("expect")) {
      Expectation expectation;
      if (!ParseExpectation(keyword, words, &expectation)) return false;
      scenario_.expectations.push_back(std::move(expectation));
      return true;
    }
    return Fail(keyword.col, "unknown statement " + Excerpt(keyword.text) +
                                 " (profile, seed, engine, job, file, callback, on, fault, at, "
                                 "end or expect)");
  }

  SourcePos Pos(const Token& word) const { return SourcePos{line_, word.col}; }

  // The engine settings' position is that of their first statement.
  void NoteEngineStatement(const Token& keyword) {
    if (scenario_.engine.pos.line == 0) scenario_.engine.pos = Pos(keyword);
  }

  // A statement that may appear once: `first_line` holds the line of the first one.
  bool Once(const Token& keyword, int* first_line) {
    if (*first_line != 0) {
      return Fail(keyword.col, "second " + Excerpt(keyword.text) + " statement (the first is on line " +
                                   std::to_string(*first_line) + ")");
    }
    *first_line = line_;
    return true;
  }

  bool ParseProfile(const Token& keyword, Cursor& words) {
    if (!Once(keyword, &profile_line_)) return false;
    const Token* name = nullptr;
    if (!Need(words, "profile name", kProfileUsage, &name)) return false;
    if (!name->Is("do") && !name->Is("bits")) {
      return Fail(name->col, "unknown profile " + Excerpt(name->text) + " (do or bits)");
    }
    if (!NoMore(words, kProfileUsage)) return false;
    NoteEngineStatement(keyword);
    scenario_.engine.profile = name->text;
    return true;
  }

  bool ParseSeed(const Token& keyword, Cursor& words) {
    if (!Once(keyword, &seed_line_)) return false;
    const Token* number = nullptr;
    if (!Need(words, "seed", kSeedUsage, &number)) return false;
    const std::optional<uint64_t> seed = number->quoted ? std::nullopt : ParseDecimal(number->text);
    if (!seed) {
      return Fail(number->col, IsAllDigits(number->text)
                                   ? "seed " + Excerpt(number->text) + " out of range (0.." +
                                         std::to_string(std::numeric_limits<uint64_t>::max()) + ")"
                                   : "bad seed " + Excerpt(number->text) + ": expected a whole number");
    }
    if (!NoMore(words, kSeedUsage)) return false;
    NoteEngineStatement(keyword);
    scenario_.engine.seed = *seed;
    return true;
  }

  bool ParseEngine(const Token& keyword, Cursor& words) {
    if (words.AtEnd()) return Missing(words, "setting", kEngineUsage);
    Options options;
    if (!ReadOptions(words, "engine",
                     {"modification_order", "reentrant_depth", "coalesce", "retry_delay", "chunk",
                      "concurrency"},
                     &options)) {
      return false;
    }
    // Checked in the order written, so that the first bad word is the one reported.
    std::vector<std::pair<std::string, const Option*>> written;
    for (const auto& [key, option] : options) written.emplace_back(key, &option);
    std::sort(written.begin(), written.end(),
              [](const auto& a, const auto& b) { return a.second->token->col < b.second->token->col; });
    EngineSettings& engine = scenario_.engine;
    for (const auto& [key, option_ptr] : written) {
      const Option& option = *option_ptr;
      const Token& word = *option.token;
      if (const auto first = engine_keys_.find(key); first != engine_keys_.end()) {
        return Fail(word.col, "engine setting " + Excerpt(key) + " already set on line " +
                                  std::to_string(first->second));
      }
      engine_keys_[key] = line_;
      bool ok = true;
      if (key == "modification_order") {
        if (option.value == "raise") {
          engine.modification_order = ModificationOrder::kRaiseOrder;
        } else if (option.value == "seeded") {
          engine.modification_order = ModificationOrder::kSeeded;
        } else {
          ok = Fail(word.col, "bad modification_order " + Excerpt(option.value) + " (raise or seeded)");
        }
      } else if (key == "reentrant_depth") {
        ok = ReadInt(word, option.value, "reentrant_depth", 0, kMaxReentrantDepth,
                     &engine.reentrant_modification_depth);
      } else if (key == "coalesce") {
        if (option.value == "on" || option.value == "off") {
          engine.coalesce_modifications = option.value == "on";
        } else {
          ok = Fail(word.col, "bad coalesce " + Excerpt(option.value) + " (on or off)");
        }
      } else if (key == "retry_delay") {
        ok = ReadDuration(word, option.value, "retry_delay", &engine.retry_delay);
      } else if (key == "chunk") {
        ok = ReadSize(word, option.value, "chunk", 1, &engine.chunk_bytes);
      } else {
        ok = ReadInt(word, option.value, "concurrency", 1, 4, &engine.concurrency_limit);
      }
      if (!ok) return false;
    }
    NoteEngineStatement(keyword);
    return true;
  }

  bool ParseJob(const Token& keyword, Cursor& words) {
    JobDecl job;
    job.pos = Pos(keyword);
    const Token* name = nullptr;
    if (!NeedNewName(words, "job", kJobUsage, &name)) return false;
    job.name = name->text;
    if (const auto first = jobs_.find(job.name); first != jobs_.end()) {
      return Fail(name->col, "duplicate job " + Excerpt(job.name) + " (first declared on line " +
                                       std::to_string(scenario_.jobs[first->second].pos.line) + ")");
    }
    const Token* display = nullptr;
    if (!Need(words, "display name", kJobUsage, &display)) return false;
    if (!display->quoted) {
      return Fail(display->col, "expected a quoted display name, got " + Excerpt(display->text));
    }
    if (!NoMore(words, kJobUsage)) return false;
    job.display_name = display->text;
    jobs_[job.name] = scenario_.jobs.size();
    scenario_.jobs.push_back(std::move(job));
    return true;
  }

  // URL LOCAL [size=SIZE] [rate=SIZE/s]: the words of `file` after JOB, and of AddFile.
  bool ReadFileWords(Cursor& words, std::string_view usage, FileDecl* file) {
    const Token* url = nullptr;
    const Token* local = nullptr;
    if (!Need(words, "URL", usage, &url) || !NeedPath(*url) ||
        !Need(words, "local name", usage, &local) || !NeedPath(*local)) {
      return false;
    }
    file->remote_url = url->text;
    file->local_name = local->text;
    Options options;
    if (!ReadOptions(words, "a file", {"size", "rate"}, &options)) return false;
    if (const auto size = options.find("size"); size != options.end()) {
      if (!ReadSize(*size->second.token, size->second.value, "size", 0, &file->size)) return false;
    }
    if (const auto rate = options.find("rate"); rate != options.end()) {
      if (!ReadRate(*rate->second.token, rate->second.value, &file->bytes_per_second)) return false;
    }
    return true;
  }
  // A URL or local name: a bare `;` is the step separator, not a path.
  bool NeedPath(const Token& word) {
    if (word.Is(";")) return Fail(word.col, "expected a URL or a file name, got ';'");
    return true;
  }

  bool ParseFile(const Token& keyword, Cursor& words) {
    FileDecl file;
    file.pos = Pos(keyword);
    if (!NeedJob(words, kFileUsage, false, &file.job) || !ReadFileWords(words, kFileUsage, &file)) {
      return false;
    }
    scenario_.jobs[jobs_.at(file.job)].files.push_back(std::move(file));
    return true;
  }

  bool ParseCallbackDecl(const Token& keyword, Cursor& words) {
    CallbackDecl callback;
    callback.pos = Pos(keyword);
    const Token* name = nullptr;
    if (!NeedNewName(words, "callback", kCallbackUsage, &name)) return false;
    callback.name = name->text;
    if (const auto first = callbacks_.find(callback.name); first != callbacks_.end()) {
      return Fail(name->col,
                  "duplicate callback " + Excerpt(callback.name) + " (first declared on line " +
                      std::to_string(scenario_.callbacks[first->second].pos.line) + ")");
    }
    const Token* kind = nullptr;
    if (!Need(words, "callback kind", kCallbackUsage, &kind)) return false;
    if (kind->Is("under_test")) {
      if (under_test_line_ != 0) {
        return Fail(kind->col, "second under_test callback (the first is on line " +
                                   std::to_string(under_test_line_) + ")");
      }
      under_test_line_ = line_;
      callback.kind = CallbackDecl::Kind::kUnderTest;
    } else if (kind->Is("scripted")) {
      callback.kind = CallbackDecl::Kind::kScripted;
      if (!words.AtEnd() && words.Peek().Is("callback2")) {
        words.Next();
        callback.callback2 = true;
      }
    } else {
      return Fail(kind->col, "unknown callback kind " + Excerpt(kind->text) +
                                 " (under_test or scripted)");
    }
    if (!NoMore(words, kCallbackUsage)) return false;
    callbacks_[callback.name] = scenario_.callbacks.size();
    scenario_.callbacks.push_back(std::move(callback));
    return true;
  }

  // METHOD [ARGS]: the arguments of a job method, after its name.
  bool ReadJobCall(const Token& method_word, std::string_view method_name, Cursor& words,
                   std::string_view usage, JobCall* call) {
    const std::optional<JobCall::Method> method = method_word.quoted ? std::nullopt : JobMethodNamed(method_name);
    if (!method) {
      return Fail(method_word.col,
                  "unknown job method " + Excerpt(method_name) +
                      " (Resume, Suspend, Cancel, Complete, SetNotifyFlags, SetNotifyInterface, "
                      "AddFile, GetState, GetProgress or GetError)");
    }
    call->method = *method;
    switch (call->method) {
      case JobCall::Method::kSetNotifyFlags: {
        const Token* flags = nullptr;
        if (!Need(words, "notify flags", "SetNotifyFlags FLAGS", &flags)) return false;
        const std::optional<ULONG> parsed = flags->quoted ? std::nullopt : ParseNotifyFlags(flags->text);
        if (!parsed) {
          return Fail(flags->col, "bad notify flags " + Excerpt(flags->text) +
                                      " (a number such as 0x0B, or names such as "
                                      "TRANSFERRED|ERROR|MODIFICATION)");
        }
        call->flags = *parsed;
        return NoMore(words, "SetNotifyFlags FLAGS");
      }
      case JobCall::Method::kSetNotifyInterface: {
        constexpr std::string_view kUsage = "SetNotifyInterface CALLBACK|NULL";
        if (!words.AtEnd() && words.Peek().Is("NULL")) {
          words.Next();
          call->callback.clear();
        } else if (!NeedCallback(words, kUsage, false, &call->callback)) {
          return false;
        }
        return NoMore(words, kUsage);
      }
      case JobCall::Method::kAddFile:
        return ReadFileWords(words, "AddFile URL LOCAL [size=SIZE] [rate=SIZE/s]", &call->file);
      default:
        return NoMore(words, usage);
    }
  }

  // on CALLBACK METHOD[#N]: STEP; STEP; return HRESULT
  bool ParseOn(const std::vector<Token>& tokens) {
    Behaviour behaviour;
    behaviour.pos = Pos(tokens[0]);
    Cursor head(tokens, 1, tokens.size(), tokens.back().end_col + 1);
    if (!NeedCallback(head, kOnUsage, false, &behaviour.callback)) return false;
    const CallbackDecl& callback = scenario_.callbacks[callbacks_.at(behaviour.callback)];
    if (callback.kind == CallbackDecl::Kind::kUnderTest) {
      return Fail(tokens[1].col, "callback " + Excerpt(callback.name) +
                                     " is under_test: only scripted callbacks have `on` lines");
    }
    const Token* method_word = nullptr;
    if (!Need(head, "notification method", kOnUsage, &method_word)) return false;
    std::string_view method_text = method_word->text;
    size_t body = 3;
    if (!method_word->quoted && !method_text.empty() && method_text.back() == ':') {
      method_text.remove_suffix(1);
    } else if (tokens.size() > 3 && tokens[3].Is(":")) {
      body = 4;
    } else {
      return Fail(method_word->end_col, "expected ':' after the notification method; usage: " +
                                            std::string(kOnUsage));
    }
    const size_t hash = method_text.find('#');
    if (!ReadNotification(*method_word, method_text.substr(0, hash), &behaviour.method)) {
      return false;
    }
    if (hash != std::string_view::npos &&
        !ReadInt(*method_word, method_text.substr(hash + 1), "call number #N", 1,
                 std::numeric_limits<int>::max(), &behaviour.nth)) {
      return false;
    }
    if (behaviour.method == NotificationMethod::kFileTransferred && !callback.callback2) {
      return Fail(method_word->col, "callback " + Excerpt(callback.name) +
                                        " never gets FileTransferred: declare it `scripted "
                                        "callback2`");
    }
    const auto key = std::make_tuple(behaviour.callback, static_cast<int>(behaviour.method),
                                     behaviour.nth);
    if (const auto first = behaviours_.find(key); first != behaviours_.end()) {
      return Fail(method_word->col, "second `on` line for this callback and method (the first is "
                                    "on line " + std::to_string(first->second) + ")");
    }
    if (!ParseSteps(tokens, body, &behaviour)) return false;
    behaviours_[key] = line_;
    scenario_.behaviours.push_back(std::move(behaviour));
    return true;
  }

  // The steps of an `on` line, from tokens[begin]: separated by ';', `return` last.
  bool ParseSteps(const std::vector<Token>& tokens, size_t begin, Behaviour* behaviour) {
    bool returned = false;
    size_t start = begin;
    while (start < tokens.size()) {
      size_t stop = start;
      while (stop < tokens.size() && !tokens[stop].Is(";")) ++stop;
      if (stop == start) return Fail(tokens[stop].col, "empty step");
      const int missing_col = stop < tokens.size() ? tokens[stop].col : tokens[stop - 1].end_col + 1;
      Cursor words(tokens, start, stop, missing_col);
      const Token& first = words.Next();
      if (returned) return Fail(first.col, "nothing may follow `return`");
      if (first.Is("return")) {
        const Token* hr = nullptr;
        if (!Need(words, "HRESULT", "return HRESULT", &hr) ||
            !ReadHresult(*hr, hr->text, &behaviour->result) || !NoMore(words, "return HRESULT")) {
          return false;
        }
        returned = true;
      } else {
        Step step;
        if (!ParseStep(first, words, &step)) return false;
        behaviour->steps.push_back(std::move(step));
      }
      if (stop == tokens.size()) break;
      start = stop + 1;
      if (start == tokens.size()) return Fail(tokens[stop].col, "empty step after ';'");
    }
    return true;
  }

  bool ParseStep(const Token& first, Cursor& words, Step* step) {
    step->pos = Pos(first);
    if (first.Is("AddRef") || first.Is("Release")) {
      const bool add = first.text == "AddRef";
      const std::string usage = first.text + " pJob|self";
      const Token* target = nullptr;
      if (!Need(words, "pJob or self", usage, &target)) return false;
      if (target->Is("pJob")) {
        step->kind = add ? Step::Kind::kAddRefJob : Step::Kind::kReleaseJob;
      } else if (target->Is("self")) {
        step->kind = add ? Step::Kind::kAddRefSelf : Step::Kind::kReleaseSelf;
      } else {
        return Fail(target->col, "expected pJob or self, got " + Excerpt(target->text));
      }
      return NoMore(words, usage);
    }
    step->kind = Step::Kind::kCallJob;
    std::string_view method = first.text;
    // JOB.METHOD calls another job's method; METHOD alone calls pJob's.
    if (const size_t dot = method.find('.'); !first.quoted && dot != std::string_view::npos) {
      if (!CheckJob(first, std::string(method.substr(0, dot)), false, &step->on_job)) return false;
      method.remove_prefix(dot + 1);
    }
    return ReadJobCall(first, method, words, "METHOD [ARGS]", &step->call);
  }

  bool ParseFault(const Token& keyword, Cursor& words) {
    FaultDecl decl;
    decl.pos = Pos(keyword);
    if (!NeedJob(words, kFaultUsage, false, &decl.job)) return false;
    const Token* kind = nullptr;
    if (!Need(words, "fault kind", kFaultUsage, &kind)) return false;
    const std::string& k = kind->text;
    std::vector<std::string_view> allowed;
    std::vector<std::string_view> required;
    if (kind->quoted) {
    } else if (k == "fatal") {
      allowed = {"file", "at", "code", "context"};
      required = {"file", "at", "code"};
    } else if (k == "http") {
      allowed = required = {"file", "at", "status"};
    } else if (k == "job_error") {
      allowed = {"code", "context"};
      required = {"code"};
    } else if (k == "transient") {
      allowed = required = {"file", "at", "code", "for"};
    } else if (k == "stall") {
      allowed = required = {"file", "at", "for"};
    } else if (k == "complete_fails" || k == "cancel_fails") {
      allowed = {"code", "times"};
      required = {"code"};
    } else if (k == "getter_fails") {
      allowed = {"method", "code", "times"};
      required = {"method", "code"};
    }
    if (allowed.empty()) {
      return Fail(kind->col, "unknown fault kind " + Excerpt(k) +
                                 " (fatal, http, job_error, transient, stall, complete_fails, "
                                 "cancel_fails or getter_fails)");
    }
    Options options;
    if (!ReadOptions(words, "fault " + k, allowed, &options)) return false;
    for (std::string_view key : required) {
      if (!RequireOption(options, *kind, key)) return false;
    }
    const JobDecl& job = scenario_.jobs[jobs_.at(decl.job)];
    int file_index = 0;
    uint64_t at_byte = 0;
    HRESULT code = E_FAIL;
    Duration duration{0};
    int times = 1;
    int status = 0;
    if (const auto file = options.find("file"); file != options.end()) {
      const Token& word = *file->second.token;
      if (job.files.empty()) {
        return Fail(word.col, "job " + Excerpt(job.name) + " has no file yet (declare its `file` "
                                                         "lines before its faults)");
      }
      if (!ReadInt(word, file->second.value, "file index", 0,
                   static_cast<int>(job.files.size()) - 1, &file_index)) {
        return false;
      }
    }
    if (const auto at = options.find("at"); at != options.end()) {
      const Token& word = *at->second.token;
      if (!ReadSize(word, at->second.value, "at", 0, &at_byte)) return false;
      const uint64_t size = job.files[static_cast<size_t>(file_index)].size;
      if (at_byte > size) {
        return Fail(word.col, "at=" + at->second.value + " is past the end of file " +
                                  std::to_string(file_index) + " of " + Excerpt(job.name) + " (" +
                                  std::to_string(size) + " bytes)");
      }
    }
    if (const auto c = options.find("code"); c != options.end()) {
      if (!ReadHresult(*c->second.token, c->second.value, &code)) return false;
    }
    if (const auto s = options.find("status"); s != options.end()) {
      if (!ReadInt(*s->second.token, s->second.value, "HTTP status", kMinHttpStatus,
                   kMaxHttpStatus, &status)) {
        return false;
      }
    }
    if (const auto f = options.find("for"); f != options.end()) {
      if (!ReadDuration(*f->second.token, f->second.value, "for", &duration)) return false;
      if (duration.count() == 0) return Fail(f->second.token->col, "for= must be more than 0");
    }
    if (const auto t = options.find("times"); t != options.end()) {
      if (!ReadInt(*t->second.token, t->second.value, "times", 1,
                   std::numeric_limits<int>::max(), &times)) {
        return false;
      }
    }
    std::string_view method;
    if (const auto m = options.find("method"); m != options.end()) {
      method = m->second.value;
      if (!Fault::IsGetter(method)) {
        return Fail(m->second.token->col, "unknown getter " + Excerpt(method) +
                                              " (such as GetState, File.GetLocalName or Error.GetErrorDescription)");
      }
    }
    std::optional<BG_ERROR_CONTEXT> context;
    if (const auto c = options.find("context"); c != options.end()) {
      context = ParseErrorContext(c->second.value);
      if (!context) {
        return Fail(c->second.token->col, "unknown error context " + Excerpt(c->second.value) +
                                              " (such as REMOTE_FILE or GENERAL_TRANSPORT)");
      }
    }
    if (k == "fatal") {
      decl.fault = Fault::FatalAt(file_index, at_byte, code,
                                  context.value_or(BG_ERROR_CONTEXT_REMOTE_FILE));
    } else if (k == "http") {
      decl.fault = Fault::HttpStatusAt(file_index, at_byte, status);
    } else if (k == "job_error") {
      decl.fault = Fault::JobError(code, context.value_or(BG_ERROR_CONTEXT_GENERAL_TRANSPORT));
    } else if (k == "transient") {
      decl.fault = Fault::TransientAt(file_index, at_byte, code, duration);
    } else if (k == "stall") {
      decl.fault = Fault::StallAt(file_index, at_byte, duration);
    } else if (k == "complete_fails") {
      decl.fault = Fault::CompleteFails(code, times);
    } else if (k == "cancel_fails") {
      decl.fault = Fault::CancelFails(code, times);
    } else {
      decl.fault = Fault::GetterFails(method, code, times);
    }
    scenario_.faults.push_back(std::move(decl));
    return true;
  }

  bool ParseAt(const Token& keyword, Cursor& words) {
    TimedAction action;
    action.pos = Pos(keyword);
    const Token* time = nullptr;
    if (!Need(words, "time", kAtUsage, &time) || !ReadDuration(*time, time->text, "time", &action.at)) {
      return false;
    }
    if (last_at_line_ != 0 && action.at < last_at_) {
      return Fail(time->col, "`at " + time->text + "` goes back in time (line " +
                                 std::to_string(last_at_line_) + " is at " + last_at_text_ + ")");
    }
    if (!words.AtEnd() && words.Peek().Is("expect")) {
      Expectation expectation;
      if (!ParseExpectation(words.Next(), words, &expectation)) return false;
      expectation.pos = action.pos;
      action.expect = std::move(expectation);
    } else {
      const Token* method = nullptr;
      if (!NeedJob(words, kAtUsage, false, &action.job) ||
          !Need(words, "job method", kAtUsage, &method) ||
          !ReadJobCall(*method, method->text, words, kAtUsage, &action.call)) {
        return false;
      }
    }
    last_at_ = action.at;
    last_at_line_ = line_;
    last_at_text_ = time->text;
    scenario_.timeline.push_back(std::move(action));
    return true;
  }

  bool ParseEnd(const Token& keyword, Cursor& words) {
    if (!Once(keyword, &end_line_)) return false;
    const Token* after = nullptr;
    const Token* limit = nullptr;
    if (!Need(words, "'after'", kEndUsage, &after)) return false;
    if (!after->Is("after")) return Fail(after->col, "expected 'after', got " + Excerpt(after->text));
    if (!Need(words, "duration", kEndUsage, &limit) ||
        !ReadDuration(*limit, limit->text, "duration", &scenario_.end_after)) {
      return false;
    }
    return NoMore(words, kEndUsage);
  }

  // The words after `expect`.
  bool ParseExpectation(const Token& keyword, Cursor& words, Expectation* e) {
    e->pos = Pos(keyword);
    const Token* kind = nullptr;
    if (!Need(words, "expectation kind", kExpectUsage, &kind)) return false;
    if (kind->Is("calls")) return ParseCallsExpectation(words, e);
    if (kind->Is("count")) {
      constexpr std::string_view kUsage = "expect count CALLBACK|* JOB|* METHOD OP N";
      e->kind = Expectation::Kind::kCount;
      const Token* method = nullptr;
      const Token* op = nullptr;
      const Token* number = nullptr;
      if (!NeedCallback(words, kUsage, true, &e->callback) ||
          !NeedJob(words, kUsage, true, &e->job) || !Need(words, "method", kUsage, &method) ||
          !ReadNotification(*method, method->text, &e->method) ||
          !Need(words, "comparison", kUsage, &op)) {
        return false;
      }
      const std::optional<Expectation::Op> comparison = op->quoted ? std::nullopt : ComparisonNamed(op->text);
      if (!comparison) return Fail(op->col, "unknown comparison " + Excerpt(op->text) + " (== != < <= > >=)");
      e->op = *comparison;
      if (!Need(words, "count", kUsage, &number) ||
          !ReadInteger(*number, number->text, "count", 0, std::numeric_limits<int64_t>::max(),
                       &e->number)) {
        return false;
      }
      return NoMore(words, kUsage);
    }
    if (kind->Is("state")) {
      constexpr std::string_view kUsage = "expect state JOB STATE";
      e->kind = Expectation::Kind::kState;
      const Token* state = nullptr;
      if (!NeedJob(words, kUsage, false, &e->job) || !Need(words, "job state", kUsage, &state) ||
          !ReadJobState(*state, &e->state)) {
        return false;
      }
      return NoMore(words, kUsage);
    }
    if (kind->Is("refs")) {
      constexpr std::string_view kUsage = "expect refs CALLBACK N";
      e->kind = Expectation::Kind::kRefs;
      const Token* number = nullptr;
      if (!NeedCallback(words, kUsage, false, &e->callback) ||
          !Need(words, "reference count", kUsage, &number) ||
          !ReadInteger(*number, number->text, "reference count", 0,
                       std::numeric_limits<uint32_t>::max(), &e->number)) {
        return false;
      }
      return NoMore(words, kUsage);
    }
    if (kind->Is("rule")) {
      constexpr std::string_view kUsage = "expect rule RULE_ID";
      e->kind = Expectation::Kind::kRule;
      const Token* id = nullptr;
      if (!Need(words, "rule id", kUsage, &id)) return false;
      if (id->quoted || conformance::FindRule(id->text) == nullptr) {
        return Fail(id->col, "unknown rule " + Excerpt(id->text) + " (see conformance/rules.md)");
      }
      e->rule = id->text;
      return NoMore(words, kUsage);
    }
    if (kind->Is("survives")) {
      e->kind = Expectation::Kind::kSurvives;
      return NoMore(words, "expect survives");
    }
    return Fail(kind->col, "unknown expectation " + Excerpt(kind->text) +
                               " (calls, count, state, refs, rule or survives)");
  }

  // expect calls CALLBACK|* JOB|* order|exactly|set METHOD[=HRESULT] ...
  bool ParseCallsExpectation(Cursor& words, Expectation* e) {
    constexpr std::string_view kUsage =
        "expect calls CALLBACK|* JOB|* order|exactly|set METHOD[=HRESULT] ...";
    const Token* mode = nullptr;
    if (!NeedCallback(words, kUsage, true, &e->callback) ||
        !NeedJob(words, kUsage, true, &e->job) || !Need(words, "order, exactly or set", kUsage, &mode)) {
      return false;
    }
    if (mode->Is("order")) {
      e->kind = Expectation::Kind::kCallsOrder;
    } else if (mode->Is("exactly")) {
      e->kind = Expectation::Kind::kCallsExactly;
    } else if (mode->Is("set")) {
      e->kind = Expectation::Kind::kCallsSet;
    } else {
      return Fail(mode->col, "expected order, exactly or set, got " + Excerpt(mode->text));
    }
    // `exactly` with no calls says there are none; order and set need one.
    if (words.AtEnd() && e->kind != Expectation::Kind::kCallsExactly) {
      return Missing(words, "call", kUsage);
    }
    while (!words.AtEnd()) {
      const Token& word = words.Next();
      const std::string_view text = word.text;
      const size_t equals = text.find('=');
      CallPattern pattern;
      if (!ReadNotification(word, text.substr(0, equals), &pattern.method)) return false;
      if (equals != std::string_view::npos) {
        HRESULT hr = S_OK;
        if (!ReadHresult(word, text.substr(equals + 1), &hr)) return false;
        pattern.result = hr;
      }
      e->calls.push_back(pattern);
    }
    return true;
  }

  Scenario scenario_;
  std::string error_;
  SyntaxError syntax_;  // of the last word or value read
  int line_ = 0;
  int statements_ = 0;
  std::map<std::string, size_t, std::less<>> jobs_;       // name -> index in scenario_.jobs
  std::map<std::string, size_t, std::less<>> callbacks_;  // name -> index in scenario_.callbacks
  std::map<std::tuple<std::string, int, int>, int> behaviours_;  // (callback, method, nth) -> line
  std::map<std::string, int, std::less<>> engine_keys_;          // engine key -> line
  int profile_line_ = 0;
  int seed_line_ = 0;
  int end_line_ = 0;
  int under_test_line_ = 0;
  Duration last_at_{0};
  int last_at_line_ = 0;
  std::string last_at_text_;
};

}  // namespace

ParseResult ParseScenario(std::string_view text, std::string_view path) {
  return Parser(path).Parse(text);
}

ParseResult ParseScenarioFile(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    ParseResult result;
    result.error = path + ": is a directory, not a scenario file";
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    ParseResult result;
    result.error = path + ": cannot read: " + std::strerror(errno);
    return result;
  }
  return ParseScenario(text.str(), path);
}

}  // namespace doharness::scenario
