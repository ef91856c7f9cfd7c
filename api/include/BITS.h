// bits.h: the BITS 1.0 job interfaces. On Windows the SDK's header; elsewhere the
// portable definitions of deliveryoptimization.h, which holds them all. Bits.h and
// BITS.h are byte-identical copies, for sources written on Windows (whose file names
// ignore case) that spell it so; being identical, a case-insensitive checkout keeps
// whichever it likes (api/BUILD checks that they stay identical).
#if defined(_WIN32)
#include_next <bits.h>
#else
#include "deliveryoptimization.h"
#endif
