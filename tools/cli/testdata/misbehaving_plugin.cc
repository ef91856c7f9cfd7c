// Test plugins for the doharness command's isolation: a well-behaved callback except
// for one attack, chosen by a define (tools/cli/BUILD builds one library for each):
//   MISBEHAVE_CRASH        JobTransferred crashes (Crash(): SIGSEGV, or on Windows an
//                          access violation)
//   MISBEHAVE_HANG         JobTransferred never returns
//   MISBEHAVE_LOAD_EXIT    a static constructor calls exit(0)
//   MISBEHAVE_LOAD_CRASH   a static constructor crashes
//   MISBEHAVE_LOAD_ABORT   a static constructor calls abort()
//   MISBEHAVE_FACTORY_HANG DoHarnessCreateCallback never returns
//   MISBEHAVE_FACTORY_CRASH DoHarnessCreateCallback crashes
//   MISBEHAVE_DESTRUCTOR_CRASH the object's destructor crashes
//   MISBEHAVE_CALL_EXIT    JobTransferred calls exit(0)
//   MISBEHAVE_KILL_PARENT  JobTransferred sends this signal to its parent process
//   MISBEHAVE_GRANDCHILD   JobTransferred forks a process that never ends
//   MISBEHAVE_MEMORY       JobTransferred allocates and touches 20 GiB
//   MISBEHAVE_CHATTY       every call prints a forged summary line on stdout and stderr
//   MISBEHAVE_LATE_CALLS   JobTransferred starts a thread that goes on calling the
//                          borrowed pJob, without a reference, for ever
//   MISBEHAVE_KEPT_JOB     JobTransferred AddRef's pJob and starts a thread that goes on
//                          calling it for ever (legal: it holds a reference, never
//                          released)
//   MISBEHAVE_DELETE_JOB   JobTransferred frees the memory of pJob (heap damage)
#if defined(_WIN32)
#include <windows.h>
#else
#include <signal.h>
#include <unistd.h>
#endif

#include <atomic>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "doharness_plugin.h"

namespace {

// A crash: SIGSEGV raised (rather than made by a write through NULL, which UBSan would
// stop first); on Windows an access violation, unhandled.
void Crash() {
#if defined(_WIN32)
  RaiseException(EXCEPTION_ACCESS_VIOLATION, EXCEPTION_NONCONTINUABLE, 0, nullptr);
#else
  std::raise(SIGSEGV);
#endif
}

[[noreturn]] void WaitForever() {
  for (;;) {
#if defined(_WIN32)
    Sleep(INFINITE);
#else
    pause();
#endif
  }
}

#if defined(MISBEHAVE_LOAD_EXIT) || defined(MISBEHAVE_LOAD_CRASH) || defined(MISBEHAVE_LOAD_ABORT)
const bool loaded = [] {
#if defined(MISBEHAVE_LOAD_EXIT)
  std::exit(0);
#elif defined(MISBEHAVE_LOAD_ABORT)
  std::abort();
#else
  Crash();
#endif
  return true;
}();
#endif

void Chatter() {
#if defined(MISBEHAVE_CHATTY)
  std::printf("68 rules: 68 passed, 0 required failed\n");
  std::fprintf(stderr, "PASS  ret.transferred_ok\n");
  std::fflush(stdout);
#endif
}

class Misbehaving : public IBackgroundCopyCallback2 {
 public:
#if defined(MISBEHAVE_DESTRUCTOR_CRASH)
  ~Misbehaving() { Crash(); }
#endif
  STDMETHODIMP QueryInterface(REFIID riid, void** ppv) override {
    if (ppv == nullptr) return E_POINTER;
    if (riid == IID_IUnknown || riid == IID_IBackgroundCopyCallback || riid == IID_IBackgroundCopyCallback2) {
      *ppv = static_cast<IBackgroundCopyCallback2*>(this);
      AddRef();
      return S_OK;
    }
    *ppv = nullptr;
    return E_NOINTERFACE;
  }
  STDMETHODIMP_(ULONG) AddRef() override { return ++refs_; }
  STDMETHODIMP_(ULONG) Release() override {
    ULONG n = --refs_;
    if (n == 0) delete this;
    return n;
  }
  STDMETHODIMP JobTransferred(IBackgroundCopyJob* job) override {
    Chatter();
#if defined(MISBEHAVE_CRASH)
    Crash();
#elif defined(MISBEHAVE_HANG)
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
#elif defined(MISBEHAVE_KILL_PARENT)
    kill(getppid(), MISBEHAVE_KILL_PARENT);
#elif defined(MISBEHAVE_GRANDCHILD)
    if (fork() == 0) {
      setsid();
      WaitForever();
    }
#elif defined(MISBEHAVE_CALL_EXIT)
    std::exit(0);
#elif defined(MISBEHAVE_LATE_CALLS) || defined(MISBEHAVE_KEPT_JOB)
#if defined(MISBEHAVE_KEPT_JOB)
    job->AddRef();
#endif
    std::thread([job] {
      for (;;) {
        BG_JOB_STATE state;
        job->GetState(&state);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }).detach();
#elif defined(MISBEHAVE_DELETE_JOB)
    ::operator delete(static_cast<void*>(job));
    return S_OK;
#elif defined(MISBEHAVE_MEMORY)
    for (int i = 0; i < 20; ++i) {
      char* block = new char[size_t{1} << 30];
      std::memset(block, 1, size_t{1} << 30);
    }
#endif
    job->Complete();
    return S_OK;
  }
  STDMETHODIMP JobError(IBackgroundCopyJob* job, IBackgroundCopyError*) override {
    Chatter();
    job->Cancel();
    return S_OK;
  }
  STDMETHODIMP JobModification(IBackgroundCopyJob*, DWORD) override { return S_OK; }
  STDMETHODIMP FileTransferred(IBackgroundCopyJob*, IBackgroundCopyFile*) override { return S_OK; }

 private:
  std::atomic<ULONG> refs_{1};
};

}  // namespace

DOHARNESS_PLUGIN_EXPORT HRESULT DoHarnessCreateCallback(IUnknown** callback) {
  if (callback == nullptr) return E_POINTER;
#if defined(MISBEHAVE_FACTORY_HANG)
  WaitForever();
#elif defined(MISBEHAVE_FACTORY_CRASH)
  Crash();
#endif
  *callback = new Misbehaving;
  return S_OK;
}

DOHARNESS_PLUGIN_EXPORT unsigned DoHarnessPluginAbi(void) { return DOHARNESS_PLUGIN_ABI_VERSION; }
