#pragma once
// Helpers shared by the io and app tests: a per-test temporary directory and byte-level files.
#include <stdlib.h>
#ifndef _WIN32
#include <unistd.h>
#else
#include <random>
#endif

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace tconv::test {

// A fresh directory under $TMPDIR, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
#ifdef _WIN32
    // No mkdtemp on Windows: a random name, created exclusively (create_directory fails on a clash).
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
      const auto p = std::filesystem::temp_directory_path() / ("tconv-test-" + std::to_string(rd()));
      if (std::filesystem::create_directory(p)) {
        path_ = p;
        return;
      }
    }
    throw std::runtime_error("cannot create a temporary directory");
#else
    std::string tmpl = (std::filesystem::temp_directory_path() / "tconv-test-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
#endif
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }
  // Names of the entries in the directory (to check that no temporary file is left behind).
  std::set<std::string> entries() const {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(path_)) names.insert(e.path().filename().string());
    return names;
  }

 private:
  std::filesystem::path path_;
};

inline void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + path);
}
inline void write_text(const std::string& path, const std::string& text) {
  write_bytes(path, std::vector<uint8_t>(text.begin(), text.end()));
}
inline std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}
inline std::string read_text(const std::string& path) {
  const auto b = read_bytes(path);
  return std::string(b.begin(), b.end());
}
inline bool exists(const std::string& path) { return std::filesystem::exists(path); }

// A .npy file with a hand-written header dict (version 1.0) and raw data bytes.
inline std::vector<uint8_t> npy_with_header(const std::string& dict, const std::vector<uint8_t>& data) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 64 != 0) h.push_back(' ');
  h.push_back('\n');
  const uint8_t prefix[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                              static_cast<uint8_t>(h.size() & 0xff), static_cast<uint8_t>(h.size() >> 8)};
  // memcpy rather than vector::insert: GCC 12 -O2 warns falsely (-Warray-bounds) on the latter.
  std::vector<uint8_t> out(10 + h.size() + data.size());
  std::memcpy(out.data(), prefix, 10);
  std::memcpy(out.data() + 10, h.data(), h.size());
  if (!data.empty()) std::memcpy(out.data() + 10 + h.size(), data.data(), data.size());
  return out;
}

inline std::vector<uint8_t> float_bytes(const std::vector<float>& v) {
  std::vector<uint8_t> out(v.size() * 4);
  for (size_t i = 0; i < v.size(); ++i) std::memcpy(&out[4 * i], &v[i], 4);
  return out;
}

// CRC-32 as PNG chunks use it.
inline uint32_t crc32(const uint8_t* p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
  }
  return c ^ 0xffffffffu;
}

// The start of a PNG (signature + IHDR chunk) claiming width x height, 8-bit, colour type `ct`.
// Enough for the header check; there is no image data.
inline std::vector<uint8_t> png_header_only(uint32_t width, uint32_t height, uint8_t ct) {
  std::vector<uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
  std::vector<uint8_t> chunk = {'I', 'H', 'D', 'R'};
  for (uint32_t v : {width, height})
    for (int s = 24; s >= 0; s -= 8) chunk.push_back(static_cast<uint8_t>(v >> s));
  for (uint8_t b : {uint8_t(8), ct, uint8_t(0), uint8_t(0), uint8_t(0)}) chunk.push_back(b);
  const uint32_t crc = crc32(chunk.data(), chunk.size());
  for (uint8_t b : chunk) out.push_back(b);
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(crc >> s));
  return out;
}

}  // namespace tconv::test
