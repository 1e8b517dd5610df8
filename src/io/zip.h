#pragma once
// A minimal ZIP writer: entries stored as they are (method 0, no compression), for handing several
// files over as one (the browser's download of an animation's PNG frames). PNG is compressed
// already, so deflating it again would gain little. Format: PKWARE's APPNOTE.TXT, version 1.0
// features only -- local header + data per entry, the central directory, its end record; no
// ZIP64, no data descriptors, no encryption. Every entry is dated 1980-01-01 00:00 (the format's
// earliest date), so the same files give the same archive byte for byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace tconv::io {

// CRC-32 as ZIP, PNG and zlib use it (reflected polynomial 0xEDB88320, initial and final XOR
// 0xFFFFFFFF). Chains like zlib's crc32(): crc32(b, n2, crc32(a, n1)) is the CRC of a then b.
uint32_t crc32(const void* data, size_t size, uint32_t crc = 0);

struct ZipEntry {
  std::string name;            // path inside the archive, '/'-separated, e.g. "anim_0001.png"
  std::vector<uint8_t> bytes;  // the file's content
};

// The whole archive in memory. Errors: an empty, absolute ("/x") or escaping ("../x") name, a
// backslash or control character in a name, a name used twice, more than 65535 entries, or an
// archive of 4 GiB or more (these need ZIP64, which this writer does not write).
Result<std::vector<uint8_t>> zip_stored(const std::vector<ZipEntry>& entries);

// zip_stored, written atomically (write_file_atomic) to `path`.
Status write_zip(const std::string& path, const std::vector<ZipEntry>& entries);

}  // namespace tconv::io
