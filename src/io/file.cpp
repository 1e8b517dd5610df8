// The portable half of file.h; the per-OS half is file_posix.cpp or file_win32.cpp.
#include "io/file.h"
#include "io/file_detail.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace tconv::io {
namespace fs = std::filesystem;

namespace {
using detail::quoted;
}  // namespace

Result<std::vector<uint8_t>> read_file(const std::string& path, uint64_t max_bytes) {
  auto opened = InputFile::open(path);
  if (!opened) return opened.error();
  InputFile& file = opened.value();
  const auto too_big = [&](uint64_t bytes) {
    return Error{"cannot read " + quoted(path) + ": it is " + std::to_string(bytes) +
                 " bytes, more than the " + std::to_string(max_bytes) +
                 " bytes this kind of file may have here. Use a smaller file."};
  };
  std::vector<uint8_t> bytes;
  if (file.is_regular()) {
    if (file.size() > max_bytes) return too_big(file.size());
    bytes.reserve(static_cast<size_t>(file.size()));
  }
  // Read to EOF (works for pipes too), never past max_bytes.
  std::vector<uint8_t> buf(size_t(1) << 16);
  for (;;) {
    auto n = file.read(buf.data(), buf.size());
    if (!n) return n.error();
    if (n.value() == 0) break;
    if (bytes.size() + n.value() > max_bytes) return too_big(bytes.size() + n.value());
    bytes.insert(bytes.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n.value()));
  }
  return bytes;
}

Status write_file_atomic(const std::string& path, const void* data, size_t size) {
  return write_file_atomic(path, [&](const ChunkSink& sink) -> Status {
    sink(data, size);
    return Ok{};
  });
}

std::string lower_extension(const std::string& path) {
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return ext;
}

}  // namespace tconv::io
