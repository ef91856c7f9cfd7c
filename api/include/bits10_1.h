// bits10_1.h: BITS 10.1 (IBackgroundCopyCallback3, IBackgroundCopyFile6: file ranges on
// demand). On Windows the SDK's header, completed by doharness/windows_sdk.h and, where
// the SDK has none (mingw-w64), by doharness/windows_bits10_1.h; elsewhere
// deliveryoptimization.h, whose portable definitions do not have these interfaces: a
// source using them builds on Windows only.
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
// IBackgroundCopyFile5, which the SDK's bits10_1.h imports.
#include <bits5_0.h>
#if defined(_MSC_VER) && !defined(__clang__)
#include <../um/bits10_1.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#if __has_include_next(<bits10_1.h>)  // mingw-w64 has none
#include_next <bits10_1.h>
#endif
#endif
#include "doharness/windows_bits10_1.h"
#else
#include "deliveryoptimization.h"
#endif
