// Pins the portable ABI of api/include to Windows': every HRESULT, flag and enum
// value, struct layout, type width, IID and CLSID, and the vtable slot of every
// method. Expected values are copied from mingw-w64's headers (bitsmsg.h, winerror.h,
// bits.h, bits1_5.h, bits2_0.h, bits3_0.h, unknwn.h) and, where mingw-w64 lacks them
// (IBackgroundCopyFile3: the Windows SDK's bits3_0.h), from
// docs/contract.md; they are literals here so that a wrong header cannot
// agree with itself.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "deliveryoptimization.h"
#include "gtest/gtest.h"

// api/testdata/c_binding.c, compiled as C.
extern "C" size_t DoHarnessCTableSlots(const char* name);
extern "C" HRESULT DoHarnessCCallFileTransferred(IBackgroundCopyCallback2* callback,
                                                 IBackgroundCopyJob* job, IBackgroundCopyFile* file);

namespace {

// ---- Values ------------------------------------------------------------------------

TEST(AbiTest, ComHresultsAreWinerrorValues) {
  EXPECT_EQ(static_cast<uint32_t>(S_OK), 0x00000000u);
  EXPECT_EQ(static_cast<uint32_t>(S_FALSE), 0x00000001u);
  EXPECT_EQ(static_cast<uint32_t>(E_NOTIMPL), 0x80004001u);
  EXPECT_EQ(static_cast<uint32_t>(E_NOINTERFACE), 0x80004002u);
  EXPECT_EQ(static_cast<uint32_t>(E_POINTER), 0x80004003u);
  EXPECT_EQ(static_cast<uint32_t>(E_ABORT), 0x80004004u);
  EXPECT_EQ(static_cast<uint32_t>(E_FAIL), 0x80004005u);
  EXPECT_EQ(static_cast<uint32_t>(E_UNEXPECTED), 0x8000FFFFu);
  EXPECT_EQ(static_cast<uint32_t>(E_PENDING), 0x8000000Au);
  EXPECT_EQ(static_cast<uint32_t>(E_ACCESSDENIED), 0x80070005u);
  EXPECT_EQ(static_cast<uint32_t>(E_HANDLE), 0x80070006u);
  EXPECT_EQ(static_cast<uint32_t>(E_OUTOFMEMORY), 0x8007000Eu);
  EXPECT_EQ(static_cast<uint32_t>(E_INVALIDARG), 0x80070057u);
}

TEST(AbiTest, BitsHresultsAreBitsmsgValues) {
  EXPECT_EQ(static_cast<uint32_t>(BG_E_NOT_FOUND), 0x80200001u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INVALID_STATE), 0x80200002u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_EMPTY), 0x80200003u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_FILE_NOT_AVAILABLE), 0x80200004u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PROTOCOL_NOT_AVAILABLE), 0x80200005u);
  EXPECT_EQ(static_cast<uint32_t>(BG_S_ERROR_CONTEXT_NONE), 0x00200006u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_CONTEXT_UNKNOWN), 0x80200007u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER), 0x80200008u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_CONTEXT_LOCAL_FILE), 0x80200009u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_CONTEXT_REMOTE_FILE), 0x8020000Au);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_CONTEXT_GENERAL_TRANSPORT), 0x8020000Bu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_CONTEXT_QUEUE_MANAGER_NOTIFICATION), 0x8020000Cu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_DESTINATION_LOCKED), 0x8020000Du);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_VOLUME_CHANGED), 0x8020000Eu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_INFORMATION_UNAVAILABLE), 0x8020000Fu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_NETWORK_DISCONNECTED), 0x80200010u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_MISSING_FILE_SIZE), 0x80200011u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INSUFFICIENT_HTTP_SUPPORT), 0x80200012u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INSUFFICIENT_RANGE_SUPPORT), 0x80200013u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_REMOTE_NOT_SUPPORTED), 0x80200014u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_NEW_OWNER_DIFF_MAPPING), 0x80200015u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_NEW_OWNER_NO_FILE_ACCESS), 0x80200016u);
  EXPECT_EQ(static_cast<uint32_t>(BG_S_PARTIAL_COMPLETE), 0x00200017u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PROXY_LIST_TOO_LARGE), 0x80200018u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PROXY_BYPASS_LIST_TOO_LARGE), 0x80200019u);
  EXPECT_EQ(static_cast<uint32_t>(BG_S_UNABLE_TO_DELETE_FILES), 0x0020001Au);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INVALID_SERVER_RESPONSE), 0x8020001Bu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_TOO_MANY_FILES), 0x8020001Cu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_LOCAL_FILE_CHANGED), 0x8020001Du);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_ERROR_CONTEXT_REMOTE_APPLICATION), 0x8020001Eu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_SESSION_NOT_FOUND), 0x8020001Fu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_TOO_LARGE), 0x80200020u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_STRING_TOO_LONG), 0x80200021u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH), 0x80200022u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_SERVER_EXECUTE_ENABLE), 0x80200023u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_NO_PROGRESS), 0x80200024u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_USERNAME_TOO_LARGE), 0x80200025u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PASSWORD_TOO_LARGE), 0x80200026u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INVALID_AUTH_TARGET), 0x80200027u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INVALID_AUTH_SCHEME), 0x80200028u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_FILE_NOT_FOUND), 0x80200029u);
  EXPECT_EQ(static_cast<uint32_t>(BG_S_PROXY_CHANGED), 0x0020002Au);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INVALID_RANGE), 0x8020002Bu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_OVERLAPPING_RANGES), 0x8020002Cu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_CONNECT_FAILURE), 0x8020002Du);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_CONNECTION_CLOSED), 0x8020002Eu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_KEEP_ALIVE_FAILURE), 0x8020002Fu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_MESSAGE_LENGTH_LIMIT_EXCEEDED), 0x80200030u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_NAME_RESOLUTION_FAILURE), 0x80200031u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PENDING), 0x80200032u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PIPELINE_FAILURE), 0x80200033u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PROTOCOL_ERROR), 0x80200034u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_PROXY_NAME_RESOLUTION_FAILURE), 0x80200035u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_RECEIVE_FAILURE), 0x80200036u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_REQUEST_CANCELED), 0x80200037u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_SECURE_CHANNEL_FAILURE), 0x80200038u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_SEND_FAILURE), 0x80200039u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_SERVER_PROTOCOL_VIOLATION), 0x8020003Au);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_TIMEOUT), 0x8020003Bu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_TRUST_FAILURE), 0x8020003Cu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_UNKNOWN_ERROR), 0x8020003Du);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_BLOCKED_BY_POLICY), 0x8020003Eu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INVALID_PROXY_INFO), 0x8020003Fu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_INVALID_CREDENTIALS), 0x80200040u);
  // Not in mingw-w64's bitsmsg.h: the values of docs/contract.md section 6.
  EXPECT_EQ(static_cast<uint32_t>(BG_E_TOO_MANY_JOBS_PER_USER), 0x80200049u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_TOO_MANY_JOBS_PER_MACHINE), 0x80200050u);
  // The Windows SDK's bitsmsg.h (BITS 2.0 and 3.0 codes mingw-w64's lacks).
  EXPECT_EQ(static_cast<uint32_t>(BG_E_TOO_MANY_RANGES_IN_FILE), 0x80200052u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_VALIDATION_FAILED), 0x80200053u);
}

TEST(AbiTest, HttpErrorsAreBitsmsgValues) {
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_100), 0x80190064u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_101), 0x80190065u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_200), 0x801900C8u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_201), 0x801900C9u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_202), 0x801900CAu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_203), 0x801900CBu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_204), 0x801900CCu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_205), 0x801900CDu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_206), 0x801900CEu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_300), 0x8019012Cu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_301), 0x8019012Du);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_302), 0x8019012Eu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_303), 0x8019012Fu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_304), 0x80190130u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_305), 0x80190131u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_307), 0x80190133u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_400), 0x80190190u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_401), 0x80190191u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_402), 0x80190192u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_403), 0x80190193u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_404), 0x80190194u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_405), 0x80190195u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_406), 0x80190196u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_407), 0x80190197u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_408), 0x80190198u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_409), 0x80190199u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_410), 0x8019019Au);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_411), 0x8019019Bu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_412), 0x8019019Cu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_413), 0x8019019Du);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_414), 0x8019019Eu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_415), 0x8019019Fu);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_416), 0x801901A0u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_417), 0x801901A1u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_449), 0x801901C1u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_500), 0x801901F4u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_501), 0x801901F5u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_502), 0x801901F6u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_503), 0x801901F7u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_504), 0x801901F8u);
  EXPECT_EQ(static_cast<uint32_t>(BG_E_HTTP_ERROR_505), 0x801901F9u);
  // bitsmsg.h's first and last HTTP codes, through the general form.
  EXPECT_EQ(static_cast<uint32_t>(BG_HTTP_STATUS_HRESULT(100)), 0x80190064u);
  EXPECT_EQ(static_cast<uint32_t>(BG_HTTP_STATUS_HRESULT(505)), 0x801901F9u);
}

TEST(AbiTest, DeliveryOptimizationHresultsAreContractValues) {
  EXPECT_EQ(static_cast<uint32_t>(DO_E_DOWNLOAD_NO_PROGRESS), 0x80D02002u);
  EXPECT_EQ(static_cast<uint32_t>(DO_E_JOB_NOT_FOUND), 0x80D02003u);
  EXPECT_EQ(static_cast<uint32_t>(DO_E_JOB_EMPTY), 0x80D02004u);
  EXPECT_EQ(static_cast<uint32_t>(DO_E_FILE_NOT_AVAILABLE), 0x80D02010u);
  EXPECT_EQ(static_cast<uint32_t>(DO_E_INVALID_STATE), 0x80D02013u);
  EXPECT_EQ(static_cast<uint32_t>(DO_E_ERROR_INFORMATION_UNAVAILABLE), 0x80D02014u);
  EXPECT_EQ(static_cast<uint32_t>(DO_E_BLOCKED_BY_NO_NETWORK), 0x80D03805u);
}

// Code that compares `hr == E_FAIL` or switches on codes must see HRESULTs, not
// unsigned or 64-bit literals.
TEST(AbiTest, HresultMacrosHaveTypeHresult) {
  static_assert(std::is_same_v<decltype(S_OK), HRESULT>);
  static_assert(std::is_same_v<decltype(E_INVALIDARG), HRESULT>);
#if !defined(_WIN32)  // the Windows SDK's bitsmsg.h gives them as unsigned literals
  static_assert(std::is_same_v<decltype(BG_E_INVALID_STATE), HRESULT>);
  static_assert(std::is_same_v<decltype(BG_E_HTTP_ERROR_404), HRESULT>);
#endif
  static_assert(std::is_same_v<decltype(DO_E_INVALID_STATE), HRESULT>);
  EXPECT_TRUE(FAILED(E_FAIL));
  EXPECT_TRUE(FAILED(BG_E_HTTP_ERROR_404));
  EXPECT_TRUE(SUCCEEDED(S_FALSE));
  EXPECT_TRUE(SUCCEEDED(BG_S_PARTIAL_COMPLETE));
}

TEST(AbiTest, HresultHelpersSplitCodes) {
  EXPECT_EQ(HRESULT_FACILITY(BG_E_INVALID_STATE), 0x20);
  EXPECT_EQ(HRESULT_CODE(BG_E_INVALID_STATE), 0x0002);
  EXPECT_EQ(HRESULT_SEVERITY(BG_E_INVALID_STATE), 1);
  EXPECT_EQ(HRESULT_SEVERITY(BG_S_PARTIAL_COMPLETE), 0);
  EXPECT_EQ(MAKE_HRESULT(1, 0x20, 2), BG_E_INVALID_STATE);
  EXPECT_EQ(HRESULT_FROM_WIN32(5), E_ACCESSDENIED);
  EXPECT_EQ(HRESULT_FROM_WIN32(87), E_INVALIDARG);
  EXPECT_EQ(HRESULT_FROM_WIN32(0), S_OK);
}

TEST(AbiTest, DoTransientErrorsAreFacilityD0Code38xx) {
  EXPECT_EQ(DO_FACILITY, 0xD0);
  EXPECT_TRUE(DO_IS_TRANSIENT_ERROR(DO_E_BLOCKED_BY_NO_NETWORK));
  EXPECT_FALSE(DO_IS_TRANSIENT_ERROR(DO_E_DOWNLOAD_NO_PROGRESS));
  EXPECT_FALSE(DO_IS_TRANSIENT_ERROR(DO_E_INVALID_STATE));
  // Code 0x3805 in another facility is not DO's.
  EXPECT_FALSE(DO_IS_TRANSIENT_ERROR(MAKE_HRESULT(1, 0x20, 0x3805)));
}

TEST(AbiTest, NotifyFlagsAreBitsValues) {
  EXPECT_EQ(BG_NOTIFY_JOB_TRANSFERRED, 0x0001);
  EXPECT_EQ(BG_NOTIFY_JOB_ERROR, 0x0002);
  EXPECT_EQ(BG_NOTIFY_DISABLE, 0x0004);
  EXPECT_EQ(BG_NOTIFY_JOB_MODIFICATION, 0x0008);
  EXPECT_EQ(BG_NOTIFY_FILE_TRANSFERRED, 0x0010);
  EXPECT_EQ(BG_NOTIFY_FILE_RANGES_TRANSFERRED, 0x0020);
  EXPECT_EQ(BG_JOB_ENUM_ALL_USERS, 0x0001);
}

TEST(AbiTest, SizeUnknownIsAllBitsSet) {
  static_assert(std::is_same_v<decltype(BG_SIZE_UNKNOWN), UINT64>);
  EXPECT_EQ(BG_SIZE_UNKNOWN, 0xFFFFFFFFFFFFFFFFull);
}

TEST(AbiTest, JobStatesAreBitsValues) {
  EXPECT_EQ(BG_JOB_STATE_QUEUED, 0);
  EXPECT_EQ(BG_JOB_STATE_CONNECTING, 1);
  EXPECT_EQ(BG_JOB_STATE_TRANSFERRING, 2);
  EXPECT_EQ(BG_JOB_STATE_SUSPENDED, 3);
  EXPECT_EQ(BG_JOB_STATE_ERROR, 4);
  EXPECT_EQ(BG_JOB_STATE_TRANSIENT_ERROR, 5);
  EXPECT_EQ(BG_JOB_STATE_TRANSFERRED, 6);
  EXPECT_EQ(BG_JOB_STATE_ACKNOWLEDGED, 7);
  EXPECT_EQ(BG_JOB_STATE_CANCELLED, 8);
}

TEST(AbiTest, ErrorContextsAreBitsValues) {
  EXPECT_EQ(BG_ERROR_CONTEXT_NONE, 0);
  EXPECT_EQ(BG_ERROR_CONTEXT_UNKNOWN, 1);
  EXPECT_EQ(BG_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER, 2);
  EXPECT_EQ(BG_ERROR_CONTEXT_QUEUE_MANAGER_NOTIFICATION, 3);
  EXPECT_EQ(BG_ERROR_CONTEXT_LOCAL_FILE, 4);
  EXPECT_EQ(BG_ERROR_CONTEXT_REMOTE_FILE, 5);
  EXPECT_EQ(BG_ERROR_CONTEXT_GENERAL_TRANSPORT, 6);
  EXPECT_EQ(BG_ERROR_CONTEXT_REMOTE_APPLICATION, 7);
}

TEST(AbiTest, JobTypesPrioritiesAndProxyUsagesAreBitsValues) {
  EXPECT_EQ(BG_JOB_TYPE_DOWNLOAD, 0);
  EXPECT_EQ(BG_JOB_TYPE_UPLOAD, 1);
  EXPECT_EQ(BG_JOB_TYPE_UPLOAD_REPLY, 2);
  EXPECT_EQ(BG_JOB_PRIORITY_FOREGROUND, 0);
  EXPECT_EQ(BG_JOB_PRIORITY_HIGH, 1);
  EXPECT_EQ(BG_JOB_PRIORITY_NORMAL, 2);
  EXPECT_EQ(BG_JOB_PRIORITY_LOW, 3);
  EXPECT_EQ(BG_JOB_PROXY_USAGE_PRECONFIG, 0);
  EXPECT_EQ(BG_JOB_PROXY_USAGE_NO_PROXY, 1);
  EXPECT_EQ(BG_JOB_PROXY_USAGE_OVERRIDE, 2);
  EXPECT_EQ(BG_JOB_PROXY_USAGE_AUTODETECT, 3);
}

// ---- Types and layouts ---------------------------------------------------------------

TEST(AbiTest, ScalarTypesHaveWindowsWidths) {
  static_assert(sizeof(HRESULT) == 4 && std::is_signed_v<HRESULT>);
  static_assert(sizeof(LONG) == 4 && std::is_signed_v<LONG>);
  static_assert(sizeof(ULONG) == 4 && std::is_unsigned_v<ULONG>);
  static_assert(sizeof(DWORD) == 4 && std::is_unsigned_v<DWORD>);
  static_assert(sizeof(WORD) == 2);
  static_assert(sizeof(BYTE) == 1);
  static_assert(sizeof(UINT64) == 8 && std::is_unsigned_v<UINT64>);
  static_assert(sizeof(BOOL) == 4);
  static_assert(std::is_same_v<WCHAR, wchar_t>);
  // Every enum of the ABI is passed as a 32-bit int, as MIDL's.
  static_assert(sizeof(BG_JOB_STATE) == 4);
  static_assert(sizeof(BG_JOB_TYPE) == 4);
  static_assert(sizeof(BG_JOB_PRIORITY) == 4);
  static_assert(sizeof(BG_ERROR_CONTEXT) == 4);
  static_assert(sizeof(BG_JOB_PROXY_USAGE) == 4);
  SUCCEED();
}

TEST(AbiTest, GuidLayout) {
  EXPECT_EQ(sizeof(GUID), 16u);
  EXPECT_EQ(offsetof(GUID, Data1), 0u);
  EXPECT_EQ(offsetof(GUID, Data2), 4u);
  EXPECT_EQ(offsetof(GUID, Data3), 6u);
  EXPECT_EQ(offsetof(GUID, Data4), 8u);
  EXPECT_EQ(sizeof(GUID::Data1), 4u);
  EXPECT_EQ(sizeof(GUID::Data2), 2u);
  EXPECT_EQ(sizeof(GUID::Data3), 2u);
  EXPECT_EQ(sizeof(GUID::Data4), 8u);
}

TEST(AbiTest, FiletimeLayout) {
  EXPECT_EQ(sizeof(FILETIME), 8u);
  EXPECT_EQ(offsetof(FILETIME, dwLowDateTime), 0u);
  EXPECT_EQ(offsetof(FILETIME, dwHighDateTime), 4u);
}

TEST(AbiTest, FileProgressLayout) {
  // The trailing BOOL is padded to the alignment of UINT64, as on Windows.
  EXPECT_EQ(sizeof(BG_FILE_PROGRESS), 24u);
  EXPECT_EQ(offsetof(BG_FILE_PROGRESS, BytesTotal), 0u);
  EXPECT_EQ(offsetof(BG_FILE_PROGRESS, BytesTransferred), 8u);
  EXPECT_EQ(offsetof(BG_FILE_PROGRESS, Completed), 16u);
}

TEST(AbiTest, JobProgressLayout) {
  EXPECT_EQ(sizeof(BG_JOB_PROGRESS), 24u);
  EXPECT_EQ(offsetof(BG_JOB_PROGRESS, BytesTotal), 0u);
  EXPECT_EQ(offsetof(BG_JOB_PROGRESS, BytesTransferred), 8u);
  EXPECT_EQ(offsetof(BG_JOB_PROGRESS, FilesTotal), 16u);
  EXPECT_EQ(offsetof(BG_JOB_PROGRESS, FilesTransferred), 20u);
}

TEST(AbiTest, JobTimesLayout) {
  EXPECT_EQ(sizeof(BG_JOB_TIMES), 24u);
  EXPECT_EQ(offsetof(BG_JOB_TIMES, CreationTime), 0u);
  EXPECT_EQ(offsetof(BG_JOB_TIMES, ModificationTime), 8u);
  EXPECT_EQ(offsetof(BG_JOB_TIMES, TransferCompletionTime), 16u);
}

TEST(AbiTest, FileInfoLayout) {
  EXPECT_EQ(sizeof(BG_FILE_INFO), 2 * sizeof(void*));
  EXPECT_EQ(offsetof(BG_FILE_INFO, RemoteName), 0u);
  EXPECT_EQ(offsetof(BG_FILE_INFO, LocalName), sizeof(void*));
}

TEST(AbiTest, LaterBitsValuesAreBits1520Values) {
  EXPECT_EQ(BG_COPY_FILE_OWNER, 1);
  EXPECT_EQ(BG_COPY_FILE_GROUP, 2);
  EXPECT_EQ(BG_COPY_FILE_DACL, 4);
  EXPECT_EQ(BG_COPY_FILE_SACL, 8);
  EXPECT_EQ(BG_COPY_FILE_ALL, 15);
  EXPECT_EQ(BG_LENGTH_TO_EOF, ~uint64_t{0});
  EXPECT_EQ(BG_AUTH_TARGET_SERVER, 1);
  EXPECT_EQ(BG_AUTH_TARGET_PROXY, 2);
  EXPECT_EQ(BG_AUTH_SCHEME_BASIC, 1);
  EXPECT_EQ(BG_AUTH_SCHEME_DIGEST, 2);
  EXPECT_EQ(BG_AUTH_SCHEME_NTLM, 3);
  EXPECT_EQ(BG_AUTH_SCHEME_NEGOTIATE, 4);
  EXPECT_EQ(BG_AUTH_SCHEME_PASSPORT, 5);
}

TEST(AbiTest, FileRangeAndReplyProgressLayout) {
  EXPECT_EQ(sizeof(BG_FILE_RANGE), 16u);
  EXPECT_EQ(offsetof(BG_FILE_RANGE, InitialOffset), 0u);
  EXPECT_EQ(offsetof(BG_FILE_RANGE, Length), 8u);
  EXPECT_EQ(sizeof(BG_JOB_REPLY_PROGRESS), 16u);
  EXPECT_EQ(offsetof(BG_JOB_REPLY_PROGRESS, BytesTotal), 0u);
  EXPECT_EQ(offsetof(BG_JOB_REPLY_PROGRESS, BytesTransferred), 8u);
}

TEST(AbiTest, AuthCredentialsLayout) {
  EXPECT_EQ(sizeof(BG_AUTH_TARGET), 4u);
  EXPECT_EQ(sizeof(BG_AUTH_SCHEME), 4u);
  EXPECT_EQ(offsetof(BG_AUTH_CREDENTIALS, Target), 0u);
  EXPECT_EQ(offsetof(BG_AUTH_CREDENTIALS, Scheme), 4u);
  EXPECT_EQ(offsetof(BG_AUTH_CREDENTIALS, Credentials), 8u);
  EXPECT_EQ(sizeof(BG_AUTH_CREDENTIALS), 8 + 2 * sizeof(void*));
  EXPECT_EQ(offsetof(BG_BASIC_CREDENTIALS, Password), sizeof(void*));
}

// An interface is nothing but its vtable pointer.
TEST(AbiTest, InterfacesHoldOnlyTheVtablePointer) {
  EXPECT_EQ(sizeof(IUnknown), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyCallback), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyCallback2), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyJob), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyFile), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyError), sizeof(void*));
  EXPECT_EQ(sizeof(IEnumBackgroundCopyJobs), sizeof(void*));
  EXPECT_EQ(sizeof(IEnumBackgroundCopyFiles), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyManager), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyJob2), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyJob3), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyFile2), sizeof(void*));
  EXPECT_EQ(sizeof(IBackgroundCopyFile3), sizeof(void*));
}

// ---- IIDs and CLSIDs -------------------------------------------------------------------

// A GUID as DEFINE_GUID spells it, so expected values can be pasted from a header.
struct GuidFields {
  uint32_t data1;
  uint16_t data2;
  uint16_t data3;
  uint8_t data4[8];
};

void ExpectGuid(const GUID& actual, const GuidFields& expected) {
  EXPECT_EQ(actual.Data1, expected.data1);
  EXPECT_EQ(actual.Data2, expected.data2);
  EXPECT_EQ(actual.Data3, expected.data3);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(actual.Data4[i], expected.data4[i]) << "Data4[" << i << "]";
  }
}

TEST(AbiTest, IidsAreMingwValues) {
  // unknwn.h
  ExpectGuid(IID_IUnknown,
             {0x00000000, 0x0000, 0x0000, {0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46}});
  // bits.h
  ExpectGuid(IID_IBackgroundCopyFile,
             {0x01b7bd23, 0xfb88, 0x4a77, {0x84, 0x90, 0x58, 0x91, 0xd3, 0xe4, 0x65, 0x3a}});
  ExpectGuid(IID_IEnumBackgroundCopyFiles,
             {0xca51e165, 0xc365, 0x424c, {0x8d, 0x41, 0x24, 0xaa, 0xa4, 0xff, 0x3c, 0x40}});
  ExpectGuid(IID_IBackgroundCopyError,
             {0x19c613a0, 0xfcb8, 0x4f28, {0x81, 0xae, 0x89, 0x7c, 0x3d, 0x07, 0x8f, 0x81}});
  ExpectGuid(IID_IBackgroundCopyJob,
             {0x37668d37, 0x507e, 0x4160, {0x93, 0x16, 0x26, 0x30, 0x6d, 0x15, 0x0b, 0x12}});
  ExpectGuid(IID_IEnumBackgroundCopyJobs,
             {0x1af4f612, 0x3b71, 0x466f, {0x8f, 0x58, 0x7b, 0x6f, 0x73, 0xac, 0x57, 0xad}});
  ExpectGuid(IID_IBackgroundCopyCallback,
             {0x97ea99c7, 0x0186, 0x4ad4, {0x8d, 0xf9, 0xc5, 0xb4, 0xe0, 0xed, 0x6b, 0x22}});
  ExpectGuid(IID_IBackgroundCopyManager,
             {0x5ce34c0d, 0x0dc9, 0x4c1f, {0x89, 0x7c, 0xda, 0xa1, 0xb7, 0x8c, 0xee, 0x7c}});
  // bits1_5.h
  ExpectGuid(IID_IBackgroundCopyJob2,
             {0x54b50739, 0x686f, 0x45eb, {0x9d, 0xff, 0xd6, 0xa9, 0xa0, 0xfa, 0xa9, 0xaf}});
  // bits2_0.h
  ExpectGuid(IID_IBackgroundCopyJob3,
             {0x443c8934, 0x90ff, 0x48ed, {0xbc, 0xde, 0x26, 0xf5, 0xc7, 0x45, 0x00, 0x42}});
  ExpectGuid(IID_IBackgroundCopyFile2,
             {0x83e81b93, 0x0873, 0x474d, {0x8a, 0x8c, 0xf2, 0x01, 0x8b, 0x1a, 0x93, 0x9c}});
  // bits3_0.h
  ExpectGuid(IID_IBackgroundCopyCallback2,
             {0x659cdeac, 0x489e, 0x11d9, {0xa9, 0xcd, 0x00, 0x0d, 0x56, 0x96, 0x52, 0x51}});
  // The Windows SDK's bits3_0.h (mingw-w64 10's lacks IBackgroundCopyFile3).
  ExpectGuid(IID_IBackgroundCopyFile3,
             {0x659cdeaa, 0x489e, 0x11d9, {0xa9, 0xcd, 0x00, 0x0d, 0x56, 0x96, 0x52, 0x51}});
}

TEST(AbiTest, ClsidsAreMingwValues) {
  // bits.h
  ExpectGuid(CLSID_BackgroundCopyManager,
             {0x4991d34b, 0x80a1, 0x4291, {0x83, 0xb6, 0x33, 0x28, 0x36, 0x6b, 0x90, 0x97}});
}

TEST(AbiTest, DeliveryOptimizationGuidsAreContractValues) {
  // docs/contract.md section 1: 5B99FA76-721C-423C-ADAC-56D03C8A8007.
  ExpectGuid(CLSID_DeliveryOptimization,
             {0x5b99fa76, 0x721c, 0x423c, {0xad, 0xac, 0x56, 0xd0, 0x3c, 0x8a, 0x80, 0x07}});
  // docs/contract.md section 5: EE2584CF-A69C-4848-B633-2649962B3EF7.
  ExpectGuid(IID_IDeliveryOptimizationJob,
             {0xee2584cf, 0xa69c, 0x4848, {0xb6, 0x33, 0x26, 0x49, 0x96, 0x2b, 0x3e, 0xf7}});
}

TEST(AbiTest, UuidofGivesEachInterfaceItsIid) {
  EXPECT_EQ(__uuidof(IUnknown), IID_IUnknown);
  EXPECT_EQ(__uuidof(IBackgroundCopyCallback), IID_IBackgroundCopyCallback);
  EXPECT_EQ(__uuidof(IBackgroundCopyCallback2), IID_IBackgroundCopyCallback2);
  EXPECT_EQ(__uuidof(IBackgroundCopyJob), IID_IBackgroundCopyJob);
  EXPECT_EQ(__uuidof(IBackgroundCopyFile), IID_IBackgroundCopyFile);
  EXPECT_EQ(__uuidof(IBackgroundCopyError), IID_IBackgroundCopyError);
  EXPECT_EQ(__uuidof(IEnumBackgroundCopyJobs), IID_IEnumBackgroundCopyJobs);
  EXPECT_EQ(__uuidof(IEnumBackgroundCopyFiles), IID_IEnumBackgroundCopyFiles);
  EXPECT_EQ(__uuidof(IBackgroundCopyManager), IID_IBackgroundCopyManager);
  EXPECT_EQ(__uuidof(IBackgroundCopyJob2), IID_IBackgroundCopyJob2);
  EXPECT_EQ(__uuidof(IBackgroundCopyJob3), IID_IBackgroundCopyJob3);
  EXPECT_EQ(__uuidof(IBackgroundCopyFile2), IID_IBackgroundCopyFile2);
  EXPECT_EQ(__uuidof(IBackgroundCopyFile3), IID_IBackgroundCopyFile3);
}

TEST(AbiTest, IidPpvArgsPassesIidAndSlot) {
  IBackgroundCopyCallback2* callback = nullptr;
  const auto check = [&callback](REFIID riid, void** ppv) {
    EXPECT_EQ(riid, IID_IBackgroundCopyCallback2);
    EXPECT_EQ(ppv, reinterpret_cast<void**>(&callback));
  };
  check(IID_PPV_ARGS(&callback));
}

TEST(AbiTest, GuidEqualityComparesAllBytes) {
  GUID changed = IID_IBackgroundCopyCallback;
  EXPECT_TRUE(IsEqualGUID(changed, IID_IBackgroundCopyCallback));
  changed.Data4[7] ^= 1;
  EXPECT_FALSE(IsEqualIID(changed, IID_IBackgroundCopyCallback));
  EXPECT_NE(changed, IID_IBackgroundCopyCallback);
}

// ---- Vtable slots ------------------------------------------------------------------------

// The vtable slot of a virtual member function, read from the Itanium C++ ABI's
// pointer to member function {ptr, adj}: for a virtual function ptr is 1 plus the
// byte offset of its slot. ARM's variant of the ABI (32- and 64-bit) instead keeps
// the plain offset in ptr and flags virtual functions in the low bit of adj.
template <class C, class F>
size_t SlotOf(F C::*method) {
  static_assert(sizeof(method) == 2 * sizeof(uintptr_t), "an Itanium pointer to member function");
  uintptr_t words[2];
  std::memcpy(words, &method, sizeof(words));
#if defined(__arm__) || defined(__aarch64__)
  EXPECT_EQ(words[1], 1u) << "not a virtual function, or its class is not a primary base";
  return words[0] / sizeof(void*);
#else
  EXPECT_EQ(words[0] % 2, 1u) << "not a virtual function";
  EXPECT_EQ(words[1], 0u) << "its class is not a primary base";
  return (words[0] - 1) / sizeof(void*);
#endif
}

struct NamedSlot {
  const char* method;
  size_t slot;
};
#define SLOT(Interface, Method) \
  NamedSlot { #Method, SlotOf(&Interface::Method) }
// Named by its type: the Windows SDK's IUnknown also has a template QueryInterface.
#define QUERY_INTERFACE_SLOT(Interface) \
  NamedSlot { "QueryInterface", SlotOf<Interface, HRESULT(REFIID, void**)>(&Interface::QueryInterface) }

// A virtual function declared after all of Interface's takes the first free slot,
// which is the number of slots Interface has.
template <class Interface>
struct NextSlotProbe : Interface {
  virtual void NextSlot() = 0;
};

// `methods` are all the methods of Interface, IUnknown's included, in Windows'
// order: each must be in its slot, and no slot may be left over.
template <class Interface>
void ExpectVtable(std::initializer_list<NamedSlot> methods) {
  size_t expected = 0;
  for (const NamedSlot& method : methods) {
    EXPECT_EQ(method.slot, expected) << method.method;
    ++expected;
  }
  EXPECT_EQ(SlotOf(&NextSlotProbe<Interface>::NextSlot), methods.size()) << "slot count";
}

TEST(AbiTest, IUnknownVtable) {
  ExpectVtable<IUnknown>({
      QUERY_INTERFACE_SLOT(IUnknown),
      SLOT(IUnknown, AddRef),
      SLOT(IUnknown, Release),
  });
}

TEST(AbiTest, IBackgroundCopyCallbackVtable) {
  ExpectVtable<IBackgroundCopyCallback>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyCallback),
      SLOT(IBackgroundCopyCallback, AddRef),
      SLOT(IBackgroundCopyCallback, Release),
      SLOT(IBackgroundCopyCallback, JobTransferred),
      SLOT(IBackgroundCopyCallback, JobError),
      SLOT(IBackgroundCopyCallback, JobModification),
  });
}

TEST(AbiTest, IBackgroundCopyCallback2Vtable) {
  ExpectVtable<IBackgroundCopyCallback2>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyCallback2),
      SLOT(IBackgroundCopyCallback2, AddRef),
      SLOT(IBackgroundCopyCallback2, Release),
      SLOT(IBackgroundCopyCallback2, JobTransferred),
      SLOT(IBackgroundCopyCallback2, JobError),
      SLOT(IBackgroundCopyCallback2, JobModification),
      SLOT(IBackgroundCopyCallback2, FileTransferred),
  });
}

TEST(AbiTest, IBackgroundCopyJobVtable) {
  ExpectVtable<IBackgroundCopyJob>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyJob),
      SLOT(IBackgroundCopyJob, AddRef),
      SLOT(IBackgroundCopyJob, Release),
      SLOT(IBackgroundCopyJob, AddFileSet),
      SLOT(IBackgroundCopyJob, AddFile),
      SLOT(IBackgroundCopyJob, EnumFiles),
      SLOT(IBackgroundCopyJob, Suspend),
      SLOT(IBackgroundCopyJob, Resume),
      SLOT(IBackgroundCopyJob, Cancel),
      SLOT(IBackgroundCopyJob, Complete),
      SLOT(IBackgroundCopyJob, GetId),
      SLOT(IBackgroundCopyJob, GetType),
      SLOT(IBackgroundCopyJob, GetProgress),
      SLOT(IBackgroundCopyJob, GetTimes),
      SLOT(IBackgroundCopyJob, GetState),
      SLOT(IBackgroundCopyJob, GetError),
      SLOT(IBackgroundCopyJob, GetOwner),
      SLOT(IBackgroundCopyJob, SetDisplayName),
      SLOT(IBackgroundCopyJob, GetDisplayName),
      SLOT(IBackgroundCopyJob, SetDescription),
      SLOT(IBackgroundCopyJob, GetDescription),
      SLOT(IBackgroundCopyJob, SetPriority),
      SLOT(IBackgroundCopyJob, GetPriority),
      SLOT(IBackgroundCopyJob, SetNotifyFlags),
      SLOT(IBackgroundCopyJob, GetNotifyFlags),
      SLOT(IBackgroundCopyJob, SetNotifyInterface),
      SLOT(IBackgroundCopyJob, GetNotifyInterface),
      SLOT(IBackgroundCopyJob, SetMinimumRetryDelay),
      SLOT(IBackgroundCopyJob, GetMinimumRetryDelay),
      SLOT(IBackgroundCopyJob, SetNoProgressTimeout),
      SLOT(IBackgroundCopyJob, GetNoProgressTimeout),
      SLOT(IBackgroundCopyJob, GetErrorCount),
      SLOT(IBackgroundCopyJob, SetProxySettings),
      SLOT(IBackgroundCopyJob, GetProxySettings),
      SLOT(IBackgroundCopyJob, TakeOwnership),
  });
}

TEST(AbiTest, IBackgroundCopyFileVtable) {
  ExpectVtable<IBackgroundCopyFile>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyFile),
      SLOT(IBackgroundCopyFile, AddRef),
      SLOT(IBackgroundCopyFile, Release),
      SLOT(IBackgroundCopyFile, GetRemoteName),
      SLOT(IBackgroundCopyFile, GetLocalName),
      SLOT(IBackgroundCopyFile, GetProgress),
  });
}

// The later interfaces extend the earlier ones: their first slots are the earlier
// interface's, then their own in IDL order.
TEST(AbiTest, IBackgroundCopyFile3Vtable) {
  ExpectVtable<IBackgroundCopyFile3>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyFile3),
      SLOT(IBackgroundCopyFile3, AddRef),
      SLOT(IBackgroundCopyFile3, Release),
      SLOT(IBackgroundCopyFile3, GetRemoteName),
      SLOT(IBackgroundCopyFile3, GetLocalName),
      SLOT(IBackgroundCopyFile3, GetProgress),
      SLOT(IBackgroundCopyFile3, GetFileRanges),
      SLOT(IBackgroundCopyFile3, SetRemoteName),
      SLOT(IBackgroundCopyFile3, GetTemporaryName),
      SLOT(IBackgroundCopyFile3, SetValidationState),
      SLOT(IBackgroundCopyFile3, GetValidationState),
      SLOT(IBackgroundCopyFile3, IsDownloadedFromPeer),
  });
  ExpectVtable<IBackgroundCopyFile2>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyFile2),
      SLOT(IBackgroundCopyFile2, AddRef),
      SLOT(IBackgroundCopyFile2, Release),
      SLOT(IBackgroundCopyFile2, GetRemoteName),
      SLOT(IBackgroundCopyFile2, GetLocalName),
      SLOT(IBackgroundCopyFile2, GetProgress),
      SLOT(IBackgroundCopyFile2, GetFileRanges),
      SLOT(IBackgroundCopyFile2, SetRemoteName),
  });
}

TEST(AbiTest, IBackgroundCopyJob3Vtable) {
  // Slots 0-34 are IBackgroundCopyJob's (IBackgroundCopyJobVtable).
  EXPECT_EQ(SlotOf(&IBackgroundCopyJob3::TakeOwnership), 34u);
  ExpectVtable<IBackgroundCopyJob3>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyJob3), SLOT(IBackgroundCopyJob3, AddRef),
      SLOT(IBackgroundCopyJob3, Release), SLOT(IBackgroundCopyJob3, AddFileSet),
      SLOT(IBackgroundCopyJob3, AddFile), SLOT(IBackgroundCopyJob3, EnumFiles),
      SLOT(IBackgroundCopyJob3, Suspend), SLOT(IBackgroundCopyJob3, Resume),
      SLOT(IBackgroundCopyJob3, Cancel), SLOT(IBackgroundCopyJob3, Complete),
      SLOT(IBackgroundCopyJob3, GetId), SLOT(IBackgroundCopyJob3, GetType),
      SLOT(IBackgroundCopyJob3, GetProgress), SLOT(IBackgroundCopyJob3, GetTimes),
      SLOT(IBackgroundCopyJob3, GetState), SLOT(IBackgroundCopyJob3, GetError),
      SLOT(IBackgroundCopyJob3, GetOwner), SLOT(IBackgroundCopyJob3, SetDisplayName),
      SLOT(IBackgroundCopyJob3, GetDisplayName), SLOT(IBackgroundCopyJob3, SetDescription),
      SLOT(IBackgroundCopyJob3, GetDescription), SLOT(IBackgroundCopyJob3, SetPriority),
      SLOT(IBackgroundCopyJob3, GetPriority), SLOT(IBackgroundCopyJob3, SetNotifyFlags),
      SLOT(IBackgroundCopyJob3, GetNotifyFlags), SLOT(IBackgroundCopyJob3, SetNotifyInterface),
      SLOT(IBackgroundCopyJob3, GetNotifyInterface), SLOT(IBackgroundCopyJob3, SetMinimumRetryDelay),
      SLOT(IBackgroundCopyJob3, GetMinimumRetryDelay), SLOT(IBackgroundCopyJob3, SetNoProgressTimeout),
      SLOT(IBackgroundCopyJob3, GetNoProgressTimeout), SLOT(IBackgroundCopyJob3, GetErrorCount),
      SLOT(IBackgroundCopyJob3, SetProxySettings), SLOT(IBackgroundCopyJob3, GetProxySettings),
      SLOT(IBackgroundCopyJob3, TakeOwnership),
      // IBackgroundCopyJob2
      SLOT(IBackgroundCopyJob3, SetNotifyCmdLine), SLOT(IBackgroundCopyJob3, GetNotifyCmdLine),
      SLOT(IBackgroundCopyJob3, GetReplyProgress), SLOT(IBackgroundCopyJob3, GetReplyData),
      SLOT(IBackgroundCopyJob3, SetReplyFileName), SLOT(IBackgroundCopyJob3, GetReplyFileName),
      SLOT(IBackgroundCopyJob3, SetCredentials), SLOT(IBackgroundCopyJob3, RemoveCredentials),
      // IBackgroundCopyJob3
      SLOT(IBackgroundCopyJob3, ReplaceRemotePrefix), SLOT(IBackgroundCopyJob3, AddFileWithRanges),
      SLOT(IBackgroundCopyJob3, SetFileACLFlags), SLOT(IBackgroundCopyJob3, GetFileACLFlags),
  });
  EXPECT_EQ(SlotOf(&IBackgroundCopyJob2::RemoveCredentials), 42u);
}

TEST(AbiTest, IBackgroundCopyErrorVtable) {
  ExpectVtable<IBackgroundCopyError>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyError),
      SLOT(IBackgroundCopyError, AddRef),
      SLOT(IBackgroundCopyError, Release),
      SLOT(IBackgroundCopyError, GetError),
      SLOT(IBackgroundCopyError, GetFile),
      SLOT(IBackgroundCopyError, GetErrorDescription),
      SLOT(IBackgroundCopyError, GetErrorContextDescription),
      SLOT(IBackgroundCopyError, GetProtocol),
  });
}

TEST(AbiTest, IEnumBackgroundCopyJobsVtable) {
  ExpectVtable<IEnumBackgroundCopyJobs>({
      QUERY_INTERFACE_SLOT(IEnumBackgroundCopyJobs),
      SLOT(IEnumBackgroundCopyJobs, AddRef),
      SLOT(IEnumBackgroundCopyJobs, Release),
      SLOT(IEnumBackgroundCopyJobs, Next),
      SLOT(IEnumBackgroundCopyJobs, Skip),
      SLOT(IEnumBackgroundCopyJobs, Reset),
      SLOT(IEnumBackgroundCopyJobs, Clone),
      SLOT(IEnumBackgroundCopyJobs, GetCount),
  });
}

TEST(AbiTest, IEnumBackgroundCopyFilesVtable) {
  ExpectVtable<IEnumBackgroundCopyFiles>({
      QUERY_INTERFACE_SLOT(IEnumBackgroundCopyFiles),
      SLOT(IEnumBackgroundCopyFiles, AddRef),
      SLOT(IEnumBackgroundCopyFiles, Release),
      SLOT(IEnumBackgroundCopyFiles, Next),
      SLOT(IEnumBackgroundCopyFiles, Skip),
      SLOT(IEnumBackgroundCopyFiles, Reset),
      SLOT(IEnumBackgroundCopyFiles, Clone),
      SLOT(IEnumBackgroundCopyFiles, GetCount),
  });
}

TEST(AbiTest, IBackgroundCopyManagerVtable) {
  ExpectVtable<IBackgroundCopyManager>({
      QUERY_INTERFACE_SLOT(IBackgroundCopyManager),
      SLOT(IBackgroundCopyManager, AddRef),
      SLOT(IBackgroundCopyManager, Release),
      SLOT(IBackgroundCopyManager, CreateJob),
      SLOT(IBackgroundCopyManager, GetJob),
      SLOT(IBackgroundCopyManager, EnumJobs),
      SLOT(IBackgroundCopyManager, GetErrorDescription),
  });
}

#undef SLOT

// ---- The C binding -----------------------------------------------------------------

// Seen from C, each interface is a struct whose lpVtbl points to a table with as
// many slots as the C++ vtable (both are declared from one method list).
template <class Interface>
void ExpectCTableSlots(const char* name) {
  EXPECT_EQ(DoHarnessCTableSlots(name), SlotOf(&NextSlotProbe<Interface>::NextSlot)) << name;
}

TEST(AbiTest, CTablesHaveTheSlotsOfTheVtables) {
  ExpectCTableSlots<IUnknown>("IUnknown");
  ExpectCTableSlots<IBackgroundCopyFile>("IBackgroundCopyFile");
  ExpectCTableSlots<IBackgroundCopyFile2>("IBackgroundCopyFile2");
  ExpectCTableSlots<IBackgroundCopyFile3>("IBackgroundCopyFile3");
  ExpectCTableSlots<IEnumBackgroundCopyFiles>("IEnumBackgroundCopyFiles");
  ExpectCTableSlots<IBackgroundCopyError>("IBackgroundCopyError");
  ExpectCTableSlots<IBackgroundCopyJob>("IBackgroundCopyJob");
  ExpectCTableSlots<IBackgroundCopyJob2>("IBackgroundCopyJob2");
  ExpectCTableSlots<IBackgroundCopyJob3>("IBackgroundCopyJob3");
  ExpectCTableSlots<IEnumBackgroundCopyJobs>("IEnumBackgroundCopyJobs");
  ExpectCTableSlots<IBackgroundCopyCallback>("IBackgroundCopyCallback");
  ExpectCTableSlots<IBackgroundCopyCallback2>("IBackgroundCopyCallback2");
  ExpectCTableSlots<IBackgroundCopyManager>("IBackgroundCopyManager");
  EXPECT_EQ(DoHarnessCTableSlots("IBackgroundCopyJob4"), 0u);
}

// ---- Calls through the raw vtable ------------------------------------------------------

// IBackgroundCopyCallback2 as C code sees it (the C binding of bits3_0.h): a
// pointer to a table of functions that take the object first. An engine written
// in C, or one that got the pointer from another compiler, calls this way.
struct CStyleCallback2;
struct CStyleCallback2Vtbl {
  HRESULT(STDMETHODCALLTYPE* QueryInterface)(CStyleCallback2* This, const IID* riid, void** ppv);
  ULONG(STDMETHODCALLTYPE* AddRef)(CStyleCallback2* This);
  ULONG(STDMETHODCALLTYPE* Release)(CStyleCallback2* This);
  HRESULT(STDMETHODCALLTYPE* JobTransferred)(CStyleCallback2* This, IBackgroundCopyJob* pJob);
  HRESULT(STDMETHODCALLTYPE* JobError)(CStyleCallback2* This, IBackgroundCopyJob* pJob,
                                       IBackgroundCopyError* pError);
  HRESULT(STDMETHODCALLTYPE* JobModification)(CStyleCallback2* This, IBackgroundCopyJob* pJob,
                                              DWORD dwReserved);
  HRESULT(STDMETHODCALLTYPE* FileTransferred)(CStyleCallback2* This, IBackgroundCopyJob* pJob,
                                              IBackgroundCopyFile* pFile);
};
struct CStyleCallback2 {
  const CStyleCallback2Vtbl* lpVtbl;
};

// Records which method ran, on which object, with which arguments; each method
// returns a different value so that results are seen to come back.
class RecordingCallback : public IBackgroundCopyCallback2 {
 public:
  struct Call {
    std::string method;
    const void* self;
    std::vector<const void*> args;
    DWORD reserved = 0;
  };
  std::vector<Call> calls;

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) override {
    calls.push_back({"QueryInterface", this, {&riid, ppv}});
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override {
    calls.push_back({"AddRef", this, {}});
    return 2;
  }
  ULONG STDMETHODCALLTYPE Release() override {
    calls.push_back({"Release", this, {}});
    return 1;
  }
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override {
    calls.push_back({"JobTransferred", this, {job}});
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job,
                                     IBackgroundCopyError* error) override {
    calls.push_back({"JobError", this, {job, error}});
    return S_FALSE;
  }
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD reserved) override {
    calls.push_back({"JobModification", this, {job}, reserved});
    return E_FAIL;
  }
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* job,
                                            IBackgroundCopyFile* file) override {
    calls.push_back({"FileTransferred", this, {job, file}});
    return E_NOTIMPL;
  }
};

TEST(AbiTest, CallsThroughTheRawVtableReachEachMethod) {
  RecordingCallback callback;
  IBackgroundCopyCallback2* const object = &callback;
  auto* const c_object = reinterpret_cast<CStyleCallback2*>(object);
  // Stand-ins that are only passed along, never dereferenced.
  char job_storage, error_storage, file_storage;
  auto* const job = reinterpret_cast<IBackgroundCopyJob*>(&job_storage);
  auto* const error = reinterpret_cast<IBackgroundCopyError*>(&error_storage);
  auto* const file = reinterpret_cast<IBackgroundCopyFile*>(&file_storage);
  void* out = nullptr;

  const CStyleCallback2Vtbl* const vtbl = c_object->lpVtbl;
  EXPECT_EQ(vtbl->QueryInterface(c_object, &IID_IBackgroundCopyJob, &out), E_NOINTERFACE);
  EXPECT_EQ(vtbl->AddRef(c_object), 2u);
  EXPECT_EQ(vtbl->Release(c_object), 1u);
  EXPECT_EQ(vtbl->JobTransferred(c_object, job), S_OK);
  EXPECT_EQ(vtbl->JobError(c_object, job, error), S_FALSE);
  EXPECT_EQ(vtbl->JobModification(c_object, job, 0xDEADBEEF), E_FAIL);
  EXPECT_EQ(vtbl->FileTransferred(c_object, job, file), E_NOTIMPL);

  const std::vector<std::string> methods = {"QueryInterface", "AddRef",   "Release",
                                            "JobTransferred", "JobError", "JobModification",
                                            "FileTransferred"};
  ASSERT_EQ(callback.calls.size(), methods.size());
  for (size_t i = 0; i < methods.size(); ++i) {
    EXPECT_EQ(callback.calls[i].method, methods[i]);
    EXPECT_EQ(callback.calls[i].self, object) << methods[i];
  }
  // REFIID travels as a pointer to the IID, as C passes it.
  EXPECT_EQ(callback.calls[0].args, (std::vector<const void*>{&IID_IBackgroundCopyJob, &out}));
  EXPECT_EQ(callback.calls[3].args, std::vector<const void*>{job});
  EXPECT_EQ(callback.calls[4].args, (std::vector<const void*>{job, error}));
  EXPECT_EQ(callback.calls[5].args, std::vector<const void*>{job});
  EXPECT_EQ(callback.calls[5].reserved, 0xDEADBEEFu);
  EXPECT_EQ(callback.calls[6].args, (std::vector<const void*>{job, file}));
}

// C code's call macro IBackgroundCopyCallback2_FileTransferred reaches the C++ method.
TEST(AbiTest, CCallMacrosReachTheMethodTheyName) {
  RecordingCallback callback;
  char job_storage, file_storage;
  auto* const job = reinterpret_cast<IBackgroundCopyJob*>(&job_storage);
  auto* const file = reinterpret_cast<IBackgroundCopyFile*>(&file_storage);
  EXPECT_EQ(DoHarnessCCallFileTransferred(&callback, job, file), E_NOTIMPL);
  ASSERT_EQ(callback.calls.size(), 1u);
  EXPECT_EQ(callback.calls[0].method, "FileTransferred");
  EXPECT_EQ(callback.calls[0].args, (std::vector<const void*>{job, file}));
}

// What real callbacks use beside the interfaces: NOERROR, the unsigned Interlocked
// overloads for counts kept in a ULONG, the language ids of error descriptions.
TEST(AbiTest, WindowsSpellingsRealCallbacksUse) {
  EXPECT_EQ(NOERROR, S_OK);
  ULONG unsigned_count = 1;
  EXPECT_EQ(InterlockedIncrement(&unsigned_count), 2u);
  EXPECT_EQ(InterlockedDecrement(&unsigned_count), 1u);
  LONG signed_count = 0;
  EXPECT_EQ(InterlockedDecrement(&signed_count), -1);
  EXPECT_EQ(MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), 0x0409);
  EXPECT_EQ(MAKELANGID(LANG_NEUTRAL, SUBLANG_SYS_DEFAULT), 0x0800);
}

}  // namespace
