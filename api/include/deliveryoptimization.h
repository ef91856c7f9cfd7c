// deliveryoptimization.h: the Delivery Optimization / BITS job-notification ABI.
//
// On Windows this includes the SDK's own definitions. Elsewhere it gives a portable
// copy of them: the COM base types, GUIDs with their real values, HRESULT codes,
// the job states, notify flags and structures, and the interfaces
// IBackgroundCopyCallback(2), IBackgroundCopyJob(2, 3), IBackgroundCopyFile(2, 3),
// IBackgroundCopyError, IEnumBackgroundCopyJobs, IEnumBackgroundCopyFiles and
// IBackgroundCopyManager with every method in its Windows vtable slot. A callback
// written for Windows compiles against it unchanged with one `-I api/include`, in C++
// or in C (lpVtbl tables; COBJMACROS for the call macros).
//
// Everything is inline: a plugin built with a single compiler command links nothing.
// Facts and their sources: docs/contract.md.
#ifndef DOHARNESS_API_DELIVERYOPTIMIZATION_H_
#define DOHARNESS_API_DELIVERYOPTIMIZATION_H_

#if defined(_WIN32)
// The SDK's headers through ours, which complete them (doharness/windows_sdk.h).
#include <bits.h>
#include <bits1_5.h>
#include <bits2_0.h>
#include <bits3_0.h>
#else
#include "doharness/portable_com.h"
#include "doharness/portable_bits.h"
#include "doharness/delivery_optimization_extras.h"
#endif

#endif  // DOHARNESS_API_DELIVERYOPTIMIZATION_H_
