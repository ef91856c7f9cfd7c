#include "tools/cli/arguments.h"

#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "api/user_text.h"
#include "conformance/rule_catalog.h"

namespace doharness::tools {
namespace {

// The value of `text` when it is nothing but decimal digits and fits; else nullopt.
std::optional<uint64_t> Decimal(std::string_view text) {
  uint64_t value = 0;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string Got(const std::string& text) { return " (got " + Excerpt(text) + ")"; }

// "I/N" with 0 <= I < N, or nullopt.
std::optional<Shard> ParseShard(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::optional<uint64_t> index = Decimal(text.substr(0, slash));
  const std::optional<uint64_t> count = Decimal(text.substr(slash + 1));
  if (!index || !count || *count < 1 || *count > 1000000 || *index >= *count) return std::nullopt;
  return Shard{static_cast<int>(*index), static_cast<int>(*count)};
}

}  // namespace

CLI::Validator WholeNumber(int64_t min, int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        const std::optional<uint64_t> value = Decimal(text);
        const bool negative = !text.empty() && text[0] == '-' && Decimal(text.substr(1));
        if (!value && !negative) return "must be a whole number" + Got(text);
        if (negative || *value < static_cast<uint64_t>(min)) return "must be at least " + std::to_string(min) + Got(text);
        if (*value > static_cast<uint64_t>(max)) return "must be at most " + std::to_string(max) + Got(text);
        return "";
      },
      "INT in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
}

CLI::Option* AddCallbackOption(CLI::App* command, std::string* callback) {
  return command->add_option("--callback", *callback, "plugin library (default: the bundled reference callback)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return text.empty() ? "must name a library (leave the option out for the bundled reference callback)"
                                : "";
          },
          "LIB"));
}

CLI::Option* AddSeedOption(CLI::App* command, uint64_t* seed, const std::string& help) {
  return command->add_option("--seed", *seed, help)
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return Decimal(text) ? "" : "must be a whole number from 0 to 18446744073709551615" + Got(text);
          },
          "0 to 2^64-1"));
}

CLI::Option* AddRulesOption(CLI::App* command, std::string* rules, const std::string& help) {
  return command->add_option("--rules", *rules, help)
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return conformance::SelectRules(text).empty() ? Excerpt(text) + " selects no rule (see doharness rules)"
                                                          : "";
          },
          "GLOB"));
}

CLI::Option* AddShardOption(CLI::App* command, Shard* shard, const std::string& help) {
  return command
      ->add_option_function<std::string>(
          "--shard", [shard](const std::string& text) { *shard = *ParseShard(text); }, help)
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return ParseShard(text) ? "" : "must be I/N with 0 <= I < N" + Got(text);
          },
          "I/N"));
}

CLI::Option* AddLimitMsOption(CLI::App* command, const std::string& name, int* ms, const std::string& help) {
  return command->add_option(name, *ms, help + " (default " + std::to_string(*ms) + ")")
      ->check(WholeNumber(1, kMaxLimitMs));
}

CLI::Option* AddMemoryOption(CLI::App* command, int64_t* memory_mb) {
  return command
      ->add_option("--memory-mb", *memory_mb,
                   "address-space limit of each child that runs the callback, in MiB; 0: none (default 2048)")
      ->check(WholeNumber(0, kMaxMemoryMb));
}

int BadInput(const std::string& reason) {
  std::cerr << "doharness: " << reason << "\n";
  return 2;
}

}  // namespace doharness::tools
