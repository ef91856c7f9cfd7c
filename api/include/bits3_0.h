// bits3_0.h: BITS 3.0 (IBackgroundCopyCallback2, IBackgroundCopyFile3). On Windows the
// SDK's header; elsewhere the portable definitions of deliveryoptimization.h, which
// holds them all.
#if defined(_WIN32)
#include_next <bits3_0.h>
#else
#include "deliveryoptimization.h"
#endif
