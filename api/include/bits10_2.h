// bits10_2.h: BITS 10.2 (IBackgroundCopyJobHttpOptions2: the HTTP method). On Windows
// the SDK's header, completed by doharness/windows_sdk.h and, where the SDK has none
// (mingw-w64), by doharness/windows_bits10_2.h; elsewhere deliveryoptimization.h, whose
// portable definitions do not have this interface: a source using it builds on Windows
// only.
#if defined(_WIN32)
// First, so that its IID definitions come before the SDK's declarations (C keeps
// selectany only so).
#include "doharness/windows_sdk.h"
// The earlier versions, as the SDK's bits10_2.h imports them.
#include <bits10_1.h>
#if defined(_MSC_VER) && !defined(__clang__)
#include <../um/bits10_2.h>  // MSVC has no #include_next; the SDK's INCLUDE has um/
#else
#pragma GCC system_header  // #include_next is an extension: no -pedantic warning
#if __has_include_next(<bits10_2.h>)  // mingw-w64 has none
#include_next <bits10_2.h>
#endif
#endif
#include "doharness/windows_bits10_2.h"
#else
#include "deliveryoptimization.h"
#endif
