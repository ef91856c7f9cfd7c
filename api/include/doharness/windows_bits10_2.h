// IBackgroundCopyJobHttpOptions2 (BITS 10.2: the HTTP method) where the SDK has no
// bits10_2.h declaring it (mingw-w64 has none; the Windows SDK's does): our bits10_2.h
// includes this after the SDK's. Its base, IBackgroundCopyJobHttpOptions, is in every
// SDK's bits2_5.h, which bits.h brings in.
#ifndef DOHARNESS_API_WINDOWS_BITS10_2_H_
#define DOHARNESS_API_WINDOWS_BITS10_2_H_

// (IID_IBackgroundCopyJobHttpOptions2 is defined with the others, in windows_sdk.h.)
#ifndef __IBackgroundCopyJobHttpOptions2_INTERFACE_DEFINED__
#define __IBackgroundCopyJobHttpOptions2_INTERFACE_DEFINED__
#undef INTERFACE
#define INTERFACE IBackgroundCopyJobHttpOptions2
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyJobHttpOptions2, IBackgroundCopyJobHttpOptions,
                       "b591a192-a405-4fc3-8323-4c5c542578fc") {
#else
DECLARE_INTERFACE_(IBackgroundCopyJobHttpOptions2, IBackgroundCopyJobHttpOptions) {
  BEGIN_INTERFACE
  STDMETHOD(QueryInterface)(THIS_ REFIID riid, void** ppvObject) PURE;
  STDMETHOD_(ULONG, AddRef)(THIS) PURE;
  STDMETHOD_(ULONG, Release)(THIS) PURE;
  STDMETHOD(SetClientCertificateByID)(THIS_ BG_CERT_STORE_LOCATION StoreLocation,
                                      LPCWSTR StoreName, BYTE * pCertHashBlob) PURE;
  STDMETHOD(SetClientCertificateByName)(THIS_ BG_CERT_STORE_LOCATION StoreLocation,
                                        LPCWSTR StoreName, LPCWSTR SubjectName) PURE;
  STDMETHOD(RemoveClientCertificate)(THIS) PURE;
  STDMETHOD(GetClientCertificate)(THIS_ BG_CERT_STORE_LOCATION * pStoreLocation,
                                  LPWSTR * pStoreName, BYTE * *ppCertHashBlob,
                                  LPWSTR * pSubjectName) PURE;
  STDMETHOD(SetCustomHeaders)(THIS_ LPCWSTR RequestHeaders) PURE;
  STDMETHOD(GetCustomHeaders)(THIS_ LPWSTR * pRequestHeaders) PURE;
  STDMETHOD(SetSecurityFlags)(THIS_ ULONG Flags) PURE;
  STDMETHOD(GetSecurityFlags)(THIS_ ULONG * pFlags) PURE;
#endif
  STDMETHOD(SetHttpMethod)(THIS_ LPCWSTR method) PURE;
  STDMETHOD(GetHttpMethod)(THIS_ LPWSTR * method) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyJobHttpOptions2, 0xb591a192, 0xa405, 0x4fc3, 0x83, 0x23, 0x4c, 0x5c,
                0x54, 0x25, 0x78, 0xfc)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyJobHttpOptions2_QueryInterface(This, a, b) \
  (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyJobHttpOptions2_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyJobHttpOptions2_Release(This) (This)->lpVtbl->Release(This)
#define IBackgroundCopyJobHttpOptions2_SetClientCertificateByID(This, a, b, c) \
  (This)->lpVtbl->SetClientCertificateByID(This, a, b, c)
#define IBackgroundCopyJobHttpOptions2_SetClientCertificateByName(This, a, b, c) \
  (This)->lpVtbl->SetClientCertificateByName(This, a, b, c)
#define IBackgroundCopyJobHttpOptions2_RemoveClientCertificate(This) \
  (This)->lpVtbl->RemoveClientCertificate(This)
#define IBackgroundCopyJobHttpOptions2_GetClientCertificate(This, a, b, c, d) \
  (This)->lpVtbl->GetClientCertificate(This, a, b, c, d)
#define IBackgroundCopyJobHttpOptions2_SetCustomHeaders(This, a) \
  (This)->lpVtbl->SetCustomHeaders(This, a)
#define IBackgroundCopyJobHttpOptions2_GetCustomHeaders(This, a) \
  (This)->lpVtbl->GetCustomHeaders(This, a)
#define IBackgroundCopyJobHttpOptions2_SetSecurityFlags(This, a) \
  (This)->lpVtbl->SetSecurityFlags(This, a)
#define IBackgroundCopyJobHttpOptions2_GetSecurityFlags(This, a) \
  (This)->lpVtbl->GetSecurityFlags(This, a)
#define IBackgroundCopyJobHttpOptions2_SetHttpMethod(This, a) (This)->lpVtbl->SetHttpMethod(This, a)
#define IBackgroundCopyJobHttpOptions2_GetHttpMethod(This, a) (This)->lpVtbl->GetHttpMethod(This, a)
#endif
#endif  // __IBackgroundCopyJobHttpOptions2_INTERFACE_DEFINED__

#endif  // DOHARNESS_API_WINDOWS_BITS10_2_H_
