// main() of callback_conformance_test (conformance.bzl): runs the suite on the
// callback linked in (DoHarnessCreateCallback), prints the human summary, applies the
// expected-failure list, and exits 0 when the run passes, 1 when not, 2 on bad usage.
//
//   conformance_main [--profile=do|bits] [--expected_failures=FILE] [--callback_name=NAME]
//
// Bazel's test sharding (TEST_TOTAL_SHARDS, TEST_SHARD_INDEX) selects the rules.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "conformance/expected_failures.h"
#include "conformance/report.h"
#include "conformance/suite.h"
#include "deliveryoptimization.h"

extern "C" HRESULT DoHarnessCreateCallback(IUnknown** callback);

namespace {

bool Flag(const std::string& arg, const std::string& name, std::string* value) {
  const std::string prefix = "--" + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  *value = arg.substr(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace doharness::conformance;
  SuiteOptions options;
  std::string expected_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (!Flag(arg, "profile", &options.profile) && !Flag(arg, "expected_failures", &expected_path) &&
        !Flag(arg, "callback_name", &options.callback_name)) {
      std::cerr << "unknown argument: " << arg << "\n";
      return 2;
    }
  }
  if (const char* total = std::getenv("TEST_TOTAL_SHARDS")) {
    options.shard_count = std::atoi(total);
    const char* index = std::getenv("TEST_SHARD_INDEX");
    options.shard_index = index != nullptr ? std::atoi(index) : 0;
    if (const char* status = std::getenv("TEST_SHARD_STATUS_FILE")) std::ofstream touch(status);
  }
  ExpectedFailureList list;
  if (!expected_path.empty()) {
    std::ifstream in(expected_path);
    if (!in) {
      std::cerr << "cannot read expected-failure list " << expected_path << "\n";
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    ExpectedFailureParseResult parsed = ExpectedFailureList::Parse(text.str(), expected_path);
    if (!parsed.list) {
      std::cerr << parsed.error << "\n";
      return 2;
    }
    list = *parsed.list;
  }
  ConformanceReport report = RunConformance(DoHarnessCreateCallback, options);
  const ExpectedFailureResult result = ApplyExpectedFailures(list, &report);
  std::cout << ToHumanSummary(report);
  for (const std::string& w : result.warnings) std::cout << "warning: " << w << "\n";
  for (const std::string& a : result.advice) std::cout << "advice: " << a << "\n";
  for (const std::string& p : result.problems) std::cout << "problem: " << p << "\n";
  return result.ok ? 0 : 1;
}
