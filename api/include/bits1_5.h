// bits1_5.h: BITS 1.5 (IBackgroundCopyJob2). On Windows the SDK's header; elsewhere
// the portable definitions of deliveryoptimization.h, which holds them all.
#if defined(_WIN32)
#include_next <bits1_5.h>
#else
#include "deliveryoptimization.h"
#endif
