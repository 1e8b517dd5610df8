#pragma once
// Internal to tconv_io: the small pieces file.cpp and each system's half (file_posix.cpp,
// file_win32.cpp) word their messages with.
#include <filesystem>
#include <string>

namespace tconv::io::detail {

// 'path' in single quotes, as every message of this layer names files.
inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The directory a file at `path` lives in, as a path we can open ("." for a bare name).
inline std::string parent_dir(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace tconv::io::detail
