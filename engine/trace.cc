#include "engine/trace.h"

#include <ostream>

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

Trace::Trace() { NameIndex(""); }  // index 0: no method, no result

void Trace::Append(TraceEvent event) {
  // The JSON text is made outside the lock: dumping is the costly part.
  std::string args = event.args.empty() ? std::string() : event.args.dump();
  std::lock_guard<std::mutex> lock(mu_);
  Record record;
  record.time_us = event.time.count();
  record.args_begin = args_.size();
  record.args_size = static_cast<uint32_t>(args.size());
  record.job = event.job;
  record.thread = NameIndex(event.thread);
  record.method = NameIndex(event.method);
  record.result = NameIndex(event.result);
  record.kind = event.kind;
  args_ += args;
  records_.push_back(record);
}

uint32_t Trace::NameIndex(const std::string& name) {
  const auto [it, added] = name_index_.emplace(name, static_cast<uint32_t>(names_.size()));
  if (added) {
    names_.push_back(&it->first);
    quoted_names_.push_back(nlohmann::ordered_json(name).dump());
  }
  return it->second;
}

std::vector<TraceEvent> Trace::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<TraceEvent> events;
  events.reserve(records_.size());
  for (const Record& r : records_) {
    TraceEvent& e = events.emplace_back();
    e.time = VirtualTime(r.time_us);
    e.thread = *names_[r.thread];
    e.job = r.job;
    e.kind = r.kind;
    e.method = *names_[r.method];
    if (r.args_size > 0) e.args = nlohmann::ordered_json::parse(args_.substr(r.args_begin, r.args_size));
    e.result = *names_[r.result];
  }
  return events;
}

size_t Trace::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_.size();
}

size_t Trace::StoredBytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t bytes = records_.capacity() * sizeof(Record) + args_.capacity();
  for (size_t i = 0; i < names_.size(); ++i) {  // the key, its quoted copy, a hash node, slots
    bytes += names_[i]->size() + quoted_names_[i].size() + 3 * sizeof(std::string) + 2 * sizeof(void*);
  }
  return bytes;
}

// {"t_us":..,"thread":..,"job":..,"event":..,"method":..,"args":{..},"result":..}: the
// optional method, args and result left out when empty. The golden traces of
// fixtures/ hold these bytes.
void Trace::AppendLine(const Record& r, std::string& line) const {
  line += "{\"t_us\":";
  line += std::to_string(r.time_us);
  line += ",\"thread\":";
  line += quoted_names_[r.thread];
  line += ",\"job\":";
  line += std::to_string(r.job);
  line += ",\"event\":\"";
  line += TraceKindName(r.kind);
  line += '"';
  if (r.method != 0) {
    line += ",\"method\":";
    line += quoted_names_[r.method];
  }
  if (r.args_size > 0) {
    line += ",\"args\":";
    line.append(args_, r.args_begin, r.args_size);
  }
  if (r.result != 0) {
    line += ",\"result\":";
    line += quoted_names_[r.result];
  }
  line += '}';
}

void Trace::WriteJsonLines(std::ostream& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string line;
  for (const Record& r : records_) {
    line.clear();
    AppendLine(r, line);
    line += '\n';
    out << line;
  }
}

std::string Trace::ToJsonLines() const {
  // Appended in place: through a stringstream the text would be held twice at the end.
  std::lock_guard<std::mutex> lock(mu_);
  std::string text;
  for (const Record& r : records_) {
    AppendLine(r, text);
    text += '\n';
  }
  return text;
}

}  // namespace doharness
