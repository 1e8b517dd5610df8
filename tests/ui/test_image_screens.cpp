// Image mode through `tconv-lab gui --image ... --screenshot` (needs an X display, like
// test_screenshots.cpp: without DISPLAY these tests fail and say so). The screenshot is taken
// only after the worker has finished, so the pictures checked here are the finished results.
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

#include "common/display.h"
#include "common/run_binary.h"

#include "io/image.h"

#include "analysis/checkerboard.h"

#ifndef TCONV_LAB_EXE
#define TCONV_LAB_EXE ""
#endif
#ifndef TCONV_ASSETS
#define TCONV_ASSETS ""
#endif

namespace fs = std::filesystem;

namespace {

fs::path image_temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("tconv_test_image_" + std::to_string(getpid()));
  fs::create_directories(d);
  return d;
}

using LabRun = tconv::test::RunResult;

LabRun lab(const std::string& args) {
  // A private config dir: the tests never touch the user's recent files.
  return tconv::test::run_command("XDG_CONFIG_HOME=" + tconv::test::shell_quote((image_temp_dir() / "cfg").string()) +
                                  " " + tconv::test::shell_quote(TCONV_LAB_EXE) + " gui " + args);
}

struct Shot {
  int w = 0, h = 0;
  std::vector<unsigned char> px;  // RGB
  const unsigned char* at(int x, int y) const { return &px[(size_t(y) * size_t(w) + size_t(x)) * 3]; }
};

Shot load_shot(const fs::path& p) {
  Shot s;
  int c = 0;
  unsigned char* d = stbi_load(p.string().c_str(), &s.w, &s.h, &c, 3);
  REQUIRE(d != nullptr);
  s.px.assign(d, d + size_t(s.w) * size_t(s.h) * 3);
  stbi_image_free(d);
  return s;
}

// Pixels in columns [x0, x1) (and rows [y0, y1), default all) passing pred.
template <class Pred>
int count_in(const Shot& s, int x0, int x1, Pred pred, int y0 = 0, int y1 = -1) {
  int n = 0;
  for (int y = y0; y < (y1 < 0 ? s.h : y1); ++y)
    for (int x = x0; x < x1; ++x)
      if (pred(s.at(x, y))) ++n;
  return n;
}

bool sky_blue(const unsigned char* p) { return p[2] > p[0] + 60 && p[2] > 150; }
bool vermillion_text(const unsigned char* p) { return p[0] > 170 && p[1] > 60 && p[1] < 140 && p[2] < 60; }
bool dark_purple(const unsigned char* p) { return p[0] < 110 && p[2] > p[1] + 20 && p[2] > 60 && p[2] < 150; }

const std::string kScene = std::string(TCONV_ASSETS) + "/scene_small.png";

}  // namespace

TEST_CASE("image mode screenshot: scene_small at stride 2 with a 3x3 kernel shows input and output") {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path out = image_temp_dir() / "image_s2k3.png";
  const LabRun r = lab("--image '" + kScene + "' --image-kernel ones3 --stride 2 --window 1280x800 --screenshot '" +
                       out.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const Shot s = load_shot(out);
  REQUIRE(s.w == 1280);
  // The scene's blue sky appears in the input (left of centre) and in the output (right side).
  const int split = s.w * 2 / 3;
  CHECK(count_in(s, s.w / 4, split, sky_blue, s.h / 8) > 2000);
  CHECK(count_in(s, split, s.w, sky_blue, s.h / 8) > 2000);
}

TEST_CASE("image mode screenshot: the explorer's spectrum of a checkerboard") {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path out = image_temp_dir() / "image_spectrum.png";
  const LabRun r = lab("--image '" + kScene + "' --image-kernel ones3 --stride 2 --explorer spectrum --window 1280x800 "
                       "--screenshot '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const Shot s = load_shot(out);
  // Both spectra are drawn in viridis (dark purple background).
  CHECK(count_in(s, s.w / 3, s.w * 2 / 3, dark_purple) > 5000);
  CHECK(count_in(s, s.w * 2 / 3, s.w, dark_purple) > 5000);
  // The summary for the transposed convolution says "checkerboard", in vermillion.
  CHECK(count_in(s, s.w / 4, s.w, vermillion_text) > 50);
}

TEST_CASE("image mode screenshot: a corrupt picture opens the window with the error on screen (exit 0)") {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path bad = image_temp_dir() / "corrupt.png";
  {
    std::ofstream f(bad, std::ios::binary);
    f << "\x89PNG\r\n\x1a\n this is not a picture";
  }
  const fs::path out = image_temp_dir() / "image_corrupt.png";
  const LabRun r = lab("--image '" + bad.string() + "' --screenshot '" + out.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const Shot s = load_shot(out);
  CHECK(count_in(s, 0, s.w / 3, vermillion_text) > 50);  // the message, in the controls column
  CHECK(count_in(s, s.w / 3, s.w, sky_blue, s.h / 8, s.h * 7 / 8) == 0);  // and no picture in the panes
}

TEST_CASE("image mode options: a missing --image, an unknown kernel or explorer view exit 2 before any window") {
  LabRun r = lab("--image /nonexistent/picture.png --screenshot /tmp/never.png");
  CHECK(r.status == 2);
  CHECK(r.err.find("no such file") != std::string::npos);
  r = lab("--image '" + kScene + "' --image-kernel sharpen --screenshot /tmp/never.png");
  CHECK(r.status == 2);
  CHECK(r.err.find("bilinear") != std::string::npos);  // lists the known presets
  r = lab("--image '" + kScene + "' --explorer fft --screenshot /tmp/never.png");
  CHECK(r.status == 2);
  CHECK(r.err.find("spectrum") != std::string::npos);
  r = lab("--mode pictures");
  CHECK(r.status == 2);
}

namespace {
// A float32 .npy of the given shape (C order), written by hand (format 1.0).
void write_npy(const fs::path& p, const std::string& shape, const std::vector<float>& v) {
  std::string h = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + h.size() + 1) % 64 != 0) h += ' ';
  h += '\n';
  std::ofstream f(p, std::ios::binary);
  f.write("\x93NUMPY\x01\x00", 8);
  const unsigned short n = static_cast<unsigned short>(h.size());
  f.put(char(n & 0xff));
  f.put(char(n >> 8));
  f << h;
  f.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
}
}  // namespace

TEST_CASE("image mode screenshot: weights of the wrong shape are refused on screen; the picture stays") {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path bad = image_temp_dir() / "bad.npy";
  write_npy(bad, "(5,)", std::vector<float>(5, 1.0f));
  const fs::path out = image_temp_dir() / "image_badnpy.png";
  const LabRun r = lab("--image '" + kScene + "' --image-kernel '" + bad.string() + "' --window 1280x800 --screenshot '" +
                       out.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const Shot s = load_shot(out);
  CHECK(count_in(s, 0, s.w / 3, vermillion_text) > 50);             // the message
  CHECK(count_in(s, s.w * 2 / 3, s.w, sky_blue, s.h / 8) > 2000);   // the output, computed with the preset
}

// ---------------------------------------------------------------- the overlap pattern's magnifier
namespace {
// The lines `gui --text-dump` wrote: "window<TAB>text".
std::vector<std::pair<std::string, std::string>> read_dump(const fs::path& p) {
  std::vector<std::pair<std::string, std::string>> out;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) {
    const size_t tab = line.find('\t');
    if (tab != std::string::npos) out.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return out;
}
}  // namespace

TEST_CASE("image mode screenshot: the magnifier shows the overlap counts around a pixel, readable") {
  tconv::test::require_display(TCONV_LAB_EXE);
  // scene_small (128 x 96) with ones3 at stride 2: a 257 x 193 output whose counts (1, 2, 4) are
  // a blur at screen size. The magnifier at output pixel (40, 61) writes the 9 x 9 counts around it.
  const fs::path d = image_temp_dir();
  const fs::path png = d / "magnify.png", txt = d / "magnify.txt";
  const LabRun r = lab("--image '" + kScene + "' --image-kernel ones3 --stride 2 --image-magnify 40,61 --window 1280x800 "
                       "--screenshot '" + png.string() + "' --text-dump '" + txt.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto lines = read_dump(txt);
  // The counts the magnifier must show, row-major, from the overlap pattern itself.
  int w = 0, h = 0, c = 0;
  REQUIRE(stbi_info(kScene.c_str(), &w, &h, &c) == 1);
  tconv::ConvTransposeParams p;
  p.stride = {2, 2};
  const auto pattern = tconv::analysis::overlap_pattern_tiled(h, w, tconv::Pair{3, 3}, p);
  REQUIRE(pattern.ok());
  std::vector<std::string> want;
  for (int64_t i = 40 - 4; i <= 40 + 4; ++i)
    for (int64_t j = 61 - 4; j <= 61 + 4; ++j) want.push_back(std::to_string(int(pattern.value().counts.at(i, j))));
  size_t at = lines.size();
  for (size_t i = 0; i < lines.size(); ++i)
    if (lines[i].second == "counts around row 40, col 61") at = i;
  REQUIRE(at < lines.size());
  std::vector<std::string> got;
  for (size_t i = at + 1; i < lines.size() && got.size() < want.size() && lines[i].first == lines[at].first; ++i)
    got.push_back(lines[i].second);
  CHECK(got == want);
  CHECK(std::count(want.begin(), want.end(), "4") > 0);  // the point of the picture: uneven counts
  CHECK(std::count(want.begin(), want.end(), "1") > 0);

  // Without it (and without hovering) there is no magnifier.
  const LabRun plain = lab("--image '" + kScene + "' --image-kernel ones3 --stride 2 --explorer pattern --window 1280x800 "
                           "--screenshot '" + png.string() + "' --text-dump '" + txt.string() + "'");
  REQUIRE(plain.status == 0);
  for (const auto& [win, text] : read_dump(txt)) CHECK(text.find("counts around") == std::string::npos);

  // A malformed position, or another explorer view, exits 2 naming the option.
  LabRun bad = lab("--image '" + kScene + "' --image-magnify 4 --screenshot /tmp/never.png");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--image-magnify") != std::string::npos);
  bad = lab("--image '" + kScene + "' --image-magnify 4,4 --explorer spectrum --screenshot /tmp/never.png");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--explorer pattern") != std::string::npos);
}

TEST_CASE("image mode screenshot: a 2048 x 2048 picture's 4097 x 4097 output is on screen whole") {
  // Its textures (64 MB) go to the GPU a band of rows per frame; the screenshot waits for the last
  // band. The picture is blue with a green stripe in the middle and red last rows: a band missing,
  // shown early (black), or drawn in the wrong place moves or loses a colour.
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path big = image_temp_dir() / "striped_2048.png";
  std::vector<uint8_t> px(size_t(2048) * 2048 * 3);
  for (size_t y = 0; y < 2048; ++y)
    for (size_t x = 0; x < 2048; ++x) {
      uint8_t* p = &px[(y * 2048 + x) * 3];
      const bool red = y >= 2048 - 64, green = y >= 1000 && y < 1032;
      p[0] = red ? 200 : 20;
      p[1] = green ? 200 : red ? 40 : 60;
      p[2] = red ? 20 : green ? 40 : 200;
    }
  REQUIRE(tconv::io::save_image_u8(big.string(), 2048, 2048, 3, px.data()));
  const fs::path out = image_temp_dir() / "image_large.png";
  const LabRun r = lab("--image '" + big.string() + "' --image-kernel ones3 --stride 2 --window 1280x800 --screenshot '" +
                       out.string() + "'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const Shot s = load_shot(out);
  // ones3 at stride 2 multiplies by 1, 2 or 4 (then clips): each colour keeps its hue.
  const auto red = [](const unsigned char* p) { return p[0] > 150 && p[1] < 170 && p[2] < 100; };
  const auto green = [](const unsigned char* p) { return p[1] > 150 && p[0] < 100 && p[2] < 170; };
  // Screen rows where a colour fills part of [x0, x1).
  const auto rows_with = [&](auto pred, int x0, int x1) {
    std::vector<int> rows;
    for (int y = 0; y < s.h; ++y)
      if (count_in(s, x0, x1, pred, y, y + 1) > 40) rows.push_back(y);
    return rows;
  };
  const int split = s.w * 2 / 3;
  for (const auto& [name, x0, x1] : {std::tuple{"input", s.w / 3, split}, std::tuple{"output", split, s.w}}) {
    INFO(name << " pane");
    const std::vector<int> b = rows_with(sky_blue, x0, x1), g = rows_with(green, x0, x1), rd = rows_with(red, x0, x1);
    REQUIRE(!b.empty());
    REQUIRE(!g.empty());
    REQUIRE(!rd.empty());
    CHECK(b.size() > 150);                 // the picture is on screen, most of it blue
    CHECK(g.front() > b.front());          // the stripe inside the picture...
    CHECK(g.back() < rd.front());          // ...above the red rows...
    CHECK(rd.back() >= b.back());          // ...which end the picture: nothing blue below them
    CHECK(rd.size() >= 3);
    CHECK(rd.size() < 40);
  }
}
