// bits.h: the BITS 1.0 job interfaces. On Windows the SDK's header, completed by
// doharness/windows_sdk.h; elsewhere the portable definitions of deliveryoptimization.h,
// which holds them all. Bits.h and BITS.h are byte-identical copies, for sources
// written on Windows (whose file names ignore case) that spell it so; being identical, a case-insensitive checkout keeps
// whichever it likes (api/BUILD checks that they stay identical).
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
#if defined(_MSC_VER) && !defined(__clang__)
#include <../um/bits.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#include_next <bits.h>
#endif
#else
#include "deliveryoptimization.h"
#endif
