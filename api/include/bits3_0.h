// bits3_0.h: BITS 3.0 (IBackgroundCopyCallback2, IBackgroundCopyFile3). On Windows the
// SDK's header, completed by doharness/windows_sdk.h and, where the SDK's lacks
// it (mingw-w64's), IBackgroundCopyFile3; elsewhere the portable definitions of deliveryoptimization.h,
// which holds them all.
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
#if defined(_MSC_VER) && !defined(__clang__)
#include <../um/bits3_0.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#include_next <bits3_0.h>
#endif
#include "doharness/windows_bits3_0.h"
#else
#include "deliveryoptimization.h"
#endif
