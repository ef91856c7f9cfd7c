// IBitsTokenOptions and IBackgroundCopyFile4 (BITS 4.0) where the SDK has no bits4_0.h
// declaring them (mingw-w64 has none; the Windows SDK's does): our bits4_0.h includes
// this after the SDK's, and after our bits3_0.h, which gives IBackgroundCopyFile3.
#ifndef DOHARNESS_API_WINDOWS_BITS4_0_H_
#define DOHARNESS_API_WINDOWS_BITS4_0_H_

// What IBitsTokenOptions::SetHelperTokenFlags takes (macros in the SDK too).
#ifndef BG_TOKEN_LOCAL_FILE
#define BG_TOKEN_LOCAL_FILE 0x0001
#endif
#ifndef BG_TOKEN_NETWORK
#define BG_TOKEN_NETWORK 0x0002
#endif

// (The IIDs are defined with the others, in windows_sdk.h.)
#ifndef __IBitsTokenOptions_INTERFACE_DEFINED__
#define __IBitsTokenOptions_INTERFACE_DEFINED__
#undef INTERFACE
#define INTERFACE IBitsTokenOptions
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBitsTokenOptions, IUnknown, "9a2584c3-f7d2-457a-9a5e-22b67bffc7d2") {
#else
DECLARE_INTERFACE_(IBitsTokenOptions, IUnknown) {
  BEGIN_INTERFACE
  STDMETHOD(QueryInterface)(THIS_ REFIID riid, void** ppvObject) PURE;
  STDMETHOD_(ULONG, AddRef)(THIS) PURE;
  STDMETHOD_(ULONG, Release)(THIS) PURE;
#endif
  STDMETHOD(SetHelperTokenFlags)(THIS_ DWORD UsageFlags) PURE;
  STDMETHOD(GetHelperTokenFlags)(THIS_ DWORD * pFlags) PURE;
  STDMETHOD(SetHelperToken)(THIS) PURE;
  STDMETHOD(ClearHelperToken)(THIS) PURE;
  STDMETHOD(GetHelperTokenSid)(THIS_ LPWSTR * pSid) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBitsTokenOptions, 0x9a2584c3, 0xf7d2, 0x457a, 0x9a, 0x5e, 0x22, 0xb6, 0x7b, 0xff,
                0xc7, 0xd2)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBitsTokenOptions_QueryInterface(This, a, b) (This)->lpVtbl->QueryInterface(This, a, b)
#define IBitsTokenOptions_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBitsTokenOptions_Release(This) (This)->lpVtbl->Release(This)
#define IBitsTokenOptions_SetHelperTokenFlags(This, a) (This)->lpVtbl->SetHelperTokenFlags(This, a)
#define IBitsTokenOptions_GetHelperTokenFlags(This, a) (This)->lpVtbl->GetHelperTokenFlags(This, a)
#define IBitsTokenOptions_SetHelperToken(This) (This)->lpVtbl->SetHelperToken(This)
#define IBitsTokenOptions_ClearHelperToken(This) (This)->lpVtbl->ClearHelperToken(This)
#define IBitsTokenOptions_GetHelperTokenSid(This, a) (This)->lpVtbl->GetHelperTokenSid(This, a)
#endif
#endif  // __IBitsTokenOptions_INTERFACE_DEFINED__

#ifndef __IBackgroundCopyFile4_INTERFACE_DEFINED__
#define __IBackgroundCopyFile4_INTERFACE_DEFINED__
#undef INTERFACE
#define INTERFACE IBackgroundCopyFile4
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyFile4, IBackgroundCopyFile3,
                       "ef7e0655-7888-4960-b0e5-730846e03492") {
#else
DECLARE_INTERFACE_(IBackgroundCopyFile4, IBackgroundCopyFile3) {
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
#endif
  STDMETHOD(GetPeerDownloadStats)(THIS_ PUINT64 pFromOrigin, PUINT64 pFromPeers) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyFile4, 0xef7e0655, 0x7888, 0x4960, 0xb0, 0xe5, 0x73, 0x08, 0x46,
                0xe0, 0x34, 0x92)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyFile4_QueryInterface(This, a, b) (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyFile4_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyFile4_Release(This) (This)->lpVtbl->Release(This)
#define IBackgroundCopyFile4_GetRemoteName(This, a) (This)->lpVtbl->GetRemoteName(This, a)
#define IBackgroundCopyFile4_GetLocalName(This, a) (This)->lpVtbl->GetLocalName(This, a)
#define IBackgroundCopyFile4_GetProgress(This, a) (This)->lpVtbl->GetProgress(This, a)
#define IBackgroundCopyFile4_GetFileRanges(This, a, b) (This)->lpVtbl->GetFileRanges(This, a, b)
#define IBackgroundCopyFile4_SetRemoteName(This, a) (This)->lpVtbl->SetRemoteName(This, a)
#define IBackgroundCopyFile4_GetTemporaryName(This, a) (This)->lpVtbl->GetTemporaryName(This, a)
#define IBackgroundCopyFile4_SetValidationState(This, a) (This)->lpVtbl->SetValidationState(This, a)
#define IBackgroundCopyFile4_GetValidationState(This, a) (This)->lpVtbl->GetValidationState(This, a)
#define IBackgroundCopyFile4_IsDownloadedFromPeer(This, a) \
  (This)->lpVtbl->IsDownloadedFromPeer(This, a)
#define IBackgroundCopyFile4_GetPeerDownloadStats(This, a, b) \
  (This)->lpVtbl->GetPeerDownloadStats(This, a, b)
#endif
#endif  // __IBackgroundCopyFile4_INTERFACE_DEFINED__

#endif  // DOHARNESS_API_WINDOWS_BITS4_0_H_
