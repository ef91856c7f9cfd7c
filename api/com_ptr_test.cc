// ComPtr<T>: AddRefs what it copies, Releases what it drops, adopts and gives up
// references without touching the count, and QueryInterfaces through As.
#include "api/com_ptr.h"

#include <utility>

#include "gtest/gtest.h"

namespace doharness {
namespace {

// A callback object that counts references and answers IBackgroundCopyCallback and
// IUnknown (IBackgroundCopyCallback2 deliberately not).
class CountedCallback : public IBackgroundCopyCallback {
 public:
  ULONG refs = 0;

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
    if (riid == IID_IUnknown || riid == IID_IBackgroundCopyCallback) {
      *ppv = static_cast<IBackgroundCopyCallback*>(this);
      AddRef();
      return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs; }
  ULONG STDMETHODCALLTYPE Release() override { return --refs; }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob*) override { return S_OK; }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob*, IBackgroundCopyError*) override {
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }
};

TEST(ComPtrTest, ConstructionFromPointerAddRefsAndDestructionReleases) {
  CountedCallback object;
  {
    ComPtr<IBackgroundCopyCallback> p(&object);
    EXPECT_EQ(object.refs, 1u);
    EXPECT_EQ(p.Get(), &object);
    EXPECT_TRUE(p);
  }
  EXPECT_EQ(object.refs, 0u);
}

TEST(ComPtrTest, DefaultAndNullAreEmpty) {
  ComPtr<IBackgroundCopyCallback> empty;
  ComPtr<IBackgroundCopyCallback> null = nullptr;
  EXPECT_FALSE(empty);
  EXPECT_EQ(null.Get(), nullptr);
  EXPECT_EQ(empty, null);
}

TEST(ComPtrTest, CopyAddRefsAndMoveDoesNot) {
  CountedCallback object;
  ComPtr<IBackgroundCopyCallback> a(&object);
  ComPtr<IBackgroundCopyCallback> b = a;
  EXPECT_EQ(object.refs, 2u);
  EXPECT_EQ(a, b);
  ComPtr<IBackgroundCopyCallback> c = std::move(a);
  EXPECT_EQ(object.refs, 2u);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from is empty
  b = c;
  EXPECT_EQ(object.refs, 2u);
  b = nullptr;
  EXPECT_EQ(object.refs, 1u);
}

TEST(ComPtrTest, AssignmentReleasesThePreviousObject) {
  CountedCallback first;
  CountedCallback second;
  ComPtr<IBackgroundCopyCallback> p(&first);
  p = ComPtr<IBackgroundCopyCallback>(&second);
  EXPECT_EQ(first.refs, 0u);
  EXPECT_EQ(second.refs, 1u);
}

TEST(ComPtrTest, SelfAssignmentKeepsTheReference) {
  CountedCallback object;
  ComPtr<IBackgroundCopyCallback> p(&object);
  ComPtr<IBackgroundCopyCallback>& same = p;
  p = same;
  EXPECT_EQ(object.refs, 1u);
  EXPECT_EQ(p.Get(), &object);
}

TEST(ComPtrTest, AttachAndDetachLeaveTheCountAlone) {
  CountedCallback object;
  object.AddRef();
  ComPtr<IBackgroundCopyCallback> p = ComPtr<IBackgroundCopyCallback>::Attach(&object);
  EXPECT_EQ(object.refs, 1u);
  EXPECT_EQ(p.Detach(), &object);
  EXPECT_FALSE(p);
  EXPECT_EQ(object.refs, 1u);
}

TEST(ComPtrTest, ReleaseAndGetAddressOfDropsTheOldObject) {
  CountedCallback object;
  CountedCallback other;
  ComPtr<IBackgroundCopyCallback> p(&object);
  IBackgroundCopyCallback** slot = p.ReleaseAndGetAddressOf();
  EXPECT_EQ(object.refs, 0u);
  EXPECT_EQ(*slot, nullptr);
  other.AddRef();
  *slot = &other;  // as a method with an [out] parameter fills it
  EXPECT_EQ(p.Get(), &other);
  EXPECT_EQ(p.GetAddressOf(), slot);
}

TEST(ComPtrTest, AsQueriesTheInterface) {
  CountedCallback object;
  ComPtr<IBackgroundCopyCallback> p(&object);
  ComPtr<IUnknown> unknown;
  EXPECT_EQ(p.As(&unknown), S_OK);
  EXPECT_EQ(object.refs, 2u);
  ComPtr<IBackgroundCopyCallback2> callback2;
  EXPECT_EQ(p.As(&callback2), E_NOINTERFACE);
  EXPECT_FALSE(callback2);
  EXPECT_EQ(object.refs, 2u);
}

TEST(ComPtrTest, AsOnEmptyIsEPointer) {
  ComPtr<IBackgroundCopyCallback> empty;
  ComPtr<IUnknown> unknown;
  EXPECT_EQ(empty.As(&unknown), E_POINTER);
}

}  // namespace
}  // namespace doharness
