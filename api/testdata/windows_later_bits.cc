// The BITS interfaces after 3.0 as a Windows callback sees them through api/include:
// a callback written for the Windows SDK that implements IBackgroundCopyCallback3 and
// calls into the later file, job and token interfaces must compile and link unchanged
// with mingw-w64, whose headers lack most of them. Windows only; built by hand:
//   x86_64-w64-mingw32-g++-posix -std=c++17 -Wall -Werror -I api/include
//     api/testdata/windows_later_bits.cc -o windows_later_bits.exe -lole32 -luuid
// The program checks the IIDs and __uuidof, and prints 0 failures; the calls into the
// interfaces are compiled and linked, never run.
#include <windows.h>

#include <bits4_0.h>
#include <bits5_0.h>
#include <bits10_1.h>
#include <bits10_2.h>
#include <bits10_3.h>

#include <cstdio>
#include <cstring>

class RangesCallback final : public IBackgroundCopyCallback3 {
 public:
  // IUnknown
  STDMETHOD(QueryInterface)(REFIID riid, void** ppvObject) override {
    if (ppvObject == nullptr) return E_POINTER;
    if (riid == __uuidof(IUnknown) || riid == __uuidof(IBackgroundCopyCallback) ||
        riid == __uuidof(IBackgroundCopyCallback2) || riid == __uuidof(IBackgroundCopyCallback3)) {
      *ppvObject = static_cast<IBackgroundCopyCallback3*>(this);
      AddRef();
      return S_OK;
    }
    *ppvObject = nullptr;
    return E_NOINTERFACE;
  }
  STDMETHOD_(ULONG, AddRef)() override { return InterlockedIncrement(&refs_); }
  STDMETHOD_(ULONG, Release)() override {
    const LONG left = InterlockedDecrement(&refs_);
    if (left == 0) delete this;
    return left;
  }

  // IBackgroundCopyCallback
  STDMETHOD(JobTransferred)(IBackgroundCopyJob* pJob) override { return pJob->Complete(); }
  STDMETHOD(JobError)(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    UNREFERENCED_PARAMETER(pError);
    return pJob->Cancel();
  }
  STDMETHOD(JobModification)(IBackgroundCopyJob* pJob, DWORD dwReserved) override {
    UNREFERENCED_PARAMETER(pJob);
    UNREFERENCED_PARAMETER(dwReserved);
    return S_OK;
  }

  // IBackgroundCopyCallback2
  STDMETHOD(FileTransferred)(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override {
    UNREFERENCED_PARAMETER(pJob);
    UNREFERENCED_PARAMETER(pFile);
    return S_OK;
  }

  // IBackgroundCopyCallback3
  STDMETHOD(FileRangesTransferred)(IBackgroundCopyJob* job, IBackgroundCopyFile* file,
                                   DWORD rangeCount, const BG_FILE_RANGE ranges[]) override {
    UNREFERENCED_PARAMETER(job);
    IBackgroundCopyFile6* file6 = nullptr;
    HRESULT hr = file->QueryInterface(IID_PPV_ARGS(&file6));
    if (FAILED(hr)) return hr;
    if (rangeCount > 0) hr = file6->UpdateDownloadPosition(ranges[rangeCount - 1].InitialOffset);
    file6->Release();
    return hr;
  }

 private:
  ~RangesCallback() = default;
  LONG refs_ = 1;
};

// One call through each later interface; main calls it only with an argument no test passes.
void CallEachInterface(IBitsTokenOptions* token, IBackgroundCopyFile4* file4,
                       IBackgroundCopyJob5* job5, IBackgroundCopyFile5* file5,
                       IBackgroundCopyFile6* file6, IBackgroundCopyJobHttpOptions2* http2,
                       IBackgroundCopyJobHttpOptions3* http3,
                       IBackgroundCopyServerCertificateValidationCallback* validator,
                       IBackgroundCopyJob* job, IBackgroundCopyFile* file) {
  DWORD flags = 0;
  token->GetHelperTokenFlags(&flags);
  token->SetHelperTokenFlags(BG_TOKEN_LOCAL_FILE | BG_TOKEN_NETWORK);
  UINT64 from_origin = 0, from_peers = 0;
  file4->GetPeerDownloadStats(&from_origin, &from_peers);
  BITS_JOB_PROPERTY_VALUE job_value;
  job_value.Dword = BITS_COST_STATE_TRANSFER_STANDARD;
  job5->SetProperty(BITS_JOB_PROPERTY_ID_COST_FLAGS, job_value);
  BITS_FILE_PROPERTY_VALUE file_value;
  file5->GetProperty(BITS_FILE_PROPERTY_ID_HTTP_RESPONSE_HEADERS, &file_value);
  CoTaskMemFree(file_value.String);
  const BG_FILE_RANGE wanted[] = {{0, 4096}, {8192, BG_LENGTH_TO_EOF}};
  file6->RequestFileRanges(2, wanted);
  DWORD filled_count = 0;
  BG_FILE_RANGE* filled = nullptr;
  file6->GetFilledFileRanges(&filled_count, &filled);
  CoTaskMemFree(filled);
  http2->SetHttpMethod(L"PUT");
  http3->SetServerCertificateValidationInterface(validator);
  http3->MakeCustomHeadersWriteOnly();
  const BYTE cert[] = {0x30, 0x82};
  validator->ValidateServerCertificate(job, file, sizeof cert, cert, X509_ASN_ENCODING, 0, nullptr);
  IBackgroundCopyCallback3* callback = new RangesCallback;
  callback->FileRangesTransferred(job, file, 2, wanted);
  callback->Release();
}

namespace {

int failures = 0;

void Expect(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAIL: %s\n", what);
    ++failures;
  }
}

// The literal IIDs (Data1 and Data4) that the headers must give.
void ExpectIid(const IID& iid, unsigned long data1, unsigned short data2, unsigned short data3,
               const unsigned char (&data4)[8], const char* name) {
  Expect(iid.Data1 == data1 && iid.Data2 == data2 && iid.Data3 == data3 &&
             std::memcmp(iid.Data4, data4, 8) == 0,
         name);
  std::printf("%s: %08lx\n", name, static_cast<unsigned long>(iid.Data1));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--call-each-interface-with-nulls") == 0) {
    CallEachInterface(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                      nullptr, nullptr);
  }
  ExpectIid(IID_IBitsTokenOptions, 0x9a2584c3, 0xf7d2, 0x457a,
            {0x9a, 0x5e, 0x22, 0xb6, 0x7b, 0xff, 0xc7, 0xd2}, "IID_IBitsTokenOptions");
  ExpectIid(IID_IBackgroundCopyFile4, 0xef7e0655, 0x7888, 0x4960,
            {0xb0, 0xe5, 0x73, 0x08, 0x46, 0xe0, 0x34, 0x92}, "IID_IBackgroundCopyFile4");
  ExpectIid(IID_IBackgroundCopyJob5, 0xe847030c, 0xbbba, 0x4657,
            {0xaf, 0x6d, 0x48, 0x4a, 0xa4, 0x2b, 0xf1, 0xfe}, "IID_IBackgroundCopyJob5");
  ExpectIid(IID_IBackgroundCopyFile5, 0x85c1657f, 0xdafc, 0x40e8,
            {0x88, 0x34, 0xdf, 0x18, 0xea, 0x25, 0x71, 0x7e}, "IID_IBackgroundCopyFile5");
  ExpectIid(IID_IBackgroundCopyCallback3, 0x98c97bd2, 0xe32b, 0x4ad8,
            {0xa5, 0x28, 0x95, 0xfd, 0x8b, 0x16, 0xbd, 0x42}, "IID_IBackgroundCopyCallback3");
  ExpectIid(IID_IBackgroundCopyFile6, 0xcf6784f7, 0xd677, 0x49fd,
            {0x93, 0x68, 0xcb, 0x47, 0xae, 0xe9, 0xd1, 0xad}, "IID_IBackgroundCopyFile6");
  ExpectIid(IID_IBackgroundCopyJobHttpOptions2, 0xb591a192, 0xa405, 0x4fc3,
            {0x83, 0x23, 0x4c, 0x5c, 0x54, 0x25, 0x78, 0xfc}, "IID_IBackgroundCopyJobHttpOptions2");
  ExpectIid(IID_IBackgroundCopyServerCertificateValidationCallback, 0x4cec0d02, 0xdef7, 0x4158,
            {0x81, 0x3a, 0xc3, 0x2a, 0x46, 0x94, 0x5f, 0xf7},
            "IID_IBackgroundCopyServerCertificateValidationCallback");
  ExpectIid(IID_IBackgroundCopyJobHttpOptions3, 0x8a9263d3, 0xfd4c, 0x4eda,
            {0x9b, 0x28, 0x30, 0x13, 0x2a, 0x4d, 0x4e, 0x3c}, "IID_IBackgroundCopyJobHttpOptions3");
  Expect(__uuidof(IBitsTokenOptions) == IID_IBitsTokenOptions, "__uuidof(IBitsTokenOptions)");
  Expect(__uuidof(IBackgroundCopyFile4) == IID_IBackgroundCopyFile4, "__uuidof(File4)");
  Expect(__uuidof(IBackgroundCopyJob5) == IID_IBackgroundCopyJob5, "__uuidof(Job5)");
  Expect(__uuidof(IBackgroundCopyFile5) == IID_IBackgroundCopyFile5, "__uuidof(File5)");
  Expect(__uuidof(IBackgroundCopyCallback3) == IID_IBackgroundCopyCallback3, "__uuidof(Callback3)");
  Expect(__uuidof(IBackgroundCopyFile6) == IID_IBackgroundCopyFile6, "__uuidof(File6)");
  Expect(__uuidof(IBackgroundCopyJobHttpOptions2) == IID_IBackgroundCopyJobHttpOptions2,
         "__uuidof(HttpOptions2)");
  Expect(__uuidof(IBackgroundCopyJobHttpOptions3) == IID_IBackgroundCopyJobHttpOptions3,
         "__uuidof(HttpOptions3)");
  Expect(__uuidof(IBackgroundCopyServerCertificateValidationCallback) ==
             IID_IBackgroundCopyServerCertificateValidationCallback,
         "__uuidof(ServerCertificateValidationCallback)");

  // The callback answers its whole chain, as BITS will ask it.
  RangesCallback* callback = new RangesCallback;
  IBackgroundCopyCallback2* as2 = nullptr;
  Expect(SUCCEEDED(callback->QueryInterface(IID_PPV_ARGS(&as2))), "QueryInterface(Callback2)");
  if (as2 != nullptr) as2->Release();
  Expect(callback->Release() == 0, "Release to zero");

  std::printf("%d failures\n", failures);
  return failures == 0 ? 0 : 1;
}
