// The BITS job interfaces (bits.h, bits1_5.h, bits2_0.h, bits3_0.h, bitsmsg.h of the
// Windows SDK) for platforms other than Windows. Slot order is the IDL order; IIDs are the real ones
// (checked against mingw-w64's bits.h by api/abi_test.cc).
#ifndef DOHARNESS_API_PORTABLE_BITS_H_
#define DOHARNESS_API_PORTABLE_BITS_H_

#include "doharness/portable_com.h"

// ---- BITS HRESULTs (bitsmsg.h) ---------------------------------------------------
#define BG_E_NOT_FOUND ((HRESULT)0x80200001)
#define BG_E_INVALID_STATE ((HRESULT)0x80200002)
#define BG_E_EMPTY ((HRESULT)0x80200003)
#define BG_E_FILE_NOT_AVAILABLE ((HRESULT)0x80200004)
#define BG_E_PROTOCOL_NOT_AVAILABLE ((HRESULT)0x80200005)
#define BG_S_ERROR_CONTEXT_NONE ((HRESULT)0x00200006)
#define BG_E_ERROR_CONTEXT_UNKNOWN ((HRESULT)0x80200007)
#define BG_E_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER ((HRESULT)0x80200008)
#define BG_E_ERROR_CONTEXT_LOCAL_FILE ((HRESULT)0x80200009)
#define BG_E_ERROR_CONTEXT_REMOTE_FILE ((HRESULT)0x8020000A)
#define BG_E_ERROR_CONTEXT_GENERAL_TRANSPORT ((HRESULT)0x8020000B)
#define BG_E_ERROR_CONTEXT_QUEUE_MANAGER_NOTIFICATION ((HRESULT)0x8020000C)
#define BG_E_DESTINATION_LOCKED ((HRESULT)0x8020000D)
#define BG_E_VOLUME_CHANGED ((HRESULT)0x8020000E)
#define BG_E_ERROR_INFORMATION_UNAVAILABLE ((HRESULT)0x8020000F)
#define BG_E_NETWORK_DISCONNECTED ((HRESULT)0x80200010)
#define BG_E_MISSING_FILE_SIZE ((HRESULT)0x80200011)
#define BG_E_INSUFFICIENT_HTTP_SUPPORT ((HRESULT)0x80200012)
#define BG_E_INSUFFICIENT_RANGE_SUPPORT ((HRESULT)0x80200013)
#define BG_E_REMOTE_NOT_SUPPORTED ((HRESULT)0x80200014)
#define BG_E_NEW_OWNER_DIFF_MAPPING ((HRESULT)0x80200015)
#define BG_E_NEW_OWNER_NO_FILE_ACCESS ((HRESULT)0x80200016)
#define BG_S_PARTIAL_COMPLETE ((HRESULT)0x00200017)
#define BG_E_PROXY_LIST_TOO_LARGE ((HRESULT)0x80200018)
#define BG_E_PROXY_BYPASS_LIST_TOO_LARGE ((HRESULT)0x80200019)
#define BG_S_UNABLE_TO_DELETE_FILES ((HRESULT)0x0020001A)
#define BG_E_INVALID_SERVER_RESPONSE ((HRESULT)0x8020001B)
#define BG_E_TOO_MANY_FILES ((HRESULT)0x8020001C)
#define BG_E_LOCAL_FILE_CHANGED ((HRESULT)0x8020001D)
#define BG_E_ERROR_CONTEXT_REMOTE_APPLICATION ((HRESULT)0x8020001E)
#define BG_E_SESSION_NOT_FOUND ((HRESULT)0x8020001F)
#define BG_E_TOO_LARGE ((HRESULT)0x80200020)
#define BG_E_STRING_TOO_LONG ((HRESULT)0x80200021)
#define BG_E_CLIENT_SERVER_PROTOCOL_MISMATCH ((HRESULT)0x80200022)
#define BG_E_SERVER_EXECUTE_ENABLE ((HRESULT)0x80200023)
#define BG_E_NO_PROGRESS ((HRESULT)0x80200024)
#define BG_E_USERNAME_TOO_LARGE ((HRESULT)0x80200025)
#define BG_E_PASSWORD_TOO_LARGE ((HRESULT)0x80200026)
#define BG_E_INVALID_AUTH_TARGET ((HRESULT)0x80200027)
#define BG_E_INVALID_AUTH_SCHEME ((HRESULT)0x80200028)
#define BG_E_FILE_NOT_FOUND ((HRESULT)0x80200029)
#define BG_S_PROXY_CHANGED ((HRESULT)0x0020002A)
#define BG_E_INVALID_RANGE ((HRESULT)0x8020002B)
#define BG_E_OVERLAPPING_RANGES ((HRESULT)0x8020002C)
#define BG_E_CONNECT_FAILURE ((HRESULT)0x8020002D)
#define BG_E_CONNECTION_CLOSED ((HRESULT)0x8020002E)
#define BG_E_KEEP_ALIVE_FAILURE ((HRESULT)0x8020002F)
#define BG_E_MESSAGE_LENGTH_LIMIT_EXCEEDED ((HRESULT)0x80200030)
#define BG_E_NAME_RESOLUTION_FAILURE ((HRESULT)0x80200031)
#define BG_E_PENDING ((HRESULT)0x80200032)
#define BG_E_PIPELINE_FAILURE ((HRESULT)0x80200033)
#define BG_E_PROTOCOL_ERROR ((HRESULT)0x80200034)
#define BG_E_PROXY_NAME_RESOLUTION_FAILURE ((HRESULT)0x80200035)
#define BG_E_RECEIVE_FAILURE ((HRESULT)0x80200036)
#define BG_E_REQUEST_CANCELED ((HRESULT)0x80200037)
#define BG_E_SECURE_CHANNEL_FAILURE ((HRESULT)0x80200038)
#define BG_E_SEND_FAILURE ((HRESULT)0x80200039)
#define BG_E_SERVER_PROTOCOL_VIOLATION ((HRESULT)0x8020003A)
#define BG_E_TIMEOUT ((HRESULT)0x8020003B)
#define BG_E_TRUST_FAILURE ((HRESULT)0x8020003C)
#define BG_E_UNKNOWN_ERROR ((HRESULT)0x8020003D)
#define BG_E_BLOCKED_BY_POLICY ((HRESULT)0x8020003E)
#define BG_E_INVALID_PROXY_INFO ((HRESULT)0x8020003F)
#define BG_E_INVALID_CREDENTIALS ((HRESULT)0x80200040)
#define BG_E_TOO_MANY_JOBS_PER_USER ((HRESULT)0x80200049)
#define BG_E_TOO_MANY_JOBS_PER_MACHINE ((HRESULT)0x80200050)
#define BG_E_TOO_MANY_RANGES_IN_FILE ((HRESULT)0x80200052)
#define BG_E_VALIDATION_FAILED ((HRESULT)0x80200053)
// HTTP status errors are 0x80190000 + status; bitsmsg.h names these.
#define BG_HTTP_STATUS_HRESULT(status) ((HRESULT)(0x80190000u + (uint32_t)(status)))
#define BG_E_HTTP_ERROR_100 BG_HTTP_STATUS_HRESULT(100)
#define BG_E_HTTP_ERROR_101 BG_HTTP_STATUS_HRESULT(101)
#define BG_E_HTTP_ERROR_200 BG_HTTP_STATUS_HRESULT(200)
#define BG_E_HTTP_ERROR_201 BG_HTTP_STATUS_HRESULT(201)
#define BG_E_HTTP_ERROR_202 BG_HTTP_STATUS_HRESULT(202)
#define BG_E_HTTP_ERROR_203 BG_HTTP_STATUS_HRESULT(203)
#define BG_E_HTTP_ERROR_204 BG_HTTP_STATUS_HRESULT(204)
#define BG_E_HTTP_ERROR_205 BG_HTTP_STATUS_HRESULT(205)
#define BG_E_HTTP_ERROR_206 BG_HTTP_STATUS_HRESULT(206)
#define BG_E_HTTP_ERROR_300 BG_HTTP_STATUS_HRESULT(300)
#define BG_E_HTTP_ERROR_301 BG_HTTP_STATUS_HRESULT(301)
#define BG_E_HTTP_ERROR_302 BG_HTTP_STATUS_HRESULT(302)
#define BG_E_HTTP_ERROR_303 BG_HTTP_STATUS_HRESULT(303)
#define BG_E_HTTP_ERROR_304 BG_HTTP_STATUS_HRESULT(304)
#define BG_E_HTTP_ERROR_305 BG_HTTP_STATUS_HRESULT(305)
#define BG_E_HTTP_ERROR_307 BG_HTTP_STATUS_HRESULT(307)
#define BG_E_HTTP_ERROR_400 BG_HTTP_STATUS_HRESULT(400)
#define BG_E_HTTP_ERROR_401 BG_HTTP_STATUS_HRESULT(401)
#define BG_E_HTTP_ERROR_402 BG_HTTP_STATUS_HRESULT(402)
#define BG_E_HTTP_ERROR_403 BG_HTTP_STATUS_HRESULT(403)
#define BG_E_HTTP_ERROR_404 BG_HTTP_STATUS_HRESULT(404)
#define BG_E_HTTP_ERROR_405 BG_HTTP_STATUS_HRESULT(405)
#define BG_E_HTTP_ERROR_406 BG_HTTP_STATUS_HRESULT(406)
#define BG_E_HTTP_ERROR_407 BG_HTTP_STATUS_HRESULT(407)
#define BG_E_HTTP_ERROR_408 BG_HTTP_STATUS_HRESULT(408)
#define BG_E_HTTP_ERROR_409 BG_HTTP_STATUS_HRESULT(409)
#define BG_E_HTTP_ERROR_410 BG_HTTP_STATUS_HRESULT(410)
#define BG_E_HTTP_ERROR_411 BG_HTTP_STATUS_HRESULT(411)
#define BG_E_HTTP_ERROR_412 BG_HTTP_STATUS_HRESULT(412)
#define BG_E_HTTP_ERROR_413 BG_HTTP_STATUS_HRESULT(413)
#define BG_E_HTTP_ERROR_414 BG_HTTP_STATUS_HRESULT(414)
#define BG_E_HTTP_ERROR_415 BG_HTTP_STATUS_HRESULT(415)
#define BG_E_HTTP_ERROR_416 BG_HTTP_STATUS_HRESULT(416)
#define BG_E_HTTP_ERROR_417 BG_HTTP_STATUS_HRESULT(417)
#define BG_E_HTTP_ERROR_449 BG_HTTP_STATUS_HRESULT(449)
#define BG_E_HTTP_ERROR_500 BG_HTTP_STATUS_HRESULT(500)
#define BG_E_HTTP_ERROR_501 BG_HTTP_STATUS_HRESULT(501)
#define BG_E_HTTP_ERROR_502 BG_HTTP_STATUS_HRESULT(502)
#define BG_E_HTTP_ERROR_503 BG_HTTP_STATUS_HRESULT(503)
#define BG_E_HTTP_ERROR_504 BG_HTTP_STATUS_HRESULT(504)
#define BG_E_HTTP_ERROR_505 BG_HTTP_STATUS_HRESULT(505)

// ---- Values (bits.h) -------------------------------------------------------------
#define BG_SIZE_UNKNOWN ((UINT64)(-1))
#define BG_NOTIFY_JOB_TRANSFERRED 0x0001
#define BG_NOTIFY_JOB_ERROR 0x0002
#define BG_NOTIFY_DISABLE 0x0004
#define BG_NOTIFY_JOB_MODIFICATION 0x0008
#define BG_NOTIFY_FILE_TRANSFERRED 0x0010
#define BG_NOTIFY_FILE_RANGES_TRANSFERRED 0x0020
#define BG_JOB_ENUM_ALL_USERS 0x0001

typedef struct _BG_FILE_PROGRESS {
  UINT64 BytesTotal;
  UINT64 BytesTransferred;
  BOOL Completed;
} BG_FILE_PROGRESS;

typedef enum {
  BG_ERROR_CONTEXT_NONE = 0,
  BG_ERROR_CONTEXT_UNKNOWN = 1,
  BG_ERROR_CONTEXT_GENERAL_QUEUE_MANAGER = 2,
  BG_ERROR_CONTEXT_QUEUE_MANAGER_NOTIFICATION = 3,
  BG_ERROR_CONTEXT_LOCAL_FILE = 4,
  BG_ERROR_CONTEXT_REMOTE_FILE = 5,
  BG_ERROR_CONTEXT_GENERAL_TRANSPORT = 6,
  BG_ERROR_CONTEXT_REMOTE_APPLICATION = 7
} BG_ERROR_CONTEXT;

typedef struct _BG_FILE_INFO {
  LPWSTR RemoteName;
  LPWSTR LocalName;
} BG_FILE_INFO;

typedef struct _BG_JOB_PROGRESS {
  UINT64 BytesTotal;
  UINT64 BytesTransferred;
  ULONG FilesTotal;
  ULONG FilesTransferred;
} BG_JOB_PROGRESS;

typedef struct _BG_JOB_TIMES {
  FILETIME CreationTime;
  FILETIME ModificationTime;
  FILETIME TransferCompletionTime;
} BG_JOB_TIMES;

typedef enum {
  BG_JOB_PRIORITY_FOREGROUND = 0,
  BG_JOB_PRIORITY_HIGH = 1,
  BG_JOB_PRIORITY_NORMAL = 2,
  BG_JOB_PRIORITY_LOW = 3
} BG_JOB_PRIORITY;

typedef enum {
  BG_JOB_STATE_QUEUED = 0,
  BG_JOB_STATE_CONNECTING = 1,
  BG_JOB_STATE_TRANSFERRING = 2,
  BG_JOB_STATE_SUSPENDED = 3,
  BG_JOB_STATE_ERROR = 4,
  BG_JOB_STATE_TRANSIENT_ERROR = 5,
  BG_JOB_STATE_TRANSFERRED = 6,
  BG_JOB_STATE_ACKNOWLEDGED = 7,
  BG_JOB_STATE_CANCELLED = 8
} BG_JOB_STATE;

typedef enum {
  BG_JOB_TYPE_DOWNLOAD = 0,
  BG_JOB_TYPE_UPLOAD = 1,
  BG_JOB_TYPE_UPLOAD_REPLY = 2
} BG_JOB_TYPE;

typedef enum {
  BG_JOB_PROXY_USAGE_PRECONFIG = 0,
  BG_JOB_PROXY_USAGE_NO_PROXY = 1,
  BG_JOB_PROXY_USAGE_OVERRIDE = 2,
  BG_JOB_PROXY_USAGE_AUTODETECT = 3
} BG_JOB_PROXY_USAGE;

// ---- IIDs and CLSIDs ---------------------------------------------------------------
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyFile, 0x01b7bd23, 0xfb88, 0x4a77, 0x84, 0x90, 0x58, 0x91,
                      0xd3, 0xe4, 0x65, 0x3a);
DOHARNESS_DEFINE_GUID(IID_IEnumBackgroundCopyFiles, 0xca51e165, 0xc365, 0x424c, 0x8d, 0x41, 0x24,
                      0xaa, 0xa4, 0xff, 0x3c, 0x40);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyError, 0x19c613a0, 0xfcb8, 0x4f28, 0x81, 0xae, 0x89, 0x7c,
                      0x3d, 0x07, 0x8f, 0x81);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyJob, 0x37668d37, 0x507e, 0x4160, 0x93, 0x16, 0x26, 0x30,
                      0x6d, 0x15, 0x0b, 0x12);
DOHARNESS_DEFINE_GUID(IID_IEnumBackgroundCopyJobs, 0x1af4f612, 0x3b71, 0x466f, 0x8f, 0x58, 0x7b,
                      0x6f, 0x73, 0xac, 0x57, 0xad);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyCallback, 0x97ea99c7, 0x0186, 0x4ad4, 0x8d, 0xf9, 0xc5,
                      0xb4, 0xe0, 0xed, 0x6b, 0x22);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyManager, 0x5ce34c0d, 0x0dc9, 0x4c1f, 0x89, 0x7c, 0xda,
                      0xa1, 0xb7, 0x8c, 0xee, 0x7c);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyCallback2, 0x659cdeac, 0x489e, 0x11d9, 0xa9, 0xcd, 0x00,
                      0x0d, 0x56, 0x96, 0x52, 0x51);
// bits1_5.h, bits2_0.h, bits3_0.h: the later job and file interfaces.
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyJob2, 0x54b50739, 0x686f, 0x45eb, 0x9d, 0xff, 0xd6, 0xa9,
                      0xa0, 0xfa, 0xa9, 0xaf);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyJob3, 0x443c8934, 0x90ff, 0x48ed, 0xbc, 0xde, 0x26, 0xf5,
                      0xc7, 0x45, 0x00, 0x42);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyFile2, 0x83e81b93, 0x0873, 0x474d, 0x8a, 0x8c, 0xf2, 0x01,
                      0x8b, 0x1a, 0x93, 0x9c);
DOHARNESS_DEFINE_GUID(IID_IBackgroundCopyFile3, 0x659cdeaa, 0x489e, 0x11d9, 0xa9, 0xcd, 0x00, 0x0d,
                      0x56, 0x96, 0x52, 0x51);
DOHARNESS_DEFINE_GUID(CLSID_BackgroundCopyManager, 0x4991d34b, 0x80a1, 0x4291, 0x83, 0xb6, 0x33,
                      0x28, 0x36, 0x6b, 0x90, 0x97);

// ---- Interfaces, in the IDL order of bits.idl ---------------------------------------
struct IBackgroundCopyFile;
struct IEnumBackgroundCopyFiles;
struct IBackgroundCopyError;
struct IBackgroundCopyJob;
struct IEnumBackgroundCopyJobs;
struct IBackgroundCopyCallback;
struct IBackgroundCopyManager;

struct IBackgroundCopyFile : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetRemoteName(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetLocalName(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProgress(BG_FILE_PROGRESS* pVal) = 0;
};

struct IEnumBackgroundCopyFiles : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE Next(ULONG celt, IBackgroundCopyFile** rgelt,
                                         ULONG* pceltFetched) = 0;
  virtual HRESULT STDMETHODCALLTYPE Skip(ULONG celt) = 0;
  virtual HRESULT STDMETHODCALLTYPE Reset() = 0;
  virtual HRESULT STDMETHODCALLTYPE Clone(IEnumBackgroundCopyFiles** ppenum) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetCount(ULONG* puCount) = 0;
};

struct IBackgroundCopyError : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE GetError(BG_ERROR_CONTEXT* pContext, HRESULT* pCode) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetFile(IBackgroundCopyFile** pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorDescription(DWORD LanguageId,
                                                        LPWSTR* pErrorDescription) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorContextDescription(DWORD LanguageId,
                                                               LPWSTR* pContextDescription) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProtocol(LPWSTR* pProtocol) = 0;
};

struct IBackgroundCopyJob : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE AddFileSet(ULONG cFileCount, BG_FILE_INFO* pFileSet) = 0;
  virtual HRESULT STDMETHODCALLTYPE AddFile(LPCWSTR RemoteUrl, LPCWSTR LocalName) = 0;
  virtual HRESULT STDMETHODCALLTYPE EnumFiles(IEnumBackgroundCopyFiles** pEnum) = 0;
  virtual HRESULT STDMETHODCALLTYPE Suspend() = 0;
  virtual HRESULT STDMETHODCALLTYPE Resume() = 0;
  virtual HRESULT STDMETHODCALLTYPE Cancel() = 0;
  virtual HRESULT STDMETHODCALLTYPE Complete() = 0;
  virtual HRESULT STDMETHODCALLTYPE GetId(GUID* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetType(BG_JOB_TYPE* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProgress(BG_JOB_PROGRESS* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetTimes(BG_JOB_TIMES* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetState(BG_JOB_STATE* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetError(IBackgroundCopyError** ppError) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetOwner(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetDisplayName(LPCWSTR Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetDisplayName(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetDescription(LPCWSTR Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetDescription(LPWSTR* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetPriority(BG_JOB_PRIORITY Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetPriority(BG_JOB_PRIORITY* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetNotifyFlags(ULONG Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNotifyFlags(ULONG* pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetNotifyInterface(IUnknown* Val) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNotifyInterface(IUnknown** pVal) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetMinimumRetryDelay(ULONG Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetMinimumRetryDelay(ULONG* Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetNoProgressTimeout(ULONG Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNoProgressTimeout(ULONG* Seconds) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorCount(ULONG* Errors) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetProxySettings(BG_JOB_PROXY_USAGE ProxyUsage,
                                                     const WCHAR* ProxyList,
                                                     const WCHAR* ProxyBypassList) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetProxySettings(BG_JOB_PROXY_USAGE* pProxyUsage,
                                                     LPWSTR* pProxyList,
                                                     LPWSTR* pProxyBypassList) = 0;
  virtual HRESULT STDMETHODCALLTYPE TakeOwnership() = 0;
};

struct IEnumBackgroundCopyJobs : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE Next(ULONG celt, IBackgroundCopyJob** rgelt,
                                         ULONG* pceltFetched) = 0;
  virtual HRESULT STDMETHODCALLTYPE Skip(ULONG celt) = 0;
  virtual HRESULT STDMETHODCALLTYPE Reset() = 0;
  virtual HRESULT STDMETHODCALLTYPE Clone(IEnumBackgroundCopyJobs** ppenum) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetCount(ULONG* puCount) = 0;
};

struct IBackgroundCopyCallback : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* pJob) = 0;
  virtual HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* pJob,
                                             IBackgroundCopyError* pError) = 0;
  virtual HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* pJob,
                                                    DWORD dwReserved) = 0;
};

struct IBackgroundCopyManager : public IUnknown {
  virtual HRESULT STDMETHODCALLTYPE CreateJob(LPCWSTR DisplayName, BG_JOB_TYPE Type, GUID* pJobId,
                                              IBackgroundCopyJob** ppJob) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetJob(REFGUID jobID, IBackgroundCopyJob** ppJob) = 0;
  virtual HRESULT STDMETHODCALLTYPE EnumJobs(DWORD dwFlags, IEnumBackgroundCopyJobs** ppEnum) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetErrorDescription(HRESULT hResult, DWORD LanguageId,
                                                        LPWSTR* pErrorDescription) = 0;
};

// ---- bits1_5.h (BITS 1.5) ------------------------------------------------------------
typedef struct _BG_JOB_REPLY_PROGRESS {
  UINT64 BytesTotal;
  UINT64 BytesTransferred;
} BG_JOB_REPLY_PROGRESS;

typedef enum { BG_AUTH_TARGET_SERVER = 1, BG_AUTH_TARGET_PROXY = 2 } BG_AUTH_TARGET;

typedef enum {
  BG_AUTH_SCHEME_BASIC = 1,
  BG_AUTH_SCHEME_DIGEST = 2,
  BG_AUTH_SCHEME_NTLM = 3,
  BG_AUTH_SCHEME_NEGOTIATE = 4,
  BG_AUTH_SCHEME_PASSPORT = 5
} BG_AUTH_SCHEME;

typedef struct {
  LPWSTR UserName;
  LPWSTR Password;
} BG_BASIC_CREDENTIALS;
typedef BG_BASIC_CREDENTIALS* PBG_BASIC_CREDENTIALS;

typedef union {
  BG_BASIC_CREDENTIALS Basic;
} BG_AUTH_CREDENTIALS_UNION;

typedef struct {
  BG_AUTH_TARGET Target;
  BG_AUTH_SCHEME Scheme;
  BG_AUTH_CREDENTIALS_UNION Credentials;
} BG_AUTH_CREDENTIALS;
typedef BG_AUTH_CREDENTIALS* PBG_AUTH_CREDENTIALS;

struct IBackgroundCopyJob2 : public IBackgroundCopyJob {
  virtual HRESULT STDMETHODCALLTYPE SetNotifyCmdLine(LPCWSTR Program, LPCWSTR Parameters) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetNotifyCmdLine(LPWSTR* pProgram, LPWSTR* pParameters) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetReplyProgress(BG_JOB_REPLY_PROGRESS* pProgress) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetReplyData(byte** ppBuffer, UINT64* pLength) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetReplyFileName(LPCWSTR ReplyFileName) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetReplyFileName(LPWSTR* pReplyFileName) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetCredentials(BG_AUTH_CREDENTIALS* credentials) = 0;
  virtual HRESULT STDMETHODCALLTYPE RemoveCredentials(BG_AUTH_TARGET Target, BG_AUTH_SCHEME Scheme) = 0;
};

// ---- bits2_0.h (BITS 2.0) ------------------------------------------------------------
#define BG_COPY_FILE_OWNER 1
#define BG_COPY_FILE_GROUP 2
#define BG_COPY_FILE_DACL 4
#define BG_COPY_FILE_SACL 8
#define BG_COPY_FILE_ALL 15
#define BG_LENGTH_TO_EOF ((UINT64)(-1))

typedef struct _BG_FILE_RANGE {
  UINT64 InitialOffset;
  UINT64 Length;
} BG_FILE_RANGE;

struct IBackgroundCopyJob3 : public IBackgroundCopyJob2 {
  virtual HRESULT STDMETHODCALLTYPE ReplaceRemotePrefix(LPCWSTR OldPrefix, LPCWSTR NewPrefix) = 0;
  virtual HRESULT STDMETHODCALLTYPE AddFileWithRanges(LPCWSTR RemoteUrl, LPCWSTR LocalName,
                                                      DWORD RangeCount, BG_FILE_RANGE Ranges[]) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetFileACLFlags(DWORD Flags) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetFileACLFlags(DWORD* Flags) = 0;
};

struct IBackgroundCopyFile2 : public IBackgroundCopyFile {
  virtual HRESULT STDMETHODCALLTYPE GetFileRanges(DWORD* RangeCount, BG_FILE_RANGE** Ranges) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetRemoteName(LPCWSTR Val) = 0;
};

// ---- bits3_0.h (BITS 3.0) ------------------------------------------------------------
struct IBackgroundCopyCallback2 : public IBackgroundCopyCallback {
  virtual HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* pJob,
                                                    IBackgroundCopyFile* pFile) = 0;
};

struct IBackgroundCopyFile3 : public IBackgroundCopyFile2 {
  virtual HRESULT STDMETHODCALLTYPE GetTemporaryName(LPWSTR* pFilename) = 0;
  virtual HRESULT STDMETHODCALLTYPE SetValidationState(BOOL state) = 0;
  virtual HRESULT STDMETHODCALLTYPE GetValidationState(BOOL* pState) = 0;
  virtual HRESULT STDMETHODCALLTYPE IsDownloadedFromPeer(BOOL* pVal) = 0;
};

DOHARNESS_DECLARE_UUID(IBackgroundCopyFile, IID_IBackgroundCopyFile)
DOHARNESS_DECLARE_UUID(IEnumBackgroundCopyFiles, IID_IEnumBackgroundCopyFiles)
DOHARNESS_DECLARE_UUID(IBackgroundCopyError, IID_IBackgroundCopyError)
DOHARNESS_DECLARE_UUID(IBackgroundCopyJob, IID_IBackgroundCopyJob)
DOHARNESS_DECLARE_UUID(IEnumBackgroundCopyJobs, IID_IEnumBackgroundCopyJobs)
DOHARNESS_DECLARE_UUID(IBackgroundCopyCallback, IID_IBackgroundCopyCallback)
DOHARNESS_DECLARE_UUID(IBackgroundCopyManager, IID_IBackgroundCopyManager)
DOHARNESS_DECLARE_UUID(IBackgroundCopyCallback2, IID_IBackgroundCopyCallback2)
DOHARNESS_DECLARE_UUID(IBackgroundCopyJob2, IID_IBackgroundCopyJob2)
DOHARNESS_DECLARE_UUID(IBackgroundCopyJob3, IID_IBackgroundCopyJob3)
DOHARNESS_DECLARE_UUID(IBackgroundCopyFile2, IID_IBackgroundCopyFile2)
DOHARNESS_DECLARE_UUID(IBackgroundCopyFile3, IID_IBackgroundCopyFile3)

#endif  // DOHARNESS_API_PORTABLE_BITS_H_
