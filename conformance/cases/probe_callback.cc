#include "conformance/cases/probe_callback.h"

namespace doharness::conformance::cases {

HRESULT Probe::QueryInterface(REFIID iid, void** out) {
  if (out == nullptr) return E_POINTER;
  {
    std::lock_guard<std::mutex> lock(mu_);
    asked_.push_back(iid);
  }
  const bool yes = IsEqualGUID(iid, IID_IUnknown) || (b_.answers_v1 && IsEqualGUID(iid, IID_IBackgroundCopyCallback)) ||
                   (b_.answers_v2 && IsEqualGUID(iid, IID_IBackgroundCopyCallback2));
  *out = yes ? static_cast<IBackgroundCopyCallback2*>(this) : nullptr;
  if (!yes) return E_NOINTERFACE;
  AddRef();
  return S_OK;
}

HRESULT Probe::JobTransferred(IBackgroundCopyJob* job) {
  Enter(job);
  if (b_.unregister_inside) {
    job->SetNotifyInterface(nullptr);
    Expect(refs_.load() >= 1, "the callback's count fell to 0 inside JobTransferred after SetNotifyInterface(NULL)");
  }
  if (FailFirst(job, "JobTransferred")) return E_FAIL;
  if (b_.finish_jobs) job->Complete();
  return S_OK;
}

HRESULT Probe::JobError(IBackgroundCopyJob* job, IBackgroundCopyError* error) {
  Enter(job);
  BG_ERROR_CONTEXT context;
  HRESULT code = S_OK;
  Expect(error != nullptr && error->GetError(&context, &code) == S_OK, "pError->GetError failed inside JobError");
  if (FailFirst(job, "JobError")) return E_FAIL;
  if (b_.finish_jobs) job->Cancel();
  return S_OK;
}

HRESULT Probe::JobModification(IBackgroundCopyJob* job, DWORD) {
  Enter(job);
  Count(job, "JobModification");
  return b_.fail_modifications ? E_FAIL : S_OK;
}

HRESULT Probe::FileTransferred(IBackgroundCopyJob* job, IBackgroundCopyFile* file) {
  Enter(job);
  BG_FILE_PROGRESS progress;
  Expect(file != nullptr && file->GetProgress(&progress) == S_OK, "pFile->GetProgress failed inside FileTransferred");
  return FailFirst(job, "FileTransferred") ? E_FAIL : S_OK;
}

std::vector<IID> Probe::asked() const {
  std::lock_guard<std::mutex> lock(mu_);
  return asked_;
}

int Probe::CallsOf(IBackgroundCopyJob* job, const std::string& method) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = calls_.find({job, method});
  return it == calls_.end() ? 0 : it->second;
}

std::string Probe::problem() const {
  std::lock_guard<std::mutex> lock(mu_);
  return problem_;
}

void Probe::Enter(IBackgroundCopyJob* job) {
  ++total_;
  Expect(refs_.load() >= 1, "a notification arrived on a callback the engine held no reference on");
  BG_JOB_STATE state;
  Expect(job != nullptr && job->GetState(&state) == S_OK, "pJob->GetState failed inside a notification");
}

void Probe::Count(IBackgroundCopyJob* job, const std::string& method) {
  std::lock_guard<std::mutex> lock(mu_);
  ++calls_[{job, method}];
}

bool Probe::FailFirst(IBackgroundCopyJob* job, const std::string& method) {
  Count(job, method);
  return b_.fail_first_terminal && CallsOf(job, method) == 1;
}

void Probe::Expect(bool ok, const std::string& what) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!ok && problem_.empty()) problem_ = what;
}

CaseContext WithProbe(const CaseContext& ctx, std::vector<std::unique_ptr<Probe>>* keep, ProbeBehaviour b) {
  CaseContext probe_ctx = ctx;
  probe_ctx.factory = [keep, b](IUnknown** out) {
    keep->push_back(std::make_unique<Probe>(b));
    keep->back()->AddRef();
    *out = keep->back().get();
    return S_OK;
  };
  return probe_ctx;
}

}  // namespace doharness::conformance::cases
