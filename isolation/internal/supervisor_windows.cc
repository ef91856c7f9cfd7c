// Supervise on Windows: the child is a fresh program (there is no fork), started
// suspended, put in a Job Object and then resumed, so that it can start nothing that
// outlives it and cannot take more memory than the limit. Its channel is an inherited
// pipe handle named by an environment variable (protocol.h); its stdout and stderr go
// to a second pipe. Two threads read the pipes and a third waits for the process, so
// the supervisor only waits on a condition variable with the step's deadline.
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/wide_string.h"
#include "isolation/child.h"
#include "isolation/internal/run_collector.h"
#include "isolation/supervisor.h"

namespace doharness::isolation {
namespace {

using internal::RunCollector;

// "what failed: the system's message (code)".
std::string SystemError(const std::string& what, DWORD error = GetLastError()) {
  wchar_t* message = nullptr;
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                     FORMAT_MESSAGE_IGNORE_INSERTS,
                                 nullptr, error, 0, reinterpret_cast<wchar_t*>(&message), 0, nullptr);
  std::string text = n > 0 ? WideToUtf8(std::wstring_view(message, n)) : "error";
  LocalFree(message);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == '.')) text.pop_back();
  return what + ": " + text + " (" + std::to_string(error) + ")";
}

class Handle {
 public:
  Handle() = default;
  explicit Handle(HANDLE h) : h_(h == INVALID_HANDLE_VALUE ? nullptr : h) {}
  Handle(Handle&& other) noexcept : h_(other.h_) { other.h_ = nullptr; }
  Handle& operator=(Handle&& other) noexcept {
    std::swap(h_, other.h_);
    return *this;
  }
  ~Handle() { Close(); }
  void Close() {
    if (h_ != nullptr) CloseHandle(h_);
    h_ = nullptr;
  }
  HANDLE get() const { return h_; }
  HANDLE* out() { return &h_; }
  explicit operator bool() const { return h_ != nullptr; }

 private:
  HANDLE h_ = nullptr;
};

// One argument as CommandLineToArgvW and the C runtime read it back.
void AppendQuoted(const std::wstring& arg, std::wstring* line) {
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    line->append(arg);
    return;
  }
  line->push_back(L'"');
  for (size_t i = 0;; ++i) {
    size_t backslashes = 0;
    while (i < arg.size() && arg[i] == L'\\') ++i, ++backslashes;
    if (i == arg.size()) {
      line->append(backslashes * 2, L'\\');
      break;
    }
    if (arg[i] == L'"') {
      line->append(backslashes * 2 + 1, L'\\');
    } else {
      line->append(backslashes, L'\\');
    }
    line->push_back(arg[i]);
  }
  line->push_back(L'"');
}

// This process's environment with the channel's variable set to `channel`.
std::vector<wchar_t> ChildEnvironment(HANDLE channel) {
  const std::wstring name = Utf8ToWide(kChannelHandleVariable) + L"=";
  std::vector<wchar_t> block;
  if (wchar_t* strings = GetEnvironmentStringsW()) {
    for (const wchar_t* entry = strings; *entry != L'\0'; entry += wcslen(entry) + 1) {
      if (_wcsnicmp(entry, name.c_str(), name.size()) == 0) continue;
      block.insert(block.end(), entry, entry + wcslen(entry) + 1);
    }
    FreeEnvironmentStringsW(strings);
  }
  const std::wstring channel_entry = name + std::to_wstring(reinterpret_cast<uintptr_t>(channel));
  block.insert(block.end(), channel_entry.begin(), channel_entry.end());
  block.push_back(L'\0');
  block.push_back(L'\0');
  return block;
}

// Pipes made inheritable and a process started are one step: a child started by
// another thread meanwhile would inherit this child's pipe ends and hold them open.
std::mutex& SpawnMutex() {
  static std::mutex mutex;
  return mutex;
}

struct Started {
  Handle process;
  Handle job;
  Handle channel_read;
  Handle output_read;
  Handle input_write;  // the write end of the child's stdin, when it has input
  std::string error;  // empty when started
};

Started Start(const ChildProgram& program, const ChildLimits& limits) {
  Started started;
  if (program.argv.empty()) {
    started.error = "cannot run (no program)";
    return started;
  }
  std::wstring command_line;
  for (const std::string& arg : program.argv) {
    if (!command_line.empty()) command_line.push_back(L' ');
    AppendQuoted(Utf8ToWide(arg), &command_line);
  }
  const std::wstring path = Utf8ToWide(program.argv[0]);

  std::lock_guard<std::mutex> lock(SpawnMutex());
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  Handle channel_write, output_write;
  if (!CreatePipe(started.channel_read.out(), channel_write.out(), &inheritable, 0) ||
      !CreatePipe(started.output_read.out(), output_write.out(), &inheritable, 0)) {
    started.error = SystemError("CreatePipe failed");
    return started;
  }
  SetHandleInformation(started.channel_read.get(), HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(started.output_read.get(), HANDLE_FLAG_INHERIT, 0);
  Handle input;
  if (program.input.empty()) {
    input = Handle(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inheritable, OPEN_EXISTING,
                               0, nullptr));
  } else if (CreatePipe(input.out(), started.input_write.out(), &inheritable, 0)) {
    SetHandleInformation(started.input_write.get(), HANDLE_FLAG_INHERIT, 0);
  } else {
    started.error = SystemError("CreatePipe failed");
    return started;
  }

  started.job = Handle(CreateJobObjectW(nullptr, nullptr));
  if (!started.job) {
    started.error = SystemError("CreateJobObject failed");
    return started;
  }
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION job_limits{};
  // Everything the child starts dies with the job; a crash ends the process at once,
  // with no error-reporting dialog.
  job_limits.BasicLimitInformation.LimitFlags =
      JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
  if (limits.memory_mb > 0 && kMemoryLimitApplies) {
    job_limits.BasicLimitInformation.LimitFlags |= JOB_OBJECT_LIMIT_PROCESS_MEMORY;
    job_limits.ProcessMemoryLimit = static_cast<SIZE_T>(limits.memory_mb) << 20;
  }
  SetInformationJobObject(started.job.get(), JobObjectExtendedLimitInformation, &job_limits, sizeof job_limits);

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = input.get();
  startup.hStdOutput = output_write.get();
  startup.hStdError = output_write.get();
  std::vector<wchar_t> environment = ChildEnvironment(channel_write.get());
  PROCESS_INFORMATION info{};
  // No console (DETACHED_PROCESS): the output goes to the pipe, and Wine would start a
  // console host for each child. Wine's CreateProcessW fails now and then with
  // ERROR_INTERNAL_ERROR while other programs start processes too (2 of 2,800 starts,
  // two checks at once): nothing has run then, so another try is safe.
  BOOL created = FALSE;
  for (int attempt = 0; attempt < 3 && !created; ++attempt) {
    created = CreateProcessW(path.c_str(), command_line.data(), nullptr, nullptr, TRUE,
                             CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT | DETACHED_PROCESS, environment.data(),
                             nullptr, &startup, &info);
    if (!created && GetLastError() != ERROR_INTERNAL_ERROR) break;
  }
  if (!created) {
    started.error = SystemError("cannot run " + program.argv[0]);
    return started;
  }
  started.process = Handle(info.hProcess);
  Handle thread(info.hThread);
  if (!AssignProcessToJobObject(started.job.get(), info.hProcess)) {
    started.error = SystemError("AssignProcessToJobObject failed");
    TerminateProcess(info.hProcess, 1);
    return started;
  }
  ResumeThread(info.hThread);
  return started;
}

// What the reading and waiting threads hand the supervisor.
struct Inbox {
  std::mutex mutex;
  std::condition_variable changed;
  std::string channel;
  std::string output;
  int open_pipes = 2;
  bool process_ended = false;
};

void ReadPipe(HANDLE pipe, std::string Inbox::*into, Inbox* inbox) {
  char buffer[65536];
  DWORD n = 0;
  while (ReadFile(pipe, buffer, sizeof buffer, &n, nullptr) && n > 0) {
    std::lock_guard<std::mutex> lock(inbox->mutex);
    (inbox->*into).append(buffer, n);
    inbox->changed.notify_all();
  }
  std::lock_guard<std::mutex> lock(inbox->mutex);
  --inbox->open_pipes;
  inbox->changed.notify_all();
}

// An exit code that is an exception's (NTSTATUS with its severity bits set, or
// GCC's C++ exception code) rather than a number the program chose.
bool IsExceptionCode(DWORD code) { return code >= 0x40000000u || code == 0x20474343u; }

}  // namespace

ChildRun Supervise(const ChildProgram& program, const ChildLimits& limits, const DataSink& data) {
  Started started = Start(program, limits);
  if (!started.error.empty()) {
    ChildRun run;
    run.frames.push_back({Tag::kStartFailed, started.error});
    return run;
  }
  RunCollector collector(limits, data);
  Inbox inbox;
  std::thread channel_reader(ReadPipe, started.channel_read.get(), &Inbox::channel, &inbox);
  std::thread output_reader(ReadPipe, started.output_read.get(), &Inbox::output, &inbox);
  // The input goes in while the child runs (a pipe holds only so much), then its end:
  // the child reads to the end. A child that ends without reading it all ends the write.
  std::thread input_writer([&program, input = std::move(started.input_write)] {
    for (size_t done = 0; input && done < program.input.size();) {
      DWORD n = 0;
      const DWORD chunk = static_cast<DWORD>(std::min<size_t>(program.input.size() - done, 1 << 20));
      if (!WriteFile(input.get(), program.input.data() + done, chunk, &n, nullptr)) break;
      done += n;
    }
  });
  const HANDLE process = started.process.get();
  std::thread waiter([process, &inbox] {
    WaitForSingleObject(process, INFINITE);
    std::lock_guard<std::mutex> lock(inbox.mutex);
    inbox.process_ended = true;
    inbox.changed.notify_all();
  });

  bool killed = false;
  {
    std::unique_lock<std::mutex> lock(inbox.mutex);
    for (;;) {
      collector.AddChannelBytes(inbox.channel);
      collector.AddOutput(inbox.output);
      inbox.channel.clear();
      inbox.output.clear();
      if (inbox.process_ended) break;
      if (RunCollector::Clock::now() >= collector.deadline()) {
        killed = true;
        break;
      }
      inbox.changed.wait_until(lock, collector.deadline());
    }
  }
  // The worker has ended or is killed now, and everything it started with it: then no
  // one holds the pipes' write ends, and the readers reach their end.
  TerminateJobObject(started.job.get(), 1);
  if (killed) TerminateProcess(process, 1);  // also outside a job, should the assignment have failed
  waiter.join();
  input_writer.join();
  channel_reader.join();
  output_reader.join();
  collector.AddChannelBytes(inbox.channel);
  collector.AddOutput(inbox.output);

  ChildRun run = std::move(collector.run());
  DWORD code = 0;
  GetExitCodeProcess(process, &code);
  if (killed) {
    run.end = ChildRun::End::kKilled;
  } else if (IsExceptionCode(code)) {
    run.end = ChildRun::End::kException;
    run.code = static_cast<int>(code);
  } else {
    run.code = static_cast<int>(code);
  }
  return run;
}

ChildRun Supervise(const ChildFunction& function, const ChildLimits& limits, const DataSink& data) {
  int fds[2];
  if (_pipe(fds, 1 << 16, _O_BINARY) != 0) {
    ChildRun run;
    run.frames.push_back({Tag::kStartFailed, "_pipe failed"});
    return run;
  }
  // Frames are taken as they come, on the reader's thread (so `data` is called there),
  // while this thread runs the function: a streamed trace is never held whole.
  RunCollector collector(limits, data);
  std::thread reader([&collector, read_end = fds[0]] {
    char buffer[65536];
    int n;
    while ((n = _read(read_end, buffer, sizeof buffer)) > 0) {
      collector.AddChannelBytes(std::string_view(buffer, static_cast<size_t>(n)));
    }
  });
  Send(fds[1], Tag::kHello, std::to_string(kProtocolVersion));  // as BeginChild would
  function(fds[1]);
  _close(fds[1]);
  reader.join();
  _close(fds[0]);
  return std::move(collector.run());
}

}  // namespace doharness::isolation
