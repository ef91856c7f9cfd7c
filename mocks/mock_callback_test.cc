// MockCallback and MockCallback2: real COM identity and lifetime, mocked
// notifications that default to S_OK, and gMock's Nice/Strict/InSequence at work.
#include "mocks/mock_callback.h"

#include <thread>
#include <vector>

#include "api/com_ptr.h"
#include "gmock/gmock.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "mocks/com_object.h"
#include "mocks/mock_file.h"
#include "mocks/mock_job.h"

namespace doharness::mocks {
namespace {

using ::testing::_;
using ::testing::InSequence;
using ::testing::NiceMock;
using ::testing::Return;
using ::testing::StrictMock;

class MockCallbackTest : public ::testing::Test {
 protected:
  ComPtr<NiceMock<MockJob>> job_ = MakeComObject<NiceMock<MockJob>>();
  ComPtr<NiceMock<MockFile>> file_ = MakeComObject<NiceMock<MockFile>>();
};

TEST_F(MockCallbackTest, NiceMockIsAWellBehavedCallback) {
  ComPtr<NiceMock<MockCallback2>> callback = MakeComObject<NiceMock<MockCallback2>>();

  EXPECT_EQ(callback->JobTransferred(job_.Get()), S_OK);
  EXPECT_EQ(callback->JobError(job_.Get(), nullptr), S_OK);
  EXPECT_EQ(callback->JobModification(job_.Get(), 0), S_OK);
  EXPECT_EQ(callback->FileTransferred(job_.Get(), file_.Get()), S_OK);
}

TEST_F(MockCallbackTest, ExpectationsOverrideTheDefault) {
  ComPtr<MockCallback> callback = MakeComObject<MockCallback>();
  EXPECT_CALL(*callback, JobTransferred(job_.Get())).WillOnce(Return(BG_E_INVALID_STATE));

  EXPECT_EQ(callback->JobTransferred(job_.Get()), BG_E_INVALID_STATE);
}

TEST_F(MockCallbackTest, MockCallbackAnswersCallbackButNotCallback2) {
  ComPtr<MockCallback> callback = MakeComObject<MockCallback>();
  ComPtr<IBackgroundCopyCallback> callback1;
  ComPtr<IBackgroundCopyCallback2> callback2;

  EXPECT_EQ(callback.As(&callback1), S_OK);
  EXPECT_EQ(callback.As(&callback2), E_NOINTERFACE);
  EXPECT_FALSE(callback2);
  EXPECT_EQ(callback->ledger()->refcount(), 2u);
}

TEST_F(MockCallbackTest, MockCallback2AnswersBothWithOneIdentity) {
  ComPtr<MockCallback2> callback = MakeComObject<MockCallback2>();
  ComPtr<IBackgroundCopyCallback> callback1;
  ComPtr<IUnknown> unknown_from_1;
  ComPtr<IUnknown> unknown_from_2;

  ASSERT_EQ(callback.As(&callback1), S_OK);
  ASSERT_EQ(callback1.As(&unknown_from_1), S_OK);
  ASSERT_EQ(ComPtr<IBackgroundCopyCallback2>(callback.Get()).As(&unknown_from_2), S_OK);
  EXPECT_EQ(unknown_from_1, unknown_from_2);
}

// What an engine does: it holds an IUnknown, asks for the interface, and calls
// through the vtable. The call must reach the mock.
TEST_F(MockCallbackTest, CallsThroughTheInterfaceReachTheMock) {
  ComPtr<StrictMock<MockCallback2>> callback = MakeComObject<StrictMock<MockCallback2>>();
  EXPECT_CALL(*callback, FileTransferred(job_.Get(), file_.Get())).WillOnce(Return(S_FALSE));
  IUnknown* registered = callback.Get();

  ComPtr<IBackgroundCopyCallback2> callback2;
  ASSERT_EQ(registered->QueryInterface(IID_IBackgroundCopyCallback2,
                                       reinterpret_cast<void**>(callback2.GetAddressOf())),
            S_OK);
  EXPECT_EQ(callback2->FileTransferred(job_.Get(), file_.Get()), S_FALSE);
}

TEST_F(MockCallbackTest, StrictMockReportsAnUnexpectedCall) {
  ComPtr<StrictMock<MockCallback>> callback = MakeComObject<StrictMock<MockCallback>>();

  EXPECT_NONFATAL_FAILURE(callback->JobModification(job_.Get(), 0),
                          "Uninteresting mock function call");
}

TEST_F(MockCallbackTest, InSequenceAcceptsTheOrderGiven) {
  ComPtr<StrictMock<MockCallback2>> callback = MakeComObject<StrictMock<MockCallback2>>();
  InSequence in_order;
  EXPECT_CALL(*callback, FileTransferred(job_.Get(), file_.Get()));
  EXPECT_CALL(*callback, JobTransferred(job_.Get()));

  callback->FileTransferred(job_.Get(), file_.Get());
  callback->JobTransferred(job_.Get());
}

// FileTransferred comes before JobTransferred (contract section 4): a test states
// it with InSequence, and gMock reports the other order.
TEST_F(MockCallbackTest, InSequenceReportsAnotherOrder) {
  ComPtr<StrictMock<MockCallback2>> callback = MakeComObject<StrictMock<MockCallback2>>();
  InSequence in_order;
  EXPECT_CALL(*callback, FileTransferred(job_.Get(), file_.Get()));
  EXPECT_CALL(*callback, JobTransferred(job_.Get()));

  EXPECT_NONFATAL_FAILURE(callback->JobTransferred(job_.Get()),
                          "the following immediate pre-requisites are not satisfied");
  callback->FileTransferred(job_.Get(), file_.Get());
  callback->JobTransferred(job_.Get());
}

TEST_F(MockCallbackTest, TheLastReleaseDeletesTheMockAndVerifiesIt) {
  ComPtr<MockCallback> callback = MakeComObject<MockCallback>();
  const std::shared_ptr<RefLedger> ledger = callback->ledger();
  EXPECT_CALL(*callback, JobError(_, _));

  EXPECT_NONFATAL_FAILURE(callback.Reset(), "Actual: never called - unsatisfied and active");
  EXPECT_TRUE(ledger->destroyed());
}

// A dispatcher holds a reference for the duration of a call (contract section 3),
// so a callback that unregisters itself inside the call survives until it returns.
TEST_F(MockCallbackTest, SurvivesUnregisteringItselfInsideACall) {
  auto* callback = new MockCallback;
  auto registered = ComPtr<IBackgroundCopyCallback>::Attach(callback);
  const std::shared_ptr<RefLedger> ledger = callback->ledger();
  EXPECT_CALL(*callback, JobTransferred(job_.Get())).WillOnce([&](IBackgroundCopyJob*) {
    registered.Reset();
    EXPECT_FALSE(ledger->destroyed());
    return S_OK;
  });

  ComPtr<IBackgroundCopyCallback> held_for_the_call = registered;
  held_for_the_call->JobTransferred(job_.Get());
  held_for_the_call.Reset();

  EXPECT_EQ(ledger->ToString(), "AddRef -> 2\nRelease -> 1\nRelease -> 0\ndestroyed");
}

// The engine's threaded mode: four threads deliver at once, each holding a
// reference around its call.
TEST_F(MockCallbackTest, FourThreadsCallAndCountAtOnce) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 500;
  ComPtr<StrictMock<MockCallback2>> callback = MakeComObject<StrictMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobModification(job_.Get(), 0)).Times(kThreads * kCalls);
  IUnknown* const registered = callback.Get();

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, registered] {
      for (int i = 0; i < kCalls; ++i) {
        ComPtr<IBackgroundCopyCallback> held;
        ASSERT_EQ(registered->QueryInterface(IID_IBackgroundCopyCallback,
                                             reinterpret_cast<void**>(held.GetAddressOf())),
                  S_OK);
        EXPECT_EQ(held->JobModification(job_.Get(), 0), S_OK);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(callback->ledger()->refcount(), 1u);
  EXPECT_EQ(callback->ledger()->Count(RefEvent::kQueryInterface), size_t{kThreads * kCalls});
  EXPECT_EQ(callback->ledger()->Count(RefEvent::kRelease), size_t{kThreads * kCalls});
}

}  // namespace
}  // namespace doharness::mocks
