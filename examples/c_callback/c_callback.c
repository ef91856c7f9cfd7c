/* c_callback: a job callback written in C, the way C code (Wine's tests among it)
 * writes COM objects: a struct whose first member is the interface, a table of
 * functions taking the object first, and the COBJMACROS call macros for the job,
 * error and file objects. It keeps every callback obligation, like the C++
 * reference callback, so the conformance suite passes it in both profiles.
 *
 * Built as plain C99 against api/include alone:
 *   gcc -std=c99 -shared -fPIC -I api/include examples/c_callback/c_callback.c -o libc_callback.so
 */
#define COBJMACROS
#define CONST_VTABLE /* lpVtbl points to a const table, as ours is */
#include <stddef.h>
#include <stdlib.h>

#include "bits.h"
#include "bits3_0.h"
#include "doharness_plugin.h"

typedef struct {
  IBackgroundCopyCallback2 IBackgroundCopyCallback2_iface; /* first: the object's COM face */
  LONG ref;
} CCallback;

static CCallback* impl_from_IBackgroundCopyCallback2(IBackgroundCopyCallback2* iface) {
  return (CCallback*)((char*)iface - offsetof(CCallback, IBackgroundCopyCallback2_iface));
}

/* One pointer for the three interfaces, which form a single-inheritance chain. */
static HRESULT STDMETHODCALLTYPE c_callback_QueryInterface(IBackgroundCopyCallback2* iface,
                                                           REFIID riid, void** ppv) {
  if (ppv == NULL) return E_POINTER;
  if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IBackgroundCopyCallback) ||
      IsEqualGUID(riid, &IID_IBackgroundCopyCallback2)) {
    *ppv = iface;
    IBackgroundCopyCallback2_AddRef(iface);
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE c_callback_AddRef(IBackgroundCopyCallback2* iface) {
  return (ULONG)InterlockedIncrement(&impl_from_IBackgroundCopyCallback2(iface)->ref);
}

/* Frees the object with its last reference and touches nothing after that. */
static ULONG STDMETHODCALLTYPE c_callback_Release(IBackgroundCopyCallback2* iface) {
  CCallback* self = impl_from_IBackgroundCopyCallback2(iface);
  const ULONG ref = (ULONG)InterlockedDecrement(&self->ref);
  if (ref == 0) free(self);
  return ref;
}

/* S_OK whatever Complete says, or the engine would call again; a job that cannot be
 * completed is cancelled rather than left in the queue. The object is not touched
 * after either call, which may drop the engine's registration. */
static HRESULT STDMETHODCALLTYPE c_callback_JobTransferred(IBackgroundCopyCallback2* iface,
                                                           IBackgroundCopyJob* job) {
  (void)iface;
  if (job != NULL && FAILED(IBackgroundCopyJob_Complete(job))) IBackgroundCopyJob_Cancel(job);
  return S_OK;
}

/* job and error are borrowed; the file GetFile hands out is ours to Release, and there
 * is none for an error that involves no file. */
static HRESULT STDMETHODCALLTYPE c_callback_JobError(IBackgroundCopyCallback2* iface,
                                                     IBackgroundCopyJob* job,
                                                     IBackgroundCopyError* error) {
  (void)iface;
  if (error != NULL) {
    BG_ERROR_CONTEXT context = BG_ERROR_CONTEXT_NONE;
    HRESULT code = S_OK;
    IBackgroundCopyFile* file = NULL;
    LPWSTR description = NULL;
    if (SUCCEEDED(IBackgroundCopyError_GetError(error, &context, &code)) &&
        code == (HRESULT)BG_E_INSUFFICIENT_RANGE_SUPPORT && /* the SDK's is unsigned */
        SUCCEEDED(IBackgroundCopyError_GetFile(error, &file)) && file != NULL) {
      LPWSTR remote = NULL;
      if (SUCCEEDED(IBackgroundCopyFile_GetRemoteName(file, &remote))) CoTaskMemFree(remote);
      IBackgroundCopyFile_Release(file);
    }
    if (SUCCEEDED(IBackgroundCopyError_GetErrorDescription(
            error, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), &description))) {
      CoTaskMemFree(description);
    }
  }
  if (job != NULL) IBackgroundCopyJob_Cancel(job);
  return S_OK;
}

/* S_OK at once, whatever dwReserved holds, calling no job method: in a single-threaded
 * apartment that is what lets the engine deliver the next modification inside this one. */
static HRESULT STDMETHODCALLTYPE c_callback_JobModification(IBackgroundCopyCallback2* iface,
                                                            IBackgroundCopyJob* job,
                                                            DWORD reserved) {
  (void)iface;
  (void)job;
  (void)reserved;
  return S_OK;
}

/* Where the engine offers IBackgroundCopyFile3 (BITS), reads the file's temporary
 * name and whether a peer served it, and releases what the query added. */
static HRESULT STDMETHODCALLTYPE c_callback_FileTransferred(IBackgroundCopyCallback2* iface,
                                                            IBackgroundCopyJob* job,
                                                            IBackgroundCopyFile* file) {
  IBackgroundCopyFile3* file3 = NULL;
  (void)iface;
  (void)job;
  if (file != NULL &&
      SUCCEEDED(IBackgroundCopyFile_QueryInterface(file, &IID_IBackgroundCopyFile3, (void**)&file3))) {
    LPWSTR temporary = NULL;
    BOOL from_peer = FALSE;
    if (SUCCEEDED(IBackgroundCopyFile3_GetTemporaryName(file3, &temporary))) CoTaskMemFree(temporary);
    IBackgroundCopyFile3_IsDownloadedFromPeer(file3, &from_peer);
    IBackgroundCopyFile3_Release(file3);
  }
  return S_OK;
}

static const IBackgroundCopyCallback2Vtbl c_callback_vtbl = {
    c_callback_QueryInterface, c_callback_AddRef,          c_callback_Release,
    c_callback_JobTransferred, c_callback_JobError,        c_callback_JobModification,
    c_callback_FileTransferred,
};

DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** callback) {
  CCallback* self;
  if (callback == NULL) return E_POINTER;
  self = (CCallback*)malloc(sizeof(*self));
  if (self == NULL) return E_OUTOFMEMORY;
  self->IBackgroundCopyCallback2_iface.lpVtbl = &c_callback_vtbl;
  self->ref = 1;
  *callback = (IUnknown*)&self->IBackgroundCopyCallback2_iface;
  return S_OK;
}

DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void) { return DOHARNESS_PLUGIN_ABI_VERSION; }
