// MockFile: a gMock mock of IBackgroundCopyFile on a real IUnknown (ComObject), the
// file a FileTransferred notification carries and IBackgroundCopyError::GetFile gives.
//
//   auto file = MakeComObject<testing::NiceMock<MockFile>>();
//   ON_CALL(*file, GetProgress(testing::_))
//       .WillByDefault(testing::DoAll(testing::SetArgPointee<0>(BG_FILE_PROGRESS{10, 10, TRUE}),
//                                     testing::Return(S_OK)));
//
// Without an expectation or ON_CALL a method returns S_OK and leaves its
// out-parameters untouched. The object answers IUnknown and IBackgroundCopyFile.
#ifndef DOHARNESS_MOCKS_MOCK_FILE_H_
#define DOHARNESS_MOCKS_MOCK_FILE_H_

#include "deliveryoptimization.h"
#include "gmock/gmock.h"
#include "mocks/com_object.h"
#include "mocks/printers.h"

namespace doharness::mocks {

class MockFile : public ComObject<IBackgroundCopyFile> {
 public:
  MockFile() : ComObject(Answers<IBackgroundCopyFile>()) {}

  MOCK_METHOD(HRESULT, GetRemoteName, (LPWSTR* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetLocalName, (LPWSTR* pVal), (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, GetProgress, (BG_FILE_PROGRESS* pVal),
              (override, Calltype(STDMETHODCALLTYPE)));
};

}  // namespace doharness::mocks

#endif  // DOHARNESS_MOCKS_MOCK_FILE_H_
