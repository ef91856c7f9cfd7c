// Writes a Scenario in the scenario language (fixtures/README.md), in the order the
// parser's declare-before-use rule needs: settings, callbacks, jobs with their files,
// `on` lines, faults, the timeline, `end after`, expectations.
#include "scenario/print.h"

#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>

#include "api/names.h"
#include "scenario/names.h"

namespace doharness::scenario {
namespace {

// A word that the parser reads back as itself without quotes: not empty, printable
// ASCII, no quote or ';', and no '#' in front (that would start a comment).
bool IsBareWord(std::string_view text) {
  if (text.empty() || text[0] == '#') return false;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '"' || c == ';') return false;
  }
  return true;
}

std::string Quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Word(std::string_view text) {
  return IsBareWord(text) ? std::string(text) : Quoted(text);
}

// The largest binary unit that divides the size exactly: 65536 -> 64KiB.
std::string Size(uint64_t bytes) {
  static constexpr std::string_view kUnits[] = {"TiB", "GiB", "MiB", "KiB"};
  static constexpr int kShifts[] = {40, 30, 20, 10};
  for (int i = 0; i < 4; ++i) {
    const uint64_t unit = uint64_t{1} << kShifts[i];
    if (bytes != 0 && bytes % unit == 0) return std::to_string(bytes / unit) + std::string(kUnits[i]);
  }
  return std::to_string(bytes);
}

// The largest unit that divides the duration exactly: 90s -> 90s, 120s -> 2m.
std::string DurationText(Duration duration) {
  struct Unit {
    int64_t micros;
    std::string_view name;
  };
  static constexpr Unit kUnits[] = {{int64_t{86400} * 1000 * 1000, "d"},
                                    {int64_t{3600} * 1000 * 1000, "h"},
                                    {int64_t{60} * 1000 * 1000, "m"},
                                    {1000 * 1000, "s"},
                                    {1000, "ms"},
                                    {1, "us"}};
  const int64_t micros = duration.count();
  if (micros == 0) return "0s";
  for (const Unit& unit : kUnits) {
    if (micros % unit.micros == 0) return std::to_string(micros / unit.micros) + std::string(unit.name);
  }
  return std::to_string(micros) + "us";
}

std::string Hresult(HRESULT hr) {
  const std::string symbol = HresultSymbol(hr);
  if (!symbol.empty()) return symbol;
  char hex[16];
  std::snprintf(hex, sizeof(hex), "0x%08X", static_cast<unsigned>(hr));
  return hex;
}

std::string FileWords(const FileDecl& file) {
  return Word(file.remote_url) + " " + Word(file.local_name) + " size=" + Size(file.size) +
         " rate=" + Size(file.bytes_per_second) + "/s";
}

// METHOD [ARGS], as a client action or a scripted step says it.
std::string JobCallText(const JobCall& call) {
  const std::string method(JobMethodName(call.method));
  switch (call.method) {
    case JobCall::Method::kSetNotifyFlags: return method + " " + NotifyFlagsName(call.flags);
    case JobCall::Method::kSetNotifyInterface:
      return method + " " + (call.callback.empty() ? std::string("NULL") : call.callback);
    case JobCall::Method::kAddFile: return method + " " + FileWords(call.file);
    default: return method;
  }
}

std::string StepText(const Step& step) {
  switch (step.kind) {
    case Step::Kind::kCallJob:
      return (step.on_job.empty() ? "" : step.on_job + ".") + JobCallText(step.call);
    case Step::Kind::kAddRefJob: return "AddRef pJob";
    case Step::Kind::kReleaseJob: return "Release pJob";
    case Step::Kind::kAddRefSelf: return "AddRef self";
    case Step::Kind::kReleaseSelf: return "Release self";
  }
  return "";
}

// `expect ...` without a line end.
std::string ExpectationText(const Expectation& e) {
  std::string text = "expect ";
  switch (e.kind) {
    case Expectation::Kind::kCallsOrder:
    case Expectation::Kind::kCallsExactly:
    case Expectation::Kind::kCallsSet: {
      text += "calls " + e.callback + " " + e.job + " ";
      text += e.kind == Expectation::Kind::kCallsOrder     ? "order"
              : e.kind == Expectation::Kind::kCallsExactly ? "exactly"
                                                           : "set";
      for (const CallPattern& call : e.calls) {
        text += " " + std::string(NotificationMethodName(call.method));
        if (call.result) text += "=" + Hresult(*call.result);
      }
      return text;
    }
    case Expectation::Kind::kCount:
      return text + "count " + e.callback + " " + e.job + " " +
             std::string(NotificationMethodName(e.method)) + " " + std::string(ComparisonName(e.op)) + " " +
             std::to_string(e.number);
    case Expectation::Kind::kState: return text + "state " + e.job + " " + JobStateName(e.state);
    case Expectation::Kind::kRefs: return text + "refs " + e.callback + " " + std::to_string(e.number);
    case Expectation::Kind::kRule: return text + "rule " + e.rule;
    case Expectation::Kind::kSurvives: return text + "survives";
  }
  return text;
}

std::string FaultText(const FaultDecl& decl) {
  const Fault& f = decl.fault;
  const std::string file_at =
      " file=" + std::to_string(f.file_index) + " at=" + Size(f.at_byte);
  std::string text = "fault " + decl.job + " ";
  switch (f.kind) {
    case Fault::Kind::kFatal: {
      if (f.file_index == Fault::kNoFile) {
        return text + "job_error code=" + Hresult(f.code) + " context=" + ErrorContextName(f.context);
      }
      const uint32_t status = static_cast<uint32_t>(f.code) - 0x80190000u;
      if (status >= 100 && status <= 599 && f.context == BG_ERROR_CONTEXT_REMOTE_FILE) {
        return text + "http" + file_at + " status=" + std::to_string(status);
      }
      return text + "fatal" + file_at + " code=" + Hresult(f.code) +
             " context=" + ErrorContextName(f.context);
    }
    case Fault::Kind::kTransient:
      return text + "transient" + file_at + " code=" + Hresult(f.code) + " for=" + DurationText(f.duration);
    case Fault::Kind::kStall: return text + "stall" + file_at + " for=" + DurationText(f.duration);
    case Fault::Kind::kCompleteFails:
      return text + "complete_fails code=" + Hresult(f.code) + " times=" + std::to_string(f.times);
    case Fault::Kind::kCancelFails:
      return text + "cancel_fails code=" + Hresult(f.code) + " times=" + std::to_string(f.times);
    case Fault::Kind::kGetterFails:
      return text + "getter_fails method=" + f.method + " code=" + Hresult(f.code) +
             " times=" + std::to_string(f.times);
  }
  return text;
}

// The engine settings that differ from the defaults, as `engine` words.
std::string EngineWords(const EngineSettings& engine) {
  const EngineSettings defaults;
  std::string words;
  if (engine.modification_order != defaults.modification_order) {
    words += engine.modification_order == ModificationOrder::kSeeded ? " modification_order=seeded"
                                                                     : " modification_order=raise";
  }
  if (engine.reentrant_modification_depth != defaults.reentrant_modification_depth) {
    words += " reentrant_depth=" + std::to_string(engine.reentrant_modification_depth);
  }
  if (engine.coalesce_modifications != defaults.coalesce_modifications) {
    words += engine.coalesce_modifications ? " coalesce=on" : " coalesce=off";
  }
  if (engine.retry_delay != defaults.retry_delay) {
    words += " retry_delay=" + DurationText(engine.retry_delay);
  }
  if (engine.chunk_bytes != defaults.chunk_bytes) words += " chunk=" + Size(engine.chunk_bytes);
  if (engine.concurrency_limit != defaults.concurrency_limit) {
    words += " concurrency=" + std::to_string(engine.concurrency_limit);
  }
  return words;
}

}  // namespace

std::string PrintScenario(const Scenario& scenario, const std::string& header) {
  std::ostringstream out;
  if (!header.empty()) {
    std::istringstream lines(header);
    for (std::string line; std::getline(lines, line);) out << "# " << line << "\n";
    out << "\n";
  }
  out << "profile " << scenario.engine.profile << "\n";
  out << "seed " << scenario.engine.seed << "\n";
  if (const std::string words = EngineWords(scenario.engine); !words.empty()) {
    out << "engine" << words << "\n";
  }

  if (!scenario.callbacks.empty()) out << "\n";
  for (const CallbackDecl& callback : scenario.callbacks) {
    out << "callback " << callback.name << " "
        << (callback.kind == CallbackDecl::Kind::kUnderTest ? "under_test" : "scripted")
        << (callback.callback2 ? " callback2" : "") << "\n";
  }

  for (const JobDecl& job : scenario.jobs) {
    out << "\njob " << job.name << " " << Quoted(job.display_name) << "\n";
    for (const FileDecl& file : job.files) out << "file " << job.name << " " << FileWords(file) << "\n";
  }

  if (!scenario.behaviours.empty()) out << "\n";
  for (const Behaviour& behaviour : scenario.behaviours) {
    out << "on " << behaviour.callback << " " << NotificationMethodName(behaviour.method);
    if (behaviour.nth != 0) out << "#" << behaviour.nth;
    out << ":";
    for (const Step& step : behaviour.steps) out << " " << StepText(step) << ";";
    out << " return " << Hresult(behaviour.result) << "\n";
  }

  if (!scenario.faults.empty()) out << "\n";
  for (const FaultDecl& fault : scenario.faults) out << FaultText(fault) << "\n";

  if (!scenario.timeline.empty()) out << "\n";
  for (const TimedAction& action : scenario.timeline) {
    out << "at " << DurationText(action.at) << " ";
    if (action.expect) {
      out << ExpectationText(*action.expect) << "\n";
    } else {
      out << action.job << " " << JobCallText(action.call) << "\n";
    }
  }

  out << "\nend after " << DurationText(scenario.end_after) << "\n";
  for (const Expectation& expectation : scenario.expectations) {
    out << ExpectationText(expectation) << "\n";
  }
  return out.str();
}

}  // namespace doharness::scenario
