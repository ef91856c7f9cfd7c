// MakeWatched: heap objects are seen freed, globals never are, memory the harness did
// not see allocated is unknown; a singleton handed out twice is the same object.
#include "conformance/object_lifetime.h"

#include <cstdlib>
#include <new>

#include "gtest/gtest.h"

namespace doharness::conformance {
namespace {

// The smallest object a factory can hand out.
class Object : public IUnknown {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void** out) override {
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return 2; }
  ULONG STDMETHODCALLTYPE Release() override { return 1; }
  virtual ~Object() = default;
  char payload[40] = {};
};

// A second base first, so that the IUnknown pointer is inside the block, not at its start.
struct Padding {
  virtual ~Padding() = default;
  long long pad[3] = {};
};
class Derived : public Padding, public Object {};

Object global_object;

TEST(ObjectLifetimeTest, AHeapObjectIsSeenFreed) {
  Object* made = nullptr;
  ObjectLifetime lifetime;
  IUnknown* out = nullptr;
  ASSERT_EQ(MakeWatched(
                [&](IUnknown** o) {
                  made = new Object;
                  *o = made;
                  return S_OK;
                },
                &out, &lifetime),
            S_OK);
  EXPECT_EQ(lifetime.provenance(), Provenance::kHeap);
  EXPECT_EQ(lifetime.Destroyed(), false);
  delete made;
  EXPECT_EQ(lifetime.Destroyed(), true);
}

TEST(ObjectLifetimeTest, AnInteriorPointerAndTheNothrowFormsAreSeen) {
  Derived* made = nullptr;
  ObjectLifetime lifetime;
  IUnknown* out = nullptr;
  MakeWatched(
      [&](IUnknown** o) {
        made = new (std::nothrow) Derived;
        *o = static_cast<Object*>(made);
        return S_OK;
      },
      &out, &lifetime);
  EXPECT_EQ(lifetime.provenance(), Provenance::kHeap);
  delete static_cast<Padding*>(made);
  EXPECT_EQ(lifetime.Destroyed(), true);
}

TEST(ObjectLifetimeTest, AGlobalIsNeverDestroyed) {
  ObjectLifetime lifetime;
  IUnknown* out = nullptr;
  MakeWatched(
      [](IUnknown** o) {
        *o = &global_object;
        return S_OK;
      },
      &out, &lifetime);
  EXPECT_EQ(lifetime.provenance(), Provenance::kImage);
  EXPECT_EQ(lifetime.Destroyed(), false);
}

TEST(ObjectLifetimeTest, MemoryNotSeenAllocatedIsUnknown) {
  void* memory = std::malloc(sizeof(Object));
  ObjectLifetime lifetime;
  IUnknown* out = nullptr;
  MakeWatched(
      [&](IUnknown** o) {
        *o = new (memory) Object;
        return S_OK;
      },
      &out, &lifetime);
  EXPECT_EQ(lifetime.provenance(), Provenance::kUnknown);
  EXPECT_EQ(lifetime.Destroyed(), std::nullopt);
  std::free(memory);
}

TEST(ObjectLifetimeTest, ASingletonHandedOutTwiceIsTheSameObject) {
  Object* singleton = nullptr;
  auto factory = [&](IUnknown** o) {
    if (singleton == nullptr) singleton = new Object;
    *o = singleton;
    return S_OK;
  };
  ObjectLifetime first, second, other;
  IUnknown* out = nullptr;
  MakeWatched(factory, &out, &first);
  MakeWatched(factory, &out, &second);
  EXPECT_TRUE(first.SameObjectAs(second));
  Object* another = nullptr;
  MakeWatched(
      [&](IUnknown** o) {
        another = new Object;
        *o = another;
        return S_OK;
      },
      &out, &other);
  EXPECT_FALSE(first.SameObjectAs(other));
  delete singleton;
  delete another;
  EXPECT_EQ(second.Destroyed(), true);
}

TEST(ObjectLifetimeTest, AFailedFactoryLeavesItUnknown) {
  ObjectLifetime lifetime;
  IUnknown* out = nullptr;
  EXPECT_EQ(MakeWatched([](IUnknown**) { return E_OUTOFMEMORY; }, &out, &lifetime), E_OUTOFMEMORY);
  EXPECT_EQ(lifetime.provenance(), Provenance::kUnknown);
}

}  // namespace
}  // namespace doharness::conformance
