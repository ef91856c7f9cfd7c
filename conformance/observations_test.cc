// The Recorder on its own: thread and job indices, violations, and readable printing.
#include "conformance/observations.h"

#include <chrono>
#include <memory>
#include <thread>

#include "api/com_ptr.h"
#include "conformance/internal/observation_testing.h"
#include "conformance/recording_proxy.h"
#include "engine/fake_engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/mock_callback.h"

namespace doharness::conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(ObservationsTest, MethodNames) {
  EXPECT_STREQ(NotificationMethodName(NotificationMethod::kJobTransferred), "JobTransferred");
  EXPECT_STREQ(NotificationMethodName(NotificationMethod::kJobError), "JobError");
  EXPECT_STREQ(NotificationMethodName(NotificationMethod::kJobModification), "JobModification");
  EXPECT_STREQ(NotificationMethodName(NotificationMethod::kFileTransferred), "FileTransferred");
}

TEST(ObservationsTest, ThreadIndicesAreSmallAndStable) {
  Recorder recorder;
  const int main_thread = recorder.ThreadIndex();
  EXPECT_EQ(main_thread, 1);
  int other = 0;
  std::thread([&] { other = recorder.ThreadIndex(); }).join();
  EXPECT_EQ(other, 2);
  EXPECT_EQ(recorder.ThreadIndex(), main_thread);
}

TEST(ObservationsTest, ViolationsAreKeptInOrderAndSelectedByRule) {
  Recorder recorder;
  EXPECT_THAT(recorder.violations(), IsEmpty());
  recorder.AddViolation("ret.error_ok", "JobError returned E_FAIL", 2);
  recorder.AddViolation("time.prompt", "JobModification took 150 ms", 1);
  recorder.AddViolation("ret.error_ok", "JobError returned S_FALSE", 3);
  std::vector<std::string> messages;
  for (const Violation& v : recorder.ViolationsOf("ret.error_ok")) messages.push_back(v.message);
  EXPECT_THAT(messages, ElementsAre("JobError returned E_FAIL", "JobError returned S_FALSE"));
  EXPECT_THAT(recorder.ViolationsOf("tol.no_exception"), IsEmpty());
  EXPECT_EQ(ToString(recorder.violations()[1]), "[time.prompt] job 1: JobModification took 150 ms");
  EXPECT_THAT(recorder.ToString(),
              HasSubstr("3 violations\n  [ret.error_ok] job 2: JobError returned E_FAIL\n"));
}

TEST(ObservationsTest, CallRecordsPrintWhatAHumanNeeds) {
  CallRecord call;
  call.method = NotificationMethod::kJobError;
  call.callback = 1;
  call.job = 2;
  call.thread = 3;
  call.depth = 0;
  call.notify_flags = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;
  call.state = BG_JOB_STATE_ERROR;
  call.refcount = 3;
  call.outstanding = 3;
  call.finished = true;
  call.result = S_OK;
  call.duration = std::chrono::microseconds(12);
  EXPECT_EQ(ToString(call),
            "JobError callback 1 job 2 thread 3 depth 0 flags TRANSFERRED|ERROR state ERROR refcount 3 "
            "outstanding 3 -> S_OK (0x00000000) in 12us");
  call.threw = true;
  call.exception = "boom";
  call.result = E_UNEXPECTED;
  EXPECT_THAT(ToString(call), HasSubstr("-> threw \"boom\", answered E_UNEXPECTED (0x8000FFFF)"));
  call.method = NotificationMethod::kJobModification;
  call.reserved = 7;
  call.notify_flags.reset();
  call.state.reset();
  EXPECT_THAT(ToString(call),
              HasSubstr("JobModification callback 1 job 2 reserved 7 thread 3 depth 0 flags ? state ?"));
}

TEST(ObservationsTest, RefRecordsPrintTheCountAndWhatIsHeld) {
  RefRecord ref;
  ref.op = RefOp::kRelease;
  ref.callback = 2;
  ref.thread = 1;
  ref.count = 0;
  ref.outstanding = 1;
  ref.forwarded = false;
  EXPECT_EQ(ToString(ref), "callback 2 thread 1 Release -> 0 (outstanding 1, not forwarded)");
}

TEST(ObservationsTest, JobIndicesFollowFirstSightAndUnknownJobsAreZero) {
  auto recorder = std::make_shared<Recorder>();
  FakeEngine engine;
  ComPtr<RecordingProxy> proxy;
  testing_util::HandToProxy(mocks::MakeComObject<::testing::NiceMock<mocks::MockCallback2>>(), recorder,
                            &proxy);
  ComPtr<IBackgroundCopyJob> first, second;
  ASSERT_EQ(engine.CreateJob(L"first", &first), S_OK);
  ASSERT_EQ(engine.CreateJob(L"second", &second), S_OK);
  EXPECT_EQ(recorder->JobIndexOf(first.Get()), 0);
  EXPECT_EQ(proxy->JobModification(second.Get(), 0), S_OK);
  EXPECT_EQ(proxy->JobModification(first.Get(), 0), S_OK);
  EXPECT_EQ(proxy->JobModification(second.Get(), 0), S_OK);
  EXPECT_EQ(recorder->JobIndexOf(second.Get()), 1);
  EXPECT_EQ(recorder->JobIndexOf(first.Get()), 2);
  std::vector<int> jobs;
  for (const CallRecord& call : recorder->calls()) jobs.push_back(call.job);
  EXPECT_THAT(jobs, ElementsAre(1, 2, 1));
  EXPECT_EQ(proxy->JobModification(nullptr, 0), S_OK);
  EXPECT_EQ(recorder->calls().back().job, 0);
  EXPECT_THAT(recorder->ToString(), HasSubstr("4 calls\n  JobModification callback 1 job 1 reserved 0"));
}

}  // namespace
}  // namespace doharness::conformance
