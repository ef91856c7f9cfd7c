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
#include <unordered_map>
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
};

const char* TraceKindName(TraceEvent::Kind kind);

// An append-only, thread-safe list of events, stored compactly: each event is a small
// fixed record, its thread, method and result names are kept once each, and its
// arguments as their JSON text; a run of millions of events holds tens of bytes an
// event, not a JSON object. Lines are written one at a time, never as one document.
class Trace {
 public:
  Trace();
  void Append(TraceEvent event);
  // The events as TraceEvent values, rebuilt from the compact records.
  std::vector<TraceEvent> Events() const;
  // One JSON object a line, in order.
  std::string ToJsonLines() const;
  void WriteJsonLines(std::ostream& out) const;
  size_t size() const;
  // About the bytes the stored events take (records, argument text, names), for the
  // benchmarks' bytes per event.
  size_t StoredBytes() const;

 private:
  struct Record {
    int64_t time_us;
    uint64_t args_begin;  // in args_; args_size 0: no arguments
    uint32_t args_size;
    uint32_t job;
    uint32_t thread;  // in names_
    uint32_t method;  // in names_
    uint32_t result;  // in names_
    TraceEvent::Kind kind;
  };
  // A name's index in names_, adding it the first time.
  uint32_t NameIndex(const std::string& name);
  // One event's line, without its newline, appended to `line`.
  void AppendLine(const Record& record, std::string& line) const;

  mutable std::mutex mu_;
  std::vector<Record> records_;
  std::string args_;  // every event's arguments as JSON text, one after another
  // Each distinct thread, method and result name once, with its JSON spelling (quoted,
  // escaped) ready to write. Index 0 is the empty name (no method, no result).
  std::unordered_map<std::string, uint32_t> name_index_;
  std::vector<const std::string*> names_;  // name_index_'s keys by index (nodes stay put)
  std::vector<std::string> quoted_names_;
};

}  // namespace doharness

#endif  // DOHARNESS_ENGINE_TRACE_H_
