// The slice of the Windows COM base (windef.h, winerror.h, unknwn.h, objbase.h)
// that job callbacks use, for platforms other than Windows. Widths follow Windows,
// not the host: LONG and ULONG are 32-bit even where C's long is 64-bit.
//
// C++ and C both: in C, as in the Windows SDK, an interface is a struct whose first
// member lpVtbl points to a table of functions taking the object first, REFIID is a
// pointer, and COBJMACROS gives IFoo_Method(This, ...) call macros.
#ifndef DOHARNESS_API_PORTABLE_COM_H_
#define DOHARNESS_API_PORTABLE_COM_H_

#ifdef __cplusplus
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#else
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#endif

// Inline functions of these headers: no object file defines them, in either language.
#ifdef __cplusplus
#define DOHARNESS_INLINE inline
#else
#define DOHARNESS_INLINE static inline
#endif

// ---- Scalar types ---------------------------------------------------------------
typedef int32_t HRESULT;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef unsigned char byte;  // rpcndr.h
typedef int32_t INT;
typedef uint32_t UINT;
typedef uint16_t USHORT;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uint64_t UINT64;
typedef uint64_t DWORD64;
typedef int BOOL;
typedef BOOL WINBOOL;
typedef wchar_t WCHAR;
typedef WCHAR* LPWSTR;
typedef const WCHAR* LPCWSTR;
typedef char* LPSTR;
typedef const char* LPCSTR;
typedef void* LPVOID;
typedef const void* LPCVOID;
typedef DWORD LCID;
typedef WORD LANGID;
typedef size_t SIZE_T;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

// ---- Calling conventions and method-declaration macros ---------------------------
// Windows x86 uses __stdcall for COM; every other ABI has one convention, so these
// are empty and the vtable is the compiler's own (slot order = declaration order).
#define STDMETHODCALLTYPE
#define STDAPICALLTYPE
#define WINAPI
#define __stdcall
#define STDMETHODIMP HRESULT STDMETHODCALLTYPE
#define STDMETHODIMP_(type) type STDMETHODCALLTYPE
#define DECLSPEC_NOVTABLE
#define DECLSPEC_UUID(x)
#define MIDL_INTERFACE(x) struct
#ifndef interface
#define interface struct
#endif
#define CONST_VTBL const
#define BEGIN_INTERFACE
#define END_INTERFACE

// Methods are declared once, objbase.h's way, and read in both languages:
//   STDMETHOD(GetState)(THIS_ BG_JOB_STATE* pVal) PURE;
// is a pure virtual method in C++ and a function pointer taking `INTERFACE* This`
// first in C (INTERFACE names the interface being declared).
// DOHARNESS_INTERFACE(Interface, Base) opens the declaration: in C++ a struct
// deriving from Base, in C the struct Interface { lpVtbl } and its table, which
// lists the base's methods first through DOHARNESS_C_INHERITS.
#ifdef __cplusplus
#define STDMETHOD(method) virtual HRESULT STDMETHODCALLTYPE method
#define STDMETHOD_(type, method) virtual type STDMETHODCALLTYPE method
#define PURE = 0
#define THIS_
#define THIS void
#define DOHARNESS_FORWARD_INTERFACE(Interface) struct Interface
#define DOHARNESS_INTERFACE(Interface, Base) struct Interface : public Base
#define DOHARNESS_C_INHERITS(...)
#else
#define STDMETHOD(method) HRESULT(STDMETHODCALLTYPE* method)
#define STDMETHOD_(type, method) type(STDMETHODCALLTYPE* method)
#define PURE
#define THIS_ INTERFACE* This,
#define THIS INTERFACE* This
#define DOHARNESS_FORWARD_INTERFACE(Interface) typedef struct Interface Interface
#define DOHARNESS_INTERFACE(Interface, Base)         \
  typedef struct Interface##Vtbl Interface##Vtbl;    \
  struct Interface {                                 \
    CONST_VTBL Interface##Vtbl* lpVtbl;              \
  };                                                 \
  struct Interface##Vtbl
#define DOHARNESS_C_INHERITS(...) __VA_ARGS__
#endif
#define UNREFERENCED_PARAMETER(p) ((void)(p))

// ---- HRESULT helpers ---------------------------------------------------------------
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define HRESULT_CODE(hr) ((hr) & 0xFFFF)
#define HRESULT_FACILITY(hr) (((hr) >> 16) & 0x1FFF)
#define HRESULT_SEVERITY(hr) (((hr) >> 31) & 0x1)
#define MAKE_HRESULT(sev, fac, code) \
  ((HRESULT)(((uint32_t)(sev) << 31) | ((uint32_t)(fac) << 16) | ((uint32_t)(code))))
#define FACILITY_WIN32 7
#define HRESULT_FROM_WIN32(x) \
  ((HRESULT)(x) <= 0 ? ((HRESULT)(x)) : ((HRESULT)(((x) & 0x0000FFFF) | (FACILITY_WIN32 << 16) | 0x80000000)))

#define S_OK ((HRESULT)0x00000000)
#define NOERROR S_OK
#define S_FALSE ((HRESULT)0x00000001)
#define E_NOTIMPL ((HRESULT)0x80004001)
#define E_NOINTERFACE ((HRESULT)0x80004002)
#define E_POINTER ((HRESULT)0x80004003)
#define E_ABORT ((HRESULT)0x80004004)
#define E_FAIL ((HRESULT)0x80004005)
#define E_UNEXPECTED ((HRESULT)0x8000FFFF)
#define E_PENDING ((HRESULT)0x8000000A)
#define E_ACCESSDENIED ((HRESULT)0x80070005)
#define E_HANDLE ((HRESULT)0x80070006)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define E_INVALIDARG ((HRESULT)0x80070057)

// ---- GUIDs ---------------------------------------------------------------------
typedef struct _GUID {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;
typedef GUID IID;
typedef GUID CLSID;

// GUIDs travel by reference in C++ and by pointer in C (IsEqualGUID(riid, &IID_IUnknown)).
#ifdef __cplusplus
typedef const GUID& REFGUID;
typedef const IID& REFIID;
typedef const CLSID& REFCLSID;
inline bool IsEqualGUID(REFGUID a, REFGUID b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool operator==(REFGUID a, REFGUID b) { return IsEqualGUID(a, b); }
inline bool operator!=(REFGUID a, REFGUID b) { return !IsEqualGUID(a, b); }
#else
typedef const GUID* REFGUID;
typedef const IID* REFIID;
typedef const CLSID* REFCLSID;
static inline int IsEqualGUID(REFGUID a, REFGUID b) { return memcmp(a, b, sizeof(GUID)) == 0; }
#endif
#define IsEqualIID(a, b) IsEqualGUID(a, b)
#define IsEqualCLSID(a, b) IsEqualGUID(a, b)

// A constant per GUID that no object file defines, so a plugin links nothing: inline
// in C++, static in C (unused ones draw no warning from a header).
#ifdef __cplusplus
#define DOHARNESS_DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  inline constexpr GUID name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DOHARNESS_DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  static const GUID name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif

// ---- FILETIME and time -----------------------------------------------------------
typedef struct _FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME;

// ---- Locale (used by callbacks that ask for error descriptions) --------------------
#define MAKELANGID(p, s) ((((WORD)(s)) << 10) | (WORD)(p))
#define LANGIDFROMLCID(lcid) ((WORD)(lcid))
#define LANG_NEUTRAL 0x00
#define LANG_ENGLISH 0x09
#define SUBLANG_NEUTRAL 0x00
#define SUBLANG_DEFAULT 0x01
#define SUBLANG_SYS_DEFAULT 0x02
#define SUBLANG_ENGLISH_US 0x01
#define LANG_USER_DEFAULT MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT)
DOHARNESS_INLINE LCID GetThreadLocale(void) { return 0x0409; }  // en-US, as a fresh Windows session
DOHARNESS_INLINE LANGID GetUserDefaultUILanguage(void) { return 0x0409; }

// ---- Interlocked reference counting ----------------------------------------------
// Windows' Interlocked* operate on a 32-bit LONG and return the new value.
DOHARNESS_INLINE LONG InterlockedIncrement(LONG volatile* addend) {
  return __atomic_add_fetch(addend, 1, __ATOMIC_SEQ_CST);
}
DOHARNESS_INLINE LONG InterlockedDecrement(LONG volatile* addend) {
  return __atomic_sub_fetch(addend, 1, __ATOMIC_SEQ_CST);
}
DOHARNESS_INLINE LONG InterlockedExchange(LONG volatile* target, LONG value) {
  return __atomic_exchange_n(target, value, __ATOMIC_SEQ_CST);
}
DOHARNESS_INLINE LONG InterlockedCompareExchange(LONG volatile* dest, LONG exchange, LONG comparand) {
  __atomic_compare_exchange_n(dest, &comparand, exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return comparand;
}
#ifdef __cplusplus
// The unsigned overloads Windows' C++ headers also give, for counts kept in a ULONG.
inline ULONG InterlockedIncrement(ULONG volatile* addend) {
  return __atomic_add_fetch(addend, 1, __ATOMIC_SEQ_CST);
}
inline ULONG InterlockedDecrement(ULONG volatile* addend) {
  return __atomic_sub_fetch(addend, 1, __ATOMIC_SEQ_CST);
}
#endif

// ---- Task memory ----------------------------------------------------------------
// Strings returned by job methods (GetDisplayName, GetLocalName, ...) are freed with
// CoTaskMemFree, as on Windows.
DOHARNESS_INLINE LPVOID CoTaskMemAlloc(SIZE_T cb) { return malloc(cb == 0 ? 1 : cb); }
DOHARNESS_INLINE void CoTaskMemFree(LPVOID pv) { free(pv); }

// ---- IUnknown ---------------------------------------------------------------------
DOHARNESS_DEFINE_GUID(IID_IUnknown, 0x00000000, 0x0000, 0x0000, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00,
                      0x00, 0x46);

// COM interfaces are structs of pure virtual methods with no destructor: on every
// ABI that DO Harness targets their first word is the vtable pointer and the slots
// follow the declaration order, which is the IDL order of the Windows header.
// DOHARNESS_METHODS_<Interface> lists an interface's own methods, for the C tables
// of the interfaces derived from it.
#define INTERFACE IUnknown
#define DOHARNESS_METHODS_IUnknown                                           \
  STDMETHOD(QueryInterface)(THIS_ REFIID riid, void** ppvObject) PURE; \
  STDMETHOD_(ULONG, AddRef)(THIS) PURE;                                \
  STDMETHOD_(ULONG, Release)(THIS) PURE;
DOHARNESS_FORWARD_INTERFACE(IUnknown);
#ifdef __cplusplus
struct IUnknown {
  DOHARNESS_METHODS_IUnknown
};
#else
DOHARNESS_INTERFACE(IUnknown, ) { DOHARNESS_METHODS_IUnknown };
#endif
#undef INTERFACE
typedef IUnknown* LPUNKNOWN;

#ifdef __cplusplus

// __uuidof(Interface) as MSVC spells it, for interface types. Each interface
// declares its IID through DOHARNESS_DECLARE_UUID.
namespace doharness_uuid {
template <typename T>
struct Of;
template <typename T>
constexpr const GUID& IidOf(T**) { return Of<T>::value; }
}  // namespace doharness_uuid
#define DOHARNESS_DECLARE_UUID(Interface, iid) \
  namespace doharness_uuid {                   \
  template <>                                  \
  struct Of<Interface> {                       \
    static constexpr const GUID& value = iid;  \
  };                                           \
  }
#define __uuidof(Interface) (::doharness_uuid::Of<Interface>::value)
DOHARNESS_DECLARE_UUID(IUnknown, IID_IUnknown)

#define IID_PPV_ARGS(pp) ::doharness_uuid::IidOf(pp), reinterpret_cast<void**>(pp)
#endif  // __cplusplus

#endif  // DOHARNESS_API_PORTABLE_COM_H_
