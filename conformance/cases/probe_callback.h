// Probe: the harness's own well-behaved callback, used where an engine promise must be
// exercised whatever the callback under test does. The harness owns it (Release never
// frees it), so every reference count and every late call can be checked after the
// engine is gone. It completes a job on JobTransferred and cancels it on JobError
// unless its ProbeBehaviour says otherwise, and it records what it was asked and
// called with.
#ifndef DOHARNESS_CONFORMANCE_CASES_PROBE_CALLBACK_H_
#define DOHARNESS_CONFORMANCE_CASES_PROBE_CALLBACK_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "conformance/case.h"
#include "deliveryoptimization.h"

namespace doharness::conformance::cases {

struct ProbeBehaviour {
  bool answers_v1 = true;
  bool answers_v2 = true;
  bool fail_first_terminal = false;  // E_FAIL from the first JobTransferred/JobError/FileTransferred of a job
  bool fail_modifications = false;   // E_FAIL from every JobModification
  bool finish_jobs = true;           // Complete / Cancel from JobTransferred / JobError
  bool unregister_inside = false;    // SetNotifyInterface(NULL) from inside JobTransferred
};

class Probe final : public IBackgroundCopyCallback2 {
 public:
  explicit Probe(ProbeBehaviour behaviour = {}) : b_(behaviour) {}

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override;
  ULONG STDMETHODCALLTYPE AddRef() override { return static_cast<ULONG>(++refs_); }
  ULONG STDMETHODCALLTYPE Release() override { return static_cast<ULONG>(--refs_); }

  HRESULT STDMETHODCALLTYPE JobTransferred(IBackgroundCopyJob* job) override;
  HRESULT STDMETHODCALLTYPE JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) override;
  HRESULT STDMETHODCALLTYPE JobModification(IBackgroundCopyJob* job, DWORD) override;
  HRESULT STDMETHODCALLTYPE FileTransferred(IBackgroundCopyJob* job, IBackgroundCopyFile* file) override;

  int refs() const { return refs_.load(); }
  // The interfaces QueryInterface was asked for, in order.
  std::vector<IID> asked() const;
  // How often `method` was called for `job`.
  int CallsOf(IBackgroundCopyJob* job, const std::string& method) const;
  int TotalCalls() const { return total_.load(); }
  // The first broken promise seen from inside a call, or "".
  std::string problem() const;

 private:
  // Every call: the engine holds a reference for it, and pJob works.
  void Enter(IBackgroundCopyJob* job);
  void Count(IBackgroundCopyJob* job, const std::string& method);
  bool FailFirst(IBackgroundCopyJob* job, const std::string& method);
  void Expect(bool ok, const std::string& what);

  const ProbeBehaviour b_;
  std::atomic<int> refs_{0};
  std::atomic<int> total_{0};
  mutable std::mutex mu_;
  std::vector<IID> asked_;
  std::map<std::pair<IBackgroundCopyJob*, std::string>, int> calls_;
  std::string problem_;
};

// A context whose callback under test is a fresh probe (owned by `keep`).
CaseContext WithProbe(const CaseContext& ctx, std::vector<std::unique_ptr<Probe>>* keep, ProbeBehaviour b = {});

}  // namespace doharness::conformance::cases

#endif  // DOHARNESS_CONFORMANCE_CASES_PROBE_CALLBACK_H_
