// Drives testdata/windows_style_callback.cc, a callback source written for Windows
// and compiled unchanged against api/include, through the ABI: it registers itself
// through IUnknown, answers the callback IIDs, counts references, and makes the
// job calls its notifications promise. Under ASan a wrong CoTaskMemFree or a
// reference-count leak fails the test too.
#include <cstring>
#include <cwchar>
#include <string>
#include <vector>

#include "deliveryoptimization.h"
#include "gtest/gtest.h"

// Defined in testdata/windows_style_callback.cc.
HRESULT RegisterForNotifications(IBackgroundCopyJob* pJob);

namespace {

// A CoTaskMemAlloc'd copy, as job methods return strings.
LPWSTR CoTaskMemCopy(const wchar_t* text) {
  const size_t bytes = (std::wcslen(text) + 1) * sizeof(WCHAR);
  auto* copy = static_cast<LPWSTR>(CoTaskMemAlloc(bytes));
  std::memcpy(copy, text, bytes);
  return copy;
}

// Objects below live on the stack; their reference counts are only for show.
class StubFile : public IBackgroundCopyFile {
 public:
  std::vector<std::string> calls;

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void** ppv) override {
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override { return --refs_; }
  HRESULT STDMETHODCALLTYPE GetRemoteName(LPWSTR* pVal) override {
    calls.push_back("GetRemoteName");
    *pVal = CoTaskMemCopy(L"https://example.com/a.bin");
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetLocalName(LPWSTR* pVal) override {
    calls.push_back("GetLocalName");
    *pVal = CoTaskMemCopy(L"/tmp/a.bin");
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetProgress(BG_FILE_PROGRESS*) override { return E_NOTIMPL; }

  ULONG refs() const { return refs_; }

 private:
  ULONG refs_ = 1;
};

class StubError : public IBackgroundCopyError {
 public:
  BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_REMOTE_FILE;
  HRESULT code = BG_E_HTTP_ERROR_404;
  StubFile* file = nullptr;
  std::vector<std::string> calls;
  DWORD description_language = 0;

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void** ppv) override {
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return 2; }
  ULONG STDMETHODCALLTYPE Release() override { return 1; }
  HRESULT STDMETHODCALLTYPE GetError(BG_ERROR_CONTEXT* pContext, HRESULT* pCode) override {
    calls.push_back("GetError");
    *pContext = context;
    *pCode = code;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetFile(IBackgroundCopyFile** pVal) override {
    calls.push_back("GetFile");
    *pVal = file;
    if (file == nullptr) return BG_E_FILE_NOT_AVAILABLE;
    file->AddRef();
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetErrorDescription(DWORD LanguageId,
                                                LPWSTR* pErrorDescription) override {
    calls.push_back("GetErrorDescription");
    description_language = LanguageId;
    *pErrorDescription = CoTaskMemCopy(L"Not found");
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetErrorContextDescription(DWORD, LPWSTR*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE GetProtocol(LPWSTR*) override { return E_NOTIMPL; }
};

// Records the calls the callback makes; holds the registered notify interface as
// an engine would, with its own reference.
class StubJob : public IBackgroundCopyJob {
 public:
  std::vector<std::string> calls;
  IUnknown* notify_interface = nullptr;
  ULONG notify_flags = BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR;
  BG_JOB_STATE state = BG_JOB_STATE_TRANSFERRING;

  // Drops the registered interface; returns what its Release returned.
  ULONG ReleaseNotifyInterface() {
    IUnknown* const unknown = notify_interface;
    notify_interface = nullptr;
    return unknown->Release();
  }

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID, void** ppv) override {
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return 2; }
  ULONG STDMETHODCALLTYPE Release() override { return 1; }
  HRESULT STDMETHODCALLTYPE AddFileSet(ULONG, BG_FILE_INFO*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE AddFile(LPCWSTR, LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE EnumFiles(IEnumBackgroundCopyFiles**) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE Suspend() override { return Record("Suspend"); }
  HRESULT STDMETHODCALLTYPE Resume() override { return Record("Resume"); }
  HRESULT STDMETHODCALLTYPE Cancel() override { return Record("Cancel"); }
  HRESULT STDMETHODCALLTYPE Complete() override { return Record("Complete"); }
  HRESULT STDMETHODCALLTYPE GetId(GUID*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetType(BG_JOB_TYPE*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetProgress(BG_JOB_PROGRESS* pVal) override {
    *pVal = {100, 40, 1, 0};
    return Record("GetProgress");
  }
  HRESULT STDMETHODCALLTYPE GetTimes(BG_JOB_TIMES*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetState(BG_JOB_STATE* pVal) override {
    *pVal = state;
    return Record("GetState");
  }
  HRESULT STDMETHODCALLTYPE GetError(IBackgroundCopyError**) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetOwner(LPWSTR*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetDisplayName(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetDisplayName(LPWSTR*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetDescription(LPCWSTR) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetDescription(LPWSTR*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetPriority(BG_JOB_PRIORITY) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetPriority(BG_JOB_PRIORITY*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetNotifyFlags(ULONG Val) override {
    notify_flags = Val;
    return Record("SetNotifyFlags");
  }
  HRESULT STDMETHODCALLTYPE GetNotifyFlags(ULONG*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetNotifyInterface(IUnknown* Val) override {
    if (Val != nullptr) Val->AddRef();
    if (notify_interface != nullptr) notify_interface->Release();
    notify_interface = Val;
    return Record("SetNotifyInterface");
  }
  HRESULT STDMETHODCALLTYPE GetNotifyInterface(IUnknown**) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetMinimumRetryDelay(ULONG) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetMinimumRetryDelay(ULONG*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetNoProgressTimeout(ULONG) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetNoProgressTimeout(ULONG*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE GetErrorCount(ULONG*) override { return E_NOTIMPL; }
  HRESULT STDMETHODCALLTYPE SetProxySettings(BG_JOB_PROXY_USAGE, const WCHAR*,
                                             const WCHAR*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE GetProxySettings(BG_JOB_PROXY_USAGE*, LPWSTR*, LPWSTR*) override {
    return E_NOTIMPL;
  }
  HRESULT STDMETHODCALLTYPE TakeOwnership() override { return E_NOTIMPL; }

 private:
  HRESULT Record(const char* method) {
    calls.push_back(method);
    return S_OK;
  }
};

// Registers the callback on a StubJob and hands out its IBackgroundCopyCallback2;
// on destruction checks that the job held the last reference.
class WindowsStyleCallbackTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RegisterForNotifications(&job_), S_OK);
    ASSERT_NE(job_.notify_interface, nullptr);
    ASSERT_EQ(job_.notify_interface->QueryInterface(IID_PPV_ARGS(&callback_)), S_OK);
    job_.calls.clear();
  }
  void TearDown() override {
    if (callback_ != nullptr) {
      EXPECT_EQ(callback_->Release(), 1u);
    }
    if (job_.notify_interface != nullptr) {
      EXPECT_EQ(job_.ReleaseNotifyInterface(), 0u);
    }
  }

  StubJob job_;
  IBackgroundCopyCallback2* callback_ = nullptr;
};

TEST_F(WindowsStyleCallbackTest, RegistersThroughIUnknownWithItsFlags) {
  StubJob job;
  ASSERT_EQ(RegisterForNotifications(&job), S_OK);
  EXPECT_EQ(job.calls, (std::vector<std::string>{"SetNotifyInterface", "SetNotifyFlags"}));
  EXPECT_EQ(job.notify_flags, static_cast<ULONG>(BG_NOTIFY_JOB_TRANSFERRED | BG_NOTIFY_JOB_ERROR |
                                                 BG_NOTIFY_FILE_TRANSFERRED));
  // The job's reference is the only one left: releasing it destroys the callback.
  EXPECT_EQ(job.ReleaseNotifyInterface(), 0u);
}

TEST_F(WindowsStyleCallbackTest, AnswersTheCallbackInterfacesWithOneIdentity) {
  IUnknown* unknown = nullptr;
  IBackgroundCopyCallback* callback1 = nullptr;
  ASSERT_EQ(callback_->QueryInterface(IID_PPV_ARGS(&unknown)), S_OK);
  ASSERT_EQ(
      callback_->QueryInterface(IID_IBackgroundCopyCallback, reinterpret_cast<void**>(&callback1)),
      S_OK);
  EXPECT_EQ(static_cast<void*>(unknown), static_cast<void*>(callback_));
  EXPECT_EQ(static_cast<void*>(callback1), static_cast<void*>(callback_));
  EXPECT_EQ(unknown->Release(), 3u);
  EXPECT_EQ(callback1->Release(), 2u);
}

TEST_F(WindowsStyleCallbackTest, RefusesOtherInterfacesAndNullOut) {
  IBackgroundCopyJob* job = &job_;
  EXPECT_EQ(callback_->QueryInterface(IID_PPV_ARGS(&job)), E_NOINTERFACE);
  EXPECT_EQ(job, nullptr);
  EXPECT_EQ(callback_->QueryInterface(IID_IUnknown, nullptr), E_POINTER);
}

TEST_F(WindowsStyleCallbackTest, CountsReferences) {
  EXPECT_EQ(callback_->AddRef(), 3u);
  EXPECT_EQ(callback_->Release(), 2u);
}

TEST_F(WindowsStyleCallbackTest, JobTransferredCompletesTheJob) {
  EXPECT_EQ(callback_->JobTransferred(&job_), S_OK);
  EXPECT_EQ(job_.calls, std::vector<std::string>{"Complete"});
}

TEST_F(WindowsStyleCallbackTest, JobErrorCancelsOnNotFound) {
  StubFile file;
  StubError error;
  error.file = &file;
  EXPECT_EQ(callback_->JobError(&job_, &error), S_OK);
  EXPECT_EQ(error.calls, (std::vector<std::string>{"GetError", "GetFile", "GetErrorDescription"}));
  EXPECT_EQ(file.calls, std::vector<std::string>{"GetRemoteName"});
  EXPECT_EQ(file.refs(), 1u) << "the callback released the file it got";
  // LANGIDFROMLCID(GetThreadLocale()): en-US, as a fresh Windows session.
  EXPECT_EQ(error.description_language, 0x0409u);
  EXPECT_EQ(job_.calls, std::vector<std::string>{"Cancel"});
}

TEST_F(WindowsStyleCallbackTest, JobErrorResumesOnOtherErrors) {
  StubError error;
  error.context = BG_ERROR_CONTEXT_GENERAL_TRANSPORT;
  error.code = BG_E_NETWORK_DISCONNECTED;
  EXPECT_EQ(callback_->JobError(&job_, &error), S_OK);
  EXPECT_EQ(error.calls, (std::vector<std::string>{"GetError", "GetErrorDescription"}));
  EXPECT_EQ(job_.calls, std::vector<std::string>{"Resume"});
}

TEST_F(WindowsStyleCallbackTest, JobModificationReadsProgressWhileTransferring) {
  EXPECT_EQ(callback_->JobModification(&job_, 0), S_OK);
  EXPECT_EQ(job_.calls, (std::vector<std::string>{"GetState", "GetProgress"}));
  job_.calls.clear();
  job_.state = BG_JOB_STATE_SUSPENDED;
  EXPECT_EQ(callback_->JobModification(&job_, 0), S_OK);
  EXPECT_EQ(job_.calls, std::vector<std::string>{"GetState"});
}

TEST_F(WindowsStyleCallbackTest, FileTransferredReadsTheLocalName) {
  StubFile file;
  EXPECT_EQ(callback_->FileTransferred(&job_, &file), S_OK);
  EXPECT_EQ(file.calls, std::vector<std::string>{"GetLocalName"});
  EXPECT_TRUE(job_.calls.empty());
}

}  // namespace
