#include "io/zip.h"

#include <array>
#include <set>

#include "io/file.h"

namespace tconv::io {

namespace {

std::array<uint32_t, 256> crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t n = 0; n < 256; ++n) {
    uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[n] = c;
  }
  return t;
}

void put16(std::vector<uint8_t>& o, uint32_t v) {  // ZIP is little-endian throughout
  o.push_back(uint8_t(v));
  o.push_back(uint8_t(v >> 8));
}
void put32(std::vector<uint8_t>& o, uint32_t v) {
  put16(o, v & 0xFFFFu);
  put16(o, v >> 16);
}

Status check_name(const std::string& n) {
  const auto bad = [&](const std::string& why) {
    return Error{"the ZIP entry name '" + n + "' " + why + ". Use a relative path with '/' between folders."};
  };
  if (n.empty()) return Error{"a ZIP entry has an empty name. Give every file a name."};
  if (n.size() > 0xFFFF) return bad("is longer than 65535 bytes");
  if (n.front() == '/') return bad("is absolute");
  for (char c : n)
    if (c == '\\' || static_cast<unsigned char>(c) < 0x20) return bad("contains a backslash or a control character");
  if (n == ".." || n.compare(0, 3, "../") == 0 || n.find("/../") != std::string::npos ||
      (n.size() >= 3 && n.compare(n.size() - 3, 3, "/..") == 0))
    return bad("climbs out of the archive with '..'");
  return Ok();
}

constexpr uint32_t kDosTime = 0;                         // 00:00:00
constexpr uint32_t kDosDate = (0u << 9) | (1u << 5) | 1;  // 1980-01-01 (years since 1980, month, day)
constexpr uint32_t kVersionNeeded = 10;                  // 1.0: stored entries only
constexpr uint32_t kMadeBy = (3u << 8) | 20;             // Unix, spec 2.0: external attributes are a mode
constexpr uint32_t kUnixRegular0644 = 0100644u << 16;    // regular file, rw-r--r--

}  // namespace

uint32_t crc32(const void* data, size_t size, uint32_t crc) {
  static const std::array<uint32_t, 256> table = crc_table();
  const auto* p = static_cast<const uint8_t*>(data);
  uint32_t c = crc ^ 0xFFFFFFFFu;
  for (size_t i = 0; i < size; ++i) c = table[(c ^ p[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

Result<std::vector<uint8_t>> zip_stored(const std::vector<ZipEntry>& entries) {
  if (entries.size() > 0xFFFF)
    return Error{"a ZIP archive without ZIP64 holds at most 65535 files, not " + std::to_string(entries.size()) +
                 ". Split the files over several archives."};
  std::set<std::string> names;
  uint64_t total = 22;  // the end record
  for (const ZipEntry& e : entries) {
    if (Status st = check_name(e.name); !st) return st.error();
    if (!names.insert(e.name).second)
      return Error{"the ZIP entry name '" + e.name + "' is used twice. Give every file its own name."};
    total += 30 + 46 + 2 * uint64_t(e.name.size()) + e.bytes.size();
  }
  if (total > 0xFFFFFFFFull)
    return Error{"the files add up to 4 GiB or more, which a ZIP archive without ZIP64 cannot hold. Export fewer "
                 "or smaller frames."};

  std::vector<uint8_t> out, central;
  out.reserve(size_t(total));
  for (const ZipEntry& e : entries) {
    const uint32_t crc = crc32(e.bytes.data(), e.bytes.size());
    const uint32_t offset = uint32_t(out.size());
    const uint32_t size = uint32_t(e.bytes.size());
    const uint32_t name_len = uint32_t(e.name.size());
    // local file header
    put32(out, 0x04034b50u);
    put16(out, kVersionNeeded);
    put16(out, 0);  // flags
    put16(out, 0);  // method: stored
    put16(out, kDosTime);
    put16(out, kDosDate);
    put32(out, crc);
    put32(out, size);  // compressed size
    put32(out, size);  // uncompressed size
    put16(out, name_len);
    put16(out, 0);  // extra field length
    out.insert(out.end(), e.name.begin(), e.name.end());
    out.insert(out.end(), e.bytes.begin(), e.bytes.end());
    // its central directory header
    put32(central, 0x02014b50u);
    put16(central, kMadeBy);
    put16(central, kVersionNeeded);
    put16(central, 0);  // flags
    put16(central, 0);  // method
    put16(central, kDosTime);
    put16(central, kDosDate);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, name_len);
    put16(central, 0);  // extra field length
    put16(central, 0);  // comment length
    put16(central, 0);  // disk number
    put16(central, 0);  // internal attributes
    put32(central, kUnixRegular0644);
    put32(central, offset);
    central.insert(central.end(), e.name.begin(), e.name.end());
  }
  const uint32_t central_offset = uint32_t(out.size());
  out.insert(out.end(), central.begin(), central.end());
  // end of central directory record
  put32(out, 0x06054b50u);
  put16(out, 0);  // this disk
  put16(out, 0);  // the disk with the central directory
  put16(out, uint32_t(entries.size()));
  put16(out, uint32_t(entries.size()));
  put32(out, uint32_t(central.size()));
  put32(out, central_offset);
  put16(out, 0);  // comment length
  return out;
}

Status write_zip(const std::string& path, const std::vector<ZipEntry>& entries) {
  Result<std::vector<uint8_t>> z = zip_stored(entries);
  if (!z) return z.error();
  return write_file_atomic(path, z.value().data(), z.value().size());
}

}  // namespace tconv::io
