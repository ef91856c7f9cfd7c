// What the Windows SDK's bits5_0.h has and mingw-w64's lacks: IBackgroundCopyFile5 with
// its property types, and the cost-state flags of IBackgroundCopyJob5's
// BITS_JOB_PROPERTY_ID_COST_FLAGS (mingw-w64 has the job interface and only
// BITS_COST_STATE_TRANSFER_ALWAYS). Our bits5_0.h includes this after the SDK's, and
// after our bits4_0.h, which gives IBackgroundCopyFile4.
#ifndef DOHARNESS_API_WINDOWS_BITS5_0_H_
#define DOHARNESS_API_WINDOWS_BITS5_0_H_

// Cost states, one flag each; TRANSFER_* are the usual combinations (values as in the
// SDK, each guarded since mingw-w64 defines one of them).
#ifndef BITS_COST_STATE_UNRESTRICTED
#define BITS_COST_STATE_UNRESTRICTED 0x1
#endif
#ifndef BITS_COST_STATE_CAPPED_USAGE_UNKNOWN
#define BITS_COST_STATE_CAPPED_USAGE_UNKNOWN 0x2
#endif
#ifndef BITS_COST_STATE_BELOW_CAP
#define BITS_COST_STATE_BELOW_CAP 0x4
#endif
#ifndef BITS_COST_STATE_NEAR_CAP
#define BITS_COST_STATE_NEAR_CAP 0x8
#endif
#ifndef BITS_COST_STATE_OVERCAP_CHARGED
#define BITS_COST_STATE_OVERCAP_CHARGED 0x10
#endif
#ifndef BITS_COST_STATE_OVERCAP_THROTTLED
#define BITS_COST_STATE_OVERCAP_THROTTLED 0x20
#endif
#ifndef BITS_COST_STATE_USAGE_BASED
#define BITS_COST_STATE_USAGE_BASED 0x40
#endif
#ifndef BITS_COST_STATE_ROAMING
#define BITS_COST_STATE_ROAMING 0x80
#endif
#ifndef BITS_COST_OPTION_IGNORE_CONGESTION
#define BITS_COST_OPTION_IGNORE_CONGESTION 0x80000000
#endif
#ifndef BITS_COST_STATE_RESERVED
#define BITS_COST_STATE_RESERVED 0x40000000
#endif
#ifndef BITS_COST_STATE_TRANSFER_NOT_ROAMING
#define BITS_COST_STATE_TRANSFER_NOT_ROAMING 0x8000007f
#endif
#ifndef BITS_COST_STATE_TRANSFER_NO_SURCHARGE
#define BITS_COST_STATE_TRANSFER_NO_SURCHARGE 0x8000006f
#endif
#ifndef BITS_COST_STATE_TRANSFER_STANDARD
#define BITS_COST_STATE_TRANSFER_STANDARD 0x80000067
#endif
#ifndef BITS_COST_STATE_TRANSFER_UNRESTRICTED
#define BITS_COST_STATE_TRANSFER_UNRESTRICTED 0x80000021
#endif
#ifndef BITS_COST_STATE_TRANSFER_ALWAYS
#define BITS_COST_STATE_TRANSFER_ALWAYS 0x800000ff
#endif

// (IID_IBackgroundCopyFile5 is defined with the others, in windows_sdk.h.)
#ifndef __IBackgroundCopyFile5_INTERFACE_DEFINED__
#define __IBackgroundCopyFile5_INTERFACE_DEFINED__
// The property types come with the interface: an SDK that declares one declares both,
// and has no macro of its own to test for the types alone.
typedef enum { BITS_FILE_PROPERTY_ID_HTTP_RESPONSE_HEADERS = 1 } BITS_FILE_PROPERTY_ID;
typedef union {
  LPWSTR String;  // for BITS_FILE_PROPERTY_ID_HTTP_RESPONSE_HEADERS
} BITS_FILE_PROPERTY_VALUE;

#undef INTERFACE
#define INTERFACE IBackgroundCopyFile5
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyFile5, IBackgroundCopyFile4,
                       "85c1657f-dafc-40e8-8834-df18ea25717e") {
#else
DECLARE_INTERFACE_(IBackgroundCopyFile5, IBackgroundCopyFile4) {
  BEGIN_INTERFACE
  STDMETHOD(QueryInterface)(THIS_ REFIID riid, void** ppvObject) PURE;
  STDMETHOD_(ULONG, AddRef)(THIS) PURE;
  STDMETHOD_(ULONG, Release)(THIS) PURE;
  STDMETHOD(GetRemoteName)(THIS_ LPWSTR * pVal) PURE;
  STDMETHOD(GetLocalName)(THIS_ LPWSTR * pVal) PURE;
  STDMETHOD(GetProgress)(THIS_ BG_FILE_PROGRESS * pVal) PURE;
  STDMETHOD(GetFileRanges)(THIS_ DWORD * RangeCount, BG_FILE_RANGE * *Ranges) PURE;
  STDMETHOD(SetRemoteName)(THIS_ LPCWSTR Val) PURE;
  STDMETHOD(GetTemporaryName)(THIS_ LPWSTR * pFilename) PURE;
  STDMETHOD(SetValidationState)(THIS_ BOOL state) PURE;
  STDMETHOD(GetValidationState)(THIS_ BOOL * pState) PURE;
  STDMETHOD(IsDownloadedFromPeer)(THIS_ BOOL * pVal) PURE;
  STDMETHOD(GetPeerDownloadStats)(THIS_ PUINT64 pFromOrigin, PUINT64 pFromPeers) PURE;
#endif
  // SetProperty takes the union by value, as in the SDK (it is one pointer wide).
  STDMETHOD(SetProperty)(THIS_ BITS_FILE_PROPERTY_ID PropertyId,
                         BITS_FILE_PROPERTY_VALUE PropertyValue) PURE;
  STDMETHOD(GetProperty)(THIS_ BITS_FILE_PROPERTY_ID PropertyId,
                         BITS_FILE_PROPERTY_VALUE * PropertyValue) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyFile5, 0x85c1657f, 0xdafc, 0x40e8, 0x88, 0x34, 0xdf, 0x18, 0xea,
                0x25, 0x71, 0x7e)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyFile5_QueryInterface(This, a, b) (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyFile5_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyFile5_Release(This) (This)->lpVtbl->Release(This)
#define IBackgroundCopyFile5_GetRemoteName(This, a) (This)->lpVtbl->GetRemoteName(This, a)
#define IBackgroundCopyFile5_GetLocalName(This, a) (This)->lpVtbl->GetLocalName(This, a)
#define IBackgroundCopyFile5_GetProgress(This, a) (This)->lpVtbl->GetProgress(This, a)
#define IBackgroundCopyFile5_GetFileRanges(This, a, b) (This)->lpVtbl->GetFileRanges(This, a, b)
#define IBackgroundCopyFile5_SetRemoteName(This, a) (This)->lpVtbl->SetRemoteName(This, a)
#define IBackgroundCopyFile5_GetTemporaryName(This, a) (This)->lpVtbl->GetTemporaryName(This, a)
#define IBackgroundCopyFile5_SetValidationState(This, a) (This)->lpVtbl->SetValidationState(This, a)
#define IBackgroundCopyFile5_GetValidationState(This, a) (This)->lpVtbl->GetValidationState(This, a)
#define IBackgroundCopyFile5_IsDownloadedFromPeer(This, a) \
  (This)->lpVtbl->IsDownloadedFromPeer(This, a)
#define IBackgroundCopyFile5_GetPeerDownloadStats(This, a, b) \
  (This)->lpVtbl->GetPeerDownloadStats(This, a, b)
#define IBackgroundCopyFile5_SetProperty(This, a, b) (This)->lpVtbl->SetProperty(This, a, b)
#define IBackgroundCopyFile5_GetProperty(This, a, b) (This)->lpVtbl->GetProperty(This, a, b)
#endif
#endif  // __IBackgroundCopyFile5_INTERFACE_DEFINED__

#endif  // DOHARNESS_API_WINDOWS_BITS5_0_H_
