// ScriptedCallback: a `callback NAME scripted [callback2]` of a scenario as a real COM
// object. It keeps its own reference count, answers QueryInterface for IUnknown,
// IBackgroundCopyCallback and (callback2 only) IBackgroundCopyCallback2, and in each
// notification runs the scenario's Behaviour for that method and call number -- the
// `#N` one first, else the one for every call, else nothing and S_OK -- step by step.
// It records every notification it gets, for the expectations.
//
// The run owns it, not its count: a script that releases itself once too often
// (`Release self`) brings the count to 0, or below, and the object still answers, so
// that the run goes on and `expect refs` can read the count. Deterministic dispatch
// only: one thread at a time.
#ifndef DOHARNESS_SCENARIO_INTERNAL_SCRIPTED_CALLBACK_H_
#define DOHARNESS_SCENARIO_INTERNAL_SCRIPTED_CALLBACK_H_

#include <array>
#include <string_view>
#include <vector>

#include "deliveryoptimization.h"
#include "scenario/internal/cast.h"
#include "scenario/internal/observed_call.h"
#include "scenario/scenario.h"

namespace doharness::scenario::internal {

class ScriptedCallback final : public IBackgroundCopyCallback2 {
 public:
  // `index` is the callback's in Scenario::callbacks; one reference, the run's.
  ScriptedCallback(int index, const CallbackDecl& decl, Cast* cast);
  ScriptedCallback(const ScriptedCallback&) = delete;
  ScriptedCallback& operator=(const ScriptedCallback&) = delete;
  ~ScriptedCallback() = default;

  // One `on` line of this callback; the first line for a method and call number wins.
  void AddBehaviour(const Behaviour& behaviour);

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override;
  ULONG STDMETHODCALLTYPE AddRef() override;
  ULONG STDMETHODCALLTYPE Release() override;

  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* pJob) override;
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* pJob, IBackgroundCopyError* pError) override;
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* pJob, DWORD dwReserved) override;
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* pJob, IBackgroundCopyFile* pFile) override;

  // Its count as its AddRef and Release report it (signed: a script may overdo Release).
  long refcount() const { return refs_; }
  const std::vector<ObservedCall>& calls() const { return calls_; }

  // What its destructor would do: release the job references its steps took and kept.
  void ReleaseKeptJobs();

 private:
  // What the script does for one method: the behaviour of every call, those of one
  // call number, and how many calls came so far.
  struct MethodScript {
    const Behaviour* every = nullptr;
    std::vector<const Behaviour*> numbered;
    int calls = 0;
  };

  HRESULT Notify(NotificationMethod method, IBackgroundCopyJob* job);
  void Run(const Step& step, IBackgroundCopyJob* job, int job_index);

  const int index_;
  const std::string_view name_;
  const bool callback2_;
  Cast* const cast_;
  long refs_ = 1;
  std::array<MethodScript, 4> scripts_;
  std::vector<int> kept_;  // job references its steps hold, by job index
  std::vector<ObservedCall> calls_;
};

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_SCRIPTED_CALLBACK_H_
