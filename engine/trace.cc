#include "engine/trace.h"

#include <sstream>

namespace doharness {

const char* TraceKindName(TraceEvent::Kind kind) {
  switch (kind) {
    case TraceEvent::Kind::kCall: return "call";
    case TraceEvent::Kind::kReturn: return "return";
    case TraceEvent::Kind::kClient: return "client";
    case TraceEvent::Kind::kState: return "state";
    case TraceEvent::Kind::kAddRef: return "addref";
    case TraceEvent::Kind::kRelease: return "release";
    case TraceEvent::Kind::kQueryInterface: return "qi";
    case TraceEvent::Kind::kFault: return "fault";
    case TraceEvent::Kind::kViolation: return "violation";
  }
  return "unknown";
}

nlohmann::ordered_json TraceEvent::ToJson() const {
  nlohmann::ordered_json j;
  j["t_us"] = time.count();
  j["thread"] = thread;
  j["job"] = job;
  j["event"] = TraceKindName(kind);
  if (!method.empty()) j["method"] = method;
  if (!args.empty()) j["args"] = args;
  if (!result.empty()) j["result"] = result;
  return j;
}

void Trace::Append(TraceEvent event) {
  std::lock_guard<std::mutex> lock(mu_);
  events_.push_back(std::move(event));
}

std::vector<TraceEvent> Trace::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

size_t Trace::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_.size();
}

void Trace::WriteJsonLines(std::ostream& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const TraceEvent& e : events_) out << e.ToJson().dump() << '\n';
}

std::string Trace::ToJsonLines() const {
  std::ostringstream out;
  WriteJsonLines(out);
  return out.str();
}

}  // namespace doharness
