// On Windows, the real SDK definitions stand in for the portable ones. Our bits.h,
// bits1_5.h, bits2_0.h and bits3_0.h forward to the SDK's with #include_next (GCC, clang, mingw-w64;
// MSVC has no #include_next: see README "Not done yet").
#ifndef DOHARNESS_API_WINDOWS_SDK_H_
#define DOHARNESS_API_WINDOWS_SDK_H_
#include <windows.h>
#include <objbase.h>
#include <bits.h>
#include <bits1_5.h>
#include <bits2_0.h>
#include <bits3_0.h>

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
#endif  // DOHARNESS_API_WINDOWS_SDK_H_
