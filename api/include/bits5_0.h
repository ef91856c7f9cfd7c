// bits5_0.h: BITS 5.0 (IBackgroundCopyJob5, IBackgroundCopyFile5). On Windows the
// SDK's header, completed by doharness/windows_sdk.h and, where the SDK's lacks them
// (mingw-w64's has the job interface only), by doharness/windows_bits5_0.h; elsewhere
// deliveryoptimization.h, whose portable definitions do not have these interfaces: a
// source using them builds on Windows only.
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
// IBackgroundCopyFile4, which mingw-w64's bits5_0.h does not bring in.
#include <bits4_0.h>
#if defined(_MSC_VER) && !defined(__clang__)
#include <../um/bits5_0.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#if __has_include_next(<bits5_0.h>)  // as in the other forwarders
#include_next <bits5_0.h>
#endif
#endif
#include "doharness/windows_bits5_0.h"
#else
#include "deliveryoptimization.h"
#endif
