// The trace: everything observable that happened in an engine, in order, as JSON
// Lines (docs/architecture.md). Each event has the virtual time, the thread, the job,
// the kind of event, its arguments and its result. The same scenario and seed give
// the same bytes in deterministic mode.
#ifndef DOHARNESS_ENGINE_TRACE_H_
#define DOHARNESS_ENGINE_TRACE_H_

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/virtual_clock.h"

namespace doharness {

struct TraceEvent {
  // The kinds of event; their JSON spelling is the lower-case word.
  enum class Kind {
    kCall,         // the engine calls the callback ("method", arguments)
    kReturn,       // the callback returned ("method", "result")
    kClient,       // a method of an engine object was called (by the test or a callback)
    kState,        // a job changed state ("from", "to")
    kAddRef,       // the engine AddRef'd the callback ("count" it returned, "reason")
    kRelease,      // the engine Released the callback ("count", "reason")
    kQueryInterface,  // the engine asked the callback for an interface ("iid", "result")
    kFault,        // a scripted fault fired
    kViolation,    // a misuse of an engine object was detected (e.g. a borrowed pointer over-released)
  };

  VirtualTime time{0};
  std::string thread;  // "main" or "worker-N"
  uint32_t job = 0;    // the job's number in creation order, 1-based; 0: none
  Kind kind = Kind::kCall;
  std::string method;  // the method called, or the fault/violation name
  nlohmann::ordered_json args = nlohmann::ordered_json::object();
  std::string result;  // HRESULT name or count, when there is one

  nlohmann::ordered_json ToJson() const;
};

const char* TraceKindName(TraceEvent::Kind kind);

// An append-only, thread-safe list of events.
class Trace {
 public:
  void Append(TraceEvent event);
  std::vector<TraceEvent> Events() const;
  // One JSON object a line, in order.
  std::string ToJsonLines() const;
  void WriteJsonLines(std::ostream& out) const;
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::vector<TraceEvent> events_;
};

}  // namespace doharness

#endif  // DOHARNESS_ENGINE_TRACE_H_
