// output_file.h on POSIX.
#include "tools/cli/output_file.h"
#include "tools/cli/output_file_platform.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <istream>
#include <optional>
#include <string>

namespace doharness::tools {
namespace {

std::string CannotWrite(const std::string& path, const std::string& why) { return "cannot write " + path + ": " + why; }

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseNameOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The file a path names once symlinks are followed: itself when it does not exist yet
// (or is a dangling link, which a rename then replaces).
std::string Resolved(const std::string& path) {
  char resolved[PATH_MAX];
  return realpath(path.c_str(), resolved) != nullptr ? std::string(resolved) : path;
}

bool IsReadOnly(const struct stat& info) { return (info.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0; }

// Writes all of `contents`, a block at a time, to `fd`; false with errno set when it
// cannot (EIO when `contents` itself could not be read).
bool WriteAll(int fd, std::istream& contents) {
  char block[65536];
  while (contents) {
    contents.read(block, sizeof block);
    const size_t size = static_cast<size_t>(contents.gcount());
    size_t done = 0;
    while (done < size) {
      const ssize_t n = write(fd, block + done, size - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
  }
  if (contents.bad()) {
    errno = EIO;
    return false;
  }
  return true;
}

// Into standard output or a special file, which must not be replaced.
std::string WriteInto(const std::string& path, int fd, std::istream& contents) {
  if (!WriteAll(fd, contents)) return CannotWrite(path, std::strerror(errno));
  return "";
}

std::string WriteSpecial(const std::string& path, std::istream& contents) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return CannotWrite(path, std::strerror(errno));
  std::string error = WriteInto(path, fd, contents);
  if (close(fd) != 0 && error.empty()) error = CannotWrite(path, std::strerror(errno));
  return error;
}

// A regular file through a uniquely named temporary file beside it and a rename.
std::string ReplaceAtomically(const std::string& shown, const std::string& target, std::istream& contents,
                              std::optional<mode_t> keep_mode) {
  std::string temporary = DirectoryOf(target) + "/." + BaseNameOf(target) + ".XXXXXX";
  const int fd = mkstemp(temporary.data());
  if (fd < 0) return CannotWrite(shown, std::strerror(errno));
  // mkstemp makes 0600; a new report gets what the umask allows, an old one its mode.
  mode_t mode = 0;
  if (keep_mode) {
    mode = *keep_mode;
  } else {
    const mode_t umask_bits = umask(0);
    umask(umask_bits);
    mode = 0666 & ~umask_bits;
  }
  std::string error;
  if (fchmod(fd, mode) != 0 || !WriteAll(fd, contents) || fsync(fd) != 0) error = CannotWrite(shown, std::strerror(errno));
  if (close(fd) != 0 && error.empty()) error = CannotWrite(shown, std::strerror(errno));
  if (error.empty() && rename(temporary.c_str(), target.c_str()) != 0) error = CannotWrite(shown, std::strerror(errno));
  if (!error.empty()) unlink(temporary.c_str());
  return error;
}

}  // namespace

std::string CheckOutputPath(const std::string& path, StandardOutput standard_output) {
  if (path == kStandardOutput) {
    return standard_output == StandardOutput::kAllowed ? "" : "cannot write to standard output ('-') here: name a file";
  }
  if (path.empty()) return "an output path is empty";
  struct stat info;
  if (stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return CannotWrite(path, "it is a directory");
    if (!S_ISREG(info.st_mode)) {
      return access(path.c_str(), W_OK) == 0 ? "" : CannotWrite(path, std::strerror(errno));
    }
    if (IsReadOnly(info) || access(path.c_str(), W_OK) != 0) return CannotWrite(path, "it is read-only");
  }
  const std::string directory = DirectoryOf(Resolved(path));
  struct stat directory_info;
  if (stat(directory.c_str(), &directory_info) != 0) {
    return CannotWrite(path, "directory " + DirectoryOf(path) + " does not exist");
  }
  if (!S_ISDIR(directory_info.st_mode)) return CannotWrite(path, DirectoryOf(path) + " is not a directory");
  if (access(directory.c_str(), W_OK | X_OK) != 0) {
    return CannotWrite(path, "directory " + DirectoryOf(path) + " is not writable");
  }
  return "";
}

bool NameTheSameFile(const std::string& a, const std::string& b) {
  // The same resolved path, or one inode. A device such as /dev/null may take both.
  struct stat x, y;
  if (stat(a.c_str(), &x) == 0 && stat(b.c_str(), &y) == 0) {
    return S_ISREG(x.st_mode) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
  }
  const std::string ra = Resolved(DirectoryOf(a)) + "/" + BaseNameOf(a);
  const std::string rb = Resolved(DirectoryOf(b)) + "/" + BaseNameOf(b);
  return ra == rb;
}

std::string WriteOutputFile(const std::string& path, std::istream& contents) {
  if (path == kStandardOutput) {
    std::fflush(stdout);
    return WriteInto("standard output", STDOUT_FILENO, contents);
  }
  if (std::string error = CheckOutputPath(path, StandardOutput::kRefused); !error.empty()) return error;
  const std::string target = Resolved(path);
  struct stat info;
  if (stat(target.c_str(), &info) != 0) return ReplaceAtomically(path, target, contents, std::nullopt);
  if (!S_ISREG(info.st_mode)) return WriteSpecial(path, contents);
  return ReplaceAtomically(path, target, contents, info.st_mode & 07777);
}

}  // namespace doharness::tools
