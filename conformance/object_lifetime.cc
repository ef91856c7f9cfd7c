#include "conformance/object_lifetime.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <dlfcn.h>
#endif

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

namespace doharness::conformance {
namespace {

struct Block {
  void* start;
  size_t size;
  bool Holds(const void* p) const {
    const auto at = reinterpret_cast<uintptr_t>(p), from = reinterpret_cast<uintptr_t>(start);
    return at >= from && at - from < size;
  }
};

// The blocks a factory call allocated on its thread and has not freed. The callback
// object is among the first: blocks past the capacity go unnoted.
struct FactoryAllocations {
  std::array<Block, 512> blocks;
  size_t count = 0;
};
// The factory call running on this thread, if any. A plain pointer: operator new must
// not allocate to reach it.
thread_local FactoryAllocations* noting = nullptr;

// A watched object's block: `start` while it lives, null once freed. A slot is taken
// again only once free; `serial` tells its holders apart.
struct WatchSlot {
  std::atomic<void*> start{nullptr};
  std::atomic<size_t> size{0};
  std::atomic<uint64_t> serial{0};
};
std::array<WatchSlot, 64> slots;
std::atomic<int> watched{0};  // slots with a start: operator delete looks only when > 0
std::atomic<uint64_t> next_serial{1};

void NoteAllocation(void* p, size_t size) {
  FactoryAllocations* const allocations = noting;
  if (allocations != nullptr && allocations->count < allocations->blocks.size()) {
    allocations->blocks[allocations->count++] = {p, size};
  }
}

void NoteFree(void* p) {
  if (p == nullptr) return;
  if (FactoryAllocations* const allocations = noting) {
    for (size_t i = 0; i < allocations->count; ++i) {
      if (allocations->blocks[i].start == p) {
        allocations->blocks[i] = allocations->blocks[--allocations->count];
        break;
      }
    }
  }
  if (watched.load(std::memory_order_acquire) == 0) return;
  for (WatchSlot& slot : slots) {
    void* expected = p;
    if (slot.start.load(std::memory_order_relaxed) == p && slot.start.compare_exchange_strong(expected, nullptr)) {
      watched.fetch_sub(1);
      return;
    }
  }
}

// The watched slot whose live block holds `object`, or -1.
int WatchedSlotHolding(const void* object) {
  for (int i = 0; i < static_cast<int>(slots.size()); ++i) {
    void* const start = slots[i].start.load();
    if (start != nullptr && Block{start, slots[i].size.load()}.Holds(object)) return i;
  }
  return -1;
}

// Takes a free slot for `block`; -1 when all are taken.
int Watch(const Block& block, uint64_t* serial) {
  for (int i = 0; i < static_cast<int>(slots.size()); ++i) {
    void* expected = nullptr;
    if (slots[i].start.load() == nullptr && slots[i].start.compare_exchange_strong(expected, block.start)) {
      slots[i].size.store(block.size);
      *serial = next_serial.fetch_add(1);
      slots[i].serial.store(*serial);
      watched.fetch_add(1, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

bool InLoadedImage(const void* object) {
#if defined(_WIN32)
  HMODULE module = nullptr;
  return GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            static_cast<LPCWSTR>(object), &module) != 0;
#else
  Dl_info info;
  return dladdr(object, &info) != 0 && info.dli_fbase != nullptr;
#endif
}

// The object's first word: its vtable pointer while it lives.
uintptr_t FirstWord(const void* object) {
  uintptr_t word;
  std::memcpy(&word, object, sizeof word);
  return word;
}

}  // namespace

std::optional<bool> ObjectLifetime::Destroyed() const {
  switch (provenance_) {
    case Provenance::kHeap:
      if (slots[slot_].serial.load() != serial_ || slots[slot_].start.load() == nullptr) return true;
      // Still allocated, so readable: a destructor that ran changed the vtable pointer,
      // or a class's own operator delete that keeps the block overwrote it.
      return FirstWord(object_) != first_word_;
    case Provenance::kImage:
      return false;
    case Provenance::kUnknown:
      break;
  }
  return std::nullopt;
}

bool ObjectLifetime::SameObjectAs(const ObjectLifetime& other) const {
  if (provenance_ == Provenance::kHeap && other.provenance_ == Provenance::kHeap) {
    return slot_ == other.slot_ && serial_ == other.serial_;
  }
  return object_ != nullptr && object_ == other.object_;
}

HRESULT MakeWatched(const std::function<HRESULT(IUnknown**)>& factory, IUnknown** out, ObjectLifetime* lifetime) {
  *lifetime = ObjectLifetime();
  FactoryAllocations allocations;
  FactoryAllocations* const outer = noting;
  noting = &allocations;
  HRESULT hr = E_UNEXPECTED;
  try {
    hr = factory(out);
  } catch (...) {
    noting = outer;
    throw;
  }
  noting = outer;
  if (FAILED(hr) || *out == nullptr) return hr;
  const void* const object = *out;
  lifetime->object_ = object;
  if (const int slot = WatchedSlotHolding(object); slot >= 0) {  // handed out before
    lifetime->provenance_ = Provenance::kHeap;
    lifetime->slot_ = slot;
    lifetime->serial_ = slots[slot].serial.load();
    lifetime->first_word_ = FirstWord(object);
    return hr;
  }
  for (size_t i = 0; i < allocations.count; ++i) {
    if (!allocations.blocks[i].Holds(object)) continue;
    const int slot = Watch(allocations.blocks[i], &lifetime->serial_);
    if (slot >= 0) {
      lifetime->provenance_ = Provenance::kHeap;
      lifetime->slot_ = slot;
      lifetime->first_word_ = FirstWord(object);
    }
    return hr;
  }
  if (InLoadedImage(object)) lifetime->provenance_ = Provenance::kImage;
  return hr;
}

}  // namespace doharness::conformance

// ---- The replaced global allocation functions -------------------------------------
// The usual ones, over malloc and free, with the two notes above. The array, sized and
// nothrow forms come here too, so that none bypasses the notes whatever the standard
// library's own forms call. (The aligned forms are left to the library: an object
// over-aligned for `new` is kUnknown.)
void* operator new(std::size_t size) {
  if (size == 0) size = 1;
  for (;;) {
    if (void* p = std::malloc(size)) {
      doharness::conformance::NoteAllocation(p, size);
      return p;
    }
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return ::operator new(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t& nothrow) noexcept { return ::operator new(size, nothrow); }
void operator delete(void* p) noexcept {
  doharness::conformance::NoteFree(p);
  std::free(p);
}
void operator delete[](void* p) noexcept { ::operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { ::operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { ::operator delete(p); }
