// libFuzzer target for the scenario parser: no input may crash or hang ParseScenario,
// and whatever it accepts must survive the printer: the printed text parses again and
// prints to the same text (PrintScenario o ParseScenario is a fixed point).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "scenario/parse.h"
#include "scenario/print.h"

using doharness::scenario::ParseResult;
using doharness::scenario::ParseScenario;
using doharness::scenario::PrintScenario;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ParseResult parsed = ParseScenario(text, "fuzz.scenario");
  if (!parsed.scenario) {
    if (parsed.error.empty() || parsed.error.find('\n') != std::string::npos) {
      std::fprintf(stderr, "an error must be one non-empty line, got:\n%s\n", parsed.error.c_str());
      std::abort();
    }
    return 0;
  }
  const std::string printed = PrintScenario(*parsed.scenario);
  const ParseResult reparsed = ParseScenario(printed, "printed.scenario");
  if (!reparsed.scenario) {
    std::fprintf(stderr, "printed scenario does not parse: %s\n--- printed:\n%s\n",
                 reparsed.error.c_str(), printed.c_str());
    std::abort();
  }
  const std::string reprinted = PrintScenario(*reparsed.scenario);
  if (reprinted != printed) {
    std::fprintf(stderr, "print/parse is not a fixed point\n--- printed:\n%s\n--- reprinted:\n%s\n",
                 printed.c_str(), reprinted.c_str());
    std::abort();
  }
  return 0;
}
