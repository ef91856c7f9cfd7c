// IBackgroundCopyServerCertificateValidationCallback and IBackgroundCopyJobHttpOptions3
// (BITS 10.3) where the SDK has no bits10_3.h declaring them (mingw-w64 has none; the
// Windows SDK's has since 10.0.20348): our bits10_3.h includes this after the SDK's, and
// after our bits10_2.h, which gives IBackgroundCopyJobHttpOptions2.
#ifndef DOHARNESS_API_WINDOWS_BITS10_3_H_
#define DOHARNESS_API_WINDOWS_BITS10_3_H_

// (The IIDs are defined with the others, in windows_sdk.h.)
#ifndef __IBackgroundCopyServerCertificateValidationCallback_INTERFACE_DEFINED__
#define __IBackgroundCopyServerCertificateValidationCallback_INTERFACE_DEFINED__
#undef INTERFACE
#define INTERFACE IBackgroundCopyServerCertificateValidationCallback
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyServerCertificateValidationCallback, IUnknown,
                       "4cec0d02-def7-4158-813a-c32a46945ff7") {
#else
DECLARE_INTERFACE_(IBackgroundCopyServerCertificateValidationCallback, IUnknown) {
  BEGIN_INTERFACE
  STDMETHOD(QueryInterface)(THIS_ REFIID riid, void** ppvObject) PURE;
  STDMETHOD_(ULONG, AddRef)(THIS) PURE;
  STDMETHOD_(ULONG, Release)(THIS) PURE;
#endif
  STDMETHOD(ValidateServerCertificate)(THIS_ IBackgroundCopyJob * job, IBackgroundCopyFile * file,
                                       DWORD certLength, const BYTE certData[],
                                       DWORD certEncodingType, DWORD certStoreLength,
                                       const BYTE certStoreData[]) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyServerCertificateValidationCallback, 0x4cec0d02, 0xdef7, 0x4158,
                0x81, 0x3a, 0xc3, 0x2a, 0x46, 0x94, 0x5f, 0xf7)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyServerCertificateValidationCallback_QueryInterface(This, a, b) \
  (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyServerCertificateValidationCallback_AddRef(This) \
  (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyServerCertificateValidationCallback_Release(This) \
  (This)->lpVtbl->Release(This)
#define IBackgroundCopyServerCertificateValidationCallback_ValidateServerCertificate( \
    This, a, b, c, d, e, f, g)                                                        \
  (This)->lpVtbl->ValidateServerCertificate(This, a, b, c, d, e, f, g)
#endif
#endif  // __IBackgroundCopyServerCertificateValidationCallback_INTERFACE_DEFINED__

#ifndef __IBackgroundCopyJobHttpOptions3_INTERFACE_DEFINED__
#define __IBackgroundCopyJobHttpOptions3_INTERFACE_DEFINED__
#undef INTERFACE
#define INTERFACE IBackgroundCopyJobHttpOptions3
#ifdef __cplusplus
DECLARE_INTERFACE_IID_(IBackgroundCopyJobHttpOptions3, IBackgroundCopyJobHttpOptions2,
                       "8a9263d3-fd4c-4eda-9b28-30132a4d4e3c") {
#else
DECLARE_INTERFACE_(IBackgroundCopyJobHttpOptions3, IBackgroundCopyJobHttpOptions2) {
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
  STDMETHOD(SetHttpMethod)(THIS_ LPCWSTR method) PURE;
  STDMETHOD(GetHttpMethod)(THIS_ LPWSTR * method) PURE;
#endif
  // Takes any object that answers IBackgroundCopyServerCertificateValidationCallback.
  STDMETHOD(SetServerCertificateValidationInterface)(THIS_ IUnknown * certValidationCallback) PURE;
  STDMETHOD(MakeCustomHeadersWriteOnly)(THIS) PURE;
#ifndef __cplusplus
  END_INTERFACE
#endif
};
#undef INTERFACE
#ifdef __cplusplus
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IBackgroundCopyJobHttpOptions3, 0x8a9263d3, 0xfd4c, 0x4eda, 0x9b, 0x28, 0x30, 0x13,
                0x2a, 0x4d, 0x4e, 0x3c)
#endif
#endif
#if !defined(__cplusplus) && defined(COBJMACROS)
#define IBackgroundCopyJobHttpOptions3_QueryInterface(This, a, b) \
  (This)->lpVtbl->QueryInterface(This, a, b)
#define IBackgroundCopyJobHttpOptions3_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IBackgroundCopyJobHttpOptions3_Release(This) (This)->lpVtbl->Release(This)
#define IBackgroundCopyJobHttpOptions3_SetClientCertificateByID(This, a, b, c) \
  (This)->lpVtbl->SetClientCertificateByID(This, a, b, c)
#define IBackgroundCopyJobHttpOptions3_SetClientCertificateByName(This, a, b, c) \
  (This)->lpVtbl->SetClientCertificateByName(This, a, b, c)
#define IBackgroundCopyJobHttpOptions3_RemoveClientCertificate(This) \
  (This)->lpVtbl->RemoveClientCertificate(This)
#define IBackgroundCopyJobHttpOptions3_GetClientCertificate(This, a, b, c, d) \
  (This)->lpVtbl->GetClientCertificate(This, a, b, c, d)
#define IBackgroundCopyJobHttpOptions3_SetCustomHeaders(This, a) \
  (This)->lpVtbl->SetCustomHeaders(This, a)
#define IBackgroundCopyJobHttpOptions3_GetCustomHeaders(This, a) \
  (This)->lpVtbl->GetCustomHeaders(This, a)
#define IBackgroundCopyJobHttpOptions3_SetSecurityFlags(This, a) \
  (This)->lpVtbl->SetSecurityFlags(This, a)
#define IBackgroundCopyJobHttpOptions3_GetSecurityFlags(This, a) \
  (This)->lpVtbl->GetSecurityFlags(This, a)
#define IBackgroundCopyJobHttpOptions3_SetHttpMethod(This, a) (This)->lpVtbl->SetHttpMethod(This, a)
#define IBackgroundCopyJobHttpOptions3_GetHttpMethod(This, a) (This)->lpVtbl->GetHttpMethod(This, a)
#define IBackgroundCopyJobHttpOptions3_SetServerCertificateValidationInterface(This, a) \
  (This)->lpVtbl->SetServerCertificateValidationInterface(This, a)
#define IBackgroundCopyJobHttpOptions3_MakeCustomHeadersWriteOnly(This) \
  (This)->lpVtbl->MakeCustomHeadersWriteOnly(This)
#endif
#endif  // __IBackgroundCopyJobHttpOptions3_INTERFACE_DEFINED__

#endif  // DOHARNESS_API_WINDOWS_BITS10_3_H_
