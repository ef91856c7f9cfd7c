// The matchers match what they should and say so by name, in their descriptions,
// their explanations and whole failure messages.
#include "mocks/matchers.h"

#include <string>
#include <type_traits>

#include "api/com_ptr.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/mock_job.h"

namespace doharness::mocks {
namespace {

using ::testing::_;
using ::testing::AnyOf;
using ::testing::DescribeMatcher;
using ::testing::DoAll;
using ::testing::Matcher;
using ::testing::NiceMock;
using ::testing::Not;
using ::testing::Return;
using ::testing::SetArgPointee;

// What a matcher says about a value it is applied to.
template <class T, class M>
std::string Explain(const M& matcher, const T& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::ExplainMatchResult(matcher, value, &listener);
  return listener.str();
}

TEST(HresultIsTest, MatchesTheValue) {
  EXPECT_THAT(BG_E_INVALID_STATE, HresultIs(BG_E_INVALID_STATE));
  EXPECT_THAT(E_FAIL, Not(HresultIs(BG_E_INVALID_STATE)));
}

TEST(HresultIsTest, SpeaksInNames) {
  EXPECT_EQ(DescribeMatcher<HRESULT>(HresultIs(BG_E_INVALID_STATE)),
            "is BG_E_INVALID_STATE (0x80200002)");
  EXPECT_EQ(DescribeMatcher<HRESULT>(HresultIs(BG_E_INVALID_STATE), /*negation=*/true),
            "isn't BG_E_INVALID_STATE (0x80200002)");
  EXPECT_EQ(Explain(HresultIs(S_OK), E_FAIL), "which is E_FAIL (0x80004005)");
}

TEST(HresultIsTest, FailureMessageNamesBothValues) {
  // HRESULT is int here and long in the Windows SDK.
  const std::string type = std::is_same_v<HRESULT, int> ? "int" : "long";
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(E_FAIL, HresultIs(BG_E_INVALID_STATE)),
                          "Expected: is BG_E_INVALID_STATE (0x80200002)\n"
                          "  Actual: -2147467259 (of type " + type + "), which is E_FAIL (0x80004005)");
}

TEST(HresultIsTest, ComposesWithGMock) {
  const auto either_invalid_state =
      AnyOf(HresultIs(BG_E_INVALID_STATE), HresultIs(DO_E_INVALID_STATE));
  EXPECT_THAT(DO_E_INVALID_STATE, either_invalid_state);
  EXPECT_EQ(DescribeMatcher<HRESULT>(either_invalid_state),
            "(is BG_E_INVALID_STATE (0x80200002)) or (is DO_E_INVALID_STATE (0x80D02013))");
}

TEST(SucceededFailedTest, FollowTheSeverityBit) {
  EXPECT_THAT(S_OK, Succeeded());
  EXPECT_THAT(S_FALSE, Succeeded());
  EXPECT_THAT(BG_S_PARTIAL_COMPLETE, Succeeded());
  EXPECT_THAT(E_FAIL, Failed());
  EXPECT_THAT(BG_E_HTTP_ERROR_404, Failed());
  EXPECT_THAT(E_FAIL, Not(Succeeded()));
}

TEST(SucceededFailedTest, SpeakInNames) {
  EXPECT_EQ(DescribeMatcher<HRESULT>(Succeeded()), "is a success HRESULT");
  EXPECT_EQ(DescribeMatcher<HRESULT>(Failed()), "is a failure HRESULT");
  EXPECT_EQ(DescribeMatcher<HRESULT>(Not(Succeeded())), "is a failure HRESULT");
  EXPECT_EQ(Explain(Succeeded(), BG_E_HTTP_ERROR_404), "which is BG_E_HTTP_ERROR_404 (0x80190194)");
}

TEST(JobStateIsTest, OnAValue) {
  EXPECT_THAT(BG_JOB_STATE_TRANSFERRED, JobStateIs(BG_JOB_STATE_TRANSFERRED));
  EXPECT_THAT(BG_JOB_STATE_ERROR, Not(JobStateIs(BG_JOB_STATE_TRANSFERRED)));
  EXPECT_EQ(DescribeMatcher<BG_JOB_STATE>(JobStateIs(BG_JOB_STATE_TRANSFERRED)),
            "is job state TRANSFERRED");
  EXPECT_EQ(Explain(JobStateIs(BG_JOB_STATE_TRANSFERRED), BG_JOB_STATE_ERROR),
            "which is job state ERROR");
}

class JobStateIsOnAJobTest : public ::testing::Test {
 protected:
  // The job reports `state` when asked.
  void SetState(BG_JOB_STATE state) {
    ON_CALL(*job_, GetState(_)).WillByDefault(DoAll(SetArgPointee<0>(state), Return(S_OK)));
  }

  ComPtr<NiceMock<MockJob>> job_ = MakeComObject<NiceMock<MockJob>>();
};

TEST_F(JobStateIsOnAJobTest, AsksTheJob) {
  SetState(BG_JOB_STATE_ACKNOWLEDGED);
  IBackgroundCopyJob* const job = job_.Get();

  EXPECT_THAT(job, JobStateIs(BG_JOB_STATE_ACKNOWLEDGED));
  EXPECT_THAT(job_, JobStateIs(BG_JOB_STATE_ACKNOWLEDGED));
  EXPECT_THAT(job_.Get(), Not(JobStateIs(BG_JOB_STATE_CANCELLED)));
}

TEST_F(JobStateIsOnAJobTest, SpeaksInNames) {
  SetState(BG_JOB_STATE_TRANSFERRED);
  const Matcher<IBackgroundCopyJob*> acknowledged = JobStateIs(BG_JOB_STATE_ACKNOWLEDGED);

  EXPECT_EQ(DescribeMatcher<IBackgroundCopyJob*>(acknowledged), "is a job in state ACKNOWLEDGED");
  EXPECT_EQ(DescribeMatcher<IBackgroundCopyJob*>(acknowledged, /*negation=*/true),
            "isn't a job in state ACKNOWLEDGED");
  EXPECT_EQ(Explain(acknowledged, static_cast<IBackgroundCopyJob*>(job_.Get())),
            "whose state is TRANSFERRED");
}

TEST_F(JobStateIsOnAJobTest, FailureMessageNamesBothStates) {
  SetState(BG_JOB_STATE_TRANSFERRED);

  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(job_, JobStateIs(BG_JOB_STATE_ACKNOWLEDGED)),
                          "Expected: is a job in state ACKNOWLEDGED\n"
                          "  Actual: ComPtr(0x");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(job_, JobStateIs(BG_JOB_STATE_ACKNOWLEDGED)),
                          "), whose state is TRANSFERRED");
}

TEST_F(JobStateIsOnAJobTest, AFailingGetStateIsAMismatch) {
  ON_CALL(*job_, GetState(_)).WillByDefault(Return(E_FAIL));

  EXPECT_THAT(job_, Not(JobStateIs(BG_JOB_STATE_QUEUED)));
  EXPECT_EQ(Explain(JobStateIs(BG_JOB_STATE_QUEUED), job_),
            "whose GetState failed with E_FAIL (0x80004005)");
}

TEST(JobStateIsTest, ANullJobIsAMismatch) {
  IBackgroundCopyJob* const job = nullptr;
  EXPECT_THAT(job, Not(JobStateIs(BG_JOB_STATE_QUEUED)));
  EXPECT_EQ(Explain(JobStateIs(BG_JOB_STATE_QUEUED), job), "which is null");
}

TEST(NotifyFlagsAreTest, MatchesAndSpeaksInNames) {
  const auto transferred_and_error = NotifyFlagsAre(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR);

  EXPECT_THAT(ULONG{0x03}, transferred_and_error);
  EXPECT_THAT(ULONG{0x09}, Not(transferred_and_error));
  EXPECT_EQ(DescribeMatcher<ULONG>(transferred_and_error), "is notify flags TRANSFERRED|ERROR");
  EXPECT_EQ(Explain(transferred_and_error, ULONG{0x09}),
            "which is notify flags TRANSFERRED|MODIFICATION");
}

TEST(IidIsTest, MatchesAndSpeaksInNames) {
  EXPECT_THAT(IID_IBackgroundCopyCallback2, IidIs(IID_IBackgroundCopyCallback2));
  EXPECT_THAT(IID_IUnknown, Not(IidIs(IID_IBackgroundCopyCallback2)));
  EXPECT_EQ(DescribeMatcher<REFIID>(IidIs(IID_IBackgroundCopyCallback2)),
            "is IBackgroundCopyCallback2");
  EXPECT_EQ(Explain(IidIs(IID_IBackgroundCopyCallback2), IID_IUnknown), "which is IUnknown");
}

TEST(GuidIsTest, MatchesAndSpeaksInNames) {
  const GUID job_id = {0x01234567, 0x89ab, 0xcdef, {0, 1, 2, 3, 4, 5, 6, 7}};
  const GUID other_id = {0x01234567, 0x89ab, 0xcdef, {0, 1, 2, 3, 4, 5, 6, 8}};

  EXPECT_THAT(job_id, GuidIs(job_id));
  EXPECT_THAT(other_id, Not(GuidIs(job_id)));
  EXPECT_EQ(DescribeMatcher<const GUID&>(GuidIs(job_id)),
            "is {01234567-89AB-CDEF-0001-020304050607}");
  EXPECT_EQ(Explain(GuidIs(job_id), other_id), "which is {01234567-89AB-CDEF-0001-020304050608}");
}

}  // namespace
}  // namespace doharness::mocks
