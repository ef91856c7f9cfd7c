// bits.h: the BITS 1.0 job interfaces. On Windows the SDK's header; elsewhere the
// portable definitions of deliveryoptimization.h, which holds them all.
#if defined(_WIN32)
#include_next <bits.h>
#else
#include "deliveryoptimization.h"
#endif
