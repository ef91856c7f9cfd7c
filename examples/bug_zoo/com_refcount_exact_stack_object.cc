// com_refcount_exact_stack_object: breaks only com.refcount_exact (a recommended
// rule). Otherwise correct: the two required lifetime rules must pass.
//
// The pattern: the callback object is a local variable of a function that outlives
// every job it serves (main, or a service's worker thread), so its AddRef and Release
// return constants and nothing frees it. Here that function is a thread the module
// starts on its first factory call, which keeps its objects on its stack for as long
// as the process lives.
//
// Why nothing else: the object is never freed and never leaks. The harness did not see
// its memory allocated, so it cannot know its lifetime from memory; it then takes the
// counts for real ones only if they ever change, and these never do.
//
// Provoke: AddRef twice; both return 2.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "zoo_callback_base.h"

namespace {

class CStackCallback : public doharness_zoo::CZooCallback {
 public:
  STDMETHODIMP_(ULONG) AddRef() override { return 2; }   // the finding: a constant
  STDMETHODIMP_(ULONG) Release() override { return 1; }  // never freed: a local
};

const unsigned kObjects = 64;
std::mutex g_mutex;
std::condition_variable g_published;
CStackCallback* g_rgCallbacks = NULL;  // on the keeper thread's stack
unsigned g_iNextCallback = 0;

// The function that outlives the jobs: its objects are locals, and it never returns.
void KeepCallbacksOnStack() {
  CStackCallback rgCallbacks[kObjects];
  {
    // Notified under the lock: the factory's wait then ends after the notification,
    // which therefore happens before g_published is destroyed at exit.
    std::lock_guard<std::mutex> lock(g_mutex);
    g_rgCallbacks = rgCallbacks;
    g_published.notify_all();
  }
  for (;;) {  // not waiting on g_published: its destructor at exit would wait for us
    std::this_thread::sleep_for(std::chrono::hours(24));
  }
}

HRESULT CreateStackCallback(IUnknown** ppCallback) noexcept {
  if (ppCallback == NULL) {
    return E_POINTER;
  }
  static std::once_flag started;
  std::call_once(started, [] { std::thread(KeepCallbacksOnStack).detach(); });
  std::unique_lock<std::mutex> lock(g_mutex);
  g_published.wait(lock, [] { return g_rgCallbacks != NULL; });
  *ppCallback = static_cast<IBackgroundCopyCallback2*>(&g_rgCallbacks[g_iNextCallback++ % kObjects]);
  return S_OK;
}

}  // namespace

DOHARNESS_ZOO_ENTRY_FACTORY(CreateStackCallback)
