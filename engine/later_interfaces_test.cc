// The later interfaces: which profile's objects answer IBackgroundCopyJob2/3 and
// IBackgroundCopyFile2/3, and what their methods do (docs/contract.md section 5).
#include <string>
#include <utility>
#include <vector>

#include "engine/fake_engine.h"
#include "engine/testing/engine_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace doharness {
namespace {

using engine_testing::DriveJobTo;
using engine_testing::JobStage;
using engine_testing::OptionsFor;
using engine_testing::StateOf;
using engine_testing::TakeString;
using engine_testing::TestFile;
using testing::ElementsAre;

// The first file of `job`.
ComPtr<IBackgroundCopyFile> FirstFile(IBackgroundCopyJob* job) {
  ComPtr<IEnumBackgroundCopyFiles> files;
  ComPtr<IBackgroundCopyFile> file;
  EXPECT_EQ(job->EnumFiles(files.GetAddressOf()), S_OK);
  if (files) {
    EXPECT_EQ(files->Next(1, file.GetAddressOf(), nullptr), S_OK);
  }
  return file;
}

template <typename Later, typename Object>
HRESULT Ask(Object* object, ComPtr<Later>* later) {
  return object->QueryInterface(__uuidof(Later), reinterpret_cast<void**>(later->ReleaseAndGetAddressOf()));
}

using Range = std::pair<UINT64, UINT64>;  // offset, length: comparable and printable

TEST(LaterInterfacesTest, BitsAnswersJob2Job3File2File3AsTheSameObject) {
  FakeEngine engine(OptionsFor(Profile::Bits()));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine, JobStage::kSuspended, &job));
  ComPtr<IBackgroundCopyJob2> job2;
  ComPtr<IBackgroundCopyJob3> job3;
  ASSERT_EQ(Ask(job.Get(), &job2), S_OK);
  ASSERT_EQ(Ask(job.Get(), &job3), S_OK);
  ComPtr<IUnknown> a, b;
  ASSERT_EQ(Ask(job.Get(), &a), S_OK);
  ASSERT_EQ(Ask(job3.Get(), &b), S_OK);
  EXPECT_EQ(a.Get(), b.Get()) << "COM identity";

  ComPtr<IBackgroundCopyFile> file = FirstFile(job.Get());
  ComPtr<IBackgroundCopyFile2> file2;
  ComPtr<IBackgroundCopyFile3> file3;
  EXPECT_EQ(Ask(file.Get(), &file2), S_OK);
  EXPECT_EQ(Ask(file.Get(), &file3), S_OK);
}

TEST(LaterInterfacesTest, DoAnswersFile2AndNothingElseLater) {
  FakeEngine engine(OptionsFor(Profile::Do()));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine, JobStage::kSuspended, &job));
  ComPtr<IBackgroundCopyJob2> job2;
  ComPtr<IBackgroundCopyJob3> job3;
  EXPECT_EQ(Ask(job.Get(), &job2), E_NOINTERFACE);
  EXPECT_EQ(job2.Get(), nullptr);
  EXPECT_EQ(Ask(job.Get(), &job3), E_NOINTERFACE);
  ComPtr<IBackgroundCopyFile> file = FirstFile(job.Get());
  ComPtr<IBackgroundCopyFile2> file2;
  ComPtr<IBackgroundCopyFile3> file3;
  EXPECT_EQ(Ask(file.Get(), &file2), S_OK);
  EXPECT_EQ(Ask(file.Get(), &file3), E_NOINTERFACE);
}

// ---- IBackgroundCopyFile2 -------------------------------------------------------------
class File2Test : public testing::TestWithParam<Profile> {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, JobStage::kSuspended, &job_));
    ASSERT_EQ(Ask(FirstFile(job_.Get()).Get(), &file2_), S_OK);
  }
  FakeEngine engine_{OptionsFor(GetParam())};
  ComPtr<IBackgroundCopyJob> job_;
  ComPtr<IBackgroundCopyFile2> file2_;
};

TEST_P(File2Test, AWholeFileHasNoRanges) {
  DWORD count = 7;
  BG_FILE_RANGE* ranges = reinterpret_cast<BG_FILE_RANGE*>(1);
  EXPECT_EQ(file2_->GetFileRanges(&count, &ranges), S_FALSE);
  EXPECT_EQ(count, 0u);
  EXPECT_EQ(ranges, nullptr);
  EXPECT_EQ(file2_->GetFileRanges(nullptr, &ranges), E_INVALIDARG);
}

TEST_P(File2Test, SetRemoteNameChangesTheNameAndChecksIt) {
  EXPECT_EQ(file2_->SetRemoteName(L"http://mirror/file0"), S_OK);
  LPWSTR name = nullptr;
  ASSERT_EQ(file2_->GetRemoteName(&name), S_OK);
  EXPECT_EQ(TakeString(name), L"http://mirror/file0");
  EXPECT_EQ(file2_->SetRemoteName(L""), E_INVALIDARG);
  EXPECT_EQ(file2_->SetRemoteName(nullptr), E_INVALIDARG);
  EXPECT_EQ(file2_->SetRemoteName(std::wstring(2201, L'a').c_str()), E_INVALIDARG);
  ASSERT_EQ(job_->Cancel(), S_OK);
  EXPECT_EQ(file2_->SetRemoteName(L"http://other/file0"), GetParam().invalid_state);
}

INSTANTIATE_TEST_SUITE_P(BothProfiles, File2Test, testing::ValuesIn(engine_testing::BothProfiles()),
                         engine_testing::ProfileParamName);

// ---- IBackgroundCopyFile3 (bits) ------------------------------------------------------
class File3Test : public testing::Test {
 protected:
  void Drive(JobStage stage) {
    ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, stage, &job_));
    file_ = FirstFile(job_.Get());
    ASSERT_EQ(Ask(file_.Get(), &file3_), S_OK);
  }
  FakeEngine engine_{OptionsFor(Profile::Bits())};
  ComPtr<IBackgroundCopyJob> job_;
  ComPtr<IBackgroundCopyFile> file_;
  ComPtr<IBackgroundCopyFile3> file3_;
};

TEST_F(File3Test, TemporaryNameIsBesideTheLocalFile) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kSuspended));
  LPWSTR name = nullptr;
  ASSERT_EQ(file3_->GetTemporaryName(&name), S_OK);
  EXPECT_EQ(TakeString(name), L"/tmp/BIT0010.tmp");
}

TEST_F(File3Test, NothingComesFromPeersAndNothingIsValidatedAtFirst) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kTransferred));
  BOOL value = TRUE;
  EXPECT_EQ(file3_->IsDownloadedFromPeer(&value), S_OK);
  EXPECT_EQ(value, FALSE);
  value = TRUE;
  EXPECT_EQ(file3_->GetValidationState(&value), S_OK);
  EXPECT_EQ(value, FALSE);
  EXPECT_EQ(file3_->GetValidationState(nullptr), E_INVALIDARG);
}

TEST_F(File3Test, ValidationWaitsForTheFile) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kTransferring));
  EXPECT_EQ(file3_->SetValidationState(TRUE), E_PENDING);
}

TEST_F(File3Test, AcceptedContentIsKept) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kTransferred));
  EXPECT_EQ(file3_->SetValidationState(TRUE), S_OK);
  BOOL valid = FALSE;
  EXPECT_EQ(file3_->GetValidationState(&valid), S_OK);
  EXPECT_EQ(valid, TRUE);
  EXPECT_EQ(StateOf(job_.Get()), BG_JOB_STATE_TRANSFERRED);
}

TEST_F(File3Test, RejectedContentPutsTheJobInErrorAndIsDownloadedAgain) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kTransferred));
  ASSERT_EQ(file3_->SetValidationState(FALSE), S_OK);
  ASSERT_EQ(StateOf(job_.Get()), BG_JOB_STATE_ERROR);
  ComPtr<IBackgroundCopyError> error;
  ASSERT_EQ(job_->GetError(error.GetAddressOf()), S_OK);
  BG_ERROR_CONTEXT context;
  HRESULT code;
  ASSERT_EQ(error->GetError(&context, &code), S_OK);
  EXPECT_EQ(code, BG_E_VALIDATION_FAILED);
  EXPECT_EQ(context, BG_ERROR_CONTEXT_REMOTE_FILE);
  ComPtr<IBackgroundCopyFile> failed;
  ASSERT_EQ(error->GetFile(failed.GetAddressOf()), S_OK);
  EXPECT_EQ(failed.Get(), file_.Get());
  BG_FILE_PROGRESS progress;
  ASSERT_EQ(file_->GetProgress(&progress), S_OK);
  EXPECT_EQ(progress.BytesTransferred, 0u);
  EXPECT_EQ(progress.Completed, FALSE);

  ASSERT_EQ(job_->Resume(), S_OK);
  ASSERT_TRUE(engine_.RunUntilIdle());
  EXPECT_EQ(StateOf(job_.Get()), BG_JOB_STATE_TRANSFERRED);
}

TEST_F(File3Test, AFinalJobsFilesCannotBeValidated) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kAcknowledged));
  EXPECT_EQ(file3_->SetValidationState(TRUE), BG_E_INVALID_STATE);
}

TEST(File3DoTest, DoDoesNotImplementFile3Methods) {
  // Reached without QueryInterface (the object is the same C++ object): E_NOTIMPL.
  FakeEngine engine(OptionsFor(Profile::Do()));
  ComPtr<IBackgroundCopyJob> job;
  ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine, JobStage::kSuspended, &job));
  ComPtr<IBackgroundCopyFile2> file2;
  ASSERT_EQ(Ask(FirstFile(job.Get()).Get(), &file2), S_OK);
  auto* file3 = static_cast<IBackgroundCopyFile3*>(file2.Get());
  BOOL peer;
  EXPECT_EQ(file3->IsDownloadedFromPeer(&peer), E_NOTIMPL);
}

// ---- IBackgroundCopyJob2 and 3 (bits) -----------------------------------------------
class Job3Test : public testing::Test {
 protected:
  void Drive(JobStage stage) {
    ASSERT_NO_FATAL_FAILURE(DriveJobTo(engine_, stage, &job_));
    ASSERT_EQ(Ask(job_.Get(), &job3_), S_OK);
  }
  FakeEngine engine_{OptionsFor(Profile::Bits())};
  ComPtr<IBackgroundCopyJob> job_;
  ComPtr<IBackgroundCopyJob3> job3_;
};

TEST_F(Job3Test, NotifyCmdLineIsKeptAndChecked) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kSuspended));
  LPWSTR program = nullptr, parameters = nullptr;
  ASSERT_EQ(job3_->GetNotifyCmdLine(&program, &parameters), S_OK);
  EXPECT_EQ(TakeString(program), L"");
  EXPECT_EQ(TakeString(parameters), L"");

  ASSERT_EQ(job3_->SetNotifyCmdLine(L"C:\\app.exe", L"app.exe /done"), S_OK);
  ASSERT_EQ(job3_->GetNotifyCmdLine(&program, &parameters), S_OK);
  EXPECT_EQ(TakeString(program), L"C:\\app.exe");
  EXPECT_EQ(TakeString(parameters), L"app.exe /done");

  ASSERT_EQ(job3_->SetNotifyCmdLine(nullptr, L"ignored"), S_OK);
  ASSERT_EQ(job3_->GetNotifyCmdLine(&program, &parameters), S_OK);
  EXPECT_EQ(TakeString(program), L"");
  EXPECT_EQ(TakeString(parameters), L"");

  EXPECT_EQ(job3_->SetNotifyCmdLine(std::wstring(261, L'a').c_str(), nullptr), BG_E_STRING_TOO_LONG);
  EXPECT_EQ(job3_->SetNotifyCmdLine(L"C:\\app.exe", std::wstring(4001, L'a').c_str()), BG_E_STRING_TOO_LONG);
  ASSERT_EQ(job_->Cancel(), S_OK);
  EXPECT_EQ(job3_->SetNotifyCmdLine(L"C:\\app.exe", nullptr), BG_E_INVALID_STATE);
}

TEST_F(Job3Test, ADownloadJobHasNoReply) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kTransferred));
  BG_JOB_REPLY_PROGRESS progress;
  EXPECT_EQ(job3_->GetReplyProgress(&progress), E_NOTIMPL);
  byte* buffer = reinterpret_cast<byte*>(1);
  UINT64 length = 5;
  EXPECT_EQ(job3_->GetReplyData(&buffer, &length), E_NOTIMPL);
  EXPECT_EQ(buffer, nullptr);
  EXPECT_EQ(length, 0u);
  EXPECT_EQ(job3_->SetReplyFileName(L"/tmp/reply"), E_NOTIMPL);
  LPWSTR name = reinterpret_cast<LPWSTR>(1);
  EXPECT_EQ(job3_->GetReplyFileName(&name), E_NOTIMPL);
  EXPECT_EQ(name, nullptr);
}

TEST_F(Job3Test, CredentialsAreCheckedAddedAndRemoved) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kSuspended));
  WCHAR user[] = L"user", password[] = L"secret";
  BG_AUTH_CREDENTIALS basic{};
  basic.Target = BG_AUTH_TARGET_SERVER;
  basic.Scheme = BG_AUTH_SCHEME_BASIC;
  basic.Credentials.Basic.UserName = user;
  basic.Credentials.Basic.Password = password;
  EXPECT_EQ(job3_->SetCredentials(&basic), S_OK);
  EXPECT_EQ(job3_->RemoveCredentials(BG_AUTH_TARGET_SERVER, BG_AUTH_SCHEME_BASIC), S_OK);
  EXPECT_EQ(job3_->RemoveCredentials(BG_AUTH_TARGET_SERVER, BG_AUTH_SCHEME_BASIC), S_FALSE);

  BG_AUTH_CREDENTIALS bad = basic;
  bad.Target = static_cast<BG_AUTH_TARGET>(3);
  EXPECT_EQ(job3_->SetCredentials(&bad), BG_E_INVALID_AUTH_TARGET);
  bad = basic;
  bad.Scheme = static_cast<BG_AUTH_SCHEME>(6);
  EXPECT_EQ(job3_->SetCredentials(&bad), BG_E_INVALID_AUTH_SCHEME);
  bad = basic;
  bad.Credentials.Basic.Password = nullptr;
  EXPECT_EQ(job3_->SetCredentials(&bad), E_INVALIDARG);
  EXPECT_EQ(job3_->SetCredentials(nullptr), E_INVALIDARG);
  EXPECT_EQ(job3_->RemoveCredentials(BG_AUTH_TARGET_PROXY, static_cast<BG_AUTH_SCHEME>(0)),
            BG_E_INVALID_AUTH_SCHEME);
}

TEST_F(Job3Test, ReplaceRemotePrefixRenamesTheMatchingFiles) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kSuspended));
  ASSERT_EQ(engine_.AddFile(job_.Get(), {L"http://other/x", L"/tmp/x", 1024, 1024}), S_OK);
  EXPECT_EQ(job3_->ReplaceRemotePrefix(L"http://example/", L"https://mirror/"), S_OK);
  std::vector<std::wstring> names;
  ComPtr<IEnumBackgroundCopyFiles> files;
  ASSERT_EQ(job_->EnumFiles(files.GetAddressOf()), S_OK);
  for (ComPtr<IBackgroundCopyFile> f; files->Next(1, f.ReleaseAndGetAddressOf(), nullptr) == S_OK;) {
    LPWSTR name = nullptr;
    ASSERT_EQ(f->GetRemoteName(&name), S_OK);
    names.push_back(TakeString(name));
  }
  EXPECT_THAT(names, ElementsAre(L"https://mirror/file0", L"http://other/x"));
  EXPECT_EQ(job3_->ReplaceRemotePrefix(L"ftp://", L"http://"), S_FALSE);
  EXPECT_EQ(job3_->ReplaceRemotePrefix(L"", L"http://"), E_INVALIDARG);
  EXPECT_EQ(job3_->ReplaceRemotePrefix(L"http://", nullptr), E_INVALIDARG);
}

TEST_F(Job3Test, AddFileWithRangesKeepsTheRangesSortedAndTransfersOnlyThem) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kSuspendedEmpty));
  engine_.ServeUrl(L"http://example/big", 1 << 20, 1 << 20);
  BG_FILE_RANGE ranges[] = {{4096, 1024}, {0, 100}, {1 << 19, BG_LENGTH_TO_EOF}};
  ASSERT_EQ(job3_->AddFileWithRanges(L"http://example/big", L"/tmp/big", 3, ranges), S_OK);
  ComPtr<IBackgroundCopyFile2> file2;
  ASSERT_EQ(Ask(FirstFile(job_.Get()).Get(), &file2), S_OK);
  DWORD count = 0;
  BG_FILE_RANGE* listed = nullptr;
  ASSERT_EQ(file2->GetFileRanges(&count, &listed), S_OK);
  std::vector<Range> got;
  for (DWORD i = 0; i < count; ++i) got.emplace_back(listed[i].InitialOffset, listed[i].Length);
  CoTaskMemFree(listed);
  EXPECT_THAT(got, ElementsAre(Range{0, 100}, Range{4096, 1024}, Range{1 << 19, BG_LENGTH_TO_EOF}));

  ASSERT_EQ(job_->Resume(), S_OK);
  ASSERT_TRUE(engine_.RunUntilIdle());
  BG_JOB_PROGRESS progress;
  ASSERT_EQ(job_->GetProgress(&progress), S_OK);
  EXPECT_EQ(progress.BytesTransferred, 100u + 1024u + (1u << 19));
}

TEST_F(Job3Test, AddFileWithRangesRefusesBadRangesAndAddsNothing) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kSuspendedEmpty));
  BG_FILE_RANGE one[] = {{0, 10}};
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 0, one), E_INVALIDARG);
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 1, nullptr), E_INVALIDARG);
  BG_FILE_RANGE empty[] = {{0, 0}};
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 1, empty), BG_E_INVALID_RANGE);
  BG_FILE_RANGE at_eof[] = {{BG_LENGTH_TO_EOF, 10}};
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 1, at_eof), BG_E_INVALID_RANGE);
  BG_FILE_RANGE overlapping[] = {{100, 50}, {0, 101}};
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 2, overlapping), BG_E_OVERLAPPING_RANGES);
  BG_FILE_RANGE after_eof_range[] = {{0, BG_LENGTH_TO_EOF}, {100, 1}};
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 2, after_eof_range),
            BG_E_OVERLAPPING_RANGES);
  std::vector<BG_FILE_RANGE> many(501);
  for (size_t i = 0; i < many.size(); ++i) many[i] = {i * 10, 5};
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 501, many.data()),
            BG_E_TOO_MANY_RANGES_IN_FILE);
  EXPECT_EQ(job3_->AddFileWithRanges(L"http://example/a", L"/tmp/a", 500, many.data()), S_OK);

  BG_JOB_PROGRESS progress;
  ASSERT_EQ(job_->GetProgress(&progress), S_OK);
  EXPECT_EQ(progress.FilesTotal, 1u) << "only the good call added a file";
}

TEST_F(Job3Test, FileAclFlagsAreCheckedAndKeptUntilTheTransferEnds) {
  ASSERT_NO_FATAL_FAILURE(Drive(JobStage::kTransferring));
  DWORD flags = 99;
  ASSERT_EQ(job3_->GetFileACLFlags(&flags), S_OK);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(job3_->SetFileACLFlags(BG_COPY_FILE_OWNER | BG_COPY_FILE_DACL), S_OK);
  ASSERT_EQ(job3_->GetFileACLFlags(&flags), S_OK);
  EXPECT_EQ(flags, static_cast<DWORD>(BG_COPY_FILE_OWNER | BG_COPY_FILE_DACL));
  EXPECT_EQ(job3_->SetFileACLFlags(0x10), E_INVALIDARG);
  ASSERT_TRUE(engine_.RunUntilIdle());
  ASSERT_EQ(StateOf(job_.Get()), BG_JOB_STATE_TRANSFERRED);
  EXPECT_EQ(job3_->SetFileACLFlags(0), BG_E_INVALID_STATE);
}

}  // namespace
}  // namespace doharness
