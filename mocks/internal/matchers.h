// The matcher classes behind mocks/matchers.h. Not for direct use.
#ifndef DOHARNESS_MOCKS_INTERNAL_MATCHERS_H_
#define DOHARNESS_MOCKS_INTERNAL_MATCHERS_H_

#include <ostream>
#include <type_traits>

#include "api/com_ptr.h"
#include "api/names.h"
#include "deliveryoptimization.h"
#include "gmock/gmock.h"

namespace doharness::mocks::internal {

// Equality with a value shown by name: describes itself as "is <noun><name>" and
// explains any value as "which is <noun><name>". `kName` is a naming function of
// api/names.h; `noun` ("job state ") says what a bare name means, or is "".
template <class T, auto kName>
class NamedValueMatcher {
 public:
  using is_gtest_matcher = void;

  NamedValueMatcher(T expected, const char* noun) : expected_(expected), noun_(noun) {}

  bool MatchAndExplain(const T& actual, ::testing::MatchResultListener* listener) const {
    if (listener->IsInterested()) *listener << "which is " << noun_ << kName(actual);
    return actual == expected_;
  }
  void DescribeTo(std::ostream* os) const { *os << "is " << noun_ << kName(expected_); }
  void DescribeNegationTo(std::ostream* os) const { *os << "isn't " << noun_ << kName(expected_); }

 private:
  T expected_;
  const char* noun_;
};

// Succeeded() and Failed(): the severity bit of an HRESULT.
class HresultSeverityMatcher {
 public:
  using is_gtest_matcher = void;

  explicit HresultSeverityMatcher(bool success) : success_(success) {}

  bool MatchAndExplain(HRESULT actual, ::testing::MatchResultListener* listener) const {
    if (listener->IsInterested()) *listener << "which is " << HresultName(actual);
    return SUCCEEDED(actual) == success_;
  }
  void DescribeTo(std::ostream* os) const { Describe(success_, os); }
  void DescribeNegationTo(std::ostream* os) const { Describe(!success_, os); }

 private:
  static void Describe(bool success, std::ostream* os) {
    *os << (success ? "is a success HRESULT" : "is a failure HRESULT");
  }
  bool success_;
};

// The job pointer behind what a test holds: a raw pointer (also to a mock job) or a ComPtr.
inline IBackgroundCopyJob* JobPointer(IBackgroundCopyJob* job) { return job; }
template <class Job>
IBackgroundCopyJob* JobPointer(const ComPtr<Job>& job) {
  return job.Get();
}

// JobStateIs on a job: asks it with GetState.
class JobInStateMatcher {
 public:
  using is_gtest_matcher = void;

  explicit JobInStateMatcher(BG_JOB_STATE expected) : expected_(expected) {}

  template <class Job>
  bool MatchAndExplain(const Job& job, ::testing::MatchResultListener* listener) const {
    IBackgroundCopyJob* const pointer = JobPointer(job);
    if (pointer == nullptr) {
      *listener << "which is null";
      return false;
    }
    BG_JOB_STATE state{};
    const HRESULT hr = pointer->GetState(&state);
    if (FAILED(hr)) {
      if (listener->IsInterested()) *listener << "whose GetState failed with " << HresultName(hr);
      return false;
    }
    if (listener->IsInterested()) *listener << "whose state is " << JobStateName(state);
    return state == expected_;
  }
  void DescribeTo(std::ostream* os) const { *os << "is a job in state " << JobStateName(expected_); }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "isn't a job in state " << JobStateName(expected_);
  }

 private:
  BG_JOB_STATE expected_;
};

// JobStateIs: becomes the matcher for what it is applied to, so that each
// describes itself in its own words.
class JobStateIsMatcher {
 public:
  explicit JobStateIsMatcher(BG_JOB_STATE expected) : expected_(expected) {}

  template <class T>
  operator ::testing::Matcher<T>() const {  // NOLINT: implicit, as gMock's polymorphic matchers
    if constexpr (std::is_same_v<std::remove_cv_t<std::remove_reference_t<T>>, BG_JOB_STATE>) {
      return ::testing::Matcher<T>(
          NamedValueMatcher<BG_JOB_STATE, &JobStateName>(expected_, "job state "));
    } else {
      return ::testing::Matcher<T>(JobInStateMatcher(expected_));
    }
  }

 private:
  BG_JOB_STATE expected_;
};

}  // namespace doharness::mocks::internal

#endif  // DOHARNESS_MOCKS_INTERNAL_MATCHERS_H_
