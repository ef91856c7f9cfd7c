#include "isolation/internal/run_collector.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace doharness::isolation::internal {
namespace {

// Once a process: every child would say the same.
void WarnNoSandbox(const std::string& why) {
  static std::atomic<bool> warned{false};
  if (warned.exchange(true)) return;
  std::fprintf(stderr, "doharness: warning: callbacks run without a PID namespace (%s): they can see and signal "
               "the runner\n", why.c_str());
}

}  // namespace

RunCollector::RunCollector(const ChildLimits& limits, const DataSink& data)
    : limits_(limits), data_(data), deadline_(Clock::now() + std::chrono::milliseconds(limits.step_limit_ms)) {}

void RunCollector::AddChannelBytes(std::string_view bytes) {
  reader_.Append(bytes);
  while (std::optional<Frame> frame = reader_.Next()) {
    if (frame->tag == Tag::kWorkerEnded) {
      worker_ended_ = true;
      worker_status_ = std::atoi(frame->text.c_str());
      continue;
    }
    if (frame->tag == Tag::kNoSandbox) {
      WarnNoSandbox(frame->text);
      continue;
    }
    if (frame->tag == Tag::kData && data_) {
      data_(frame->text);
      continue;
    }
    if (frame->tag == Tag::kStage) deadline_ = Clock::now() + std::chrono::milliseconds(limits_.step_limit_ms);
    run_.frames.push_back(std::move(*frame));
  }
}

void RunCollector::AddOutput(std::string_view bytes) {
  std::string& output = run_.output;
  output.append(bytes);
  if (output.size() > kOutputTailBytes) output.erase(0, output.size() - kOutputTailBytes);
}

}  // namespace doharness::isolation::internal
