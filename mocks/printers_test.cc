// The printers give names in gtest's output: in PrintToString and in failure messages.
#include "mocks/printers.h"

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"

namespace {

using ::testing::PrintToString;

TEST(PrintersTest, GuidInBracesWithTheInterfaceName) {
  EXPECT_EQ(PrintToString(IID_IBackgroundCopyCallback2),
            "{659CDEAC-489E-11D9-A9CD-000D56965251} (IBackgroundCopyCallback2)");
  const GUID job_id = {0x01234567, 0x89ab, 0xcdef, {0, 1, 2, 3, 4, 5, 6, 7}};
  EXPECT_EQ(PrintToString(job_id), "{01234567-89AB-CDEF-0001-020304050607}");
}

TEST(PrintersTest, EnumsByName) {
  EXPECT_EQ(PrintToString(BG_JOB_STATE_TRANSFERRED), "TRANSFERRED");
  EXPECT_EQ(PrintToString(BG_JOB_TYPE_DOWNLOAD), "DOWNLOAD");
  EXPECT_EQ(PrintToString(BG_JOB_PRIORITY_FOREGROUND), "FOREGROUND");
  EXPECT_EQ(PrintToString(BG_ERROR_CONTEXT_REMOTE_FILE), "REMOTE_FILE");
}

TEST(PrintersTest, ComPtrAsThePointerItHolds) {
  IUnknown* const pointer = nullptr;
  EXPECT_EQ(PrintToString(doharness::ComPtr<IUnknown>(pointer)), "ComPtr(NULL)");
}

TEST(PrintersTest, FailureMessagesShowNames) {
  const BG_JOB_STATE state = BG_JOB_STATE_TRANSIENT_ERROR;
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(state, BG_JOB_STATE_ERROR), "Which is: TRANSIENT_ERROR");
  EXPECT_NONFATAL_FAILURE(EXPECT_EQ(IID_IUnknown, IID_IBackgroundCopyJob),
                          "{37668D37-507E-4160-9316-26306D150B12} (IBackgroundCopyJob)");
}

}  // namespace
