// bits4_0.h: BITS 4.0 (IBitsTokenOptions, IBackgroundCopyFile4). On Windows the SDK's
// header, completed by doharness/windows_sdk.h and, where the SDK has none (mingw-w64),
// by doharness/windows_bits4_0.h; elsewhere deliveryoptimization.h, whose portable
// definitions do not have these interfaces: a source using them builds on Windows only.
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
// The base interfaces, as the SDK's bits4_0.h imports them (ours: with IBackgroundCopyFile3).
#include <bits3_0.h>
#if defined(_MSC_VER) && !defined(__clang__)
#include <../um/bits4_0.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#if __has_include_next(<bits4_0.h>)  // mingw-w64 has none
#include_next <bits4_0.h>
#endif
#endif
#include "doharness/windows_bits4_0.h"
#else
#include "deliveryoptimization.h"
#endif
