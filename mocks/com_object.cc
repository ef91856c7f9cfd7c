// RefLedger: the reference count and IUnknown history behind every ComObject.
#include "mocks/com_object.h"

#include <sstream>

#include "api/names.h"

namespace doharness::mocks {

std::string ToString(const RefLedgerEntry& entry) {
  switch (entry.event) {
    case RefEvent::kAddRef:
      return "AddRef -> " + std::to_string(entry.refcount);
    case RefEvent::kRelease:
      return "Release -> " + std::to_string(entry.refcount);
    case RefEvent::kQueryInterface:
      return "QueryInterface(" + InterfaceName(entry.iid) + ") -> " + HresultName(entry.result);
    case RefEvent::kDestroyed:
      return "destroyed";
  }
  return "RefEvent(" + std::to_string(static_cast<int>(entry.event)) + ")";
}

std::ostream& operator<<(std::ostream& os, const RefLedgerEntry& entry) {
  return os << ToString(entry);
}

ULONG RefLedger::refcount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return refcount_;
}

bool RefLedger::destroyed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return destroyed_;
}

size_t RefLedger::Count(RefEvent event) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::count_if(entries_.begin(), entries_.end(),
                       [event](const RefLedgerEntry& entry) { return entry.event == event; });
}

std::vector<RefLedgerEntry> RefLedger::entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_;
}

std::string RefLedger::ToString() const {
  std::ostringstream out;
  const char* separator = "";
  for (const RefLedgerEntry& entry : entries()) {
    out << separator << entry;
    separator = "\n";
  }
  return out.str();
}

ULONG RefLedger::AddRef() {
  std::lock_guard<std::mutex> lock(mutex_);
  return Append(RefEvent::kAddRef, ++refcount_);
}

ULONG RefLedger::Release() {
  std::lock_guard<std::mutex> lock(mutex_);
  return Append(RefEvent::kRelease, --refcount_);
}

void RefLedger::QueryInterface(REFIID iid, HRESULT result) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (SUCCEEDED(result)) ++refcount_;
  Append(RefEvent::kQueryInterface, refcount_, iid, result);
}

void RefLedger::Destroyed() {
  std::lock_guard<std::mutex> lock(mutex_);
  destroyed_ = true;
  Append(RefEvent::kDestroyed, refcount_);
}

ULONG RefLedger::Append(RefEvent event, ULONG refcount, const IID& iid, HRESULT result) {
  entries_.push_back(RefLedgerEntry{event, refcount, iid, result});
  return refcount;
}

std::ostream& operator<<(std::ostream& os, const RefLedger& ledger) {
  return os << ledger.ToString();
}

}  // namespace doharness::mocks
