// ComObject<Interface>: a real IUnknown for test doubles (the mocks of this package,
// the conformance spies), with a RefLedger that records every AddRef, Release and
// QueryInterface so that tests can assert on reference counting.
//
//   class Callback : public ComObject<IBackgroundCopyCallback2> {
//    public:
//     Callback() : ComObject(Answers<IBackgroundCopyCallback, IBackgroundCopyCallback2>()) {}
//     HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override;
//     ...
//   };
//   ComPtr<Callback> callback = MakeComObject<Callback>();
//   std::shared_ptr<RefLedger> ledger = callback->ledger();
//   callback.Reset();
//   EXPECT_TRUE(ledger->destroyed());
//
// Why one interface and not a pack: the DO/BITS interfaces form single-inheritance
// chains (IUnknown <- IBackgroundCopyCallback <- IBackgroundCopyCallback2), so an
// object that implements the most derived one implements them all through one
// vtable pointer. ComObject<Interface> derives from Interface once, implements
// IUnknown's three methods `final`, and answers the IIDs it is given: Interface's
// own and any of its bases (checked at compile time), IUnknown always. Every
// answered IID yields the same pointer, which gives IUnknown identity for free.
//
// The rules followed are COM's (docs/contract.md section 7): an object made
// with `new` starts at one reference; AddRef and Release return the new count;
// Release deletes the object at zero through ComObject's virtual destructor;
// QueryInterface AddRefs what it returns, sets *ppv to null with E_NOINTERFACE,
// and returns E_POINTER for a null ppv. Because Release deletes, a ComObject must
// live on the heap: create it with MakeComObject (or `new`), never on the stack.
#ifndef DOHARNESS_MOCKS_COM_OBJECT_H_
#define DOHARNESS_MOCKS_COM_OBJECT_H_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"

namespace doharness::mocks {

template <class Interface>
class ComObject;

// What a RefLedgerEntry records.
enum class RefEvent { kAddRef, kRelease, kQueryInterface, kDestroyed };

struct RefLedgerEntry {
  RefEvent event;
  ULONG refcount;  // the count right after the event (0 for kDestroyed)
  IID iid;         // kQueryInterface: the IID asked for
  HRESULT result;  // kQueryInterface: what QueryInterface returned
};

// "AddRef -> 2", "Release -> 0", "destroyed",
// "QueryInterface(IBackgroundCopyCallback2) -> S_OK (0x00000000)".
std::string ToString(const RefLedgerEntry& entry);
std::ostream& operator<<(std::ostream& os, const RefLedgerEntry& entry);

// The reference count of one ComObject and the history of its IUnknown calls.
// It is shared (std::shared_ptr) so that it outlives the object: a test keeps it
// to check that the object was destroyed, and when.
//
// The count lives here, under the ledger's mutex, and not in an atomic beside a
// separately locked log: that way the order of the entries is the order in which
// the count changed, also when four engine threads AddRef and Release at once,
// and every entry's count is one more or one less than the previous one.
class RefLedger {
 public:
  RefLedger(const RefLedger&) = delete;
  RefLedger& operator=(const RefLedger&) = delete;

  // The current reference count; 0 once destroyed.
  ULONG refcount() const;
  // Whether the object has been deleted (its count reached zero).
  bool destroyed() const;
  // How many entries of this kind there are: Count(RefEvent::kAddRef) is the
  // number of AddRef calls (QueryInterface's own references are not AddRef calls).
  size_t Count(RefEvent event) const;
  // A copy of the entries, oldest first.
  std::vector<RefLedgerEntry> entries() const;
  // The entries, one a line, as ToString(entry) prints them.
  std::string ToString() const;

 private:
  template <class Interface>
  friend class ComObject;

  RefLedger() = default;
  ULONG AddRef();
  ULONG Release();
  // Counts the reference a successful QueryInterface hands out.
  void QueryInterface(REFIID iid, HRESULT result);
  void Destroyed();
  ULONG Append(RefEvent event, ULONG refcount, const IID& iid = IID{}, HRESULT result = S_OK);

  mutable std::mutex mutex_;
  ULONG refcount_ = 1;  // the reference of the creator
  bool destroyed_ = false;
  std::vector<RefLedgerEntry> entries_;
};

std::ostream& operator<<(std::ostream& os, const RefLedger& ledger);

template <class Interface>
class ComObject : public Interface {
 public:
  ComObject(const ComObject&) = delete;
  ComObject& operator=(const ComObject&) = delete;

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppvObject) final {
    HRESULT result = E_POINTER;
    if (ppvObject != nullptr) {
      const bool answered = riid == IID_IUnknown || std::find(answered_.begin(), answered_.end(),
                                                              riid) != answered_.end();
      *ppvObject = answered ? static_cast<Interface*>(this) : nullptr;
      result = answered ? S_OK : E_NOINTERFACE;
    }
    ledger_->QueryInterface(riid, result);
    return result;
  }
  ULONG STDMETHODCALLTYPE AddRef() final { return ledger_->AddRef(); }
  ULONG STDMETHODCALLTYPE Release() final {
    const ULONG count = ledger_->Release();
    if (count == 0) delete this;
    return count;
  }

  const std::shared_ptr<RefLedger>& ledger() const { return ledger_; }

 protected:
  // The IIDs QueryInterface answers besides IUnknown; made by Answers<...>().
  class InterfaceSet {
   private:
    friend class ComObject;
    explicit InterfaceSet(std::vector<IID> iids) : iids_(std::move(iids)) {}
    std::vector<IID> iids_;
  };

  // The set answering each of `Answered`, which must be Interface or one of its
  // bases: those are the interfaces whose pointer is this object's one pointer.
  // A class may leave out some of them on purpose (a callback that derives from
  // IBackgroundCopyCallback2 but does not answer it, as a known bug does).
  template <class... Answered>
  static InterfaceSet Answers() {
    static_assert((std::is_base_of_v<Answered, Interface> && ...),
                  "ComObject<Interface> can answer only Interface and its bases");
    return InterfaceSet({__uuidof(Answered)...});
  }

  // The object starts with one reference, owned by its creator.
  explicit ComObject(InterfaceSet answered)
      : answered_(std::move(answered.iids_)), ledger_(new RefLedger) {}
  virtual ~ComObject() { ledger_->Destroyed(); }

 private:
  const std::vector<IID> answered_;
  const std::shared_ptr<RefLedger> ledger_;
};

// Creates a T with `new` and hands its initial reference to the returned ComPtr:
// MakeComObject<testing::StrictMock<MockCallback>>() is at count 1.
template <class T, class... Args>
ComPtr<T> MakeComObject(Args&&... args) {
  return ComPtr<T>::Attach(new T(std::forward<Args>(args)...));
}

}  // namespace doharness::mocks

#endif  // DOHARNESS_MOCKS_COM_OBJECT_H_
