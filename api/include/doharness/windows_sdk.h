// On Windows, the real SDK definitions stand in for the portable ones: our bits.h,
// bits1_5.h, bits2_0.h and bits3_0.h forward to the SDK's (see bits.h for how), and
// each then includes this header, which adds what an SDK may lack, so that the same
// callback source builds with the Windows SDK and with mingw-w64's headers:
//   - constants of the BITS 10 SDK that mingw-w64 lacks;
//   - every BITS IID and CLSID, defined here (COMDAT, like INITGUID's), so a callback
//     links without bits.lib or a libuuid that has them (mingw-w64's does not);
//   - what Delivery Optimization adds (delivery_optimization_extras.h).
// It needs no BITS header itself: the SDK's include one another, our bits.h among them.
// IBackgroundCopyFile3, where the SDK lacks it, is windows_bits3_0.h's.
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
#define DOHARNESS_DEFINE_SDK_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  DOHARNESS_SDK_GUID_LINKAGE const GUID DECLSPEC_SELECTANY name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyFile, 0x01b7bd23, 0xfb88, 0x4a77, 0x84, 0x90, 0x58,
                          0x91, 0xd3, 0xe4, 0x65, 0x3a);
DOHARNESS_DEFINE_SDK_GUID(IID_IEnumBackgroundCopyFiles, 0xca51e165, 0xc365, 0x424c, 0x8d, 0x41,
                          0x24, 0xaa, 0xa4, 0xff, 0x3c, 0x40);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyError, 0x19c613a0, 0xfcb8, 0x4f28, 0x81, 0xae, 0x89,
                          0x7c, 0x3d, 0x07, 0x8f, 0x81);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyJob, 0x37668d37, 0x507e, 0x4160, 0x93, 0x16, 0x26,
                          0x30, 0x6d, 0x15, 0x0b, 0x12);
DOHARNESS_DEFINE_SDK_GUID(IID_IEnumBackgroundCopyJobs, 0x1af4f612, 0x3b71, 0x466f, 0x8f, 0x58,
                          0x7b, 0x6f, 0x73, 0xac, 0x57, 0xad);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyCallback, 0x97ea99c7, 0x0186, 0x4ad4, 0x8d, 0xf9,
                          0xc5, 0xb4, 0xe0, 0xed, 0x6b, 0x22);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyManager, 0x5ce34c0d, 0x0dc9, 0x4c1f, 0x89, 0x7c, 0xda,
                          0xa1, 0xb7, 0x8c, 0xee, 0x7c);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyCallback2, 0x659cdeac, 0x489e, 0x11d9, 0xa9, 0xcd,
                          0x00, 0x0d, 0x56, 0x96, 0x52, 0x51);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyJob2, 0x54b50739, 0x686f, 0x45eb, 0x9d, 0xff, 0xd6,
                          0xa9, 0xa0, 0xfa, 0xa9, 0xaf);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyJob3, 0x443c8934, 0x90ff, 0x48ed, 0xbc, 0xde, 0x26,
                          0xf5, 0xc7, 0x45, 0x00, 0x42);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyFile2, 0x83e81b93, 0x0873, 0x474d, 0x8a, 0x8c, 0xf2,
                          0x01, 0x8b, 0x1a, 0x93, 0x9c);
DOHARNESS_DEFINE_SDK_GUID(IID_IBackgroundCopyFile3, 0x659cdeaa, 0x489e, 0x11d9, 0xa9, 0xcd,
                          0x00, 0x0d, 0x56, 0x96, 0x52, 0x51);
DOHARNESS_DEFINE_SDK_GUID(CLSID_BackgroundCopyManager, 0x4991d34b, 0x80a1, 0x4291, 0x83, 0xb6,
                          0x33, 0x28, 0x36, 0x6b, 0x90, 0x97);
#endif  // !INITGUID

#include "doharness/delivery_optimization_extras.h"

#endif  // DOHARNESS_API_WINDOWS_SDK_H_
