// Helpers shared by the tests of the observation layer (recording_proxy_test.cc,
// borrowed_spy_test.cc, observations_test.cc): a callback handed to a proxy, jobs
// of the fake engine, and short views of what the Recorder holds. Header-only, for tests.
#ifndef DOHARNESS_CONFORMANCE_INTERNAL_OBSERVATION_TESTING_H_
#define DOHARNESS_CONFORMANCE_INTERNAL_OBSERVATION_TESTING_H_

#include <memory>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/observations.h"
#include "conformance/recording_proxy.h"
#include "deliveryoptimization.h"
#include "engine/fake_engine.h"
#include "gtest/gtest.h"

namespace doharness::conformance::testing_util {

constexpr ULONG kTerminal = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;
constexpr ULONG kAll = kTerminal | BG_NOTIFY_JOB_MODIFICATION | BG_NOTIFY_FILE_TRANSFERRED;

// Hands the only reference on `callback` to a new proxy of `recorder`, as the harness
// does with a plugin's object, and returns the callee for the test to script: the
// test must not keep a reference of its own, or the proxy's counts would be off.
template <class T>
T* HandToProxy(ComPtr<T> callback, const std::shared_ptr<Recorder>& recorder, ComPtr<RecordingProxy>* proxy,
               const ProxyOptions& options = ProxyOptions()) {
  T* raw = callback.Get();
  EXPECT_EQ(RecordingProxy::Create(callback.Detach(), recorder, options, proxy), S_OK);
  return raw;
}

// A download job of `engine` with `files` files of 128 KiB (two 64 KiB progress steps
// each), its notify flags set to `flags` and `callback` registered, not resumed yet.
inline ComPtr<IBackgroundCopyJob> MakeJob(FakeEngine& engine, IUnknown* callback, int files = 1,
                                          ULONG flags = kTerminal) {
  ComPtr<IBackgroundCopyJob> job;
  EXPECT_EQ(engine.CreateJob(L"observed", &job), S_OK);
  const std::wstring base = L"http://example/" + std::to_wstring(engine.JobNumber(job.Get())) + L"/";
  for (int i = 0; i < files; ++i) {
    EXPECT_EQ(engine.AddFile(job.Get(), {base + std::to_wstring(i), L"/tmp/observed" + std::to_wstring(i),
                                         128 * 1024, 1024 * 1024}),
              S_OK);
  }
  EXPECT_EQ(job->SetNotifyFlags(flags), S_OK);
  if (callback != nullptr) {
    EXPECT_EQ(job->SetNotifyInterface(callback), S_OK);
  }
  return job;
}

// The rule ids of the recorded violations, in order.
inline std::vector<std::string> Rules(const Recorder& recorder) {
  std::vector<std::string> rules;
  for (const Violation& v : recorder.violations()) rules.push_back(v.rule);
  return rules;
}

// The messages of the recorded violations, in order.
inline std::vector<std::string> Messages(const Recorder& recorder) {
  std::vector<std::string> messages;
  for (const Violation& v : recorder.violations()) messages.push_back(v.message);
  return messages;
}

// The calls of one method, in order.
inline std::vector<CallRecord> CallsOf(const Recorder& recorder, NotificationMethod method) {
  std::vector<CallRecord> calls;
  for (const CallRecord& c : recorder.calls()) {
    if (c.method == method) calls.push_back(c);
  }
  return calls;
}

}  // namespace doharness::conformance::testing_util

#endif  // DOHARNESS_CONFORMANCE_INTERNAL_OBSERVATION_TESTING_H_
