// The POSIX half of file.h: opening, the output-path checks and the atomic write (mkostemp, fsync,
// rename), with SIGINT/SIGTERM cleanup. Windows has file_win32.cpp; file.cpp is shared.
#include "io/file.h"
#include "io/file_detail.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace tconv::io {
namespace fs = std::filesystem;

namespace {

using detail::quoted;

using detail::parent_dir;

std::string errno_text(int err) { return std::strerror(err); }

Error open_read_error(const std::string& path, int err) {
  if (err == ENOENT)
    return Error{"cannot read " + quoted(path) + ": no such file. Check the path (relative paths "
                 "start from the current directory)."};
  if (err == EACCES)
    return Error{"cannot read " + quoted(path) + ": permission denied. Check the file's "
                 "permissions (ls -l) or copy it somewhere readable."};
  return Error{"cannot read " + quoted(path) + ": " + errno_text(err) + "."};
}

// Error for a file that cannot be created in `dir` (errno from open/mkstemp).
Error create_error(const std::string& path, const std::string& dir, int err) {
  if (err == ENOENT)
    return Error{"cannot write " + quoted(path) + ": the directory " + quoted(dir) +
                 " does not exist. Create it first (mkdir -p " + dir + ") or choose another "
                 "output path."};
  if (err == ENOTDIR)
    return Error{"cannot write " + quoted(path) + ": " + quoted(dir) +
                 " is not a directory. Choose an output path inside a directory."};
  if (err == EACCES || err == EPERM || err == EROFS)
    return Error{"cannot write " + quoted(path) + ": no permission to create files in " +
                 quoted(dir) + " (" + errno_text(err) + "). Choose a directory you can write to."};
  return Error{"cannot write " + quoted(path) + ": " + errno_text(err) + "."};
}

// Writes all of [data, data+size) to fd, retrying on partial writes and EINTR.
bool write_all(int fd, const void* data, size_t size, int* err) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const size_t chunk = std::min<size_t>(size, size_t(1) << 30);
    const ssize_t n = ::write(fd, p, chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      *err = errno;
      return false;
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// ---- what an output path may be

const char* special_kind(mode_t m) {
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISFIFO(m)) return "a FIFO (named pipe)";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

Error is_directory_error(const std::string& path) {
  return Error{"cannot write " + quoted(path) + ": it is a directory. Give a file name, e.g. " +
               (fs::path(path) / "out.png").string() + "."};
}

// The file an output path really names: `path` itself (a regular file, or nothing yet), or the
// regular file a symbolic link resolves to. Anything else is an Error and must not be touched:
// renaming a file over a device node or a FIFO would replace the node itself.
struct OutputTarget {
  std::string target;
  bool via_link = false;
};

Result<OutputTarget> resolve_output(const std::string& path) {
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) != 0) return OutputTarget{path, false};  // new (or unreachable: open says why)
  if (S_ISREG(lst.st_mode)) return OutputTarget{path, false};
  if (S_ISDIR(lst.st_mode)) return is_directory_error(path);
  if (!S_ISLNK(lst.st_mode))
    return Error{"cannot write " + quoted(path) + ": it is " + special_kind(lst.st_mode) +
                 ", not a regular file. tconv-lab writes only regular files, so that a device or "
                 "pipe is never replaced; choose a file name instead."};
  std::error_code ec;
  const std::string dest = fs::read_symlink(fs::path(path), ec).string();
  char real[PATH_MAX];
  if (::realpath(path.c_str(), real) == nullptr)
    return Error{"cannot write " + quoted(path) + ": it is a symbolic link to " + quoted(dest) +
                 ", which does not exist (" + errno_text(errno) + "). tconv-lab writes through a "
                 "link only onto an existing regular file: create that file first, remove the "
                 "link, or choose another output path."};
  struct stat st {};
  if (::stat(real, &st) != 0) return OutputTarget{real, true};
  if (S_ISREG(st.st_mode)) return OutputTarget{real, true};
  if (S_ISDIR(st.st_mode))
    return Error{"cannot write " + quoted(path) + ": it is a symbolic link to the directory " +
                 quoted(real) + ". Give a file name, e.g. " + (fs::path(path) / "out.png").string() + "."};
  return Error{"cannot write " + quoted(path) + ": it is a symbolic link to " + quoted(real) +
               ", which is " + special_kind(st.st_mode) + ", not a regular file. tconv-lab "
               "writes only regular files, so that a device or pipe is never replaced; choose a "
               "file name instead."};
}

// ---- temporary files removed on SIGINT / SIGTERM
// A fixed table of the temporaries being written, readable from a signal handler: a slot is
// 0 (free), 1 (being filled) or 2 (holds a path). The handler only reads lock-free atomics and
// calls unlink(), sigaction() and raise(), which are async-signal-safe.

constexpr int kTempSlots = 32;
struct TempSlot {
  std::atomic<int> state{0};
  char path[PATH_MAX];
};
TempSlot g_temps[kTempSlots];
constexpr int kCaught[] = {SIGINT, SIGTERM};
struct sigaction g_previous[2];

extern "C" void remove_temps_and_reraise(int sig) {
  for (TempSlot& slot : g_temps)
    if (slot.state.load() == 2) ::unlink(slot.path);
  for (int i = 0; i < 2; ++i)
    if (kCaught[i] == sig) ::sigaction(sig, &g_previous[i], nullptr);
  ::raise(sig);  // delivered with the previous disposition once this handler returns
}

// Puts the handler in front of whatever handles SIGINT/SIGTERM now (checked on every write, as
// a program or test framework may have replaced it since). An ignored signal stays ignored; a
// program's own handler is called after ours.
void install_temp_handlers() {
  for (int i = 0; i < 2; ++i) {
    struct sigaction old {};
    if (::sigaction(kCaught[i], nullptr, &old) != 0) continue;
    if (!(old.sa_flags & SA_SIGINFO) &&
        (old.sa_handler == SIG_IGN || old.sa_handler == remove_temps_and_reraise))
      continue;
    g_previous[i] = old;
    struct sigaction sa {};
    sa.sa_handler = remove_temps_and_reraise;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    ::sigaction(kCaught[i], &sa, nullptr);
  }
}

// Returns the slot, or -1 when the table is full or the path too long (then a signal leaves the
// temporary behind, as before).
int register_temp(const std::string& tmp) {
  if (tmp.size() + 1 > sizeof(TempSlot::path)) return -1;
  install_temp_handlers();
  for (int i = 0; i < kTempSlots; ++i) {
    int expected = 0;
    if (g_temps[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_temps[i].path, tmp.c_str(), tmp.size() + 1);
      g_temps[i].state.store(2);
      return i;
    }
  }
  return -1;
}

void unregister_temp(int slot) {
  if (slot >= 0) g_temps[slot].state.store(0);
}

mode_t new_file_mode() {
  const mode_t mask = ::umask(0);  // read the umask (there is no getter) and put it back
  ::umask(mask);
  return static_cast<mode_t>(0666 & ~mask);
}

}  // namespace

Result<InputFile> InputFile::open(const std::string& path) {
  if (path.empty()) return Error{"the file name is empty. Give a path to a file."};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return open_read_error(path, errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return open_read_error(path, err);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Error{"cannot read " + quoted(path) + ": it is a directory. Give the path of a file "
                 "inside it."};
  }
  const bool regular = S_ISREG(st.st_mode);
  return InputFile(fd, regular ? static_cast<uint64_t>(st.st_size) : 0, regular, path);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<size_t> InputFile::read(void* data, size_t size) {
  char* p = static_cast<char*>(data);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd_, p + done, std::min<size_t>(size - done, size_t(1) << 30));
    if (n < 0) {
      if (errno == EINTR) continue;
      return open_read_error(path_, errno);
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Status check_output_path(const std::string& path) {
  if (path.empty()) return Error{"the output file name is empty. Give a path such as out.png."};
  auto resolved = resolve_output(path);
  if (!resolved) return resolved.error();
  const std::string dir = parent_dir(resolved.value().target);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return create_error(path, dir, errno);
  if (!S_ISDIR(st.st_mode)) return create_error(path, dir, ENOTDIR);
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return create_error(path, dir, errno);
  return Ok{};
}

Status write_file_atomic(const std::string& path,
                         const std::function<Status(const ChunkSink&)>& produce) {
  if (path.empty()) return Error{"the output file name is empty. Give a path such as out.png."};
  // Replace what a symlink points to, not the link itself; never a directory or special file.
  auto resolved = resolve_output(path);
  if (!resolved) return resolved.error();
  const std::string target = resolved.value().target;
  struct stat old_st {};
  const bool exists = ::stat(target.c_str(), &old_st) == 0;
  if (exists && !S_ISREG(old_st.st_mode)) return resolve_output(target).error();  // changed meanwhile
  const mode_t mode = exists ? static_cast<mode_t>(old_st.st_mode & 07777) : new_file_mode();

  const std::string dir = parent_dir(target);
  std::string tmp = (fs::path(dir) / ("." + fs::path(target).filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> tmpl(tmp.begin(), tmp.end());
  tmpl.push_back('\0');
  // Signals are blocked between creating the temporary and registering it, so that an
  // interrupt cannot fall into the gap.
  sigset_t block, old_mask;
  sigemptyset(&block);
  for (int sig : kCaught) sigaddset(&block, sig);
  ::pthread_sigmask(SIG_BLOCK, &block, &old_mask);
  const int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);
  const int create_errno = errno;
  const int slot = fd >= 0 ? register_temp(tmpl.data()) : -1;
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  if (fd < 0) return create_error(path, dir, create_errno);
  tmp = tmpl.data();
  struct Unregister {
    int slot;
    ~Unregister() { unregister_temp(slot); }  // after the temporary is renamed or removed
  } unregister{slot};

  bool fd_open = true;
  auto fail = [&](Error e) -> Status {
    if (fd_open) ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  };

  int write_err = 0;
  const ChunkSink sink = [&](const void* data, size_t size) {
    if (write_err != 0) return false;
    return write_all(fd, data, size, &write_err);
  };
  Status produced = Ok{};
  try {
    produced = produce(sink);
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;  // e.g. std::bad_alloc: the edge reports it; the temporary is gone
  }
  if (write_err != 0) {
    if (write_err == ENOSPC || write_err == EDQUOT)
      return fail(Error{"cannot write " + quoted(path) + ": the disk is full (" +
                        errno_text(write_err) + "). Free some space or write elsewhere."});
    return fail(Error{"cannot write " + quoted(path) + ": " + errno_text(write_err) + "."});
  }
  if (!produced.ok()) return fail(produced.error());
  if (::fchmod(fd, mode) != 0) return fail(Error{"cannot set permissions of " + quoted(path) + ": " + errno_text(errno) + "."});
  if (::fsync(fd) != 0)
    return fail(Error{"cannot write " + quoted(path) + ": flushing to disk failed (" + errno_text(errno) + ")."});
  fd_open = false;
  if (::close(fd) != 0)
    return fail(Error{"cannot write " + quoted(path) + ": closing the file failed (" + errno_text(errno) + ")."});
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    return fail(Error{"cannot write " + quoted(path) + ": renaming the finished temporary file "
                      "onto it failed (" + errno_text(err) + ")."});
  }
  // Make the rename itself durable; failure here does not undo a completed write.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Ok{};
}

std::string output_display_name(const std::string& path) {
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) != 0 || !S_ISLNK(lst.st_mode)) return path;
  char real[PATH_MAX];
  if (::realpath(path.c_str(), real) == nullptr) return path;
  return path + " -> " + real;
}

}  // namespace tconv::io
