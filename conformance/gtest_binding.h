// GoogleTest binding of the conformance suite: one test per catalog rule, named by its
// id, in a test suite of the caller's choosing:
//
//   // my_callback_conformance_test.cc, linked with gtest_main
//   #include "conformance/gtest_binding.h"
//   DOHARNESS_CALLBACK_CONFORMANCE(MyCallback, [](IUnknown** out) { return CreateMyCallback(out); });
//
// gives MyCallback.com.identity, MyCallback.ret.error_ok, ... (68 tests). Each test runs
// the cases of its rule (SuiteOptions.rules_glob = the id) and fails with the verdict's
// message when a required rule fails; a recommended rule's failure is printed as a
// warning and the test passes; a skipped rule is a skipped test. The tests are
// registered at static-initialization time of the file that uses the macro, so
// gtest's sharding (TEST_TOTAL_SHARDS / TEST_SHARD_INDEX) spreads them.
#ifndef DOHARNESS_CONFORMANCE_GTEST_BINDING_H_
#define DOHARNESS_CONFORMANCE_GTEST_BINDING_H_

#include "conformance/suite.h"

namespace doharness::conformance {

// Registers one test per catalog rule in test suite `suite_name`. Returns the number
// registered. `options` serves every test (its rules_glob and shard fields are ignored).
int RegisterConformanceTests(const char* suite_name, CallbackFactory factory, const char* file, int line,
                             SuiteOptions options = {});

}  // namespace doharness::conformance

#define DOHARNESS_CALLBACK_CONFORMANCE(SuiteName, factory)                                              \
  [[maybe_unused]] static const int doharness_conformance_registered_##SuiteName =                      \
      ::doharness::conformance::RegisterConformanceTests(#SuiteName, ::doharness::CallbackFactory(factory), \
                                                         __FILE__, __LINE__)

#endif  // DOHARNESS_CONFORMANCE_GTEST_BINDING_H_
