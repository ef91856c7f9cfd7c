// The BITS job interfaces (bits.h, bits3_0.h, bitsmsg.h of the Windows SDK) for
// platforms other than Windows. Slot order is the IDL order; IIDs are the real ones
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
#define BG_S_PARTIAL_COMPLETE ((HRESULT)0x00200017)
#define BG_S_UNABLE_TO_DELETE_FILES ((HRESULT)0x0020001A)
#define BG_E_TOO_MANY_FILES ((HRESULT)0x8020001C)
#define BG_E_STRING_TOO_LONG ((HRESULT)0x80200021)
#define BG_E_NO_PROGRESS ((HRESULT)0x80200024)
#define BG_E_CONNECT_FAILURE ((HRESULT)0x8020002D)
#define BG_E_TIMEOUT ((HRESULT)0x8020003B)
#define BG_E_TOO_MANY_JOBS_PER_USER ((HRESULT)0x80200049)
#define BG_E_TOO_MANY_JOBS_PER_MACHINE ((HRESULT)0x80200050)
// HTTP status errors are 0x80190000 + status (BG_E_HTTP_ERROR_100 ... _505).
#define BG_HTTP_STATUS_HRESULT(status) ((HRESULT)(0x80190000u + (uint32_t)(status)))
#define BG_E_HTTP_ERROR_400 BG_HTTP_STATUS_HRESULT(400)
#define BG_E_HTTP_ERROR_401 BG_HTTP_STATUS_HRESULT(401)
#define BG_E_HTTP_ERROR_403 BG_HTTP_STATUS_HRESULT(403)
#define BG_E_HTTP_ERROR_404 BG_HTTP_STATUS_HRESULT(404)
#define BG_E_HTTP_ERROR_407 BG_HTTP_STATUS_HRESULT(407)
#define BG_E_HTTP_ERROR_408 BG_HTTP_STATUS_HRESULT(408)
#define BG_E_HTTP_ERROR_500 BG_HTTP_STATUS_HRESULT(500)
#define BG_E_HTTP_ERROR_502 BG_HTTP_STATUS_HRESULT(502)
#define BG_E_HTTP_ERROR_503 BG_HTTP_STATUS_HRESULT(503)
#define BG_E_HTTP_ERROR_504 BG_HTTP_STATUS_HRESULT(504)

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

// bits3_0.h
struct IBackgroundCopyCallback2 : public IBackgroundCopyCallback {
  virtual HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* pJob,
                                                    IBackgroundCopyFile* pFile) = 0;
};

DOHARNESS_DECLARE_UUID(IBackgroundCopyFile, IID_IBackgroundCopyFile)
DOHARNESS_DECLARE_UUID(IEnumBackgroundCopyFiles, IID_IEnumBackgroundCopyFiles)
DOHARNESS_DECLARE_UUID(IBackgroundCopyError, IID_IBackgroundCopyError)
DOHARNESS_DECLARE_UUID(IBackgroundCopyJob, IID_IBackgroundCopyJob)
DOHARNESS_DECLARE_UUID(IEnumBackgroundCopyJobs, IID_IEnumBackgroundCopyJobs)
DOHARNESS_DECLARE_UUID(IBackgroundCopyCallback, IID_IBackgroundCopyCallback)
DOHARNESS_DECLARE_UUID(IBackgroundCopyManager, IID_IBackgroundCopyManager)
DOHARNESS_DECLARE_UUID(IBackgroundCopyCallback2, IID_IBackgroundCopyCallback2)

#endif  // DOHARNESS_API_PORTABLE_BITS_H_
