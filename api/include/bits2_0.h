// bits2_0.h: BITS 2.0 (IBackgroundCopyJob3, IBackgroundCopyFile2). On Windows the SDK's
// header; elsewhere the portable definitions of deliveryoptimization.h, which holds
// them all.
#if defined(_WIN32)
#include_next <bits2_0.h>
#else
#include "deliveryoptimization.h"
#endif
