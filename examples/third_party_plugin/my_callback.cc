// my_callback.cc: a job-notification callback as a third party writes one for DO
// Harness, in one file, built with one plain compiler command from the repository
// root (build.sh runs it):
//
//   g++ -std=c++17 -shared -fPIC -I api/include examples/third_party_plugin/my_callback.cc -o libmy_callback.so
//
// and checked with `doharness check --callback libmy_callback.so`. It needs nothing of
// DO Harness but the headers: everything in them is inline.

// Step 1: the headers. doharness_plugin.h brings deliveryoptimization.h, the DO/BITS
// interfaces as Windows declares them, and the two exports' declarations.
#include <doharness_plugin.h>

#include <atomic>
#include <new>

namespace {

// Step 2: the object. Deriving from IBackgroundCopyCallback2 (which derives from
// IBackgroundCopyCallback, which derives from IUnknown) gives one vtable with every
// method in its Windows slot. Nothing here throws, so every method is noexcept:
// a C++ exception must never leave a COM method.
class MyCallback final : public IBackgroundCopyCallback2 {
 public:
  // Step 3: IUnknown. QueryInterface answers exactly the interfaces the object
  // implements, all with the same pointer, and AddRefs what it hands out. Forgetting
  // IBackgroundCopyCallback2 here would mean FileTransferred is never called.
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** ppv) noexcept override {
    if (ppv == nullptr) return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IBackgroundCopyCallback ||
        riid == IID_IBackgroundCopyCallback2) {
      *ppv = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
  }

  // The count belongs to this object (never a static shared by all objects) and is
  // atomic: the engine calls from up to four threads. The object deletes itself when
  // the last reference goes.
  ULONG STDMETHODCALLTYPE AddRef() noexcept override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() noexcept override {
    const ULONG refs = --refs_;
    if (refs == 0) delete this;
    return refs;
  }

  // Step 4: the notifications. The job, error and file pointers are borrowed: use
  // them during the call, never Release them, and AddRef one to keep it longer.
  // Return S_OK: anything else makes the engine call JobTransferred, JobError and
  // FileTransferred again later.

  // Every file has arrived: Complete makes them appear under their local names. If
  // Complete fails, Cancel rather than leave the job in the queue; either way S_OK,
  // since returning Complete's failure would only bring the same call back for ever.
  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) noexcept override {
    if (FAILED(job->Complete())) job->Cancel();
    return S_OK;
  }

  // The job stopped on an error it cannot get past by itself. This callback gives up
  // on it; another could inspect `error` (its GetFile may give NULL when no file is
  // involved) and Resume instead.
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* /*error*/) noexcept override {
    job->Cancel();
    return S_OK;
  }

  // Progress or a property changed. Keep it short and call no job method here: the
  // engine may re-enter the callback from inside one. dwReserved means nothing.
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* /*job*/, DWORD /*dwReserved*/) noexcept override {
    return S_OK;
  }

  // One file of the job has arrived (IBackgroundCopyCallback2 only).
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* /*job*/, IBackgroundCopyFile* /*file*/) noexcept override {
    return S_OK;
  }

 private:
  ~MyCallback() = default;  // only Release deletes

  std::atomic<ULONG> refs_{1};  // a new object belongs to whoever made it
};

}  // namespace

// Step 5: the exports, extern "C" through DOHARNESS_PLUGIN_EXPORT so that the host
// finds them by name. The factory hands over a new object with its one reference.
DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** callback) noexcept {
  if (callback == nullptr) return E_POINTER;
  *callback = new (std::nothrow) MyCallback();
  return *callback != nullptr ? S_OK : E_OUTOFMEMORY;
}

// Optional: the plugin ABI this file was built against.
DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void) noexcept {
  return DOHARNESS_PLUGIN_ABI_VERSION;
}
