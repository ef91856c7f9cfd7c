// IBackgroundCopyFile3 where the SDK's bits3_0.h does not declare it (mingw-w64's;
// the Windows SDK's does): our bits3_0.h includes this after the SDK's.
#ifndef DOHARNESS_API_WINDOWS_BITS3_0_H_
#define DOHARNESS_API_WINDOWS_BITS3_0_H_
#ifndef __IBackgroundCopyFile3_INTERFACE_DEFINED__
#define __IBackgroundCopyFile3_INTERFACE_DEFINED__
// (IID_IBackgroundCopyFile3 is defined with the others, in windows_sdk.h.)
#undef INTERFACE
#define INTERFACE IBackgroundCopyFile3
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyFile3, IBackgroundCopyFile2,
                       "659cdeaa-489e-11d9-a9cd-000d56965251") {
#else
DECLARE_INTERFACE_(IBackgroundCopyFile3, IBackgroundCopyFile2) {
  BEGIN_INTERFACE
  STDMETHOD(QueryInterface)(THIS_ REFIID riid, void** ppvObject) PURE;
  STDMETHOD_(ULONG, AddRef)(THIS) PURE;
  STDMETHOD_(ULONG, Release)(THIS) PURE;
  STDMETHOD(GetRemoteName)(THIS_ LPWSTR * pVal) PURE;
  STDMETHOD(GetLocalName)(THIS_ LPWSTR * pVal) PURE;
  STDMETHOD(GetProgress)(THIS_ BG_FILE_PROGRESS * pVal) PURE;
  STDMETHOD(GetFileRanges)(THIS_ DWORD * RangeCount, BG_FILE_RANGE * *Ranges) PURE;
  STDMETHOD(SetRemoteName)(THIS_ LPCWSTR Val) PURE;
#endif
  STDMETHOD(GetTemporaryName)(THIS_ LPWSTR * pFilename) PURE;
  STDMETHOD(SetValidationState)(THIS_ BOOL state) PURE;
  STDMETHOD(GetValidationState)(THIS_ BOOL * pState) PURE;
  STDMETHOD(IsDownloadedFromPeer)(THIS_ BOOL * pVal) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyFile3, 0x659cdeaa, 0x489e, 0x11d9, 0xa9, 0xcd, 0x00, 0x0d, 0x56,
                0x96, 0x52, 0x51)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyFile3_QueryInterface(This, a, b) (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyFile3_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyFile3_Release(This) (This)->lpVtbl->Release(This)
#define IBackgroundCopyFile3_GetRemoteName(This, a) (This)->lpVtbl->GetRemoteName(This, a)
#define IBackgroundCopyFile3_GetLocalName(This, a) (This)->lpVtbl->GetLocalName(This, a)
#define IBackgroundCopyFile3_GetProgress(This, a) (This)->lpVtbl->GetProgress(This, a)
#define IBackgroundCopyFile3_GetFileRanges(This, a, b) (This)->lpVtbl->GetFileRanges(This, a, b)
#define IBackgroundCopyFile3_SetRemoteName(This, a) (This)->lpVtbl->SetRemoteName(This, a)
#define IBackgroundCopyFile3_GetTemporaryName(This, a) (This)->lpVtbl->GetTemporaryName(This, a)
#define IBackgroundCopyFile3_SetValidationState(This, a) (This)->lpVtbl->SetValidationState(This, a)
#define IBackgroundCopyFile3_GetValidationState(This, a) (This)->lpVtbl->GetValidationState(This, a)
#define IBackgroundCopyFile3_IsDownloadedFromPeer(This, a) \
  (This)->lpVtbl->IsDownloadedFromPeer(This, a)
#endif
#endif  // __IBackgroundCopyFile3_INTERFACE_DEFINED__


#endif  // DOHARNESS_API_WINDOWS_BITS3_0_H_
