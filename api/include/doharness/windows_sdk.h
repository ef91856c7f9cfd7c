// On Windows, the real SDK definitions stand in for the portable ones: our bits.h,
// bits1_5.h, bits2_0.h, bits3_0.h and the later bits4_0.h to bits10_3.h forward to the
// SDK's (see bits.h for how), and each includes this header first, which adds what an
// SDK may lack, so that the same callback source builds with the Windows SDK and with
// mingw-w64's headers:
//   - constants of the BITS 10 SDK that mingw-w64 lacks;
//   - every BITS IID and CLSID, defined here (COMDAT, like INITGUID's), so a callback
//     links without bits.lib or a libuuid that has them (mingw-w64's does not);
//   - what Delivery Optimization adds (delivery_optimization_extras.h).
// It needs no BITS header itself: the SDK's include one another, our bits.h among them.
// Interfaces an SDK may lack are windows_bits3_0.h's (IBackgroundCopyFile3) to
// windows_bits10_3.h's, each after its version's SDK header.
#ifndef DOHARNESS_API_WINDOWS_SDK_H_
#define DOHARNESS_API_WINDOWS_SDK_H_
#include <windows.h>

// Constants of the Windows SDK that mingw-w64's headers lack (values as in the
// SDK and in portable_bits.h).
#ifndef BG_E_TOO_MANY_JOBS_PER_USER
#define BG_E_TOO_MANY_JOBS_PER_USER ((HRESULT)0x80200049)
#endif
#ifndef BG_E_TOO_MANY_JOBS_PER_MACHINE
#define BG_E_TOO_MANY_JOBS_PER_MACHINE ((HRESULT)0x80200050)
#endif
#ifndef BG_E_TOO_MANY_RANGES_IN_FILE
#define BG_E_TOO_MANY_RANGES_IN_FILE ((HRESULT)0x80200052)
#endif
#ifndef BG_E_VALIDATION_FAILED
#define BG_E_VALIDATION_FAILED ((HRESULT)0x80200053)
#endif
#ifndef BG_NOTIFY_FILE_RANGES_TRANSFERRED
#define BG_NOTIFY_FILE_RANGES_TRANSFERRED 0x0020
#endif

// The IIDs and CLSIDs, as definitions that every translation unit may repeat (the
// linker keeps one). With INITGUID the SDK's own headers define them already.
#if !defined(INITGUID)
// (In C a const at file scope is external already, and "extern" with an initializer is
// warned about; in C++ it needs extern "C".)
#ifdef __cplusplus
#define DOHARNESS_SDK_GUID_LINKAGE extern "C"
#else
#define DOHARNESS_SDK_GUID_LINKAGE
#endif
#define DOHARNESS_BITS_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  DOHARNESS_SDK_GUID_LINKAGE const GUID DECLSPEC_SELECTANY name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}};
#include "doharness/bits_guids.h"
#undef DOHARNESS_BITS_GUID
#endif  // !INITGUID

#include "doharness/delivery_optimization_extras.h"

#endif  // DOHARNESS_API_WINDOWS_SDK_H_
