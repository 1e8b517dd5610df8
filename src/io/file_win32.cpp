// The Windows half of file.h: opening, the output-path checks and the atomic write. The temporary
// is created next to the target (_O_EXCL, a random name), flushed (_commit) and moved over the
// target with MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH), Windows' atomic
// replace. Paths are converted to UTF-16 by std::filesystem. Windows has no device nodes or FIFOs
// among ordinary paths, so only directories are refused; Ctrl+C during a write may leave the
// hidden temporary behind (no signal cleanup here).
#include "io/file.h"
#include "io/file_detail.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>
#include <windows.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>

namespace tconv::io {
namespace fs = std::filesystem;

namespace {

using detail::quoted;

using detail::parent_dir;

std::string errno_text(int err) { return std::strerror(err); }

std::string win_error_text(DWORD err) {
  wchar_t* buf = nullptr;
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                     FORMAT_MESSAGE_IGNORE_INSERTS,
                                 nullptr, err, 0, reinterpret_cast<wchar_t*>(&buf), 0, nullptr);
  std::string text = "Windows error " + std::to_string(err);
  if (n > 0 && buf) {
    std::wstring w(buf, n);
    while (!w.empty() && (w.back() == L'\n' || w.back() == L'\r' || w.back() == L'.')) w.pop_back();
    text = fs::path(w).string();
  }
  if (buf) LocalFree(buf);
  return text;
}

Error open_read_error(const std::string& path, int err) {
  if (err == ENOENT)
    return Error{"cannot read " + quoted(path) + ": no such file. Check the path (relative paths "
                 "start from the current folder)."};
  if (err == EACCES)
    return Error{"cannot read " + quoted(path) + ": permission denied. Check the file's "
                 "permissions or copy it somewhere readable."};
  return Error{"cannot read " + quoted(path) + ": " + errno_text(err) + "."};
}

Error create_error(const std::string& path, const std::string& dir, int err) {
  if (err == ENOENT)
    return Error{"cannot write " + quoted(path) + ": the folder " + quoted(dir) +
                 " does not exist. Create it first or choose another output path."};
  if (err == ENOTDIR)
    return Error{"cannot write " + quoted(path) + ": " + quoted(dir) +
                 " is not a folder. Choose an output path inside a folder."};
  if (err == EACCES || err == EPERM || err == EROFS)
    return Error{"cannot write " + quoted(path) + ": no permission to create files in " +
                 quoted(dir) + " (" + errno_text(err) + "). Choose a folder you can write to."};
  return Error{"cannot write " + quoted(path) + ": " + errno_text(err) + "."};
}

Status check_not_directory(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(fs::path(path), ec))
    return Error{"cannot write " + quoted(path) + ": it is a folder. Give a file name, e.g. " +
                 (fs::path(path) / "out.png").string() + "."};
  return Ok{};
}

bool write_all(int fd, const void* data, size_t size, int* err) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const unsigned chunk = static_cast<unsigned>(std::min<size_t>(size, size_t(1) << 30));
    const int n = ::_write(fd, p, chunk);
    if (n < 0) {
      *err = errno;
      return false;
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Result<InputFile> InputFile::open(const std::string& path) {
  if (path.empty()) return Error{"the file name is empty. Give a path to a file."};
  std::error_code ec;
  if (fs::is_directory(fs::path(path), ec))
    return Error{"cannot read " + quoted(path) + ": it is a directory. Give the path of a file "
                 "inside it."};
  const int fd = ::_wopen(fs::path(path).wstring().c_str(), _O_RDONLY | _O_BINARY | _O_NOINHERIT);
  if (fd < 0) return open_read_error(path, errno);
  struct _stat64 st {};
  if (::_fstat64(fd, &st) != 0) {
    const int err = errno;
    ::_close(fd);
    return open_read_error(path, err);
  }
  const bool regular = (st.st_mode & _S_IFMT) == _S_IFREG;
  return InputFile(fd, regular ? static_cast<uint64_t>(st.st_size) : 0, regular, path);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::_close(fd_);
}

Result<size_t> InputFile::read(void* data, size_t size) {
  char* p = static_cast<char*>(data);
  size_t done = 0;
  while (done < size) {
    const int n = ::_read(fd_, p + done, static_cast<unsigned>(std::min<size_t>(size - done, size_t(1) << 30)));
    if (n < 0) return open_read_error(path_, errno);
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

Status check_output_path(const std::string& path) {
  if (path.empty()) return Error{"the output file name is empty. Give a path such as out.png."};
  if (Status st = check_not_directory(path); !st) return st;
  const std::string dir = parent_dir(path);
  std::error_code ec;
  if (!fs::exists(fs::path(dir), ec)) return create_error(path, dir, ENOENT);
  if (!fs::is_directory(fs::path(dir), ec)) return create_error(path, dir, ENOTDIR);
  return Ok{};
}

Status write_file_atomic(const std::string& path,
                         const std::function<Status(const ChunkSink&)>& produce) {
  if (path.empty()) return Error{"the output file name is empty. Give a path such as out.png."};
  if (Status st = check_not_directory(path); !st) return st;
  const std::string dir = parent_dir(path);

  // A hidden temporary with a random suffix, created exclusively (retried on a name clash).
  std::random_device rd;
  std::string tmp;
  int fd = -1;
  int create_errno = 0;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(rd()));
    tmp = (fs::path(dir) / ("." + fs::path(path).filename().string() + ".tmp-" + suffix)).string();
    fd = ::_wopen(fs::path(tmp).wstring().c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY | _O_NOINHERIT,
                  _S_IREAD | _S_IWRITE);
    create_errno = errno;
    if (fd < 0 && create_errno != EEXIST) break;
  }
  if (fd < 0) return create_error(path, dir, create_errno);

  bool fd_open = true;
  auto fail = [&](Error e) -> Status {
    if (fd_open) ::_close(fd);
    ::_wunlink(fs::path(tmp).wstring().c_str());
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
    ::_close(fd);
    ::_wunlink(fs::path(tmp).wstring().c_str());
    throw;
  }
  if (write_err != 0) {
    if (write_err == ENOSPC)
      return fail(Error{"cannot write " + quoted(path) + ": the disk is full (" +
                        errno_text(write_err) + "). Free some space or write elsewhere."});
    return fail(Error{"cannot write " + quoted(path) + ": " + errno_text(write_err) + "."});
  }
  if (!produced.ok()) return fail(produced.error());
  if (::_commit(fd) != 0)
    return fail(Error{"cannot write " + quoted(path) + ": flushing to disk failed (" + errno_text(errno) + ")."});
  fd_open = false;
  if (::_close(fd) != 0)
    return fail(Error{"cannot write " + quoted(path) + ": closing the file failed (" + errno_text(errno) + ")."});
  if (!MoveFileExW(fs::path(tmp).wstring().c_str(), fs::path(path).wstring().c_str(),
                   MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    const DWORD err = GetLastError();
    return fail(Error{"cannot write " + quoted(path) + ": replacing it with the finished temporary "
                      "file failed (" + win_error_text(err) + "). Is it open in another program?"});
  }
  return Ok{};
}

std::string output_display_name(const std::string& path) { return path; }

}  // namespace tconv::io
