// Image loading and saving: exact round trips, channel layouts, quantisation, the header size
// check, and damaged files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "io/file.h"
#include "io/image.h"
#include "test_util.h"

using namespace tconv;
using namespace tconv::io;
using tconv::test::TempDir;

namespace {

std::string data_file(const std::string& name) { return std::string(TCONV_IO_DATA_DIR) + "/" + name; }

// (1, C, H, W) with values k/255 for assorted k, so 8-bit files store them exactly.
Tensor4 levels(int64_t c, int64_t h, int64_t w) {
  Tensor4 t(Shape4{1, c, h, w});
  for (size_t i = 0; i < t.data.size(); ++i) t.data[i] = static_cast<float>((i * 37 + 11) % 256) / 255.0f;
  return t;
}

std::string decode_error(const std::vector<uint8_t>& bytes, const ImageLimits& limits = {}) {
  auto r = decode_image(bytes.data(), bytes.size(), limits);
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_CASE("image: png keeps 1, 2, 3 and 4 channels exactly", "[io][image]") {
  TempDir dir;
  for (int64_t c = 1; c <= 4; ++c) {
    const Tensor4 t = levels(c, 5, 7);
    const std::string path = dir.file("x.png");
    REQUIRE(save_image(path, t).ok());
    auto back = load_image(path);
    REQUIRE(back.ok());
    CHECK(back.value().shape == t.shape);
    CHECK(back.value().data == t.data);
  }
}

TEST_CASE("image: bmp and tga keep RGB exactly; tga keeps gray and RGBA", "[io][image]") {
  TempDir dir;
  for (const char* name : {"x.bmp", "x.tga", "X.TGA"}) {
    const Tensor4 t = levels(3, 4, 6);
    REQUIRE(save_image(dir.file(name), t).ok());
    auto back = load_image(dir.file(name));
    REQUIRE(back.ok());
    CHECK(back.value().shape == t.shape);
    CHECK(back.value().data == t.data);
  }
  for (int64_t c : {1, 4}) {
    const Tensor4 t = levels(c, 3, 3);
    REQUIRE(save_image(dir.file("y.tga"), t).ok());
    auto back = load_image(dir.file("y.tga"));
    REQUIRE(back.ok());
    CHECK(back.value().data == t.data);
  }
}

TEST_CASE("image: jpg round trip is close on a smooth image", "[io][image]") {
  TempDir dir;
  Tensor4 t(Shape4{1, 3, 32, 32});
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t y = 0; y < 32; ++y)
      for (int64_t x = 0; x < 32; ++x) t.at(0, c, y, x) = static_cast<float>(x + y + 10 * c) / 100.0f;
  for (const char* name : {"x.jpg", "x.jpeg"}) {
    REQUIRE(save_image(dir.file(name), t).ok());
    auto back = load_image(dir.file(name));
    REQUIRE(back.ok());
    REQUIRE(back.value().shape == t.shape);
    double err = 0;
    for (size_t i = 0; i < t.data.size(); ++i) err += std::fabs(back.value().data[i] - t.data[i]);
    CHECK(err / static_cast<double>(t.data.size()) < 0.02);  // quality 95
  }
}

TEST_CASE("image: saving is clamp(round(255*y), 0, 255)", "[io][image]") {
  TempDir dir;
  Tensor4 t(Shape4{1, 1, 1, 8});
  t.data = {-0.5f, 0.0f, 0.498f, 0.5f, 1.0f, 1.7f, std::numeric_limits<float>::quiet_NaN(),
            std::numeric_limits<float>::infinity()};
  REQUIRE(save_image(dir.file("q.png"), t).ok());
  auto back = load_image(dir.file("q.png"));
  REQUIRE(back.ok());
  // 0.498*255 = 126.99 -> 127; 0.5*255 = 127.5 -> 128 (round half away from zero).
  const std::vector<int> expect = {0, 0, 127, 128, 255, 255, 0, 255};
  for (size_t i = 0; i < expect.size(); ++i)
    CHECK(std::lround(back.value().data[i] * 255.0f) == expect[i]);
  CHECK(count_clamped_for_image(t) == 4);  // -0.5, 1.7, NaN, inf
}

TEST_CASE("image: files from other tools: 16-bit, gray+alpha, palette, animated gif", "[io][image]") {
  SECTION("16-bit gray png keeps 16-bit precision") {
    auto t = load_image(data_file("gray16_3x1.png"));
    REQUIRE(t.ok());
    CHECK(t.value().shape == Shape4{1, 1, 1, 3});
    CHECK(t.value().data[0] == 0.0f);
    CHECK(t.value().data[1] == 32768.0f / 65535.0f);
    CHECK(t.value().data[2] == 1.0f);
  }
  SECTION("gray+alpha png gives 2 channels") {
    auto t = load_image(data_file("gray_alpha_2x2.png"));
    REQUIRE(t.ok());
    CHECK(t.value().shape == Shape4{1, 2, 2, 2});
    CHECK(t.value().data == std::vector<float>{0, 85 / 255.f, 170 / 255.f, 1, 1, 170 / 255.f, 85 / 255.f, 0});
  }
  SECTION("paletted png is expanded to RGB") {
    auto t = load_image(data_file("palette_2x1.png"));
    REQUIRE(t.ok());
    CHECK(t.value().shape == Shape4{1, 3, 1, 2});
    CHECK(t.value().data == std::vector<float>{1, 0, 0, 0, 0, 1});  // R plane, G plane, B plane
  }
  SECTION("gif: the first frame, as RGBA") {
    auto t = load_image(data_file("two_frames_4x3.gif"));
    REQUIRE(t.ok());
    REQUIRE(t.value().shape == Shape4{1, 4, 3, 4});
    for (int64_t y = 0; y < 3; ++y)
      for (int64_t x = 0; x < 4; ++x) {
        CHECK(t.value().at(0, 0, y, x) == 1.0f);  // red, not the second frame's blue
        CHECK(t.value().at(0, 2, y, x) == 0.0f);
        CHECK(t.value().at(0, 3, y, x) == 1.0f);
      }
  }
}

TEST_CASE("image: JPEG variants: gray, progressive, Adobe CMYK", "[io][image]") {
  SECTION("gray stays one channel; the gradient runs from black (top) to white (bottom)") {
    auto t = load_image(data_file("gray_16x16.jpg"));
    REQUIRE(t.ok());
    REQUIRE(t.value().shape == Shape4{1, 1, 16, 16});
    CHECK(t.value().at(0, 0, 0, 8) < 0.1f);
    CHECK(t.value().at(0, 0, 15, 8) > 0.9f);
  }
  SECTION("progressive") {
    auto t = load_image(data_file("progressive_16x16.jpg"));
    REQUIRE(t.ok());
    CHECK(t.value().shape == Shape4{1, 3, 16, 16});
  }
  SECTION("CMYK is converted to RGB") {
    auto t = load_image(data_file("cmyk_red_8x8.jpg"));
    REQUIRE(t.ok());
    REQUIRE(t.value().shape == Shape4{1, 3, 8, 8});
    CHECK(t.value().at(0, 0, 4, 4) == Approx(1.0f).margin(0.02));
    CHECK(t.value().at(0, 1, 4, 4) == Approx(0.0f).margin(0.02));
    CHECK(t.value().at(0, 2, 4, 4) == Approx(0.0f).margin(0.02));
  }
}

TEST_CASE("image: files that crashed or exhausted stb_image 2.27 under the fuzzer are clean errors", "[io][image]") {
  // tests/fuzz/regressions: JPEG Huffman tables with more than 256 codes (also behind 0xFF fill
  // bytes), a scan using an undefined Huffman table, a PNG IDAT chunk claiming 2 GiB.
  const std::string dir = std::string(TCONV_FUZZ_REGRESSIONS_DIR);
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto bytes = test::read_bytes(entry.path().string());
    auto r = decode_image(bytes.data(), bytes.size());
    INFO(entry.path().filename().string());
    CHECK_FALSE(r.ok());
    ++n;
  }
  CHECK(n >= 4);
}

TEST_CASE("image: the bundled sample loads as 256x256 RGB", "[io][image]") {
  auto t = load_image(std::string(TCONV_ASSETS_DIR) + "/sample.png");
  REQUIRE(t.ok());
  CHECK(t.value().shape == Shape4{1, 3, 256, 256});
}

TEST_CASE("image: a header claiming a huge image is refused before decoding", "[io][image]") {
  // PNG claiming 100000 x 100000 RGB: refused by the side limit, from the header alone.
  CHECK_THAT(decode_error(test::png_header_only(100000, 100000, 2)),
             Catch::Contains("100000x100000") && Catch::Contains("Downscale"));
  // 20000 x 30000 gray is under the side limit but over the element limit.
  CHECK_THAT(decode_error(test::png_header_only(20000, 30000, 0)), Catch::Contains("20000x30000"));
  // A tighter limit (as the fuzzer uses) applies too.
  ImageLimits small;
  small.max_elements = 1000;
  CHECK_THAT(decode_error(test::png_header_only(100, 100, 0), small), Catch::Contains("100x100"));
  // GIF header (logical screen 65535 x 65535) and BMP header (40000 x 40000).
  std::vector<uint8_t> gif = {'G', 'I', 'F', '8', '9', 'a', 0xff, 0xff, 0xff, 0xff, 0, 0, 0};
  CHECK_THAT(decode_error(gif), Catch::Contains("65535x65535"));
  std::vector<uint8_t> bmp(54, 0);
  bmp[0] = 'B'; bmp[1] = 'M'; bmp[10] = 54; bmp[14] = 40;
  const uint32_t side = 40000;
  for (int i = 0; i < 4; ++i) {
    bmp[18 + i] = static_cast<uint8_t>(side >> (8 * i));
    bmp[22 + i] = static_cast<uint8_t>(side >> (8 * i));
  }
  bmp[26] = 1; bmp[28] = 24;
  CHECK_THAT(decode_error(bmp), Catch::Contains("40000x40000"));
}

TEST_CASE("image: empty, garbage, truncated and unsupported files are errors", "[io][image]") {
  TempDir dir;
  CHECK_THAT(decode_error({}), Catch::Contains("empty"));
  CHECK_THAT(decode_error({'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'}), Catch::Contains("not an image"));
  CHECK_THAT(decode_error({'8', 'B', 'P', 'S', 0, 1, 0, 0}), Catch::Contains("Photoshop"));
  CHECK_THAT(decode_error({'P', '6', '\n', '1', ' ', '1', '\n', '2', '5', '5', '\n', 0, 0, 0}), Catch::Contains("PNM"));
  CHECK_THAT(decode_error({0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}), Catch::Contains(".npy"));
  // A header with no pixel data after it.
  CHECK_THAT(decode_error(test::png_header_only(4, 4, 2)), Catch::Contains("decoding it failed"));
  // Every truncation of a real PNG: an error, or (never a crash) a consistent image.
  REQUIRE(save_image(dir.file("x.png"), levels(3, 8, 8)).ok());
  const auto png = test::read_bytes(dir.file("x.png"));
  for (size_t n = 0; n < png.size(); ++n) {
    auto r = decode_image(png.data(), n);
    if (r.ok()) CHECK(r.value().shape == Shape4{1, 3, 8, 8});
  }
  // Random byte flips in a PNG, a JPEG and a GIF: never a crash.
  REQUIRE(save_image(dir.file("x.jpg"), levels(3, 16, 16)).ok());
  std::mt19937 rng(99);
  for (const auto& good : {png, test::read_bytes(dir.file("x.jpg")), test::read_bytes(data_file("two_frames_4x3.gif"))}) {
    for (int iter = 0; iter < 300; ++iter) {
      std::vector<uint8_t> b = good;
      for (int f = 0; f < 3; ++f) b[rng() % b.size()] = static_cast<uint8_t>(rng());
      auto r = decode_image(b.data(), b.size());
      if (r.ok()) CHECK(r.value().data.size() == static_cast<size_t>(r.value().shape.count()));
    }
  }
  // A BMP cut short: an error, not rows of zeros.
  REQUIRE(save_image(dir.file("x.bmp"), levels(3, 8, 8)).ok());
  auto bmp = test::read_bytes(dir.file("x.bmp"));
  CHECK(decode_image(bmp.data(), bmp.size()).ok());
  bmp.resize(bmp.size() - 10);
  CHECK_THAT(decode_error(bmp), Catch::Contains("truncated BMP"));
  // Files: missing, and messages name the file.
  auto missing = load_image(dir.file("nope.png"));
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("nope.png") && Catch::Contains("no such file"));
  test::write_text(dir.file("bad.png"), "garbage garbage");
  auto bad = load_image(dir.file("bad.png"));
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("bad.png") && Catch::Contains("not an image"));
}

TEST_CASE("image: saving refuses what an image file cannot hold, and says to use .npy", "[io][image]") {
  TempDir dir;
  const std::string unknown = dir.file("x.webp");
  auto st = save_image(unknown, levels(3, 2, 2));
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("'.webp'") && Catch::Contains(".png, .jpg (or .jpeg), .bmp, .tga"));
  st = save_image(dir.file("x.png"), levels(5, 2, 2));
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("5") && Catch::Contains(".npy"));
  Tensor4 batch(Shape4{2, 3, 2, 2});
  st = save_image(dir.file("x.png"), batch);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("batch of 2") && Catch::Contains(".npy"));
  CHECK_FALSE(check_image_savable(Shape4{1, 3, 70000, 2}, ImageFormat::Jpg).ok());
  CHECK(check_image_savable(Shape4{1, 3, 70000, 2}, ImageFormat::Png).ok());
  CHECK(dir.entries().empty());  // nothing was written
}

TEST_CASE("image: format from the output name", "[io][image]") {
  CHECK(image_format_from_path("a/b.PNG") == ImageFormat::Png);
  CHECK(image_format_from_path("b.jpeg") == ImageFormat::Jpg);
  CHECK(image_format_from_path("b.bmp") == ImageFormat::Bmp);
  CHECK(image_format_from_path("b.tga") == ImageFormat::Tga);
  CHECK_FALSE(image_format_from_path("b.gif").has_value());  // read, not written
  CHECK_FALSE(image_format_from_path("png").has_value());
  CHECK(is_image_input_path("x.gif"));
  CHECK_FALSE(is_image_input_path("x.npy"));
}

TEST_CASE("image: save_image_u8 writes interleaved 8-bit pixels (screenshots)", "[io][image]") {
  TempDir dir;
  const std::vector<uint8_t> px = {255, 0, 0, 255, 0, 255, 0, 128};  // 2x1 RGBA
  REQUIRE(save_image_u8(dir.file("s.png"), 2, 1, 4, px.data()).ok());
  auto back = load_image(dir.file("s.png"));
  REQUIRE(back.ok());
  CHECK(back.value().shape == Shape4{1, 4, 1, 2});
  CHECK(back.value().at(0, 3, 0, 1) == 128.0f / 255.0f);
  CHECK_FALSE(save_image_u8(dir.file("s.gif"), 2, 1, 4, px.data()).ok());
}

namespace {
// A TGA by hand: 18-byte header (type 2 = uncompressed true colour, 10 = RLE), then pixels.
std::vector<uint8_t> tga_header(uint8_t type, int w, int h, uint8_t bpp) {
  return {0, 0, type, 0, 0, 0, 0, 0, 0, 0, 0, 0,
          static_cast<uint8_t>(w), static_cast<uint8_t>(w >> 8), static_cast<uint8_t>(h),
          static_cast<uint8_t>(h >> 8), bpp, 0x20};
}
}  // namespace

TEST_CASE("image: a truncated uncompressed TGA is an error, not uninitialised pixels", "[io][image][truncated]") {
  // 30 x 20 RGB: 18 + 1800 bytes; the same cut to 922 bytes (as in the report).
  std::vector<uint8_t> tga = tga_header(2, 30, 20, 24);
  for (int i = 0; i < 30 * 20 * 3; ++i) tga.push_back(static_cast<uint8_t>(i * 7));
  auto whole = decode_image(tga.data(), tga.size());
  REQUIRE(whole.ok());
  CHECK(whole.value().shape == Shape4{1, 3, 20, 30});
  tga.resize(922);
  CHECK_THAT(decode_error(tga), Catch::Contains("truncated TGA") && Catch::Contains("30x20") &&
                                    Catch::Contains("896 bytes of pixel data"));
  tga.resize(1817);  // one byte short
  CHECK_THAT(decode_error(tga), Catch::Contains("truncated TGA") && Catch::Contains("1 bytes of pixel data"));
  // Through load_image the message names the file.
  TempDir dir;
  test::write_bytes(dir.file("cut.tga"), tga);
  auto r = load_image(dir.file("cut.tga"));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("cut.tga") && Catch::Contains("truncated TGA"));
}

TEST_CASE("image: a truncated RLE TGA is an error; every cut of a saved one too", "[io][image][truncated]") {
  // 4 x 2 RGB, by hand: a run of 5 equal pixels (0x84 + 1 pixel), then 3 raw pixels (0x02 + 3).
  std::vector<uint8_t> tga = tga_header(10, 4, 2, 24);
  for (int b : {0x84, 1, 2, 3, 0x02, 4, 5, 6, 7, 8, 9, 10, 11, 12}) tga.push_back(static_cast<uint8_t>(b));
  REQUIRE(decode_image(tga.data(), tga.size()).ok());
  std::vector<uint8_t> cut(tga.begin(), tga.end() - 3);
  CHECK_THAT(decode_error(cut), Catch::Contains("truncated TGA") && Catch::Contains("3 of its 8 pixels"));
  // stb writes TGA with RLE: every cut after the header is refused.
  TempDir dir;
  REQUIRE(save_image(dir.file("x.tga"), levels(3, 9, 11)).ok());
  const auto saved = test::read_bytes(dir.file("x.tga"));
  REQUIRE(saved[2] == 10);
  REQUIRE(decode_image(saved.data(), saved.size()).ok());
  for (size_t n = 18; n < saved.size(); ++n) {
    INFO("cut to " << n << " of " << saved.size() << " bytes");
    auto r = decode_image(saved.data(), n);
    // stb's writer ends with a 26-byte footer ("TRUEVISION-XFILE"): cuts inside it lose no pixels.
    if (r.ok()) CHECK(n >= saved.size() - 26);
  }
}

TEST_CASE("image: a truncated JPEG is an error naming what is missing", "[io][image][truncated]") {
  TempDir dir;
  REQUIRE(save_image(dir.file("x.jpg"), levels(3, 64, 48)).ok());
  auto jpg = test::read_bytes(dir.file("x.jpg"));
  REQUIRE(decode_image(jpg.data(), jpg.size()).ok());
  jpg.resize(jpg.size() * 2 / 3);
  CHECK_THAT(decode_error(jpg), Catch::Contains("truncated") && Catch::Contains("Premature end"));
  // Progressive: the later scans missing.
  auto prog = test::read_bytes(data_file("progressive_16x16.jpg"));
  REQUIRE(decode_image(prog.data(), prog.size()).ok());
  prog.resize(prog.size() - 40);
  CHECK_FALSE(decode_image(prog.data(), prog.size()).ok());
  test::write_bytes(dir.file("cut.jpg"), jpg);
  auto r = load_image(dir.file("cut.jpg"));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("cut.jpg"));
}

TEST_CASE("image: a truncated GIF is an error, not rows of zeros", "[io][image][truncated]") {
  const auto gif = test::read_bytes(data_file("two_frames_4x3.gif"));
  REQUIRE(decode_image(gif.data(), gif.size()).ok());
  // Find where the first frame's data ends: the first image descriptor (0x2C) after the header
  // and colour table, then its sub-blocks. Every cut before that end is refused.
  size_t p = 13 + ((gif[10] & 0x80) ? 3 * (size_t(1) << ((gif[10] & 7) + 1)) : 0);
  while (gif[p] == 0x21) {
    p += 2;
    while (gif[p] != 0) p += 1 + gif[p];
    ++p;
  }
  REQUIRE(gif[p] == 0x2c);
  const uint8_t flags = gif[p + 9];
  p += 10 + ((flags & 0x80) ? 3 * (size_t(1) << ((flags & 7) + 1)) : 0) + 1;
  while (gif[p] != 0) p += 1 + gif[p];
  const size_t first_frame_end = p + 1;
  REQUIRE(first_frame_end < gif.size());
  for (size_t n = 13; n < first_frame_end; ++n) {
    INFO("cut to " << n << " bytes");
    auto r = decode_image(gif.data(), n);
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("truncated GIF"));
  }
  // The second frame is not read: a file cut after the first one still gives it.
  CHECK(decode_image(gif.data(), first_frame_end).ok());
}

TEST_CASE("image: a 20000x20000 RGB PNG gets the size-limit message, not 'unknown image type'", "[io][image]") {
  for (uint8_t ct : {uint8_t(2), uint8_t(6)}) {
    const std::string msg = decode_error(test::png_header_only(20000, 20000, ct));
    CHECK_THAT(msg, Catch::Contains("20000x20000") && Catch::Contains("Downscale"));
  }
}

TEST_CASE("image: saving in pieces (check, rows in bands, encode, write) gives save_image's bytes and messages",
          "[io][image]") {
  // Image mode's Save in a browser page without threads converts a band of rows per frame and
  // encodes on a worker: the pieces must add up to exactly what save_image writes.
  TempDir dir;
  Tensor4 t(Shape4{1, 3, 37, 53});
  for (size_t i = 0; i < t.data.size(); ++i) t.data[i] = float((i * 7919) % 311) / 250.0f - 0.1f;  // some clip
  for (const char* name : {"p.png", "p.bmp", "p.tga", "p.jpg"}) {
    INFO(name);
    REQUIRE(save_image(dir.file(std::string("whole_") + name), t).ok());
    const Result<ImageFormat> f = check_image_save(dir.file(std::string("bands_") + name), t.shape);
    REQUIRE(f.ok());
    std::vector<uint8_t> px(size_t(37 * 53 * 3), 0xAB);
    for (int64_t r = 0; r < 37; r += 5) interleave_rows(t, r, std::min<int64_t>(37, r + 5), px.data() + r * 53 * 3);
    const auto bytes = encode_image_u8(53, 37, 3, px.data(), f.value());
    REQUIRE(bytes.ok());
    REQUIRE(write_file_atomic(dir.file(std::string("bands_") + name), bytes.value().data(), bytes.value().size()).ok());
    const auto whole = read_file(dir.file(std::string("whole_") + name), 1 << 20);
    const auto bands = read_file(dir.file(std::string("bands_") + name), 1 << 20);
    REQUIRE(whole.ok());
    REQUIRE(bands.ok());
    CHECK(whole.value() == bands.value());
  }
  // What save_image refuses, check_image_save refuses with the same message.
  const auto refused = [&](const std::string& path, const Tensor4& x) {
    const Status a = save_image(path, x);
    const Result<ImageFormat> b = check_image_save(path, x.shape);
    REQUIRE(!a.ok());
    REQUIRE(!b.ok());
    CHECK(a.error().message == b.error().message);
  };
  refused(dir.file("p.gif"), t);                              // unknown extension
  refused(dir.file("p.png"), Tensor4(Shape4{1, 5, 4, 4}));    // 5 channels
  refused(dir.file("p.png"), Tensor4(Shape4{2, 3, 4, 4}));    // a batch of two
}
