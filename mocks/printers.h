// GoogleTest printers for the values of the DO/BITS ABI, so that failure messages
// and gMock's call traces show names instead of bytes and numbers:
// `{659CDEAC-489E-11D9-A9CD-000D56965251} (IBackgroundCopyCallback2)`, `TRANSFERRED`,
// `ComPtr(0x602000000010)`.
//
// GoogleTest finds a PrintTo overload through argument-dependent lookup, in the
// namespace of the printed type. GUID and the BG_* enums are declared in the global
// namespace (as in the Windows SDK), so their overloads are too; ComPtr's is in
// namespace doharness. Include this header
// wherever such values reach an assertion; the mocks and matchers of this package
// include it. (HRESULT, ULONG and DWORD are plain integers and cannot get printers
// of their own: matchers.h names them in its explanations instead.)
#ifndef DOHARNESS_MOCKS_PRINTERS_H_
#define DOHARNESS_MOCKS_PRINTERS_H_

#include <ostream>

#include "api/com_ptr.h"
#include "deliveryoptimization.h"

// The braced form, followed by the interface name when the GUID is a known IID.
void PrintTo(const GUID& guid, std::ostream* os);
void PrintTo(BG_JOB_STATE state, std::ostream* os);        // "TRANSFERRED"
void PrintTo(BG_JOB_TYPE type, std::ostream* os);          // "DOWNLOAD"
void PrintTo(BG_JOB_PRIORITY priority, std::ostream* os);  // "FOREGROUND"
void PrintTo(BG_ERROR_CONTEXT context, std::ostream* os);  // "REMOTE_FILE"

namespace doharness {

// "ComPtr(0x602000000010)", "ComPtr(NULL)": the pointer it holds, where GoogleTest
// would otherwise dump the bytes of the object.
template <class T>
void PrintTo(const ComPtr<T>& pointer, std::ostream* os) {
  *os << "ComPtr(";
  if (pointer) {
    *os << static_cast<const void*>(pointer.Get());
  } else {
    *os << "NULL";
  }
  *os << ")";
}

}  // namespace doharness

#endif  // DOHARNESS_MOCKS_PRINTERS_H_
