#include "engine/fake_engine.h"

#include "engine/internal/engine_core.h"

namespace doharness {

FakeEngine::FakeEngine(EngineOptions options)
    : core_(std::make_shared<internal::EngineCore>(std::move(options))) {
  core_->Start();
}

FakeEngine::~FakeEngine() { core_->Shutdown(); }

const EngineOptions& FakeEngine::options() const { return core_->options(); }

IBackgroundCopyManager* FakeEngine::manager() { return core_->manager(); }

HRESULT FakeEngine::CreateJob(std::wstring_view display_name, ComPtr<IBackgroundCopyJob>* job) {
  if (job == nullptr) return E_INVALIDARG;
  std::wstring name(display_name);
  GUID id;
  return core_->CreateJob(name.c_str(), BG_JOB_TYPE_DOWNLOAD, &id, job->ReleaseAndGetAddressOf());
}

HRESULT FakeEngine::AddFile(IBackgroundCopyJob* job, const FileSpec& file) {
  uint32_t number = core_->JobNumberOf(job);
  return number == 0 ? E_INVALIDARG : core_->AddFileSpec(number, file);
}

void FakeEngine::ServeUrl(std::wstring_view remote_url, uint64_t size, uint64_t bytes_per_second) {
  core_->ServeUrl(remote_url, size, bytes_per_second);
}

HRESULT FakeEngine::ScriptFault(IBackgroundCopyJob* job, const Fault& fault) {
  uint32_t number = core_->JobNumberOf(job);
  return number == 0 ? E_INVALIDARG : core_->ScriptFault(number, fault);
}

VirtualTime FakeEngine::Now() const { return core_->Now(); }

void FakeEngine::AdvanceBy(Duration d) { core_->AdvanceTo(core_->Now() + d); }

bool FakeEngine::RunUntilIdle(Duration limit) { return core_->RunUntilIdle(limit); }

uint32_t FakeEngine::JobNumber(IBackgroundCopyJob* job) const { return core_->JobNumberOf(job); }

HRESULT FakeEngine::PeekState(IBackgroundCopyJob* job, BG_JOB_STATE* state) const {
  uint32_t number = core_->JobNumberOf(job);
  if (number == 0 || state == nullptr) return E_INVALIDARG;
  *state = core_->PeekState(number);
  return S_OK;
}

const Trace& FakeEngine::trace() const { return core_->trace(); }

EngineStats FakeEngine::stats() const { return core_->stats(); }

void FakeEngine::Shutdown() { core_->Shutdown(); }

}  // namespace doharness
