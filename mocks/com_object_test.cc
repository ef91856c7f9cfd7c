// ComObject follows COM's reference-counting and QueryInterface rules
// (docs/contract.md section 7), and its RefLedger shows every step.
#include "mocks/com_object.h"

#include <thread>
#include <vector>

#include "api/com_ptr.h"
#include "gtest/gtest.h"

namespace doharness::mocks {
namespace {

// A do-nothing callback. It can be made to leave out IBackgroundCopyCallback2, as
// the callback of a known bug does (contract section 8, bug 3), and reports its
// destruction so that tests see Release delete the most derived object.
class TestCallback : public ComObject<IBackgroundCopyCallback2> {
 public:
  enum Answering { kCallback2, kCallbackOnly };

  explicit TestCallback(Answering answering = kCallback2, bool* deleted = nullptr)
      : ComObject(answering == kCallback2
                      ? Answers<IBackgroundCopyCallback, IBackgroundCopyCallback2>()
                      : Answers<IBackgroundCopyCallback>()),
        deleted_(deleted) {}
  ~TestCallback() override {
    if (deleted_ != nullptr) *deleted_ = true;
  }

  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob*, IBackgroundCopyError*) override {
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob*, IBackgroundCopyFile*) override {
    return S_OK;
  }

 private:
  bool* const deleted_;
};

TEST(ComObjectTest, StartsWithTheCreatorsReference) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>();
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
  EXPECT_TRUE(callback->ledger()->entries().empty());
  EXPECT_FALSE(callback->ledger()->destroyed());
}

TEST(ComObjectTest, AddRefAndReleaseReturnTheNewCount) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>();
  EXPECT_EQ(callback->AddRef(), 2u);
  EXPECT_EQ(callback->AddRef(), 3u);
  EXPECT_EQ(callback->Release(), 2u);
  EXPECT_EQ(callback->Release(), 1u);

  const RefLedger& ledger = *callback->ledger();
  EXPECT_EQ(ledger.refcount(), 1u);
  EXPECT_EQ(ledger.Count(RefEvent::kAddRef), 2u);
  EXPECT_EQ(ledger.Count(RefEvent::kRelease), 2u);
  EXPECT_EQ(ledger.ToString(), "AddRef -> 2\nAddRef -> 3\nRelease -> 2\nRelease -> 1");
}

TEST(ComObjectTest, ReleaseToZeroDeletesTheMostDerivedObject) {
  bool deleted = false;
  auto* callback = new TestCallback(TestCallback::kCallback2, &deleted);
  const std::shared_ptr<RefLedger> ledger = callback->ledger();

  EXPECT_EQ(callback->Release(), 0u);

  EXPECT_TRUE(deleted);
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_EQ(ledger->refcount(), 0u);
  EXPECT_EQ(ledger->ToString(), "Release -> 0\ndestroyed");
}

TEST(ComObjectTest, QueryInterfaceAddRefsWhatItReturns) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>();
  IBackgroundCopyCallback2* const object = callback.Get();

  for (const IID& iid : {IID_IUnknown, IID_IBackgroundCopyCallback, IID_IBackgroundCopyCallback2}) {
    void* answer = nullptr;
    ASSERT_EQ(callback->QueryInterface(iid, &answer), S_OK);
    EXPECT_EQ(answer, object);
    EXPECT_EQ(callback->ledger()->refcount(), 2u);
    static_cast<IUnknown*>(answer)->Release();
  }
  EXPECT_EQ(callback->ledger()->Count(RefEvent::kQueryInterface), 3u);
  EXPECT_EQ(callback->ledger()->Count(RefEvent::kAddRef), 0u);
}

TEST(ComObjectTest, IUnknownIsTheSamePointerFromEveryInterface) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>();
  ComPtr<IUnknown> from_callback2;
  ComPtr<IBackgroundCopyCallback> callback1;
  ComPtr<IUnknown> from_callback1;

  ASSERT_EQ(ComPtr<IBackgroundCopyCallback2>(callback.Get()).As(&from_callback2), S_OK);
  ASSERT_EQ(from_callback2.As(&callback1), S_OK);
  ASSERT_EQ(callback1.As(&from_callback1), S_OK);

  EXPECT_EQ(from_callback1.Get(), from_callback2.Get());
}

TEST(ComObjectTest, UnansweredInterfaceGivesNoInterfaceAndNull) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>();
  int sentinel = 0;
  void* answer = &sentinel;

  EXPECT_EQ(callback->QueryInterface(IID_IBackgroundCopyJob, &answer), E_NOINTERFACE);

  EXPECT_EQ(answer, nullptr);
  EXPECT_EQ(callback->ledger()->refcount(), 1u);
  EXPECT_EQ(callback->ledger()->ToString(),
            "QueryInterface(IBackgroundCopyJob) -> E_NOINTERFACE (0x80004002)");
}

TEST(ComObjectTest, AnswersOnlyTheInterfacesItWasGiven) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>(TestCallback::kCallbackOnly);
  void* answer = nullptr;

  EXPECT_EQ(callback->QueryInterface(IID_IBackgroundCopyCallback2, &answer), E_NOINTERFACE);
  EXPECT_EQ(answer, nullptr);
  ASSERT_EQ(callback->QueryInterface(IID_IBackgroundCopyCallback, &answer), S_OK);
  static_cast<IUnknown*>(answer)->Release();
}

TEST(ComObjectTest, NullOutPointerGivesEPointer) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>();

  EXPECT_EQ(callback->QueryInterface(IID_IUnknown, nullptr), E_POINTER);

  EXPECT_EQ(callback->ledger()->refcount(), 1u);
  EXPECT_EQ(callback->ledger()->ToString(), "QueryInterface(IUnknown) -> E_POINTER (0x80004003)");
}

TEST(ComObjectTest, LedgerRecordsEveryCallInOrderAndOutlivesTheObject) {
  auto* callback = new TestCallback();
  const std::shared_ptr<RefLedger> ledger = callback->ledger();
  void* answer = nullptr;

  callback->AddRef();
  callback->QueryInterface(IID_IBackgroundCopyCallback2, &answer);
  callback->QueryInterface(IID_IBackgroundCopyJob, &answer);
  callback->Release();
  callback->Release();
  callback->Release();

  EXPECT_EQ(ledger->ToString(),
            "AddRef -> 2\n"
            "QueryInterface(IBackgroundCopyCallback2) -> S_OK (0x00000000)\n"
            "QueryInterface(IBackgroundCopyJob) -> E_NOINTERFACE (0x80004002)\n"
            "Release -> 2\n"
            "Release -> 1\n"
            "Release -> 0\n"
            "destroyed");
  const std::vector<RefLedgerEntry> entries = ledger->entries();
  ASSERT_EQ(entries.size(), 7u);
  EXPECT_EQ(entries[1].event, RefEvent::kQueryInterface);
  EXPECT_EQ(entries[1].iid, IID_IBackgroundCopyCallback2);
  EXPECT_EQ(entries[1].result, S_OK);
  EXPECT_EQ(entries[1].refcount, 3u);
  EXPECT_EQ(ledger->Count(RefEvent::kDestroyed), 1u);
}

TEST(ComObjectTest, MakeComObjectAdoptsTheInitialReference) {
  std::shared_ptr<RefLedger> ledger;
  {
    ComPtr<TestCallback> callback = MakeComObject<TestCallback>();
    ledger = callback->ledger();
    ComPtr<TestCallback> copy = callback;
    EXPECT_EQ(ledger->refcount(), 2u);
  }
  EXPECT_EQ(ledger->ToString(), "AddRef -> 2\nRelease -> 1\nRelease -> 0\ndestroyed");
}

// Checks that the ledger's order is the order of the count: each entry is one up
// or one down from the one before, starting from the creator's reference.
void ExpectConsistentCounts(const std::vector<RefLedgerEntry>& entries) {
  ULONG count = 1;
  for (const RefLedgerEntry& entry : entries) {
    switch (entry.event) {
      case RefEvent::kAddRef:
        ++count;
        break;
      case RefEvent::kRelease:
        --count;
        break;
      case RefEvent::kQueryInterface:
        if (SUCCEEDED(entry.result)) ++count;
        break;
      case RefEvent::kDestroyed:
        break;
    }
    ASSERT_EQ(entry.refcount, count) << "at: " << entry;
  }
}

constexpr int kThreads = 4;  // the engine's threaded dispatch
constexpr int kRounds = 2000;

TEST(ComObjectThreadTest, FourThreadsKeepCountAndLedgerInStep) {
  ComPtr<TestCallback> callback = MakeComObject<TestCallback>();
  const std::shared_ptr<RefLedger> ledger = callback->ledger();

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&callback, &ledger] {
      for (int i = 0; i < kRounds; ++i) {
        callback->AddRef();
        void* answer = nullptr;
        callback->QueryInterface(IID_IBackgroundCopyCallback, &answer);
        static_cast<IUnknown*>(answer)->Release();
        EXPECT_GE(ledger->refcount(), 1u);
        callback->Release();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(ledger->refcount(), 1u);
  EXPECT_EQ(ledger->Count(RefEvent::kAddRef), size_t{kThreads * kRounds});
  EXPECT_EQ(ledger->Count(RefEvent::kQueryInterface), size_t{kThreads * kRounds});
  EXPECT_EQ(ledger->Count(RefEvent::kRelease), size_t{2 * kThreads * kRounds});
  ExpectConsistentCounts(ledger->entries());
}

TEST(ComObjectThreadTest, WhicheverThreadReleasesLastDeletesOnce) {
  bool deleted = false;
  auto* callback = new TestCallback(TestCallback::kCallback2, &deleted);
  const std::shared_ptr<RefLedger> ledger = callback->ledger();
  for (int t = 1; t < kThreads; ++t) callback->AddRef();  // one reference per thread

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([callback] {
      for (int i = 0; i < kRounds; ++i) {
        callback->AddRef();
        callback->Release();
      }
      callback->Release();
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_TRUE(deleted);
  EXPECT_TRUE(ledger->destroyed());
  EXPECT_EQ(ledger->Count(RefEvent::kDestroyed), 1u);
  EXPECT_EQ(ledger->entries().back().event, RefEvent::kDestroyed);
  ExpectConsistentCounts(ledger->entries());
}

}  // namespace
}  // namespace doharness::mocks
