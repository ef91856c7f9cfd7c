// com.*: QueryInterface and reference counting of the callback under test, probed on
// fresh instances (directly, bypassing the proxy, for identity), and the proxy's
// reference-count violations over an engine run.
#include <optional>
#include <string>
#include <vector>

#include "api/com_ptr.h"
#include "api/names.h"
#include "conformance/cases/registry.h"
#include "conformance/cases/session.h"
#include "conformance/object_lifetime.h"
#include "isolation/call_watch.h"

namespace doharness::conformance::cases {
namespace {

// The interfaces a callback may answer.
const std::vector<IID>& CallbackIids() {
  static const std::vector<IID> iids = {IID_IUnknown, IID_IBackgroundCopyCallback, IID_IBackgroundCopyCallback2};
  return iids;
}

// An interface no callback has any business answering.
constexpr GUID kUnrelatedIid = {0x6d1a5e2c, 0x3f07, 0x4b8e, {0x9a, 0x51, 0x0c, 0x7e, 0x22, 0x4d, 0x81, 0xf3}};

// A direct call into the object under test, watched (CallWatch) so that a crash or a
// hang in it names it: "SIGSEGV (signal 11) in QueryInterface(IID_IUnknown, NULL)".
HRESULT WatchedQueryInterface(IUnknown* object, REFIID iid, void** out) {
  const isolation::CallWatch::Scope watched(isolation::QueryInterfaceCallName(iid, out == nullptr));
  return object->QueryInterface(iid, out);
}
ULONG WatchedAddRefOrRelease(IUnknown* object, bool add) {
  const isolation::CallWatch::Scope watched(add ? "AddRef" : "Release");
  return add ? object->AddRef() : object->Release();
}

// QueryInterface(iid) on `object`, the answer owned.
ComPtr<IUnknown> Ask(IUnknown* object, REFIID iid, HRESULT* hr = nullptr) {
  void* answer = nullptr;
  const HRESULT result = WatchedQueryInterface(object, iid, &answer);
  if (hr != nullptr) *hr = result;
  if (FAILED(result)) return nullptr;
  return ComPtr<IUnknown>::Attach(static_cast<IUnknown*>(answer));
}

// The callback IIDs `object` answers, by name: "IUnknown, IBackgroundCopyCallback".
std::string AnsweredSet(IUnknown* object) {
  std::string set;
  for (const IID& iid : CallbackIids()) {
    if (Ask(object, iid)) set += (set.empty() ? "" : ", ") + InterfaceName(iid);
  }
  return "{" + set + "}";
}

CaseOutcome Identity(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  const ComPtr<RecordingProxy> hold = s.HoldThroughProxy();
  HRESULT hr = S_OK;
  ComPtr<IUnknown> unknown = Ask(s.callee(), IID_IUnknown, &hr);
  if (!unknown) return CaseOutcome::Fail("QueryInterface(IUnknown) returned " + Hr(hr));
  for (int round = 0; round < 2; ++round) {
    for (const IID& iid : CallbackIids()) {
      ComPtr<IUnknown> via = Ask(s.callee(), iid);
      if (!via) continue;
      ComPtr<IUnknown> again = Ask(via.Get(), IID_IUnknown, &hr);
      if (again != unknown) {
        return CaseOutcome::Fail("QueryInterface(IUnknown) through " + InterfaceName(iid) +
                                 (again ? " gave another pointer than through IUnknown" : " returned " + Hr(hr)));
      }
    }
  }
  return CaseOutcome::Pass();
}

CaseOutcome CallbackIid(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  const ComPtr<RecordingProxy> hold = s.HoldThroughProxy();
  HRESULT hr = S_OK;
  ComPtr<IUnknown> answer = Ask(s.callee(), IID_IBackgroundCopyCallback, &hr);
  if (hr != S_OK || !answer) {
    return CaseOutcome::Fail("QueryInterface(IBackgroundCopyCallback) returned " + Hr(hr) +
                             (SUCCEEDED(hr) ? " and a NULL pointer" : ""));
  }
  // The pointer works: a JobModification through it returns (its result is
  // ret.modification_ok's business).
  ComPtr<IBackgroundCopyJob> job = s.AddJob({.register_callback = false, .resume = false});
  try {
    static_cast<IBackgroundCopyCallback*>(answer.Get())->JobModification(job.Get(), 0);
  } catch (...) {
    // tol.no_exception's business.
  }
  return CaseOutcome::Pass();
}

CaseOutcome NoInterface(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  const ComPtr<RecordingProxy> hold = s.HoldThroughProxy();
  void* const sentinel = reinterpret_cast<void*>(static_cast<uintptr_t>(0x5E47));
  for (const IID& iid : {static_cast<IID>(IID_IBackgroundCopyJob), kUnrelatedIid}) {
    void* out = sentinel;
    const HRESULT hr = WatchedQueryInterface(s.callee(), iid, &out);
    if (SUCCEEDED(hr) && out != nullptr && out != sentinel) static_cast<IUnknown*>(out)->Release();
    if (hr != E_NOINTERFACE) {
      return CaseOutcome::Fail("QueryInterface(" + InterfaceName(iid) + ") returned " + Hr(hr) + ", not E_NOINTERFACE");
    }
    if (out != nullptr) {
      return CaseOutcome::Fail("QueryInterface(" + InterfaceName(iid) + ") returned E_NOINTERFACE but left *ppv " +
                               (out == sentinel ? "unchanged" : "non-NULL"));
    }
  }
  return CaseOutcome::Pass();
}

CaseOutcome NullOut(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  const ComPtr<RecordingProxy> hold = s.HoldThroughProxy();
  for (const IID& iid : {static_cast<IID>(IID_IUnknown), static_cast<IID>(IID_IBackgroundCopyCallback)}) {
    const HRESULT hr = WatchedQueryInterface(s.callee(), iid, nullptr);
    if (hr != E_POINTER) {
      return CaseOutcome::Fail("QueryInterface(" + InterfaceName(iid) + ", NULL) returned " + Hr(hr) + ", not E_POINTER");
    }
  }
  return CaseOutcome::Pass();
}

CaseOutcome Symmetric(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  const ComPtr<RecordingProxy> hold = s.HoldThroughProxy();
  std::vector<IID> answered;
  for (const IID& iid : CallbackIids()) {
    if (Ask(s.callee(), iid)) answered.push_back(iid);
  }
  for (const IID& from : answered) {
    ComPtr<IUnknown> via = Ask(s.callee(), from);
    for (const IID& to : answered) {
      HRESULT hr = S_OK;
      if (!via || !Ask(via.Get(), to, &hr)) {
        return CaseOutcome::Fail("QueryInterface(" + InterfaceName(to) + ") through " + InterfaceName(from) +
                                 " returned " + Hr(hr) + ", though the object answers " + InterfaceName(to));
      }
    }
  }
  return CaseOutcome::Pass();
}

CaseOutcome StableSet(const CaseContext& ctx) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  const ComPtr<RecordingProxy> hold = s.HoldThroughProxy();
  const std::string at_creation = AnsweredSet(s.callee());
  ComPtr<IBackgroundCopyJob> job = s.AddJob({.files = 2, .flags = kAll});
  s.Run();
  const std::string after_run = AnsweredSet(s.callee());
  ComPtr<IBackgroundCopyJob> idle = s.AddJob({.resume = false});
  s.proxy()->JobModification(idle.Get(), 0);
  const std::string later = AnsweredSet(s.callee());
  if (after_run != at_creation) {
    return CaseOutcome::Fail("answered " + at_creation + " at creation but " + after_run + " after an engine run");
  }
  if (later != at_creation) {
    return CaseOutcome::Fail("answered " + at_creation + " at creation but " + later + " later");
  }
  return CaseOutcome::Pass();
}

// An engine run with every notification, then AddRef/Release/QueryInterface through
// the proxy; the proxy reports early frees and leaks.
// A second instance stays alive beside the first (behind its own proxy), so that a
// count shared by all instances shows as a leak when the first one is released. A
// factory that hands out the first object again gets no second proxy: its references
// are the first one's (com.refcount_exact says what it did).
CaseOutcome RefcountRun(const CaseContext& ctx, const char* rule) {
  Session s(ctx);
  if (!s.ok()) return s.factory_failure();
  IUnknown* other = nullptr;
  ObjectLifetime other_lifetime;
  ComPtr<RecordingProxy> second;
  if (SUCCEEDED(MakeWatched(ctx.factory, &other, &other_lifetime)) && other != nullptr) {
    if (other == s.callee() || other_lifetime.SameObjectAs(s.callee_lifetime())) {
      other->Release();
    } else {
      ProxyOptions options;
      options.callee_lifetime = other_lifetime;
      RecordingProxy::Create(other, s.shared_recorder(), options, &second);
    }
  }
  s.AddJob({.files = 2, .flags = kAll});
  ComPtr<IBackgroundCopyJob> failing = s.AddJob({.files = 2, .flags = kAll, .fault = ErrorWithFile(), .resume = false});
  if (second) failing->SetNotifyInterface(second.Get());
  failing->Resume();
  s.Run();
  RecordingProxy* proxy = s.proxy();
  proxy->AddRef();
  proxy->AddRef();
  proxy->Release();
  proxy->Release();
  void* answer = nullptr;
  if (SUCCEEDED(proxy->QueryInterface(IID_IBackgroundCopyCallback, &answer)) && answer != nullptr) {
    static_cast<IUnknown*>(answer)->Release();
  }
  s.engine().Shutdown();
  failing.Reset();
  second.Reset();  // the second instance goes first, the first one still alive
  s.Finish();
  return FromViolations(s.recorder(), rule);
}

// Two live instances, AddRef/Release interleaved: each call's count is one above (AddRef)
// or below (Release) the count the previous call on the same object returned. Judged
// by these differences, not by absolute values (an object may hold references of its
// own); a count shared by the instances shows at once. An object destroyed (its memory
// freed, or, where that is not known, its Release returned 0) is not called again. A
// factory that hands out the same object twice breaks the plugin ABI (a new object
// each call) and makes two instances' counts one: that is what the message says.
CaseOutcome RefcountExact(const CaseContext& ctx) {
  IUnknown* objects[2] = {nullptr, nullptr};
  ObjectLifetime lifetimes[2];
  for (int i = 0; i < 2; ++i) {
    const HRESULT hr = MakeWatched(ctx.factory, &objects[i], &lifetimes[i]);
    if (FAILED(hr) || objects[i] == nullptr) {
      for (IUnknown* o : objects) {
        if (o != nullptr) o->Release();
      }
      return CaseOutcome::Fail("the callback factory failed with " + Hr(hr));
    }
  }
  const bool same = objects[0] == objects[1] || lifetimes[0].SameObjectAs(lifetimes[1]);
  const std::string situation =
      same ? " (the factory returned this same object twice: the plugin ABI asks for a new object each call)"
           : " (two objects alive, each with its own count)";
  struct Step {
    int object;
    bool add;
  };
  // The last two steps release the creation references.
  const Step steps[] = {{0, true},  {1, true},  {0, true},  {0, false}, {1, false},
                        {0, false}, {0, false}, {1, false}};
  std::optional<ULONG> last[2];
  bool gone[2] = {false, false};
  Checker check;
  for (const Step& step : steps) {
    const int judged = same ? 0 : step.object;  // one object: every step is on it
    if (gone[judged]) continue;
    IUnknown* object = objects[judged];
    const ULONG got = WatchedAddRefOrRelease(object, step.add);
    const std::string op = step.add ? "AddRef" : "Release";
    if (last[judged]) {
      const ULONG expected = step.add ? *last[judged] + 1 : *last[judged] - 1;
      check.Expect(got == expected, op + " on object " + std::to_string(judged + 1) + " returned " +
                                        std::to_string(got) + " after " + std::to_string(*last[judged]) +
                                        ", expected " + std::to_string(expected) + situation);
    }
    last[judged] = got;
    if (!step.add) gone[judged] = lifetimes[judged].Destroyed().value_or(got == 0);
  }
  check.Expect(!same, "the factory returned the same object twice: the plugin ABI asks for a new object each call");
  return check.Outcome();
}

}  // namespace

std::vector<Case> ComCases() {
  return {
      {"com.identity/every_interface", "com.identity", Identity},
      {"com.callback_iid/query_and_call", "com.callback_iid", CallbackIid},
      {"com.no_interface/job_and_random_iid", "com.no_interface", NoInterface},
      {"com.null_out/null_ppv", "com.null_out", NullOut},
      {"com.symmetric/every_pair", "com.symmetric", Symmetric},
      {"com.stable_set/over_life", "com.stable_set", StableSet},
      {"com.refcount_no_early_free/engine_run", "com.refcount_no_early_free",
       [](const CaseContext& ctx) { return RefcountRun(ctx, "com.refcount_no_early_free"); }},
      {"com.refcount_exact/two_instances", "com.refcount_exact", RefcountExact},
      {"com.refcount_balanced/engine_run", "com.refcount_balanced",
       [](const CaseContext& ctx) { return RefcountRun(ctx, "com.refcount_balanced"); }},
  };
}

}  // namespace doharness::conformance::cases
