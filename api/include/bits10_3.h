// bits10_3.h: BITS 10.3 (IBackgroundCopyJobHttpOptions3,
// IBackgroundCopyServerCertificateValidationCallback). On Windows the SDK's header,
// completed by doharness/windows_sdk.h and, where the SDK has none (mingw-w64, Windows
// SDKs before 10.0.20348), by doharness/windows_bits10_3.h; elsewhere
// deliveryoptimization.h, whose portable definitions do not have these interfaces: a
// source using them builds on Windows only.
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
// IBackgroundCopyJobHttpOptions2, which the SDK's bits10_3.h imports.
#include <bits10_2.h>
#if defined(_MSC_VER) && !defined(__clang__)
#if __has_include(<../um/bits10_3.h>)  // Windows SDK 10.0.20348 and later
#include <../um/bits10_3.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#endif
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#if __has_include_next(<bits10_3.h>)  // mingw-w64 has none
#include_next <bits10_3.h>
#endif
#endif
#include "doharness/windows_bits10_3.h"
#else
#include "deliveryoptimization.h"
#endif
