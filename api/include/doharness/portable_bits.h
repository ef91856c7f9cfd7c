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
// BG_HTTP_STATUS_HRESULT is in delivery_optimization_extras.h, on every platform.
#include "doharness/delivery_optimization_extras.h"
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
#define DOHARNESS_BITS_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  DOHARNESS_DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8);
#include "doharness/bits_guids.h"
#undef DOHARNESS_BITS_GUID

// ---- Interfaces, in the IDL order of bits.idl ---------------------------------------
// Declared objbase.h's way for C++ and C alike (see portable_com.h).
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyFile);
DOHARNESS_FORWARD_INTERFACE(IEnumBackgroundCopyFiles);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyError);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyJob);
DOHARNESS_FORWARD_INTERFACE(IEnumBackgroundCopyJobs);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyCallback);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyManager);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyJob2);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyJob3);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyFile2);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyFile3);
DOHARNESS_FORWARD_INTERFACE(IBackgroundCopyCallback2);

#define INTERFACE IBackgroundCopyFile
#define DOHARNESS_METHODS_IBackgroundCopyFile                                                     \
  STDMETHOD(GetRemoteName)(THIS_ LPWSTR* pVal) PURE;                                              \
  STDMETHOD(GetLocalName)(THIS_ LPWSTR* pVal) PURE;                                               \
  STDMETHOD(GetProgress)(THIS_ BG_FILE_PROGRESS* pVal) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyFile, IUnknown) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown)
  DOHARNESS_METHODS_IBackgroundCopyFile
};
#undef INTERFACE

#define INTERFACE IEnumBackgroundCopyFiles
#define DOHARNESS_METHODS_IEnumBackgroundCopyFiles                                                \
  STDMETHOD(Next)(THIS_ ULONG celt, IBackgroundCopyFile** rgelt, ULONG* pceltFetched) PURE;       \
  STDMETHOD(Skip)(THIS_ ULONG celt) PURE;                                                         \
  STDMETHOD(Reset)(THIS) PURE;                                                                    \
  STDMETHOD(Clone)(THIS_ IEnumBackgroundCopyFiles** ppenum) PURE;                                 \
  STDMETHOD(GetCount)(THIS_ ULONG* puCount) PURE;
DOHARNESS_INTERFACE(IEnumBackgroundCopyFiles, IUnknown) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown)
  DOHARNESS_METHODS_IEnumBackgroundCopyFiles
};
#undef INTERFACE

#define INTERFACE IBackgroundCopyError
#define DOHARNESS_METHODS_IBackgroundCopyError                                                    \
  STDMETHOD(GetError)(THIS_ BG_ERROR_CONTEXT* pContext, HRESULT* pCode) PURE;                     \
  STDMETHOD(GetFile)(THIS_ IBackgroundCopyFile** pVal) PURE;                                      \
  STDMETHOD(GetErrorDescription)(THIS_ DWORD LanguageId, LPWSTR* pErrorDescription) PURE;         \
  STDMETHOD(GetErrorContextDescription)(THIS_ DWORD LanguageId,                                   \
                                              LPWSTR* pContextDescription) PURE;                  \
  STDMETHOD(GetProtocol)(THIS_ LPWSTR* pProtocol) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyError, IUnknown) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown)
  DOHARNESS_METHODS_IBackgroundCopyError
};
#undef INTERFACE

#define INTERFACE IBackgroundCopyJob
#define DOHARNESS_METHODS_IBackgroundCopyJob                                                      \
  STDMETHOD(AddFileSet)(THIS_ ULONG cFileCount, BG_FILE_INFO* pFileSet) PURE;                     \
  STDMETHOD(AddFile)(THIS_ LPCWSTR RemoteUrl, LPCWSTR LocalName) PURE;                            \
  STDMETHOD(EnumFiles)(THIS_ IEnumBackgroundCopyFiles** pEnum) PURE;                              \
  STDMETHOD(Suspend)(THIS) PURE;                                                                  \
  STDMETHOD(Resume)(THIS) PURE;                                                                   \
  STDMETHOD(Cancel)(THIS) PURE;                                                                   \
  STDMETHOD(Complete)(THIS) PURE;                                                                 \
  STDMETHOD(GetId)(THIS_ GUID* pVal) PURE;                                                        \
  STDMETHOD(GetType)(THIS_ BG_JOB_TYPE* pVal) PURE;                                               \
  STDMETHOD(GetProgress)(THIS_ BG_JOB_PROGRESS* pVal) PURE;                                       \
  STDMETHOD(GetTimes)(THIS_ BG_JOB_TIMES* pVal) PURE;                                             \
  STDMETHOD(GetState)(THIS_ BG_JOB_STATE* pVal) PURE;                                             \
  STDMETHOD(GetError)(THIS_ IBackgroundCopyError** ppError) PURE;                                 \
  STDMETHOD(GetOwner)(THIS_ LPWSTR* pVal) PURE;                                                   \
  STDMETHOD(SetDisplayName)(THIS_ LPCWSTR Val) PURE;                                              \
  STDMETHOD(GetDisplayName)(THIS_ LPWSTR* pVal) PURE;                                             \
  STDMETHOD(SetDescription)(THIS_ LPCWSTR Val) PURE;                                              \
  STDMETHOD(GetDescription)(THIS_ LPWSTR* pVal) PURE;                                             \
  STDMETHOD(SetPriority)(THIS_ BG_JOB_PRIORITY Val) PURE;                                         \
  STDMETHOD(GetPriority)(THIS_ BG_JOB_PRIORITY* pVal) PURE;                                       \
  STDMETHOD(SetNotifyFlags)(THIS_ ULONG Val) PURE;                                                \
  STDMETHOD(GetNotifyFlags)(THIS_ ULONG* pVal) PURE;                                              \
  STDMETHOD(SetNotifyInterface)(THIS_ IUnknown* Val) PURE;                                        \
  STDMETHOD(GetNotifyInterface)(THIS_ IUnknown** pVal) PURE;                                      \
  STDMETHOD(SetMinimumRetryDelay)(THIS_ ULONG Seconds) PURE;                                      \
  STDMETHOD(GetMinimumRetryDelay)(THIS_ ULONG* Seconds) PURE;                                     \
  STDMETHOD(SetNoProgressTimeout)(THIS_ ULONG Seconds) PURE;                                      \
  STDMETHOD(GetNoProgressTimeout)(THIS_ ULONG* Seconds) PURE;                                     \
  STDMETHOD(GetErrorCount)(THIS_ ULONG* Errors) PURE;                                             \
  STDMETHOD(SetProxySettings)(THIS_ BG_JOB_PROXY_USAGE ProxyUsage, const WCHAR* ProxyList,        \
                                    const WCHAR* ProxyBypassList) PURE;                           \
  STDMETHOD(GetProxySettings)(THIS_ BG_JOB_PROXY_USAGE* pProxyUsage, LPWSTR* pProxyList,          \
                                    LPWSTR* pProxyBypassList) PURE;                               \
  STDMETHOD(TakeOwnership)(THIS) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyJob, IUnknown) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown)
  DOHARNESS_METHODS_IBackgroundCopyJob
};
#undef INTERFACE

#define INTERFACE IEnumBackgroundCopyJobs
#define DOHARNESS_METHODS_IEnumBackgroundCopyJobs                                                 \
  STDMETHOD(Next)(THIS_ ULONG celt, IBackgroundCopyJob** rgelt, ULONG* pceltFetched) PURE;        \
  STDMETHOD(Skip)(THIS_ ULONG celt) PURE;                                                         \
  STDMETHOD(Reset)(THIS) PURE;                                                                    \
  STDMETHOD(Clone)(THIS_ IEnumBackgroundCopyJobs** ppenum) PURE;                                  \
  STDMETHOD(GetCount)(THIS_ ULONG* puCount) PURE;
DOHARNESS_INTERFACE(IEnumBackgroundCopyJobs, IUnknown) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown)
  DOHARNESS_METHODS_IEnumBackgroundCopyJobs
};
#undef INTERFACE

#define INTERFACE IBackgroundCopyCallback
#define DOHARNESS_METHODS_IBackgroundCopyCallback                                                 \
  STDMETHOD(JobTransferred)(THIS_ IBackgroundCopyJob* pJob) PURE;                                 \
  STDMETHOD(JobError)(THIS_ IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) PURE;         \
  STDMETHOD(JobModification)(THIS_ IBackgroundCopyJob* pJob, DWORD dwReserved) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyCallback, IUnknown) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown)
  DOHARNESS_METHODS_IBackgroundCopyCallback
};
#undef INTERFACE

#define INTERFACE IBackgroundCopyManager
#define DOHARNESS_METHODS_IBackgroundCopyManager                                                  \
  STDMETHOD(CreateJob)(THIS_ LPCWSTR DisplayName, BG_JOB_TYPE Type, GUID* pJobId,                 \
                             IBackgroundCopyJob** ppJob) PURE;                                    \
  STDMETHOD(GetJob)(THIS_ REFGUID jobID, IBackgroundCopyJob** ppJob) PURE;                        \
  STDMETHOD(EnumJobs)(THIS_ DWORD dwFlags, IEnumBackgroundCopyJobs** ppEnum) PURE;                \
  STDMETHOD(GetErrorDescription)(THIS_ HRESULT hResult, DWORD LanguageId,                         \
                                       LPWSTR* pErrorDescription) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyManager, IUnknown) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown)
  DOHARNESS_METHODS_IBackgroundCopyManager
};
#undef INTERFACE

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

#define INTERFACE IBackgroundCopyJob2
#define DOHARNESS_METHODS_IBackgroundCopyJob2                                                     \
  STDMETHOD(SetNotifyCmdLine)(THIS_ LPCWSTR Program, LPCWSTR Parameters) PURE;                    \
  STDMETHOD(GetNotifyCmdLine)(THIS_ LPWSTR* pProgram, LPWSTR* pParameters) PURE;                  \
  STDMETHOD(GetReplyProgress)(THIS_ BG_JOB_REPLY_PROGRESS* pProgress) PURE;                       \
  STDMETHOD(GetReplyData)(THIS_ byte** ppBuffer, UINT64* pLength) PURE;                           \
  STDMETHOD(SetReplyFileName)(THIS_ LPCWSTR ReplyFileName) PURE;                                  \
  STDMETHOD(GetReplyFileName)(THIS_ LPWSTR* pReplyFileName) PURE;                                 \
  STDMETHOD(SetCredentials)(THIS_ BG_AUTH_CREDENTIALS* credentials) PURE;                         \
  STDMETHOD(RemoveCredentials)(THIS_ BG_AUTH_TARGET Target, BG_AUTH_SCHEME Scheme) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyJob2, IBackgroundCopyJob) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown DOHARNESS_METHODS_IBackgroundCopyJob)
  DOHARNESS_METHODS_IBackgroundCopyJob2
};
#undef INTERFACE

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

#define INTERFACE IBackgroundCopyJob3
#define DOHARNESS_METHODS_IBackgroundCopyJob3                                                     \
  STDMETHOD(ReplaceRemotePrefix)(THIS_ LPCWSTR OldPrefix, LPCWSTR NewPrefix) PURE;                \
  STDMETHOD(AddFileWithRanges)(THIS_ LPCWSTR RemoteUrl, LPCWSTR LocalName, DWORD RangeCount,      \
                                     BG_FILE_RANGE Ranges[]) PURE;                                \
  STDMETHOD(SetFileACLFlags)(THIS_ DWORD Flags) PURE;                                             \
  STDMETHOD(GetFileACLFlags)(THIS_ DWORD* Flags) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyJob3, IBackgroundCopyJob2) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown DOHARNESS_METHODS_IBackgroundCopyJob
                       DOHARNESS_METHODS_IBackgroundCopyJob2)
  DOHARNESS_METHODS_IBackgroundCopyJob3
};
#undef INTERFACE

#define INTERFACE IBackgroundCopyFile2
#define DOHARNESS_METHODS_IBackgroundCopyFile2                                                    \
  STDMETHOD(GetFileRanges)(THIS_ DWORD* RangeCount, BG_FILE_RANGE** Ranges) PURE;                 \
  STDMETHOD(SetRemoteName)(THIS_ LPCWSTR Val) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyFile2, IBackgroundCopyFile) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown DOHARNESS_METHODS_IBackgroundCopyFile)
  DOHARNESS_METHODS_IBackgroundCopyFile2
};
#undef INTERFACE

// ---- bits3_0.h (BITS 3.0) ------------------------------------------------------------
#define INTERFACE IBackgroundCopyCallback2
#define DOHARNESS_METHODS_IBackgroundCopyCallback2                                                \
  STDMETHOD(FileTransferred)(THIS_ IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyCallback2, IBackgroundCopyCallback) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown DOHARNESS_METHODS_IBackgroundCopyCallback)
  DOHARNESS_METHODS_IBackgroundCopyCallback2
};
#undef INTERFACE

#define INTERFACE IBackgroundCopyFile3
#define DOHARNESS_METHODS_IBackgroundCopyFile3                                                    \
  STDMETHOD(GetTemporaryName)(THIS_ LPWSTR* pFilename) PURE;                                      \
  STDMETHOD(SetValidationState)(THIS_ BOOL state) PURE;                                           \
  STDMETHOD(GetValidationState)(THIS_ BOOL* pState) PURE;                                         \
  STDMETHOD(IsDownloadedFromPeer)(THIS_ BOOL* pVal) PURE;
DOHARNESS_INTERFACE(IBackgroundCopyFile3, IBackgroundCopyFile2) {
  DOHARNESS_C_INHERITS(DOHARNESS_METHODS_IUnknown DOHARNESS_METHODS_IBackgroundCopyFile
                       DOHARNESS_METHODS_IBackgroundCopyFile2)
  DOHARNESS_METHODS_IBackgroundCopyFile3
};
#undef INTERFACE

#ifdef __cplusplus
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
#endif

#if !defined(__cplusplus) && defined(COBJMACROS)
#include "doharness/portable_cobjmacros.h"
#endif

#endif  // DOHARNESS_API_PORTABLE_BITS_H_
