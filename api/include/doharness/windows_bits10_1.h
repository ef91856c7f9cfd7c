// IBackgroundCopyCallback3 and IBackgroundCopyFile6 (BITS 10.1, ranges on demand) where
// the SDK has no bits10_1.h declaring them (mingw-w64 has none; the Windows SDK's does):
// our bits10_1.h includes this after the SDK's, and after our bits5_0.h, which gives
// IBackgroundCopyFile5. The notify flag BG_NOTIFY_FILE_RANGES_TRANSFERRED is windows_sdk.h's.
#ifndef DOHARNESS_API_WINDOWS_BITS10_1_H_
#define DOHARNESS_API_WINDOWS_BITS10_1_H_

// (The IIDs are defined with the others, in windows_sdk.h.)
#ifndef __IBackgroundCopyCallback3_INTERFACE_DEFINED__
#define __IBackgroundCopyCallback3_INTERFACE_DEFINED__
#undef INTERFACE
#define INTERFACE IBackgroundCopyCallback3
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyCallback3, IBackgroundCopyCallback2,
                       "98c97bd2-e32b-4ad8-a528-95fd8b16bd42") {
#else
DECLARE_INTERFACE_(IBackgroundCopyCallback3, IBackgroundCopyCallback2) {
  BEGIN_INTERFACE
  STDMETHOD(QueryInterface)(THIS_ REFIID riid, void** ppvObject) PURE;
  STDMETHOD_(ULONG, AddRef)(THIS) PURE;
  STDMETHOD_(ULONG, Release)(THIS) PURE;
  STDMETHOD(JobTransferred)(THIS_ IBackgroundCopyJob * pJob) PURE;
  STDMETHOD(JobError)(THIS_ IBackgroundCopyJob * pJob, IBackgroundCopyError * pError) PURE;
  STDMETHOD(JobModification)(THIS_ IBackgroundCopyJob * pJob, DWORD dwReserved) PURE;
  STDMETHOD(FileTransferred)(THIS_ IBackgroundCopyJob * job, IBackgroundCopyFile * file) PURE;
#endif
  STDMETHOD(FileRangesTransferred)(THIS_ IBackgroundCopyJob * job, IBackgroundCopyFile * file,
                                   DWORD rangeCount, const BG_FILE_RANGE ranges[]) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyCallback3, 0x98c97bd2, 0xe32b, 0x4ad8, 0xa5, 0x28, 0x95, 0xfd, 0x8b,
                0x16, 0xbd, 0x42)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyCallback3_QueryInterface(This, a, b) \
  (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyCallback3_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyCallback3_Release(This) (This)->lpVtbl->Release(This)
#define IBackgroundCopyCallback3_JobTransferred(This, a) (This)->lpVtbl->JobTransferred(This, a)
#define IBackgroundCopyCallback3_JobError(This, a, b) (This)->lpVtbl->JobError(This, a, b)
#define IBackgroundCopyCallback3_JobModification(This, a, b) \
  (This)->lpVtbl->JobModification(This, a, b)
#define IBackgroundCopyCallback3_FileTransferred(This, a, b) \
  (This)->lpVtbl->FileTransferred(This, a, b)
#define IBackgroundCopyCallback3_FileRangesTransferred(This, a, b, c, d) \
  (This)->lpVtbl->FileRangesTransferred(This, a, b, c, d)
#endif
#endif  // __IBackgroundCopyCallback3_INTERFACE_DEFINED__

#ifndef __IBackgroundCopyFile6_INTERFACE_DEFINED__
#define __IBackgroundCopyFile6_INTERFACE_DEFINED__
#undef INTERFACE
#define INTERFACE IBackgroundCopyFile6
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyFile6, IBackgroundCopyFile5,
                       "cf6784f7-d677-49fd-9368-cb47aee9d1ad") {
#else
DECLARE_INTERFACE_(IBackgroundCopyFile6, IBackgroundCopyFile5) {
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
  STDMETHOD(SetProperty)(THIS_ BITS_FILE_PROPERTY_ID PropertyId,
                         BITS_FILE_PROPERTY_VALUE PropertyValue) PURE;
  STDMETHOD(GetProperty)(THIS_ BITS_FILE_PROPERTY_ID PropertyId,
                         BITS_FILE_PROPERTY_VALUE * PropertyValue) PURE;
#endif
  STDMETHOD(UpdateDownloadPosition)(THIS_ UINT64 offset) PURE;
  STDMETHOD(RequestFileRanges)(THIS_ DWORD rangeCount, const BG_FILE_RANGE ranges[]) PURE;
  STDMETHOD(GetFilledFileRanges)(THIS_ DWORD * rangeCount, BG_FILE_RANGE * *ranges) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyFile6, 0xcf6784f7, 0xd677, 0x49fd, 0x93, 0x68, 0xcb, 0x47, 0xae,
                0xe9, 0xd1, 0xad)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyFile6_QueryInterface(This, a, b) (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyFile6_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyFile6_Release(This) (This)->lpVtbl->Release(This)
#define IBackgroundCopyFile6_GetRemoteName(This, a) (This)->lpVtbl->GetRemoteName(This, a)
#define IBackgroundCopyFile6_GetLocalName(This, a) (This)->lpVtbl->GetLocalName(This, a)
#define IBackgroundCopyFile6_GetProgress(This, a) (This)->lpVtbl->GetProgress(This, a)
#define IBackgroundCopyFile6_GetFileRanges(This, a, b) (This)->lpVtbl->GetFileRanges(This, a, b)
#define IBackgroundCopyFile6_SetRemoteName(This, a) (This)->lpVtbl->SetRemoteName(This, a)
#define IBackgroundCopyFile6_GetTemporaryName(This, a) (This)->lpVtbl->GetTemporaryName(This, a)
#define IBackgroundCopyFile6_SetValidationState(This, a) (This)->lpVtbl->SetValidationState(This, a)
#define IBackgroundCopyFile6_GetValidationState(This, a) (This)->lpVtbl->GetValidationState(This, a)
#define IBackgroundCopyFile6_IsDownloadedFromPeer(This, a) \
  (This)->lpVtbl->IsDownloadedFromPeer(This, a)
#define IBackgroundCopyFile6_GetPeerDownloadStats(This, a, b) \
  (This)->lpVtbl->GetPeerDownloadStats(This, a, b)
#define IBackgroundCopyFile6_SetProperty(This, a, b) (This)->lpVtbl->SetProperty(This, a, b)
#define IBackgroundCopyFile6_GetProperty(This, a, b) (This)->lpVtbl->GetProperty(This, a, b)
#define IBackgroundCopyFile6_UpdateDownloadPosition(This, a) \
  (This)->lpVtbl->UpdateDownloadPosition(This, a)
#define IBackgroundCopyFile6_RequestFileRanges(This, a, b) \
  (This)->lpVtbl->RequestFileRanges(This, a, b)
#define IBackgroundCopyFile6_GetFilledFileRanges(This, a, b) \
  (This)->lpVtbl->GetFilledFileRanges(This, a, b)
#endif
#endif  // __IBackgroundCopyFile6_INTERFACE_DEFINED__

#endif  // DOHARNESS_API_WINDOWS_BITS10_1_H_
