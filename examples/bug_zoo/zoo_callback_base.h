// zoo_callback_base.h: what every callback of the bug zoo shares, so that each entry
// (examples/bug_zoo/<rule>.cc) is only its bug.
//
// CZooCallback is the reference callback's behaviour (examples/reference_callback),
// written the Windows way: QueryInterface answers IUnknown, IBackgroundCopyCallback and
// IBackgroundCopyCallback2 with one pointer; the reference count is the object's own
// and atomic; JobTransferred calls Complete, and Cancel when Complete fails; JobError
// calls Cancel; every notification returns S_OK at once. An entry derives from it and
// overrides the one method its bug lives in (QueryInterface, AddRef, Release, a
// notification), or the hook OnNotification, which each notification calls first.
// Nothing else of an entry differs from the reference, so an entry breaks only the
// rules its <name>.expected lists (conformance/rules.md; examples/bug_zoo/README.md
// has the table of entries).
//
// An entry is one file that ends with DOHARNESS_ZOO_ENTRY(ClassName) and builds on its
// own, against api/include alone, as a plugin (api/include/doharness_plugin.h):
//
//   g++ -std=c++17 -shared -fPIC -I api/include examples/bug_zoo/<name>.cc -o lib<name>.so
//
// DOHARNESS_ZOO_ENTRY then exports DoHarnessCreateCallback and DoHarnessPluginAbi. The
// in-process registry (bug_zoo.h) links every entry into one binary instead: there each
// entry is compiled with -DDOHARNESS_ZOO_NAME=<name>, and DOHARNESS_ZOO_ENTRY defines
// doharness_zoo::<name>_Create in place of the plugin exports, so that the entries do
// not clash. An entry's class lives in an unnamed namespace; CZooCallback is defined
// inline, identically in every entry.
#ifndef DOHARNESS_EXAMPLES_BUG_ZOO_ZOO_CALLBACK_BASE_H_
#define DOHARNESS_EXAMPLES_BUG_ZOO_ZOO_CALLBACK_BASE_H_

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <set>
#include <string>

#include <doharness_plugin.h>

// FAIL_FAST_IF(condition): as the Windows Implementation Library's macro of that name,
// with which real Windows code states what "cannot happen": it stays on in release
// builds, and ends the process (here: a line on stderr, then abort()).
#define FAIL_FAST_IF(condition)                                                              \
  do {                                                                                       \
    if (condition) {                                                                         \
      std::fprintf(stderr, "%s(%d): FAIL_FAST_IF(%s)\n", __FILE__, __LINE__, #condition);    \
      std::fflush(stderr);                                                                   \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

// Whether AddressSanitizer instruments this build (GCC and Clang spell it differently).
#if defined(__SANITIZE_ADDRESS__)
#define DOHARNESS_ZOO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOHARNESS_ZOO_ASAN 1
#endif
#endif
#ifndef DOHARNESS_ZOO_ASAN
#define DOHARNESS_ZOO_ASAN 0
#endif
#if !DOHARNESS_ZOO_ASAN && !defined(_WIN32)
// Defined (by the ASan runtime) only in a process that runs with AddressSanitizer.
extern "C" void __asan_init(void) __attribute__((weak));
#endif

// The zoo's own code is internal to each plugin: of it, a plugin exports only the two
// functions of the plugin ABI (DOHARNESS_ZOO_ENTRY, below).
#if !defined(_WIN32)
#pragma GCC visibility push(hidden)
#endif

namespace doharness_zoo {

// Which notification OnNotification is told about.
enum ZOO_NOTIFICATION {
  ZOO_JOB_TRANSFERRED,
  ZOO_JOB_ERROR,
  ZOO_JOB_MODIFICATION,
  ZOO_FILE_TRANSFERRED,
};

class CZooCallback : public IBackgroundCopyCallback2 {
 public:
  // An object made for a caller starts with that caller's reference (COM-doc).
  CZooCallback() : m_cRef(1) {}
  CZooCallback(const CZooCallback&) = delete;
  CZooCallback& operator=(const CZooCallback&) = delete;

  // ---- IUnknown: com.* kept ---------------------------------------------------------
  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    if (ppvObject == NULL) {
      return E_POINTER;
    }
    if (IsCallbackIid(riid)) {
      *ppvObject = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    *ppvObject = NULL;
    return E_NOINTERFACE;
  }

  STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(InterlockedIncrement(&m_cRef)); }

  STDMETHODIMP_(ULONG) Release() override {
    const LONG cRef = InterlockedDecrement(&m_cRef);
    if (cRef == 0) {
      delete this;
    }
    return static_cast<ULONG>(cRef);
  }

  // ---- Notifications: ret.*, tol.*, time.*, job.* kept -------------------------------
  // pJob, pError and pFile are borrowed: never Released, never kept (params.*).

  // Complete makes the files appear; when it fails the job is cancelled, and S_OK is
  // returned whatever happened (ret.transferred_ok, ret.retry_bounded,
  // job.acknowledges). The object is not touched after Complete or Cancel, which may
  // make the engine let go of it (tol.unregister_inside).
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override {
    OnNotification(ZOO_JOB_TRANSFERRED, pJob);
    if (pJob != NULL && FAILED(pJob->Complete())) {
      pJob->Cancel();
    }
    return S_OK;
  }

  // The job cannot get past a JobError by itself: cancel it (ret.error_ok,
  // job.handles_error). pError is not needed for that.
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    UNREFERENCED_PARAMETER(pError);
    OnNotification(ZOO_JOB_ERROR, pJob);
    if (pJob != NULL) {
      pJob->Cancel();
    }
    return S_OK;
  }

  // Short, whatever dwReserved holds and whatever state the job is in
  // (ret.modification_ok, tol.reserved_nonzero, tol.modification_after_transferred).
  STDMETHODIMP JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override {
    UNREFERENCED_PARAMETER(dwReserved);
    OnNotification(ZOO_JOB_MODIFICATION, pJob);
    return S_OK;
  }

  // ret.file_transferred_ok: S_OK, so that the job's next file comes.
  STDMETHODIMP FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override {
    UNREFERENCED_PARAMETER(pFile);
    OnNotification(ZOO_FILE_TRANSFERRED, pJob);
    return S_OK;
  }

  // Freed objects are filled with 0xDD and kept, as the debug heap of Visual C++ does
  // with _CRTDBG_DELAY_FREE_MEM_DF: an entry whose object is used after it was freed
  // (its vtable pointer then reads 0xDDDD...) crashes at the first virtual call,
  // deterministically, also without sanitizers. In a process with AddressSanitizer the
  // memory is freed for real, and ASan reports the use.
  static void operator delete(void* pv, std::size_t cb) noexcept {
    if (UnderAddressSanitizer()) {
      ::operator delete(pv);
    } else {
      std::memset(pv, 0xDD, cb);
    }
  }

 protected:
  // Only Release deletes (never `delete` an object from outside: docs/contract.md
  // section 8, bug 8).
  virtual ~CZooCallback() = default;

  // Called first by each notification of CZooCallback, with its job (may be NULL).
  virtual void OnNotification(ZOO_NOTIFICATION notification, IBackgroundCopyJob* pJob) {
    UNREFERENCED_PARAMETER(notification);
    UNREFERENCED_PARAMETER(pJob);
  }

  // The three interfaces a callback answers (com.identity, com.symmetric).
  static BOOL IsCallbackIid(REFIID riid) {
    return IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IBackgroundCopyCallback)) ||
           IsEqualIID(riid, __uuidof(IBackgroundCopyCallback2));
  }

  // The job's id as text, "" when GetId fails: the key by which entries that keep
  // per-job state find a job again (the pointer may differ between calls).
  static std::string JobKey(IBackgroundCopyJob* pJob) {
    GUID id;
    if (pJob == NULL || FAILED(pJob->GetId(&id))) {
      return std::string();
    }
    char szKey[40];
    std::snprintf(szKey, sizeof szKey, "%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X",
                  static_cast<unsigned>(id.Data1), id.Data2, id.Data3, id.Data4[0], id.Data4[1],
                  id.Data4[2], id.Data4[3], id.Data4[4], id.Data4[5], id.Data4[6], id.Data4[7]);
    return szKey;
  }

  LONG m_cRef;  // this object's reference count

 private:
  // This object's code, or the process that loaded it, runs with AddressSanitizer.
  static bool UnderAddressSanitizer() {
#if DOHARNESS_ZOO_ASAN
    return true;
#elif defined(_WIN32)
    return false;
#else
    return &__asan_init != NULL;  // a plugin built plainly, loaded by an ASan build
#endif
  }
};

// A set of jobs (by JobKey), safe to use from the engine's threads at once: the
// bookkeeping of entries that remember which jobs they have seen do what. A job whose
// id could not be read (key "": GetId failed) is never tracked, so that failing
// getters do not make every such job look like one.
class CZooJobSet {
 public:
  // FALSE when the job was in the set already.
  BOOL Insert(const std::string& key) {
    if (key.empty()) return TRUE;
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_keys.insert(key).second ? TRUE : FALSE;
  }
  BOOL Contains(const std::string& key) {
    if (key.empty()) return FALSE;
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_keys.count(key) != 0 ? TRUE : FALSE;
  }
  void Erase(const std::string& key) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_keys.erase(key);
  }

 private:
  std::mutex m_mutex;
  std::set<std::string> m_keys;
};

// An interface of the object implemented by a member object that forwards to its
// owner, as MFC's interface parts (BEGIN_INTERFACE_PART) and hand-rolled nested
// classes do: AddRef, Release and the notifications go to the owner, so the object
// keeps one reference count. QueryInterface is the entry's: that is where such code
// goes wrong (com.identity, com.symmetric).
class CZooInterfacePart : public IBackgroundCopyCallback2 {
 public:
  explicit CZooInterfacePart(CZooCallback* pOwner) : m_pOwner(pOwner) {}
  CZooInterfacePart(const CZooInterfacePart&) = delete;
  CZooInterfacePart& operator=(const CZooInterfacePart&) = delete;
  ~CZooInterfacePart() = default;  // a member of its owner, never deleted on its own

  STDMETHODIMP_(ULONG) AddRef() override { return m_pOwner->AddRef(); }
  STDMETHODIMP_(ULONG) Release() override { return m_pOwner->Release(); }
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* pJob) override { return m_pOwner->JobTransferred(pJob); }
  STDMETHODIMP JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override {
    return m_pOwner->JobError(pJob, pError);
  }
  STDMETHODIMP JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override {
    return m_pOwner->JobModification(pJob, dwReserved);
  }
  STDMETHODIMP FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override {
    return m_pOwner->FileTransferred(pJob, pFile);
  }

 protected:
  CZooCallback* const m_pOwner;
};

// An owner whose IBackgroundCopyCallback2 is a nested "interface part" `Part` (a
// CZooInterfacePart), as hand-rolled COM code writes it: IUnknown and
// IBackgroundCopyCallback are the owner itself, IBackgroundCopyCallback2 is the part.
// The entries that use it put their bug in the part's QueryInterface.
template <class Part>
class CZooCallbackWithPart : public CZooCallback {
 public:
  CZooCallbackWithPart() : m_xCallback2(this) {}

  STDMETHODIMP QueryInterface(REFIID riid, void** ppvObject) override {
    if (ppvObject == NULL) {
      return E_POINTER;
    }
    if (IsEqualIID(riid, __uuidof(IUnknown)) || IsEqualIID(riid, __uuidof(IBackgroundCopyCallback))) {
      *ppvObject = static_cast<IBackgroundCopyCallback*>(this);
    } else if (IsEqualIID(riid, __uuidof(IBackgroundCopyCallback2))) {
      *ppvObject = static_cast<IBackgroundCopyCallback2*>(&m_xCallback2);
    } else {
      *ppvObject = NULL;
      return E_NOINTERFACE;
    }
    AddRef();
    return S_OK;
  }

 private:
  Part m_xCallback2;
};

// The factory of an entry: a new object with one reference owned by the caller.
template <class T>
HRESULT CreateZooObject(IUnknown** ppCallback) noexcept {
  if (ppCallback == NULL) {
    return E_POINTER;
  }
  T* pObject = new (std::nothrow) T();
  *ppCallback = static_cast<IBackgroundCopyCallback2*>(pObject);
  return pObject != NULL ? S_OK : E_OUTOFMEMORY;
}

}  // namespace doharness_zoo

#if !defined(_WIN32)
#pragma GCC visibility pop
#endif

#define DOHARNESS_ZOO_CONCAT_(a, b) a##b
#define DOHARNESS_ZOO_CONCAT(a, b) DOHARNESS_ZOO_CONCAT_(a, b)

// DOHARNESS_ZOO_ENTRY(Class): the factory of the entry whose callback is Class, a new
// object each call. DOHARNESS_ZOO_ENTRY_FACTORY(Function), for an entry whose point is
// how its objects are made: Function, HRESULT(IUnknown**) noexcept, is the factory.
#define DOHARNESS_ZOO_ENTRY(Class) DOHARNESS_ZOO_ENTRY_FACTORY(::doharness_zoo::CreateZooObject<Class>)
#if defined(DOHARNESS_ZOO_NAME)
// In-process (bug_zoo.h): doharness_zoo::<name>_Create.
#define DOHARNESS_ZOO_ENTRY_FACTORY(Function)                                                \
  namespace doharness_zoo {                                                                  \
  HRESULT DOHARNESS_ZOO_CONCAT(DOHARNESS_ZOO_NAME, _Create)(IUnknown** ppCallback) noexcept { \
    return Function(ppCallback);                                                             \
  }                                                                                          \
  }
#else
// A plugin: the exports of api/include/doharness_plugin.h.
#define DOHARNESS_ZOO_ENTRY_FACTORY(Function)                                                 \
  DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** ppCallback) noexcept { \
    return Function(ppCallback);                                                              \
  }                                                                                           \
  DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void) noexcept { return DOHARNESS_PLUGIN_ABI_VERSION; }
#endif

#endif  // DOHARNESS_EXAMPLES_BUG_ZOO_ZOO_CALLBACK_BASE_H_
