// GIF and PNG-frame export: written files are read back with giflib's own decoder (DGifSlurp)
// and io::load_image; failures leave nothing behind.
// Sections: helpers (temp dir, frames, a DGifSlurp decoder that composites like a player) |
// GIF round trips | GIF failures | PNG frames
#include <catch2/catch.hpp>

#include <gif_lib.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "analysis/gif.h"
#include "io/image.h"

using namespace tconv;
using namespace tconv::analysis;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/tconv_gif_test_XXXXXX";
    const char* p = mkdtemp(tmpl);
    REQUIRE(p != nullptr);
    path = p;
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::vector<std::string> list() const {
    std::vector<std::string> names;
    if (DIR* d = opendir(path.c_str())) {
      while (dirent* e = readdir(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) names.push_back(e->d_name);
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

ImageRGBA8 solid(int w, int h, uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
  ImageRGBA8 f{w, h, std::vector<uint8_t>(size_t(w) * h * 4)};
  for (size_t i = 0; i < size_t(w) * h; ++i) {
    f.pixels[4 * i] = r;
    f.pixels[4 * i + 1] = g;
    f.pixels[4 * i + 2] = b;
    f.pixels[4 * i + 3] = a;
  }
  return f;
}

void fill_rect(ImageRGBA8& f, int x0, int y0, int w, int h, uint8_t r, uint8_t g, uint8_t b) {
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x) {
      uint8_t* p = &f.pixels[(size_t(y) * f.width + x) * 4];
      p[0] = r, p[1] = g, p[2] = b, p[3] = 255;
    }
}

// A frame with far more than 256 colours: a smooth two-way gradient.
ImageRGBA8 gradient(int w, int h) {
  ImageRGBA8 f = solid(w, h, 0, 0, 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &f.pixels[(size_t(y) * w + x) * 4];
      p[0] = uint8_t(255 * x / (w - 1));
      p[1] = uint8_t(255 * y / (h - 1));
      p[2] = uint8_t(255 - 127 * (x + y) / (w + h - 2));
    }
  return f;
}

struct Decoded {
  int width = 0, height = 0;
  std::vector<std::vector<uint8_t>> frames;  // composited RGB, what a player shows
  std::vector<int> delays;                   // hundredths of a second
  bool loops_forever = false;
};

// Reads a GIF with DGifSlurp and composites its images the way a player does (our writer uses
// disposal "do not dispose": each image is drawn over the previous picture).
Decoded decode(const std::string& path) {
  int err = 0;
  GifFileType* gif = DGifOpenFileName(path.c_str(), &err);
  REQUIRE(gif != nullptr);
  REQUIRE(DGifSlurp(gif) == GIF_OK);
  Decoded d;
  d.width = gif->SWidth;
  d.height = gif->SHeight;
  std::vector<uint8_t> canvas(size_t(d.width) * d.height * 3, 0);
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& im = gif->SavedImages[i];
    for (int e = 0; e + 1 < im.ExtensionBlockCount; ++e) {
      const ExtensionBlock& b = im.ExtensionBlocks[e];
      const ExtensionBlock& next = im.ExtensionBlocks[e + 1];
      if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 && std::memcmp(b.Bytes, "NETSCAPE2.0", 11) == 0 &&
          next.Function == CONTINUE_EXT_FUNC_CODE && next.ByteCount == 3 && next.Bytes[0] == 1)
        d.loops_forever = next.Bytes[1] == 0 && next.Bytes[2] == 0;
    }
    GraphicsControlBlock gcb;
    REQUIRE(DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_OK);
    CHECK(gcb.DisposalMode == DISPOSE_DO_NOT);
    d.delays.push_back(gcb.DelayTime);
    const GifImageDesc& desc = im.ImageDesc;
    const ColorMapObject* map = desc.ColorMap != nullptr ? desc.ColorMap : gif->SColorMap;
    REQUIRE(map != nullptr);
    for (int y = 0; y < desc.Height; ++y)
      for (int x = 0; x < desc.Width; ++x) {
        const GifColorType& c = map->Colors[im.RasterBits[size_t(y) * desc.Width + x]];
        uint8_t* p = &canvas[(size_t(desc.Top + y) * d.width + desc.Left + x) * 3];
        p[0] = c.Red, p[1] = c.Green, p[2] = c.Blue;
      }
    d.frames.push_back(canvas);
  }
  DGifCloseFile(gif, &err);
  return d;
}

// Largest and mean per-channel error of a decoded frame against the RGBA original (opaque).
std::pair<int, double> error(const std::vector<uint8_t>& rgb, const ImageRGBA8& f) {
  int mx = 0;
  double sum = 0;
  for (size_t i = 0; i < size_t(f.width) * f.height; ++i)
    for (int c = 0; c < 3; ++c) {
      const int e = std::abs(int(rgb[3 * i + c]) - int(f.pixels[4 * i + c]));
      mx = std::max(mx, e);
      sum += e;
    }
  return {mx, sum / (3.0 * f.width * f.height)};
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("a 3-frame GIF reads back with its size, delays, loop and colours", "[gif]") {
  TempDir dir;
  ImageRGBA8 f0 = solid(20, 12, 255, 255, 255);
  fill_rect(f0, 0, 0, 10, 12, 200, 30, 40);
  ImageRGBA8 f1 = f0;
  fill_rect(f1, 12, 2, 4, 4, 20, 160, 60);  // a square appears ...
  ImageRGBA8 f2 = f1;
  fill_rect(f2, 12, 2, 4, 4, 255, 255, 255);
  fill_rect(f2, 14, 6, 4, 4, 20, 160, 60);  // ... and moves
  const std::string path = dir.path + "/anim.gif";
  REQUIRE(write_gif(path, {f0, f1, f2}, GifOptions{10}).ok());
  const Decoded d = decode(path);
  CHECK(d.width == 20);
  CHECK(d.height == 12);
  REQUIRE(d.frames.size() == 3);
  CHECK(d.loops_forever);
  CHECK(d.delays == std::vector<int>{10, 10, 10});
  // At most 256 colours per frame: stored exactly.
  CHECK(error(d.frames[0], f0).first == 0);
  CHECK(error(d.frames[1], f1).first == 0);
  CHECK(error(d.frames[2], f2).first == 0);
  CHECK(dir.list() == std::vector<std::string>{"anim.gif"});  // no temporary left
}

TEST_CASE("GIF: many colours are quantised closely; equal frames merge; delays keep the total", "[gif]") {
  TempDir dir;
  const ImageRGBA8 g = gradient(64, 48);
  ImageRGBA8 g2 = g;
  fill_rect(g2, 30, 20, 6, 6, 0, 0, 255);
  const std::string path = dir.path + "/g.gif";
  // 30 fps: frame times 0, 3.33, 6.67, 10 ... hundredths -> delays 3, 4, 3, 3; frames 2 and 3
  // are equal, so the file holds 3 images with delays 3, 4 + 3, 3.
  REQUIRE(write_gif(path, {g, g2, g2, g}, GifOptions{30}).ok());
  const Decoded d = decode(path);
  REQUIRE(d.frames.size() == 3);
  CHECK(d.delays == std::vector<int>{3, 7, 3});
  const auto e0 = error(d.frames[0], g);
  INFO("max error " << e0.first << ", mean " << e0.second);
  CHECK(e0.first <= 32);
  CHECK(e0.second <= 5.0);
  const auto e1 = error(d.frames[1], g2);
  CHECK(e1.second <= 5.0);
  // Only the changed rectangle was re-encoded: its exact blue square is back.
  const uint8_t* p = &d.frames[1][(size_t(22) * 64 + 32) * 3];
  CHECK((p[0] <= 8 && p[1] <= 8 && p[2] >= 247));
}

TEST_CASE("GIF: translucent pixels are blended over the background; no loop when asked", "[gif]") {
  TempDir dir;
  const std::string path = dir.path + "/a.gif";
  GifOptions o{10};
  o.loop_forever = false;
  o.background[0] = 0, o.background[1] = 0, o.background[2] = 0;
  REQUIRE(write_gif(path, {solid(4, 4, 200, 100, 50, 128)}, o).ok());
  const Decoded d = decode(path);
  CHECK_FALSE(d.loops_forever);
  REQUIRE(d.frames.size() == 1);
  // (200*128 + 127)/255 = 100, (100*128 + 127)/255 = 50, (50*128 + 127)/255 = 25
  CHECK(int(d.frames[0][0]) == 100);
  CHECK(int(d.frames[0][1]) == 50);
  CHECK(int(d.frames[0][2]) == 25);
}

TEST_CASE("GIF failures leave nothing behind and existing files untouched", "[gif]") {
  TempDir dir;
  const ImageRGBA8 f = solid(8, 8, 10, 20, 30);
  SECTION("missing folder: refused before rendering") {
    const auto w = GifWriter::create(dir.path + "/missing/anim.gif", 8, 8);
    REQUIRE_FALSE(w.ok());
    CHECK_THAT(w.error().message, Catch::Contains("missing"));
    CHECK(dir.list().empty());
  }
  SECTION("the parent is a file") {
    std::ofstream(dir.path + "/file.txt") << "x";
    CHECK_FALSE(write_gif(dir.path + "/file.txt/anim.gif", {f}).ok());
    CHECK(dir.list() == std::vector<std::string>{"file.txt"});
  }
  SECTION("the folder disappears while rendering: nothing is left") {
    const std::string sub = dir.path + "/sub";
    REQUIRE(mkdir(sub.c_str(), 0755) == 0);
    auto w = GifWriter::create(sub + "/anim.gif", 8, 8);
    REQUIRE(w.ok());
    REQUIRE(w.value().add_frame(f).ok());
    REQUIRE(rmdir(sub.c_str()) == 0);
    CHECK_FALSE(w.value().finish().ok());
    CHECK(dir.list().empty());
  }
  SECTION("an existing file is untouched by a failed or refused export") {
    const std::string path = dir.path + "/anim.gif";
    std::ofstream(path) << "old contents";
    {
      auto w = GifWriter::create(path, 8, 8);
      REQUIRE(w.ok());
      REQUIRE(w.value().add_frame(f).ok());
      const auto bad = w.value().add_frame(solid(9, 8, 0, 0, 0));  // wrong size
      REQUIRE_FALSE(bad.ok());
      CHECK_THAT(bad.error().message, Catch::Contains("same size"));
    }  // abandoned without finish()
    CHECK(read_all(path) == "old contents");
    GifOptions keep;
    keep.overwrite = false;
    const auto refused = write_gif(path, {f}, keep);
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("already exists"));
    CHECK(read_all(path) == "old contents");
    CHECK(dir.list() == std::vector<std::string>{"anim.gif"});
  }
  SECTION("bad options and empty input") {
    CHECK_FALSE(write_gif(dir.path + "/a.gif", {}).ok());
    CHECK_FALSE(write_gif(dir.path + "/a.gif", {f}, GifOptions{60}).ok());
    CHECK_FALSE(GifWriter::create(dir.path + "/a.gif", 0, 8).ok());
    ImageRGBA8 short_pixels = f;
    short_pixels.pixels.resize(10);
    CHECK_FALSE(write_gif(dir.path + "/a.gif", {short_pixels}).ok());
    auto w = GifWriter::create(dir.path + "/a.gif", 8, 8);
    REQUIRE(w.ok());
    CHECK_FALSE(w.value().finish().ok());  // no frames
    CHECK(dir.list().empty());
  }
}

TEST_CASE("PNG frames: numbered names, pixels read back, refusals leave nothing", "[gif]") {
  CHECK(png_frame_name("anim", 0, 12) == "anim_0001.png");
  CHECK(png_frame_name("anim", 11, 12) == "anim_0012.png");
  CHECK(png_frame_name("x", 0, 12000) == "x_00001.png");
  TempDir dir;
  ImageRGBA8 a = solid(5, 3, 255, 0, 0), b = solid(5, 3, 0, 0, 255, 100);
  const auto r = write_png_frames(dir.path, "anim", {a, b});
  REQUIRE(r.ok());
  CHECK(r.value() == std::vector<std::string>{dir.path + "/anim_0001.png", dir.path + "/anim_0002.png"});
  CHECK(dir.list() == std::vector<std::string>{"anim_0001.png", "anim_0002.png"});
  const auto back = io::load_image(r.value()[1]);
  REQUIRE(back.ok());
  REQUIRE(back.value().shape == (Shape4{1, 4, 3, 5}));
  CHECK(back.value().at(0, 2, 1, 1) == 1.0f);
  CHECK(back.value().at(0, 3, 1, 1) == Approx(100.0f / 255.0f));

  SECTION("no overwrite: refused before writing anything") {
    const auto again = write_png_frames(dir.path, "anim", {a, b, a}, false);
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.error().message, Catch::Contains("already exists"));
    CHECK(dir.list().size() == 2);
  }
  SECTION("a failing frame removes the frames this call created") {
    // A directory where frame 2 should go makes its write fail after frame 1 was written.
    REQUIRE(mkdir((dir.path + "/new_0002.png").c_str(), 0755) == 0);
    const auto w = write_png_frames(dir.path, "new", {a, b, a});
    REQUIRE_FALSE(w.ok());
    CHECK_THAT(w.error().message, Catch::Contains("frame 2 of 3"));
    CHECK(dir.list() == std::vector<std::string>{"anim_0001.png", "anim_0002.png", "new_0002.png"});
  }
  SECTION("missing folder, bad prefix, mismatched sizes") {
    CHECK_FALSE(write_png_frames(dir.path + "/missing", "anim", {a}).ok());
    CHECK_FALSE(write_png_frames(dir.path, "a/b", {a}).ok());
    CHECK_FALSE(write_png_frames(dir.path, "m", {a, solid(4, 3, 0, 0, 0)}).ok());
    CHECK(dir.list().size() == 2);
  }
}
