#pragma once
// Reading whole files and writing them atomically.
// Atomic write: the bytes go to a temporary file in the target's directory, which is flushed to
// disk (fsync) and then renamed over the target. A reader therefore sees either the old file or
// the complete new one; on any failure the temporary is removed and an existing target is left
// untouched. Every writer in tconv-lab goes through write_file_atomic().
// Only a regular file or a new name is written. A symbolic link to a regular file replaces that
// file (the link stays); a directory, device, FIFO, socket, a link to one of those or a dangling
// link is an Error and is left as it is.
// SIGINT and SIGTERM during a write remove the temporary file (the signal is then delivered as
// before); SIGKILL cannot be caught, so a killed writer can leave a hidden .NAME.tmp-XXXXXX.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tconv::io {

// A file opened for reading, with the same error messages as read_file. Move-only.
class InputFile {
 public:
  static Result<InputFile> open(const std::string& path);
  InputFile(InputFile&& o) noexcept : fd_(o.fd_), size_(o.size_), regular_(o.regular_), path_(std::move(o.path_)) { o.fd_ = -1; }
  InputFile& operator=(InputFile&&) = delete;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();
  bool is_regular() const { return regular_; }    // false for pipes and devices
  uint64_t size() const { return size_; }          // of a regular file; 0 otherwise
  const std::string& path() const { return path_; }
  // Reads up to `size` bytes; returns how many (fewer only at end of file).
  Result<size_t> read(void* data, size_t size);

 private:
  InputFile(int fd, uint64_t size, bool regular, std::string path)
      : fd_(fd), size_(size), regular_(regular), path_(std::move(path)) {}
  int fd_ = -1;
  uint64_t size_ = 0;
  bool regular_ = false;
  std::string path_;
};

// Reads a whole file. Errors (with how to fix them): missing, a directory, unreadable, or larger
// than max_bytes.
Result<std::vector<uint8_t>> read_file(const std::string& path, uint64_t max_bytes);

// Appends bytes to the temporary file; returns false when the write failed (the writer then
// reports the error, the producer should just stop).
using ChunkSink = std::function<bool(const void* data, size_t size)>;

// Streams the file's content through `produce`, which calls the sink once or more and returns
// Ok, or an Error to abandon the write (the target is then untouched). A new file gets the
// usual permissions (0666 minus umask); a replaced file keeps its permissions.
Status write_file_atomic(const std::string& path,
                         const std::function<Status(const ChunkSink&)>& produce);
Status write_file_atomic(const std::string& path, const void* data, size_t size);

// How to name a written file in a message: the path, or "link -> target" when the path is a
// symbolic link (the target is what write_file_atomic replaces).
std::string output_display_name(const std::string& path);

// Cheap check before a long computation: can a file be created at `path`? Errors when the
// parent directory is missing or not a directory, or when `path` is not a regular file or a
// link to one (see above).
Status check_output_path(const std::string& path);

// Lower-cased extension with the dot ("out.PNG" -> ".png"); "" when there is none.
std::string lower_extension(const std::string& path);

}  // namespace tconv::io
