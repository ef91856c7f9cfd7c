// ObjectLifetime: whether a callback object under test has really been destroyed,
// known from its memory rather than from the counts its Release returns. COM leaves
// those counts to diagnostics: an object with a fixed lifetime (a global whose
// AddRef/Release return constants) is correct, and a count says nothing about whether
// the object is gone. So the lifetime rules (com.refcount_no_early_free,
// com.refcount_balanced) are judged from this, and com.refcount_exact from the counts.
//
//   IUnknown* callee = nullptr;
//   ObjectLifetime lifetime;
//   HRESULT hr = MakeWatched(factory, &callee, &lifetime);
//   ...
//   if (lifetime.Destroyed() == true) { /* its memory was freed */ }
//
// How: the binary that links this library replaces the global operator new and
// operator delete (the C++ replaceable allocation functions; on Linux they also serve
// the libraries it loads, plugins included). While a factory runs, the allocations of
// its thread are noted; the block that holds the returned object is then watched, and
// its operator delete marks it destroyed (so does a change of the object's vtable
// pointer, for a class whose own operator delete keeps the block). An object inside a loaded module's image (a
// global or a static) is never destroyed. Anything else (memory from malloc or from
// another runtime's heap, as a Windows DLL with its own CRT has) is kUnknown, and the
// proxy falls back to the counts.
#ifndef DOHARNESS_CONFORMANCE_OBJECT_LIFETIME_H_
#define DOHARNESS_CONFORMANCE_OBJECT_LIFETIME_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "deliveryoptimization.h"

namespace doharness::conformance {

// Where an object's memory came from, as far as the harness saw.
enum class Provenance {
  kHeap,     // a block from operator new while its factory ran: its delete is seen
  kImage,    // inside a loaded module: a global or static object, never freed
  kUnknown,  // neither: only the counts tell
};

class ObjectLifetime {
 public:
  // kUnknown.
  ObjectLifetime() = default;

  Provenance provenance() const { return provenance_; }
  // kHeap: whether the object's block has been freed, or its vtable pointer changed (a
  // destructor ran; a class's own operator delete may keep the block). kImage: false.
  // kUnknown: nullopt.
  std::optional<bool> Destroyed() const;
  // The same object (the same watched block, or the same address otherwise).
  bool SameObjectAs(const ObjectLifetime& other) const;

 private:
  friend HRESULT MakeWatched(const std::function<HRESULT(IUnknown**)>& factory, IUnknown** out,
                             ObjectLifetime* lifetime);
  Provenance provenance_ = Provenance::kUnknown;
  const void* object_ = nullptr;
  int slot_ = -1;
  uint64_t serial_ = 0;
  uintptr_t first_word_ = 0;
};

// Calls factory(out) and, when it gave an object, sets *lifetime to what the harness
// knows of that object's memory. A factory that hands out an object it made on an
// earlier call (a singleton) gets that object's watch. Returns the factory's result;
// an exception from the factory propagates.
HRESULT MakeWatched(const std::function<HRESULT(IUnknown**)>& factory, IUnknown** out, ObjectLifetime* lifetime);

}  // namespace doharness::conformance

#endif  // DOHARNESS_CONFORMANCE_OBJECT_LIFETIME_H_
