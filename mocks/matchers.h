// gMock matchers for the values of the DO/BITS ABI that describe themselves, and
// explain the values they see, by name:
//
//   EXPECT_THAT(job->Complete(), HresultIs(BG_E_INVALID_STATE));
//     Expected: is BG_E_INVALID_STATE (0x80200002)
//       Actual: -2147467259 (of type int), which is E_FAIL (0x80004005)
//   EXPECT_THAT(job, JobStateIs(BG_JOB_STATE_ACKNOWLEDGED));  // job: a ComPtr
//     Expected: is a job in state ACKNOWLEDGED
//       Actual: ComPtr(0x6020000001b0), whose state is TRANSFERRED
//   EXPECT_CALL(*job, SetNotifyFlags(NotifyFlagsAre(BG_NOTIFY_JOB_TRANSFERRED)));
//
// They compose with gMock's own (Not, AnyOf, AllOf, ...):
//   EXPECT_THAT(hr, AnyOf(HresultIs(BG_E_INVALID_STATE), HresultIs(DO_E_INVALID_STATE)));
#ifndef DOHARNESS_MOCKS_MATCHERS_H_
#define DOHARNESS_MOCKS_MATCHERS_H_

#include "api/names.h"
#include "deliveryoptimization.h"
#include "mocks/internal/matchers.h"
#include "mocks/printers.h"

namespace doharness::mocks {

// An HRESULT equal to `expected`: "is BG_E_INVALID_STATE (0x80200002)".
inline auto HresultIs(HRESULT expected) {
  return internal::NamedValueMatcher<HRESULT, &HresultName>(expected, "");
}

// An HRESULT with the severity bit clear (SUCCEEDED: S_OK, S_FALSE, BG_S_*):
// "is a success HRESULT".
inline auto Succeeded() { return internal::HresultSeverityMatcher(true); }

// An HRESULT with the severity bit set (FAILED): "is a failure HRESULT".
inline auto Failed() { return internal::HresultSeverityMatcher(false); }

// A BG_JOB_STATE equal to `expected` ("is job state TRANSFERRED"), or a job whose
// GetState succeeds and reports `expected` ("is a job in state TRANSFERRED"). A job
// is an IBackgroundCopyJob* (also a pointer to a MockJob) or a ComPtr to one.
inline auto JobStateIs(BG_JOB_STATE expected) { return internal::JobStateIsMatcher(expected); }

// Notify flags (SetNotifyFlags, GetNotifyFlags) equal to `expected`:
// "is notify flags TRANSFERRED|ERROR".
inline auto NotifyFlagsAre(ULONG expected) {
  return internal::NamedValueMatcher<ULONG, &NotifyFlagsName>(expected, "notify flags ");
}

// An IID equal to `expected`, named as an interface: "is IBackgroundCopyCallback2".
inline auto IidIs(REFIID expected) {
  return internal::NamedValueMatcher<IID, &InterfaceName>(expected, "");
}

// A GUID equal to `expected` (a job id, for one): "is {5B99FA76-721C-423C-ADAC-56D03C8A8007}".
inline auto GuidIs(REFGUID expected) {
  return internal::NamedValueMatcher<GUID, &GuidToString>(expected, "");
}

}  // namespace doharness::mocks

#endif  // DOHARNESS_MOCKS_MATCHERS_H_
