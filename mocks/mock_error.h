// MockError: a gMock mock of IBackgroundCopyError on a real IUnknown (ComObject),
// the error object a JobError notification carries.
//
//   auto error = MakeComObject<testing::NiceMock<MockError>>();
//   // No file is involved: GetFile gives NULL (docs/contract.md section 5).
//   ON_CALL(*error, GetFile(testing::_))
//       .WillByDefault(testing::DoAll(testing::SetArgPointee<0>(nullptr),
//                                     testing::Return(BG_E_FILE_NOT_AVAILABLE)));
//
// Without an expectation or ON_CALL a method returns S_OK and leaves its
// out-parameters untouched. The object answers IUnknown and IBackgroundCopyError.
#ifndef DOHARNESS_MOCKS_MOCK_ERROR_H_
#define DOHARNESS_MOCKS_MOCK_ERROR_H_

#include "deliveryoptimization.h"
#include "gmock/gmock.h"
#include "mocks/com_object.h"
#include "mocks/printers.h"

namespace doharness::mocks {

class MockError : public ComObject<IBackgroundCopyError> {
 public:
  MockError() : ComObject(Answers<IBackgroundCopyError>()) {}

  MOCK_METHOD(HRESULT, GetError, (BG_ERROR_CONTEXT* pContext, HRESULT* pCode),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetFile, (IBackgroundCopyFile** pVal),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetErrorDescription, (DWORD LanguageId, LPWSTR* pErrorDescription),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetErrorContextDescription, (DWORD LanguageId, LPWSTR* pContextDescription),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetProtocol, (LPWSTR* pProtocol), (override, Calltype(STDMETHODCALLTYPE)));
};

}  // namespace doharness::mocks

#endif  // DOHARNESS_MOCKS_MOCK_ERROR_H_
