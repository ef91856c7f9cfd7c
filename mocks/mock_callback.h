// MockCallback and MockCallback2: gMock mocks of IBackgroundCopyCallback and
// IBackgroundCopyCallback2 on a real IUnknown (ComObject), for tests of code that
// delivers notifications: the fake engine, or an application's own dispatcher.
//
//   auto callback = MakeComObject<testing::StrictMock<MockCallback2>>();
//   EXPECT_CALL(*callback, FileTransferred(job, file));
//   EXPECT_CALL(*callback, JobTransferred(job)).WillOnce(testing::Return(S_OK));
//   job->SetNotifyInterface(callback.Get());
//   ...
//   EXPECT_EQ(callback->ledger()->refcount(), 1);  // the engine let go of it
//
// Reference counting and QueryInterface are real, not mocked, so the code under test
// meets the COM rules it will meet in production and the ledger shows what it did.
// The notification methods are mocks: NiceMock, StrictMock and InSequence work as
// usual, and every method returns S_OK unless told otherwise, so that a NiceMock is
// a well-behaved callback. The object is deleted when its count reaches zero, which
// is also when gMock verifies its expectations.
#ifndef DOHARNESS_MOCKS_MOCK_CALLBACK_H_
#define DOHARNESS_MOCKS_MOCK_CALLBACK_H_

#include <utility>

#include "deliveryoptimization.h"
#include "gmock/gmock.h"
#include "mocks/com_object.h"
#include "mocks/printers.h"

namespace doharness::mocks {

// The three methods of IBackgroundCopyCallback as mocks, for an object whose most
// derived interface is `Interface`. Tests use MockCallback or MockCallback2.
template <class Interface>
class MockCallbackBase : public ComObject<Interface> {
 public:
  MOCK_METHOD(HRESULT, JobTransferred, (IBackgroundCopyJob* pJob),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, JobError, (IBackgroundCopyJob* pJob, IBackgroundCopyError* pError),
              (override, Calltype(STDMETHODCALLTYPE)));
  MOCK_METHOD(HRESULT, JobModification, (IBackgroundCopyJob* pJob, DWORD dwReserved),
              (override, Calltype(STDMETHODCALLTYPE)));

 protected:
  explicit MockCallbackBase(typename ComObject<Interface>::InterfaceSet answered)
      : ComObject<Interface>(std::move(answered)) {
    ON_CALL(*this, JobTransferred).WillByDefault(::testing::Return(S_OK));
    ON_CALL(*this, JobError).WillByDefault(::testing::Return(S_OK));
    ON_CALL(*this, JobModification).WillByDefault(::testing::Return(S_OK));
  }
};

// Answers IUnknown and IBackgroundCopyCallback: a callback from before BITS 3.0,
// which the engine must not send FileTransferred.
class MockCallback : public MockCallbackBase<IBackgroundCopyCallback> {
 public:
  MockCallback() : MockCallbackBase(Answers<IBackgroundCopyCallback>()) {}
};

// Answers IUnknown, IBackgroundCopyCallback and IBackgroundCopyCallback2.
class MockCallback2 : public MockCallbackBase<IBackgroundCopyCallback2> {
 public:
  MockCallback2()
      : MockCallbackBase(Answers<IBackgroundCopyCallback, IBackgroundCopyCallback2>()) {
    ON_CALL(*this, FileTransferred).WillByDefault(::testing::Return(S_OK));
  }

  MOCK_METHOD(HRESULT, FileTransferred, (IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile),
              (override, Calltype(STDMETHODCALLTYPE)));
};

}  // namespace doharness::mocks

#endif  // DOHARNESS_MOCKS_MOCK_CALLBACK_H_
