// MockJob: a gMock mock of IBackgroundCopyJob on a real IUnknown (ComObject), for
// tests of code that calls a job: a callback under test, or an application's
// download manager.
//
//   auto job = MakeComObject<testing::NiceMock<MockJob>>();
//   EXPECT_CALL(*job, Complete()).WillOnce(testing::Return(S_OK));
//   EXPECT_EQ(callback->JobTransferred(job.Get()), S_OK);
//   EXPECT_EQ(job->ledger()->refcount(), 1);  // the callback kept no reference
//
// Every method of the interface is mocked, in vtable order. Without an expectation
// or ON_CALL a method returns S_OK (gMock's default for an integer) and leaves its
// out-parameters untouched: set them with testing::SetArgPointee. The object answers
// IUnknown and IBackgroundCopyJob.
#ifndef DOHARNESS_MOCKS_MOCK_JOB_H_
#define DOHARNESS_MOCKS_MOCK_JOB_H_

#include "deliveryoptimization.h"
#include "gmock/gmock.h"
#include "mocks/com_object.h"
#include "mocks/printers.h"

namespace doharness::mocks {

class MockJob : public ComObject<IBackgroundCopyJob> {
 public:
  MockJob() : ComObject(Answers<IBackgroundCopyJob>()) {}

  MOCK_METHOD(HRESULT, AddFileSet, (ULONG cFileCount, BG_FILE_INFO* pFileSet),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, AddFile, (LPCWSTR RemoteUrl, LPCWSTR LocalName),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, EnumFiles, (IEnumBackgroundCopyFiles** pEnum),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, Suspend, (), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, Resume, (), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, Cancel, (), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, Complete, (), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetId, (GUID* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetType, (BG_JOB_TYPE* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetProgress, (BG_JOB_PROGRESS* pVal),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetTimes, (BG_JOB_TIMES* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetState, (BG_JOB_STATE* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetError, (IBackgroundCopyError** ppError),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetOwner, (LPWSTR* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetDisplayName, (LPCWSTR Val), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetDisplayName, (LPWSTR* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetDescription, (LPCWSTR Val), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetDescription, (LPWSTR* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetPriority, (BG_JOB_PRIORITY Val),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetPriority, (BG_JOB_PRIORITY* pVal),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetNotifyFlags, (ULONG Val), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetNotifyFlags, (ULONG* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetNotifyInterface, (IUnknown* Val),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetNotifyInterface, (IUnknown** pVal),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetMinimumRetryDelay, (ULONG Seconds),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetMinimumRetryDelay, (ULONG* Seconds),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetNoProgressTimeout, (ULONG Seconds),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetNoProgressTimeout, (ULONG* Seconds),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetErrorCount, (ULONG* Errors), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, SetProxySettings,
              (BG_JOB_PROXY_USAGE ProxyUsage, const WCHAR* ProxyList,
               const WCHAR* ProxyBypassList),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetProxySettings,
              (BG_JOB_PROXY_USAGE* pProxyUsage, LPWSTR* pProxyList, LPWSTR* pProxyBypassList),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, TakeOwnership, (), (override, Calltype(STDMETHODCALLTYPE)));
};

}  // namespace doharness::mocks

#endif  // DOHARNESS_MOCKS_MOCK_JOB_H_
