// bits1_5.h: BITS 1.5 (IBackgroundCopyJob2). On Windows the SDK's header, completed by
// doharness/windows_sdk.h; elsewhere the portable definitions of deliveryoptimization.h,
// which holds them all.
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
#if defined(_MSC_VER) && !defined(__clang__)
#include <../um/bits1_5.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#include_next <bits1_5.h>
#endif
#else
#include "deliveryoptimization.h"
#endif
