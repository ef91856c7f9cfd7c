// Fault::GetterFails: each getter of the job, its files and its errors fails on demand
// with the scripted code, leaves pointer out-parameters NULL, is traced, and works
// again once its failures are used up.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "api/names.h"
#include "engine/fake_engine.h"
#include "engine/testing/engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mocks/matchers.h"
#include "mocks/mock_callback.h"

namespace doharness {
namespace {

using engine_testing::DriveJobTo;
using engine_testing::JobStage;
using engine_testing::OptionsFor;
using engine_testing::ReturnResults;
using engine_testing::StateOf;
using engine_testing::TestFile;
using mocks::MakeComObject;
using mocks::MockCallback2;
using testing::AnyOf;
using testing::ElementsAre;
using testing::NiceMock;

// ERROR_MR_MID_NOT_FOUND: what GetErrorDescription gives when the message catalogue
// is not loaded.
const HRESULT kCatalogueMissing = HRESULT_FROM_WIN32(317);

// The objects a callback gets at a JobError with a file, and the later interfaces of
// the job and the file.
struct Objects {
  IBackgroundCopyJob* job;
  IBackgroundCopyFile* file;
  IBackgroundCopyError* error;
  IBackgroundCopyJob3* job3;
  IBackgroundCopyFile3* file3;
};

// A pointer out-parameter's value before the call: a getter must overwrite it.
template <typename T>
T* Garbage() {
  return reinterpret_cast<T*>(static_cast<uintptr_t>(0x1));
}

// Calls a getter; sets *outs_null to whether its pointer out-parameters came back NULL
// (true for a getter without one), and frees what a successful call handed out.
using GetterCall = std::function<HRESULT(const Objects&, bool* outs_null)>;

template <typename Call>
GetterCall StringGetter(Call call) {
  return [call](const Objects& o, bool* outs_null) {
    LPWSTR s = Garbage<WCHAR>();
    const HRESULT hr = call(o, &s);
    *outs_null = s == nullptr;
    if (SUCCEEDED(hr)) CoTaskMemFree(s);
    return hr;
  };
}

template <typename Interface, typename Call>
GetterCall InterfaceGetter(Call call) {
  return [call](const Objects& o, bool* outs_null) {
    Interface* p = Garbage<Interface>();
    const HRESULT hr = call(o, &p);
    *outs_null = p == nullptr;
    if (SUCCEEDED(hr) && p != nullptr) p->Release();
    return hr;
  };
}

template <typename Value, typename Call>
GetterCall ValueGetter(Call call) {
  return [call](const Objects& o, bool* outs_null) {
    Value v{};
    *outs_null = true;
    return call(o, &v);
  };
}

const std::vector<std::pair<std::string_view, GetterCall>>& Getters() {
  static const auto* getters = new std::vector<std::pair<std::string_view, GetterCall>>{
      {"GetId", ValueGetter<GUID>([](const Objects& o, GUID* v) { return o.job->GetId(v); })},
      {"GetType", ValueGetter<BG_JOB_TYPE>([](const Objects& o, BG_JOB_TYPE* v) { return o.job->GetType(v); })},
      {"GetProgress",
       ValueGetter<BG_JOB_PROGRESS>([](const Objects& o, BG_JOB_PROGRESS* v) { return o.job->GetProgress(v); })},
      {"GetTimes", ValueGetter<BG_JOB_TIMES>([](const Objects& o, BG_JOB_TIMES* v) { return o.job->GetTimes(v); })},
      {"GetState", ValueGetter<BG_JOB_STATE>([](const Objects& o, BG_JOB_STATE* v) { return o.job->GetState(v); })},
      {"GetError", InterfaceGetter<IBackgroundCopyError>(
                       [](const Objects& o, IBackgroundCopyError** p) { return o.job->GetError(p); })},
      {"GetOwner", StringGetter([](const Objects& o, LPWSTR* s) { return o.job->GetOwner(s); })},
      {"GetDisplayName", StringGetter([](const Objects& o, LPWSTR* s) { return o.job->GetDisplayName(s); })},
      {"GetDescription", StringGetter([](const Objects& o, LPWSTR* s) { return o.job->GetDescription(s); })},
      {"GetPriority",
       ValueGetter<BG_JOB_PRIORITY>([](const Objects& o, BG_JOB_PRIORITY* v) { return o.job->GetPriority(v); })},
      {"GetNotifyFlags", ValueGetter<ULONG>([](const Objects& o, ULONG* v) { return o.job->GetNotifyFlags(v); })},
      {"GetNotifyInterface",
       InterfaceGetter<IUnknown>([](const Objects& o, IUnknown** p) { return o.job->GetNotifyInterface(p); })},
      {"GetMinimumRetryDelay",
       ValueGetter<ULONG>([](const Objects& o, ULONG* v) { return o.job->GetMinimumRetryDelay(v); })},
      {"GetNoProgressTimeout",
       ValueGetter<ULONG>([](const Objects& o, ULONG* v) { return o.job->GetNoProgressTimeout(v); })},
      {"GetErrorCount", ValueGetter<ULONG>([](const Objects& o, ULONG* v) { return o.job->GetErrorCount(v); })},
      {"GetProxySettings",
       [](const Objects& o, bool* outs_null) {
         BG_JOB_PROXY_USAGE usage;
         LPWSTR list = Garbage<WCHAR>(), bypass = Garbage<WCHAR>();
         const HRESULT hr = o.job->GetProxySettings(&usage, &list, &bypass);
         *outs_null = list == nullptr && bypass == nullptr;
         if (SUCCEEDED(hr)) {
           CoTaskMemFree(list);
           CoTaskMemFree(bypass);
         }
         return hr;
       }},
      {"EnumFiles", InterfaceGetter<IEnumBackgroundCopyFiles>(
                        [](const Objects& o, IEnumBackgroundCopyFiles** p) { return o.job->EnumFiles(p); })},
      {"GetNotifyCmdLine",
       [](const Objects& o, bool* outs_null) {
         LPWSTR program = Garbage<WCHAR>(), parameters = Garbage<WCHAR>();
         const HRESULT hr = o.job3->GetNotifyCmdLine(&program, &parameters);
         *outs_null = program == nullptr && parameters == nullptr;
         if (SUCCEEDED(hr)) {
           CoTaskMemFree(program);
           CoTaskMemFree(parameters);
         }
         return hr;
       }},
      {"GetFileACLFlags", ValueGetter<DWORD>([](const Objects& o, DWORD* v) { return o.job3->GetFileACLFlags(v); })},
      {"File.GetRemoteName", StringGetter([](const Objects& o, LPWSTR* s) { return o.file->GetRemoteName(s); })},
      {"File.GetLocalName", StringGetter([](const Objects& o, LPWSTR* s) { return o.file->GetLocalName(s); })},
      {"File.GetProgress",
       ValueGetter<BG_FILE_PROGRESS>([](const Objects& o, BG_FILE_PROGRESS* v) { return o.file->GetProgress(v); })},
      {"File.GetFileRanges",
       [](const Objects& o, bool* outs_null) {
         DWORD count;
         BG_FILE_RANGE* ranges = Garbage<BG_FILE_RANGE>();
         const HRESULT hr = o.file3->GetFileRanges(&count, &ranges);
         *outs_null = ranges == nullptr;
         if (SUCCEEDED(hr)) CoTaskMemFree(ranges);
         return hr;
       }},
      {"File.GetTemporaryName", StringGetter([](const Objects& o, LPWSTR* s) { return o.file3->GetTemporaryName(s); })},
      {"File.GetValidationState",
       ValueGetter<BOOL>([](const Objects& o, BOOL* v) { return o.file3->GetValidationState(v); })},
      {"File.IsDownloadedFromPeer",
       ValueGetter<BOOL>([](const Objects& o, BOOL* v) { return o.file3->IsDownloadedFromPeer(v); })},
      {"Error.GetError",
       [](const Objects& o, bool* outs_null) {
         BG_ERROR_CONTEXT context;
         HRESULT code;
         *outs_null = true;
         return o.error->GetError(&context, &code);
       }},
      {"Error.GetFile", InterfaceGetter<IBackgroundCopyFile>(
                            [](const Objects& o, IBackgroundCopyFile** p) { return o.error->GetFile(p); })},
      {"Error.GetErrorDescription",
       StringGetter([](const Objects& o, LPWSTR* s) { return o.error->GetErrorDescription(0, s); })},
      {"Error.GetErrorContextDescription",
       StringGetter([](const Objects& o, LPWSTR* s) { return o.error->GetErrorContextDescription(0, s); })},
      {"Error.GetProtocol", StringGetter([](const Objects& o, LPWSTR* s) { return o.error->GetProtocol(s); })},
  };
  return *getters;
}

const GetterCall& CallOf(std::string_view method) {
  for (const auto& [name, call] : Getters()) {
    if (name == method) return call;
  }
  ADD_FAILURE() << "no call for " << method;
  static const GetterCall kNone = [](const Objects&, bool*) { return E_UNEXPECTED; };
  return kNone;
}

// A bits job in ERROR after an HTTP 404 in its file, with its error and file at hand.
class GetterFaultTest : public testing::TestWithParam<std::string_view> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kError, &job_));
    ASSERT_EQ(job_->GetError(error_.ReleaseAndGetAddressOf()), S_OK);
    ASSERT_EQ(error_->GetFile(file_.ReleaseAndGetAddressOf()), S_OK);
    ASSERT_EQ(job_.As(&job3_), S_OK);
    ASSERT_EQ(file_.As(&file3_), S_OK);
  }
  Objects objects() const { return {job_.Get(), file_.Get(), error_.Get(), job3_.Get(), file3_.Get()}; }

  FakeEngine engine_{OptionsFor(Profile::Bits())};
  ComPtr<IBackgroundCopyJob> job_;
  ComPtr<IBackgroundCopyError> error_;
  ComPtr<IBackgroundCopyFile> file_;
  ComPtr<IBackgroundCopyJob3> job3_;
  ComPtr<IBackgroundCopyFile3> file3_;
};

TEST(GetterNamesTest, EveryGetterNameHasACallHere) {
  std::vector<std::string_view> tested;
  for (const auto& getter : Getters()) tested.push_back(getter.first);
  EXPECT_EQ(tested, Fault::GetterNames());
}

TEST_P(GetterFaultTest, FailsTheScriptedTimesWithNullOutsThenWorks) {
  const std::string_view method = GetParam();
  ASSERT_EQ(engine_.ScriptFault(job_.Get(), Fault::GetterFails(method, kCatalogueMissing, 2)), S_OK);
  const GetterCall& call = CallOf(method);
  for (int i = 0; i < 2; ++i) {
    bool outs_null = false;
    EXPECT_EQ(call(objects(), &outs_null), kCatalogueMissing) << "call " << i + 1;
    EXPECT_TRUE(outs_null) << "call " << i + 1 << ": a pointer out-parameter was left set";
  }
  bool outs_null = false;
  // S_FALSE: GetFileRanges of a file without ranges.
  EXPECT_THAT(call(objects(), &outs_null), AnyOf(S_OK, S_FALSE)) << "after the scripted failures";
}

TEST_P(GetterFaultTest, OtherGettersAreUntouched) {
  const std::string_view method = GetParam();
  ASSERT_EQ(engine_.ScriptFault(job_.Get(), Fault::GetterFails(method, E_FAIL, 1000)), S_OK);
  for (const auto& [name, call] : Getters()) {
    if (name == method) continue;
    bool outs_null;
    EXPECT_THAT(call(objects(), &outs_null), AnyOf(S_OK, S_FALSE)) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryGetter, GetterFaultTest, testing::ValuesIn(Fault::GetterNames()),
                         [](const testing::TestParamInfo<std::string_view>& info) {
                           std::string name(info.param);
                           for (char& c : name) {
                             if (c == '.') c = '_';
                           }
                           return name;
                         });

TEST(GetterFaultScriptTest, OnlyGettersCanFail) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"job", &job), S_OK);
  EXPECT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("Complete", E_FAIL)), E_INVALIDARG);
  EXPECT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("GetBogus", E_FAIL)), E_INVALIDARG);
  EXPECT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("GetErrorDescription", E_FAIL)), E_INVALIDARG)
      << "the error object's getter is Error.GetErrorDescription";
  EXPECT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("GetState", E_FAIL)), S_OK);
}

TEST(GetterFaultScriptTest, ALaterFaultOnTheSameGetterReplacesTheFirst) {
  FakeEngine engine;
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"job", &job), S_OK);
  ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("GetState", E_FAIL, 5)), S_OK);
  ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("GetState", E_ACCESSDENIED, 1)), S_OK);
  BG_JOB_STATE state;
  EXPECT_EQ(job->GetState(&state), E_ACCESSDENIED);
  EXPECT_EQ(job->GetState(&state), S_OK);
}

TEST(GetterFaultScriptTest, TheFaultIsTraced) {
  EngineOptions options;
  options.trace = true;
  FakeEngine engine(options);
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"job", &job), S_OK);
  ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("GetDisplayName", E_FAIL)), S_OK);
  LPWSTR name = nullptr;
  ASSERT_EQ(job->GetDisplayName(&name), E_FAIL);
  const std::string trace = engine.trace().ToJsonLines();
  const std::string fault =
      R"json("event":"fault","method":"GetterFails","args":{"method":"GetDisplayName"},"result":"E_FAIL (0x80004005)")json";
  const std::string call =
      R"json("event":"client","method":"GetDisplayName","result":"E_FAIL (0x80004005)")json";
  EXPECT_NE(trace.find(fault), std::string::npos) << trace;
  EXPECT_NE(trace.find(call), std::string::npos) << trace;
}

// Microsoft's 2019 sample style: every call in JobError under RETURN_IF_FAILED. While
// GetError fails, JobError fails, and the engine delivers it again.
TEST(GetterFaultScriptTest, AJobErrorThatReturnsAGetterFailureIsRedeliveredUntilTheGetterWorks) {
  EngineOptions options;
  options.trace = true;
  FakeEngine engine(options);
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_EQ(engine.CreateJob(L"job", &job), S_OK);
  ASSERT_EQ(engine.AddFile(job.Get(), TestFile(0)), S_OK);
  ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::HttpStatusAt(0, 0, 404)), S_OK);
  ASSERT_EQ(engine.ScriptFault(job.Get(), Fault::GetterFails("GetError", kCatalogueMissing, 2)), S_OK);
  auto callback = MakeComObject<NiceMock<MockCallback2>>();
  EXPECT_CALL(*callback, JobError(job.Get(), testing::_))
      .Times(3)
      .WillRepeatedly([](IBackgroundCopyJob* j, IBackgroundCopyError*) {
        ComPtr<IBackgroundCopyError> error;
        const HRESULT hr = j->GetError(error.ReleaseAndGetAddressOf());
        if (FAILED(hr)) return hr;
        return j->Cancel();
      });
  ASSERT_EQ(job->SetNotifyInterface(callback.Get()), S_OK);
  ASSERT_EQ(job->Resume(), S_OK);
  EXPECT_TRUE(engine.RunUntilIdle());
  EXPECT_THAT(ReturnResults(engine.trace(), 1, "JobError"),
              ElementsAre(HresultName(kCatalogueMissing), HresultName(kCatalogueMissing), HresultName(S_OK)));
  EXPECT_EQ(StateOf(job.Get()), BG_JOB_STATE_CANCELLED);
}

}  // namespace
}  // namespace doharness
