// Cast: the named objects of one scenario run -- its jobs, through the harness's own
// reference on each, and its callbacks, as the object SetNotifyInterface registers for
// each name -- and the job calls (JobCall) that timeline actions and scripted steps
// make on them. Names are looked up in declaration order; the scenario outlives the
// cast and lends it its strings.
#ifndef DOHARNESS_SCENARIO_INTERNAL_CAST_H_
#define DOHARNESS_SCENARIO_INTERNAL_CAST_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/com_ptr.h"
#include "conformance/observations.h"
#include "deliveryoptimization.h"
#include "engine/fake_engine.h"
#include "scenario/scenario.h"

namespace doharness::scenario::internal {

class Cast {
 public:
  explicit Cast(FakeEngine* engine) : engine_(engine) {}
  Cast(const Cast&) = delete;
  Cast& operator=(const Cast&) = delete;

  FakeEngine& engine() const { return *engine_; }

  // Jobs in declaration order; the cast keeps the harness's reference.
  void AddJob(std::string_view name, ComPtr<IBackgroundCopyJob> job);
  // Callbacks in declaration order; `registered` is borrowed (the run owns it).
  void AddCallback(std::string_view name, IUnknown* registered);

  int job_count() const { return static_cast<int>(jobs_.size()); }
  int callback_count() const { return static_cast<int>(callbacks_.size()); }
  IBackgroundCopyJob* job(int index) const { return jobs_[index].object.Get(); }
  std::string_view job_name(int index) const { return jobs_[index].name; }
  std::string_view callback_name(int index) const { return callbacks_[index].name; }
  IUnknown* callback(int index) const { return callbacks_[index].registered; }

  // Index by name, or -1.
  int JobIndex(std::string_view name) const;
  int CallbackIndex(std::string_view name) const;
  // Index of one of the jobs' objects (pJob of a scripted callback), or -1.
  int JobIndexOf(const IBackgroundCopyJob* job) const;

  // Makes `call` on `job`. Its HRESULT is the engine's business: the trace has it.
  HRESULT Call(IBackgroundCopyJob* job, const JobCall& call) const;

  // A scripted Release of job `index` beyond the references the script took (`who`
  // names it). The harness reports it (params.job_not_released) and, when it is safe,
  // lets the engine see it too: it lets go of its own reference for the moment of the
  // Release, so that the Release reaches an object nobody holds, which the engine
  // reports as a violation instead of freeing. Safe means the engine's own hold keeps
  // the object alive meanwhile: a call on the job is in flight (`in_call`) or the job
  // is not final. Otherwise the Release would take the harness's reference and the
  // object could be freed under it, so it is not passed on.
  void OverRelease(int index, bool in_call, std::string_view who);

  // Violations the harness saw itself.
  const std::vector<conformance::Violation>& violations() const { return violations_; }
  // How many of them the engine saw too (they are then in EngineStats::violations).
  uint64_t violations_passed_to_engine() const { return passed_to_engine_; }

 private:
  struct NamedJob {
    std::string_view name;
    ComPtr<IBackgroundCopyJob> object;
  };
  struct NamedCallback {
    std::string_view name;
    IUnknown* registered;
  };

  FakeEngine* const engine_;
  std::vector<NamedJob> jobs_;
  // Lookups made once an action or a call: a scenario of 16k jobs must not search them.
  std::unordered_map<std::string_view, int> job_by_name_;
  std::unordered_map<const IBackgroundCopyJob*, int> job_by_object_;
  std::vector<NamedCallback> callbacks_;
  std::vector<conformance::Violation> violations_;
  uint64_t passed_to_engine_ = 0;
};

}  // namespace doharness::scenario::internal

#endif  // DOHARNESS_SCENARIO_INTERNAL_CAST_H_
