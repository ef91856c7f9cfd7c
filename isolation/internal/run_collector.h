// RunCollector: what a supervisor makes of the bytes a child sends while it runs, the
// same on every platform: frames out of the channel (a kStage frame restarts the
// step's wall-time limit, kData frames go to the caller's sink, the sandbox's own
// frames are taken aside), and the tail of what the child wrote on stdout and stderr.
#ifndef DOHARNESS_ISOLATION_INTERNAL_RUN_COLLECTOR_H_
#define DOHARNESS_ISOLATION_INTERNAL_RUN_COLLECTOR_H_

#include <chrono>
#include <string_view>

#include "isolation/protocol.h"
#include "isolation/supervisor.h"

namespace doharness::isolation::internal {

class RunCollector {
 public:
  using Clock = std::chrono::steady_clock;

  RunCollector(const ChildLimits& limits, const DataSink& data);

  void AddChannelBytes(std::string_view bytes);
  void AddOutput(std::string_view bytes);

  // When the step running now must have ended.
  Clock::time_point deadline() const { return deadline_; }
  // Whether the sandbox's init sent the worker's wait status (kWorkerEnded), and it.
  bool worker_ended() const { return worker_ended_; }
  int worker_status() const { return worker_status_; }

  ChildRun& run() { return run_; }

 private:
  const ChildLimits& limits_;
  const DataSink& data_;
  ChildRun run_;
  FrameReader reader_;
  Clock::time_point deadline_;
  bool worker_ended_ = false;
  int worker_status_ = 0;
};

}  // namespace doharness::isolation::internal

#endif  // DOHARNESS_ISOLATION_INTERNAL_RUN_COLLECTOR_H_
