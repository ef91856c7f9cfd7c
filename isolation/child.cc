#include "isolation/child.h"

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#else
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "isolation/call_watch.h"

namespace doharness::isolation {
namespace {

int channel = -1;  // for the watchdog and the new-handler, which take no argument

[[noreturn]] void EndWithHang(const std::string& message) {
  Send(channel, Tag::kHang, message);
  _exit(0);
}

void WriteAll(int fd, const char* bytes, size_t size) {
  size_t done = 0;
  while (done < size) {
#if defined(_WIN32)
    const int n = _write(fd, bytes + done, static_cast<unsigned>(size - done));
#else
    const ssize_t n = write(fd, bytes + done, size - done);
#endif
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// The memory limit the supervisor set on this process, in bytes; 0 for none.
unsigned long long MemoryLimitBytes() {
#if defined(_WIN32)
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION job{};
  if (QueryInformationJobObject(nullptr, JobObjectExtendedLimitInformation, &job, sizeof job, nullptr) &&
      (job.BasicLimitInformation.LimitFlags & JOB_OBJECT_LIMIT_PROCESS_MEMORY) != 0) {
    return job.ProcessMemoryLimit;
  }
  return 0;
#else
  rlimit limit{};
  return getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? limit.rlim_cur : 0;
#endif
}

// operator new failed: in a child, that is the memory limit (supervisor.h) at work.
// Nothing here allocates: the heap is what ran out.
[[noreturn]] void EndOutOfMemory() {
  char text[96] = "ran out of memory";
  if (const unsigned long long limit = MemoryLimitBytes(); limit != 0) {
    std::snprintf(text, sizeof text, "exceeded the %llu MiB case memory limit", limit >> 20);
  }
  char header[32];
  const int header_size =
      std::snprintf(header, sizeof header, "%c%zu\n", static_cast<char>(Tag::kOutOfMemory), std::strlen(text));
  WriteAll(channel, header, static_cast<size_t>(header_size));
  WriteAll(channel, text, std::strlen(text));
  _exit(0);
}

}  // namespace

std::string ReadChildInput() {
#if defined(_WIN32)
  _setmode(_fileno(stdin), _O_BINARY);
#endif
  std::string input;
  char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) input.append(buffer, n);
  return input;
}

void Send(int channel_fd, Tag tag, std::string_view text) {
  const std::string frame = EncodeFrame(tag, text);
  WriteAll(channel_fd, frame.data(), frame.size());
}

DataStream::Blocks::Blocks(int channel_fd) : channel_fd_(channel_fd) { setp(block_, block_ + sizeof block_); }

DataStream::Blocks::int_type DataStream::Blocks::overflow(int_type c) {
  sync();
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

int DataStream::Blocks::sync() {
  if (pptr() > pbase()) Send(channel_fd_, Tag::kData, std::string_view(pbase(), static_cast<size_t>(pptr() - pbase())));
  setp(block_, block_ + sizeof block_);
  return 0;
}

DataStream::DataStream(int channel_fd) : std::ostream(nullptr), blocks_(channel_fd) { rdbuf(&blocks_); }

DataStream::~DataStream() { blocks_.pubsync(); }

int ChannelFd() {
#if defined(_WIN32)
  const char* handle = std::getenv(kChannelHandleVariable);
  if (handle == nullptr) return -1;
  return _open_osfhandle(static_cast<intptr_t>(std::strtoull(handle, nullptr, 10)), _O_WRONLY | _O_BINARY);
#else
  return kChannelFd;
#endif
}

void BeginChild(int channel_fd, int64_t call_limit_ms) {
  channel = channel_fd;
#if !defined(_WIN32)
  // A sanitizer's own handlers (installed at start-up) would turn a crash of the
  // callback into an exit code of their own.
  std::signal(SIGSEGV, SIG_DFL);
  std::signal(SIGBUS, SIG_DFL);
#endif
  CallWatch::ReportCrashes(channel_fd);
  CallWatch::StartWatchdog(call_limit_ms, EndWithHang);
  std::set_new_handler(EndOutOfMemory);
  Send(channel_fd, Tag::kHello, std::to_string(kProtocolVersion));
}

}  // namespace doharness::isolation
