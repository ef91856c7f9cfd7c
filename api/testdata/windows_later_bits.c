/* The BITS interfaces after 3.0 as C code sees them through api/include on Windows:
 * each table's slots where Windows puts them, an IBackgroundCopyCallback3 written as a
 * C table, and a call through each later interface with its COBJMACROS. Windows only;
 * built by hand (strict C99, warnings as errors, as a C callback's own build may be):
 *   x86_64-w64-mingw32-gcc-posix -std=c99 -pedantic -Wall -Wextra -Werror -I api/include
 *     api/testdata/windows_later_bits.c -o windows_later_bits.exe -lole32 -luuid
 * The calls are compiled and linked, never run; the program checks IIDs and exits 0. */
#define COBJMACROS
#define CONST_VTABLE /* lpVtbl points to a const table, as ours is */
#include <windows.h>

#include <bits4_0.h>
#include <bits5_0.h>
#include <bits10_1.h>
#include <bits10_2.h>
#include <bits10_3.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Slot N of a table (IUnknown's three first), checked at compile time: C99 has no
 * static assertion, so a negative array size stands in. */
#define SLOT(Vtbl, method) (offsetof(Vtbl, method) / sizeof(void (*)(void)))
#define EXPECT_SLOT(Vtbl, method, n) \
  typedef char slot_of_##Vtbl##_##method[SLOT(Vtbl, method) == (n) ? 1 : -1]

EXPECT_SLOT(IBitsTokenOptionsVtbl, SetHelperTokenFlags, 3);
EXPECT_SLOT(IBitsTokenOptionsVtbl, GetHelperTokenSid, 7);
EXPECT_SLOT(IBackgroundCopyFile4Vtbl, IsDownloadedFromPeer, 11);
EXPECT_SLOT(IBackgroundCopyFile4Vtbl, GetPeerDownloadStats, 12);
EXPECT_SLOT(IBackgroundCopyFile5Vtbl, SetProperty, 13);
EXPECT_SLOT(IBackgroundCopyFile5Vtbl, GetProperty, 14);
EXPECT_SLOT(IBackgroundCopyFile6Vtbl, UpdateDownloadPosition, 15);
EXPECT_SLOT(IBackgroundCopyFile6Vtbl, RequestFileRanges, 16);
EXPECT_SLOT(IBackgroundCopyFile6Vtbl, GetFilledFileRanges, 17);
EXPECT_SLOT(IBackgroundCopyCallback3Vtbl, FileTransferred, 6);
EXPECT_SLOT(IBackgroundCopyCallback3Vtbl, FileRangesTransferred, 7);
EXPECT_SLOT(IBackgroundCopyJobHttpOptions2Vtbl, GetSecurityFlags, 10);
EXPECT_SLOT(IBackgroundCopyJobHttpOptions2Vtbl, SetHttpMethod, 11);
EXPECT_SLOT(IBackgroundCopyJobHttpOptions2Vtbl, GetHttpMethod, 12);
EXPECT_SLOT(IBackgroundCopyJobHttpOptions3Vtbl, SetServerCertificateValidationInterface, 13);
EXPECT_SLOT(IBackgroundCopyJobHttpOptions3Vtbl, MakeCustomHeadersWriteOnly, 14);
EXPECT_SLOT(IBackgroundCopyServerCertificateValidationCallbackVtbl, ValidateServerCertificate, 3);
/* The inherited slots agree with the SDK's own tables of the bases. */
EXPECT_SLOT(IBackgroundCopyFile3Vtbl, IsDownloadedFromPeer, 11);
EXPECT_SLOT(IBackgroundCopyCallback2Vtbl, FileTransferred, 6);
EXPECT_SLOT(IBackgroundCopyJobHttpOptionsVtbl, GetSecurityFlags, 10);
EXPECT_SLOT(IBackgroundCopyJob5Vtbl, GetProperty, 54);

/* An IBackgroundCopyCallback3 as a C table, one static object with no reference count. */
static HRESULT STDMETHODCALLTYPE QueryInterface(IBackgroundCopyCallback3* This, REFIID riid,
                                                void** ppvObject) {
  if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IBackgroundCopyCallback) ||
      IsEqualIID(riid, &IID_IBackgroundCopyCallback2) ||
      IsEqualIID(riid, &IID_IBackgroundCopyCallback3)) {
    *ppvObject = This;
    return S_OK;
  }
  *ppvObject = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE AddRef(IBackgroundCopyCallback3* This) {
  (void)This;
  return 1;
}
static ULONG STDMETHODCALLTYPE Release(IBackgroundCopyCallback3* This) {
  (void)This;
  return 1;
}
static HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyCallback3* This,
                                                IBackgroundCopyJob* pJob) {
  (void)This;
  return IBackgroundCopyJob_Complete(pJob);
}
static HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyCallback3* This, IBackgroundCopyJob* pJob,
                                          IBackgroundCopyError* pError) {
  (void)This;
  (void)pError;
  return IBackgroundCopyJob_Cancel(pJob);
}
static HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyCallback3* This,
                                                 IBackgroundCopyJob* pJob, DWORD dwReserved) {
  (void)This;
  (void)pJob;
  (void)dwReserved;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyCallback3* This,
                                                 IBackgroundCopyJob* job,
                                                 IBackgroundCopyFile* file) {
  (void)This;
  (void)job;
  (void)file;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE FileRangesTransferred(IBackgroundCopyCallback3* This,
                                                       IBackgroundCopyJob* job,
                                                       IBackgroundCopyFile* file,
                                                       DWORD rangeCount,
                                                       const BG_FILE_RANGE ranges[]) {
  IBackgroundCopyFile6* file6 = NULL;
  HRESULT hr;
  (void)This;
  (void)job;
  hr = IBackgroundCopyFile_QueryInterface(file, &IID_IBackgroundCopyFile6, (void**)&file6);
  if (FAILED(hr)) return hr;
  if (rangeCount > 0) {
    hr = IBackgroundCopyFile6_UpdateDownloadPosition(file6, ranges[rangeCount - 1].InitialOffset);
  }
  IBackgroundCopyFile6_Release(file6);
  return hr;
}
static const IBackgroundCopyCallback3Vtbl callback_vtbl = {
    QueryInterface, AddRef,          Release,         JobTransferred,
    JobError,       JobModification, FileTransferred, FileRangesTransferred};
static IBackgroundCopyCallback3 callback = {&callback_vtbl};

/* One call through each later interface; main calls it only with an argument no test passes. */
void CallEachInterface(IBitsTokenOptions* token, IBackgroundCopyFile4* file4,
                       IBackgroundCopyJob5* job5, IBackgroundCopyFile5* file5,
                       IBackgroundCopyFile6* file6, IBackgroundCopyJobHttpOptions2* http2,
                       IBackgroundCopyJobHttpOptions3* http3,
                       IBackgroundCopyServerCertificateValidationCallback* validator,
                       IBackgroundCopyJob* job, IBackgroundCopyFile* file) {
  DWORD flags = 0;
  UINT64 from_origin = 0, from_peers = 0;
  BITS_JOB_PROPERTY_VALUE job_value;
  BITS_FILE_PROPERTY_VALUE file_value;
  BG_FILE_RANGE wanted[2];
  BG_FILE_RANGE* filled = NULL;
  DWORD filled_count = 0;
  static const BYTE cert[] = {0x30, 0x82};
  IBitsTokenOptions_GetHelperTokenFlags(token, &flags);
  IBitsTokenOptions_SetHelperTokenFlags(token, BG_TOKEN_LOCAL_FILE);
  IBitsTokenOptions_ClearHelperToken(token);
  IBackgroundCopyFile4_GetPeerDownloadStats(file4, &from_origin, &from_peers);
  job_value.Dword = BITS_COST_STATE_TRANSFER_NOT_ROAMING;
  IBackgroundCopyJob5_SetProperty(job5, BITS_JOB_PROPERTY_ID_COST_FLAGS, job_value);
  IBackgroundCopyFile5_GetProperty(file5, BITS_FILE_PROPERTY_ID_HTTP_RESPONSE_HEADERS, &file_value);
  CoTaskMemFree(file_value.String);
  IBackgroundCopyFile5_GetPeerDownloadStats(file5, &from_origin, &from_peers);
  wanted[0].InitialOffset = 0;
  wanted[0].Length = 4096;
  wanted[1].InitialOffset = 8192;
  wanted[1].Length = BG_LENGTH_TO_EOF;
  IBackgroundCopyFile6_RequestFileRanges(file6, 2, wanted);
  IBackgroundCopyFile6_GetFilledFileRanges(file6, &filled_count, &filled);
  CoTaskMemFree(filled);
  IBackgroundCopyJobHttpOptions2_SetHttpMethod(http2, L"PUT");
  IBackgroundCopyJobHttpOptions2_SetSecurityFlags(http2, 0);
  IBackgroundCopyJobHttpOptions3_SetServerCertificateValidationInterface(http3,
                                                                         (IUnknown*)validator);
  IBackgroundCopyJobHttpOptions3_MakeCustomHeadersWriteOnly(http3);
  IBackgroundCopyServerCertificateValidationCallback_ValidateServerCertificate(
      validator, job, file, sizeof cert, cert, X509_ASN_ENCODING, 0, NULL);
  IBackgroundCopyCallback3_FileRangesTransferred(&callback, job, file, 2, wanted);
}

static int ExpectData1(const IID* iid, unsigned long data1, const char* name) {
  printf("%s: %08lx\n", name, (unsigned long)iid->Data1);
  if (iid->Data1 == data1) return 0;
  printf("FAIL: %s\n", name);
  return 1;
}

int main(int argc, char** argv) {
  int failures = 0;
  IBackgroundCopyCallback2* as2 = NULL;
  if (argc > 1 && strcmp(argv[1], "--call-each-interface-with-nulls") == 0) {
    CallEachInterface(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  failures += ExpectData1(&IID_IBitsTokenOptions, 0x9a2584c3, "IID_IBitsTokenOptions");
  failures += ExpectData1(&IID_IBackgroundCopyFile4, 0xef7e0655, "IID_IBackgroundCopyFile4");
  failures += ExpectData1(&IID_IBackgroundCopyJob5, 0xe847030c, "IID_IBackgroundCopyJob5");
  failures += ExpectData1(&IID_IBackgroundCopyFile5, 0x85c1657f, "IID_IBackgroundCopyFile5");
  failures += ExpectData1(&IID_IBackgroundCopyCallback3, 0x98c97bd2, "IID_IBackgroundCopyCallback3");
  failures += ExpectData1(&IID_IBackgroundCopyFile6, 0xcf6784f7, "IID_IBackgroundCopyFile6");
  failures += ExpectData1(&IID_IBackgroundCopyJobHttpOptions2, 0xb591a192,
                          "IID_IBackgroundCopyJobHttpOptions2");
  failures += ExpectData1(&IID_IBackgroundCopyServerCertificateValidationCallback, 0x4cec0d02,
                          "IID_IBackgroundCopyServerCertificateValidationCallback");
  failures += ExpectData1(&IID_IBackgroundCopyJobHttpOptions3, 0x8a9263d3,
                          "IID_IBackgroundCopyJobHttpOptions3");
  if (FAILED(IBackgroundCopyCallback3_QueryInterface(&callback, &IID_IBackgroundCopyCallback2,
                                                     (void**)&as2)) ||
      as2 == NULL) {
    printf("FAIL: QueryInterface(Callback2)\n");
    ++failures;
  }
  printf("%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
