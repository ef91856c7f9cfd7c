// What Delivery Optimization adds to the BITS interfaces: its manager coclass, its
// job interface for adding files, and its error codes (DO-doc; do_errors.h of the
// DO SDK). Given on every platform, since the Windows SDK lacks some of them.
#ifndef DOHARNESS_API_DELIVERY_OPTIMIZATION_EXTRAS_H_
#define DOHARNESS_API_DELIVERY_OPTIMIZATION_EXTRAS_H_

#ifndef DO_E_JOB_NOT_FOUND
#define DO_E_DOWNLOAD_NO_PROGRESS ((HRESULT)0x80D02002)
#define DO_E_JOB_NOT_FOUND ((HRESULT)0x80D02003)
#define DO_E_JOB_EMPTY ((HRESULT)0x80D02004)
#define DO_E_FILE_NOT_AVAILABLE ((HRESULT)0x80D02010)
#define DO_E_INVALID_STATE ((HRESULT)0x80D02013)
#define DO_E_ERROR_INFORMATION_UNAVAILABLE ((HRESULT)0x80D02014)
#define DO_E_BLOCKED_BY_NO_NETWORK ((HRESULT)0x80D03805)
#endif

// The BITS error for an HTTP status (bitsmsg.h's BG_E_HTTP_ERROR_<status>): not an SDK
// macro, so given on every platform.
#define BG_HTTP_STATUS_HRESULT(status) ((HRESULT)(0x80190000u + (unsigned)(status)))

// DO transient errors: facility 0xD0 with code & 0xF800 == 0x3800 (do_errors.h).
#define DO_FACILITY 0xD0
#define DO_IS_TRANSIENT_ERROR(hr) \
  (HRESULT_FACILITY(hr) == DO_FACILITY && (HRESULT_CODE(hr) & 0xF800) == 0x3800)

#if defined(_WIN32) && !defined(DOHARNESS_DEFINE_GUID)
#define DOHARNESS_DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  static const GUID name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif

DOHARNESS_DEFINE_GUID(CLSID_DeliveryOptimization, 0x5b99fa76, 0x721c, 0x423c, 0xad, 0xac, 0x56,
                      0xd0, 0x3c, 0x8a, 0x80, 0x07);
DOHARNESS_DEFINE_GUID(IID_IDeliveryOptimizationJob, 0xee2584cf, 0xa69c, 0x4848, 0xb6, 0x33, 0x26,
                      0x49, 0x96, 0x2b, 0x3e, 0xf7);

#endif  // DOHARNESS_API_DELIVERY_OPTIMIZATION_EXTRAS_H_
