// The stored-ZIP writer (io/zip.h): CRC-32 check values, one archive written out byte by byte,
// the refused names, and archives checked by two independent readers (Python's zipfile and
// Info-ZIP's unzip), which must also extract the same bytes.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/file.h"
#include "io/zip.h"

#ifndef _WIN32
#include "common/run_binary.h"
#endif

using tconv::io::ZipEntry;

namespace {
std::vector<uint8_t> bytes_of(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }
}  // namespace

TEST_CASE("crc32 gives the standard check values", "[zip]") {
  const std::string nine = "123456789";  // the check value every CRC-32 catalogue lists
  CHECK(tconv::io::crc32(nine.data(), nine.size()) == 0xCBF43926u);
  CHECK(tconv::io::crc32("", 0) == 0u);
  const std::string fox = "The quick brown fox jumps over the lazy dog";
  CHECK(tconv::io::crc32(fox.data(), fox.size()) == 0x414FA339u);
  // Chaining: the CRC of two pieces equals the CRC of the whole.
  CHECK(tconv::io::crc32(nine.data() + 4, 5, tconv::io::crc32(nine.data(), 4)) == 0xCBF43926u);
}

TEST_CASE("a one-file stored archive, byte by byte", "[zip]") {
  // "a.txt" holding "hi\n" (3 bytes, CRC-32 0xED6F7A7A). All numbers little-endian.
  const std::vector<uint8_t> want = {
      // local file header, offset 0 (30 bytes + name + data = 38)
      0x50, 0x4B, 0x03, 0x04,  // signature PK\3\4
      0x0A, 0x00,              // version needed: 1.0
      0x00, 0x00,              // flags
      0x00, 0x00,              // method 0: stored
      0x00, 0x00,              // time 00:00:00
      0x21, 0x00,              // date 1980-01-01: (0 << 9) | (1 << 5) | 1
      0x7A, 0x7A, 0x6F, 0xED,  // CRC-32
      0x03, 0x00, 0x00, 0x00,  // compressed size
      0x03, 0x00, 0x00, 0x00,  // uncompressed size
      0x05, 0x00,              // name length
      0x00, 0x00,              // extra length
      'a', '.', 't', 'x', 't', 'h', 'i', '\n',
      // central directory header, offset 38 (46 bytes + name = 51)
      0x50, 0x4B, 0x01, 0x02,  // signature PK\1\2
      0x14, 0x03,              // made by: Unix (3), spec 2.0 (20)
      0x0A, 0x00,              // version needed
      0x00, 0x00, 0x00, 0x00,  // flags, method
      0x00, 0x00, 0x21, 0x00,  // time, date
      0x7A, 0x7A, 0x6F, 0xED,  // CRC-32
      0x03, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,  // sizes
      0x05, 0x00, 0x00, 0x00, 0x00, 0x00,              // name, extra, comment lengths
      0x00, 0x00, 0x00, 0x00,  // disk number, internal attributes
      0x00, 0x00, 0xA4, 0x81,  // external attributes: mode 0100644 << 16
      0x00, 0x00, 0x00, 0x00,  // local header offset 0
      'a', '.', 't', 'x', 't',
      // end of central directory, offset 89 (22 bytes)
      0x50, 0x4B, 0x05, 0x06,  // signature PK\5\6
      0x00, 0x00, 0x00, 0x00,  // disk numbers
      0x01, 0x00, 0x01, 0x00,  // entries on this disk, in all
      0x33, 0x00, 0x00, 0x00,  // central directory size 51
      0x26, 0x00, 0x00, 0x00,  // central directory offset 38
      0x00, 0x00,              // comment length
  };
  const tconv::Result<std::vector<uint8_t>> z = tconv::io::zip_stored({{"a.txt", bytes_of("hi\n")}});
  REQUIRE(z);
  CHECK(z.value().size() == 111);
  CHECK(z.value() == want);
}

TEST_CASE("an empty archive is just the end record", "[zip]") {
  const tconv::Result<std::vector<uint8_t>> z = tconv::io::zip_stored({});
  REQUIRE(z);
  const std::vector<uint8_t> want = {0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(z.value() == want);
}

TEST_CASE("zip names that would escape or clash are refused with a reason", "[zip]") {
  const auto msg = [](const std::vector<ZipEntry>& e) {
    const tconv::Result<std::vector<uint8_t>> z = tconv::io::zip_stored(e);
    return z ? std::string() : z.error().message;
  };
  CHECK_THAT(msg({{"", {}}}), Catch::Contains("empty name"));
  CHECK_THAT(msg({{"/etc/passwd", {}}}), Catch::Contains("absolute"));
  CHECK_THAT(msg({{"../x.png", {}}}), Catch::Contains("'..'"));
  CHECK_THAT(msg({{"a/../../x.png", {}}}), Catch::Contains("'..'"));
  CHECK_THAT(msg({{"a\\b.png", {}}}), Catch::Contains("backslash"));
  CHECK_THAT(msg({{"a.png", {}}, {"a.png", {}}}), Catch::Contains("used twice"));
  CHECK(msg({{"frames/a..b.png", {}}}).empty());  // dots inside a name are fine
}

#ifndef _WIN32
TEST_CASE("zip archives pass python's zipfile and unzip, and extract to the same bytes", "[zip]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tconv_zip_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Every byte value, an empty file, a folder, and a real PNG.
  std::vector<uint8_t> all(256 * 40);
  for (size_t i = 0; i < all.size(); ++i) all[i] = uint8_t(i * 7 + i / 256);
  std::vector<ZipEntry> entries = {{"bytes.bin", all}, {"empty.txt", {}}, {"sub/note.txt", bytes_of("frames\n")}};
  {
    tconv::Result<std::vector<uint8_t>> png = tconv::io::read_file(TCONV_ASSETS_DIR "/scene_small.png", 1 << 24);
    REQUIRE(png);
    entries.push_back({"scene_small.png", png.value()});
  }
  const std::string zip = (dir / "test.zip").string();
  REQUIRE(tconv::io::write_zip(zip, entries));

  using tconv::test::run_command;
  using tconv::test::shell_quote;
  const tconv::test::RunResult py = run_command("python3 -m zipfile -t " + shell_quote(zip));
  INFO(py.out << py.err);
  CHECK(py.status == 0);
  CHECK_THAT(py.out, Catch::Contains("Done testing"));
  CHECK_THAT(py.out, !Catch::Contains("corrupted"));  // zipfile -t reports a bad CRC but exits 0
  // Python's reader must list the names and give back the bytes.
  const fs::path out_py = dir / "py";
  const tconv::test::RunResult ex = run_command("python3 -m zipfile -e " + shell_quote(zip) + " " + shell_quote(out_py.string()));
  INFO(ex.err);
  REQUIRE(ex.status == 0);
  for (const ZipEntry& e : entries) {
    const tconv::Result<std::vector<uint8_t>> back = tconv::io::read_file((out_py / e.name).string(), 1 << 24);
    INFO(e.name);
    REQUIRE(back);
    CHECK(back.value() == e.bytes);
  }
  if (run_command("command -v unzip").status == 0) {
    const tconv::test::RunResult uz = run_command("unzip -t " + shell_quote(zip));
    INFO(uz.out << uz.err);
    CHECK(uz.status == 0);
    CHECK_THAT(uz.out, Catch::Contains("No errors detected"));
  } else {
    WARN("unzip is not installed: only python's zipfile checked the archive (apt install unzip)");
  }
  // The checks can fail: a flipped data byte is a CRC error for both.
  std::vector<uint8_t> broken = tconv::io::zip_stored(entries).value();
  broken[40] ^= 0xFF;  // inside bytes.bin's data (its local header is 30 + 9 bytes)
  const std::string bad = (dir / "bad.zip").string();
  REQUIRE(tconv::io::write_file_atomic(bad, broken.data(), broken.size()));
  CHECK_THAT(run_command("python3 -m zipfile -t " + shell_quote(bad)).out, Catch::Contains("corrupted: 'bytes.bin'"));
  if (run_command("command -v unzip").status == 0) CHECK(run_command("unzip -t " + shell_quote(bad)).status != 0);
  fs::remove_all(dir);
}
#endif
