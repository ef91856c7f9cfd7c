#include "isolation/supervisor.h"

#include <string.h>

#include <cstdio>
#include <string>

namespace doharness::isolation {
namespace {

const Frame* Last(const ChildRun& run, Tag tag) {
  for (auto it = run.frames.rbegin(); it != run.frames.rend(); ++it) {
    if (it->tag == tag) return &*it;
  }
  return nullptr;
}

}  // namespace

Outcome OutcomeOf(const ChildRun& run, const ChildLimits& limits) {
  using Status = Outcome::Status;
  Outcome outcome;
  outcome.output = run.output;
  if (const Frame* stage = Last(run, Tag::kStage)) outcome.last_stage = stage->text;
  auto told = [&](Status status, std::string text) {
    outcome.status = status;
    outcome.text = std::move(text);
    return outcome;
  };
  if (const Frame* failed = Last(run, Tag::kStartFailed)) return told(Status::kCrashed, failed->text);
  switch (run.end) {
    case ChildRun::End::kKilled:
      return told(Status::kTimedOut, "did not end within " + std::to_string(limits.step_limit_ms) + " ms");
    case ChildRun::End::kSignaled: {
      std::string text = SignalName(run.code);
      if (const Frame* call = Last(run, Tag::kCrashContext)) text += " " + call->text;
      return told(Status::kCrashed, text);
    }
    case ChildRun::End::kException: {
      std::string text = ExceptionName(static_cast<uint32_t>(run.code));
      if (const Frame* call = Last(run, Tag::kCrashContext)) text += " " + call->text;
      return told(Status::kCrashed, text);
    }
    case ChildRun::End::kStopped:
      return told(Status::kCrashed, "stopped by " + SignalName(run.code));
    case ChildRun::End::kExited:
      break;
  }
  if (const Frame* memory = Last(run, Tag::kOutOfMemory)) return told(Status::kOutOfMemory, memory->text);
  if (const Frame* hang = Last(run, Tag::kHang)) return told(Status::kHung, hang->text);
  const Frame* hello = Last(run, Tag::kHello);
  const Frame* result = Last(run, Tag::kResult);
  if (result != nullptr && Last(run, Tag::kStage) > result) result = nullptr;  // it answered an earlier step
  if (result != nullptr && hello != nullptr && hello->text == std::to_string(kProtocolVersion)) {
    return told(Status::kReturned, result->text);
  }
  if (hello != nullptr && hello->text != std::to_string(kProtocolVersion)) {
    return told(Status::kCrashed, "speaks isolation protocol " + hello->text + "; this doharness speaks " +
                                      std::to_string(kProtocolVersion));
  }
  return told(Status::kCrashed, "exited with code " + std::to_string(run.code) + " without an outcome");
}

std::string SignalName(int sig) {
#if defined(_WIN32)
  const char* abbrev = nullptr;  // no signal ends a Windows child: see ExceptionName
#else
  const char* abbrev = sigabbrev_np(sig);
#endif
  return (abbrev != nullptr ? std::string("SIG") + abbrev : std::string("signal")) + " (signal " +
         std::to_string(sig) + ")";
}

std::string ExceptionName(uint32_t code) {
  // The codes a crashing callback ends a process with (ntstatus.h, and the C++
  // runtimes' exception codes).
  static constexpr struct {
    uint32_t code;
    const char* name;
  } kNames[] = {
      {0xC0000005, "EXCEPTION_ACCESS_VIOLATION"},
      {0xC00000FD, "EXCEPTION_STACK_OVERFLOW"},
      {0xC0000409, "STATUS_STACK_BUFFER_OVERRUN (fast fail)"},
      {0xC0000374, "STATUS_HEAP_CORRUPTION"},
      {0xC0000094, "EXCEPTION_INT_DIVIDE_BY_ZERO"},
      {0xC000008E, "EXCEPTION_FLT_DIVIDE_BY_ZERO"},
      {0xC000001D, "EXCEPTION_ILLEGAL_INSTRUCTION"},
      {0xC0000096, "EXCEPTION_PRIV_INSTRUCTION"},
      {0xC0000006, "EXCEPTION_IN_PAGE_ERROR"},
      {0xC0000017, "STATUS_NO_MEMORY"},
      {0x80000003, "EXCEPTION_BREAKPOINT"},
      {0x80000002, "EXCEPTION_DATATYPE_MISALIGNMENT"},
      {0x40000015, "STATUS_FATAL_APP_EXIT (abort)"},
      {0xE06D7363, "an escaped C++ exception (MSVC)"},
      {0x20474343, "an escaped C++ exception (GCC)"},
  };
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08X", code);
  for (const auto& known : kNames) {
    if (known.code == code) return std::string(known.name) + " (" + hex + ")";
  }
  return std::string("exception ") + hex;
}

}  // namespace doharness::isolation
