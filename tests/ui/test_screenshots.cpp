// The whole window, through `tconv-lab gui --screenshot` (the screenshot testing contract).
// Needs an X display: CI runs ctest under xvfb-run. Without DISPLAY these tests FAIL with a
// message saying so (they never pass without having looked at a picture). The option-error tests
// need no display: options are checked before any window opens.
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "common/display.h"
#include "common/run_binary.h"

#ifndef TCONV_LAB_EXE
#define TCONV_LAB_EXE ""
#endif

namespace fs = std::filesystem;

namespace {

using Run = tconv::test::RunResult;

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("tconv_test_ui_" + std::to_string(getpid()));
  fs::create_directories(d);
  return d;
}

// Runs tconv-lab with the arguments (already shell-quoted where needed); captures stderr.
Run run_lab(const std::string& args, const std::string& env = "") {
  return tconv::test::run_command(env + " " + tconv::test::shell_quote(TCONV_LAB_EXE) + " " + args);
}

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return rgb.data() + (size_t(y) * size_t(w) + size_t(x)) * 3; }
};

Image load_png(const fs::path& p) {
  Image im;
  int n = 0;
  unsigned char* data = stbi_load(p.string().c_str(), &im.w, &im.h, &n, 3);
  REQUIRE(data != nullptr);
  im.rgb.assign(data, data + size_t(im.w) * size_t(im.h) * 3);
  stbi_image_free(data);
  return im;
}

// Pixels within `tol` of the colour (per channel).
long count_near(const Image& im, int r, int g, int b, int tol) {
  long n = 0;
  for (int y = 0; y < im.h; ++y)
    for (int x = 0; x < im.w; ++x) {
      const unsigned char* p = im.at(x, y);
      if (std::abs(p[0] - r) <= tol && std::abs(p[1] - g) <= tol && std::abs(p[2] - b) <= tol) ++n;
    }
  return n;
}

// Takes a screenshot and checks: exit 0, file written, size = window, not blank.
Image shoot(const std::string& name, const std::string& args, int w, int h) {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path png = temp_dir() / (name + ".png");
  fs::remove(png);
  const Run r = run_lab("gui --screenshot '" + png.string() + "' --window " + std::to_string(w) + "x" +
                        std::to_string(h) + " " + args);
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  REQUIRE(fs::exists(png));
  Image im = load_png(png);
  CHECK(im.w == w);
  CHECK(im.h == h);
  // Not blank: many distinct colours and plenty of bright (text) pixels.
  long bright = 0;
  std::vector<bool> seen(1 << 15, false);
  long distinct = 0;
  for (size_t i = 0; i + 2 < im.rgb.size(); i += 3) {
    const int key = (im.rgb[i] >> 3) << 10 | (im.rgb[i + 1] >> 3) << 5 | (im.rgb[i + 2] >> 3);
    if (!seen[size_t(key)]) {
      seen[size_t(key)] = true;
      ++distinct;
    }
    if (im.rgb[i] > 200 && im.rgb[i + 1] > 200 && im.rgb[i + 2] > 200) ++bright;
  }
  CHECK(distinct > 50);
  CHECK(bright > long(w) * long(h) / 500);
  return im;
}

// Where pixels of one colour lie in a region: how many, and their bounding box.
struct ColourBox {
  long n = 0;
  int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1;
  int w() const { return n ? x1 - x0 + 1 : 0; }
  int h() const { return n ? y1 - y0 + 1 : 0; }
};
ColourBox colour_box(const Image& im, int r, int g, int b, int rx0, int ry0, int rx1, int ry1) {
  ColourBox box;
  for (int y = ry0; y < ry1 && y < im.h; ++y)
    for (int x = rx0; x < rx1 && x < im.w; ++x) {
      const unsigned char* p = im.at(x, y);
      if (std::abs(p[0] - r) > 12 || std::abs(p[1] - g) > 12 || std::abs(p[2] - b) > 12) continue;
      ++box.n;
      box.x0 = std::min(box.x0, x);
      box.y0 = std::min(box.y0, y);
      box.x1 = std::max(box.x1, x);
      box.y1 = std::max(box.y1, y);
    }
  return box;
}

// Okabe-Ito orange: the current step.
long orange_pixels(const Image& im) { return count_near(im, 0xE6, 0x9F, 0x00, 12); }

}  // namespace

TEST_CASE("screenshot: the default window is the seed example at step 1", "[screenshot]") {
  const Image im = shoot("default", "", 1280, 800);
  CHECK(orange_pixels(im) > 500);  // current input and the kernel frames
}

TEST_CASE("screenshot: every view draws its own colour layout", "[screenshot]") {
  // padding_strides_odd (3x3 -> 6x6, stride 2) at step 5 with y[2,3] pinned, 1280x800: the canvas
  // lies in x 330..900, y 55..645 (below the tabs, above the legend). Each view is recognised by
  // where it puts the current step (orange), the pinned cell (sky blue) and viridis -- a picture
  // that another view, drawn instead, does not make.
  struct Boxes {
    ColourBox orange, blue, yellow, purple;
  };
  auto boxes = [](const Image& im) {
    const int x0 = 330, y0 = 55, x1 = 900, y1 = 645;
    return Boxes{colour_box(im, 0xE6, 0x9F, 0x00, x0, y0, x1, y1), colour_box(im, 0x56, 0xB4, 0xE9, x0, y0, x1, y1),
                 colour_box(im, 0xFD, 0xE7, 0x25, x0, y0, x1, y1), colour_box(im, 0x44, 0x01, 0x54, x0, y0, x1, y1)};
  };
  const std::string preset = "--preset padding_strides_odd ";
  {
    // Scatter: orange frames from the input column across to the output grid; no viridis.
    const Boxes b = boxes(shoot("view_scatter", preset + "--step 5 --pin-output 2,3 --view scatter", 1280, 800));
    CHECK(b.orange.n > 1000);
    CHECK(b.orange.w() > 300);
    CHECK(b.blue.n > 500);
    CHECK(b.yellow.n < 50);
  }
  {
    // Gather: no orange frame; sky blue around the window on z and the pinned output cell, side by
    // side in one band.
    const Boxes b = boxes(shoot("view_gather", preset + "--step 5 --pin-output 2,3 --view gather", 1280, 800));
    CHECK(b.orange.n < 50);
    CHECK(b.blue.n > 500);
    CHECK(b.blue.w() > 250);
    CHECK(b.blue.h() < 120);
  }
  {
    // Matrix: the current input's column of C^T (orange, tall and narrow) and the pinned cell's
    // row (sky blue, wide and flat).
    const Boxes b = boxes(shoot("view_matrix", preset + "--step 5 --pin-output 2,3 --view matrix", 1280, 800));
    CHECK(b.orange.h() > 400);
    CHECK(b.orange.w() < 30);
    CHECK(b.blue.w() > 150);
    CHECK(b.blue.h() < 20);
  }
  {
    // Heat-map: viridis from dark purple to yellow.
    const Boxes b = boxes(shoot("view_heatmap", preset + "--step 5 --pin-output 2,3 --view heatmap", 1280, 800));
    CHECK(b.yellow.n > 1000);
    CHECK(b.purple.n > 10000);
    CHECK(b.orange.n < 50);
  }
  {
    // Forward: input patch, kernel and output cell side by side in one band at the top.
    const Boxes b = boxes(shoot("view_forward", preset + "--pin-output 0,1 --view forward", 1280, 800));
    CHECK(b.orange.n > 1000);
    CHECK(b.orange.w() > 400);
    CHECK(b.orange.h() < 150);
    CHECK(b.blue.h() < 150);
  }
  {
    // Paired: the two convolutions one above the other (orange over most of the height), the
    // adjoint's sky-blue underline wide and flat.
    const Boxes b = boxes(shoot("view_paired", preset + "--view paired", 1280, 800));
    CHECK(b.orange.n > 1000);
    CHECK(b.orange.h() > 250);
    CHECK(b.blue.w() > 150);
    CHECK(b.blue.h() < 30);
    CHECK(b.yellow.n < 50);
  }
}

TEST_CASE("screenshot: projector size, light theme, presets with padding and dilation", "[screenshot]") {
  const Image a = shoot("projector", "--preset dcgan --step 6 --view scatter", 1920, 1080);
  CHECK(orange_pixels(a) > 500);
  const Image b = shoot("light", "--preset dilated --light --view gather", 1280, 800);
  long white = count_near(b, 255, 255, 255, 3);
  CHECK(white > 1280L * 800L / 10);  // a light theme really is light
  // The heat-map's viridis extremes: dark purple and yellow cells.
  const Image c = shoot("distill_heat", "--preset distill --view heatmap", 1280, 800);
  CHECK(count_near(c, 0x44, 0x01, 0x54, 10) > 500);
  CHECK(count_near(c, 0xFD, 0xE7, 0x25, 10) > 500);
}

TEST_CASE("screenshot: an impossible configuration is explained on screen, exit 0", "[screenshot]") {
  // output_padding 2 with stride 1 breaks PyTorch's rule; the window says so in words (vermillion).
  const Image im = shoot("impossible", "--output-padding 2", 1280, 800);
  CHECK(count_near(im, 0xD5, 0x5E, 0x00, 12) > 200);
  CHECK(orange_pixels(im) < 50);  // no step is drawn
}

TEST_CASE("bad options exit 2 with 'error:' before any window opens", "[options]") {
  REQUIRE(std::string(TCONV_LAB_EXE) != "");
  const std::string png = (temp_dir() / "never.png").string();
  struct Case {
    std::string args, says;
  } cases[] = {
      {"gui --bogus", "--bogus"},
      {"gui --screenshot '" + png + "' --preset nope", "unknown preset 'nope'"},
      {"gui --screenshot '" + png + "' --step 10", "steps 1 to 9"},
      {"gui --screenshot '" + png + "' --step 0", "steps 1 to 9"},
      {"gui --screenshot '" + png + "' --view side", "scatter, gather, matrix, heatmap"},
      {"gui --screenshot '" + png + "' --pin-output 5,0", "outside the 5x5 output"},
      {"gui --screenshot '" + png + "' --pin-output 1", "ROW,COL"},
      {"gui --screenshot '" + png + "' --window 12", "WIDTHxHEIGHT"},
      {"gui --screenshot '" + png + "' --scale 9", "between 0.5 and 3"},
      {"gui --screenshot /nonexistent-dir/x.png", "error:"},
      {"gui --screenshot '" + (temp_dir() / "x.gif").string() + "'", ".png"},
      {"gui --screenshot '" + png + "' --stride 9", "--stride 9 is out of range: the visualizer takes 1 to 5"},
      {"gui --screenshot '" + png + "' --padding 1,x", "--padding '1,x' is not a number"},
      {"gui --screenshot '" + png + "' --output-padding 2 --step 1", "need a possible configuration"},
  };
  for (const Case& c : cases) {
    INFO("tconv-lab " << c.args);
    const Run r = run_lab(c.args, "DISPLAY=");
    CHECK(r.status == 2);
    CHECK(r.err.rfind("error: ", 0) == 0);
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK_FALSE(fs::exists(png));
  }
}

TEST_CASE("no display: a clear message and exit 2, never a crash", "[options]") {
  REQUIRE(std::string(TCONV_LAB_EXE) != "");
  const std::string png = (temp_dir() / "nodisplay.png").string();
  const Run r = run_lab("gui --screenshot '" + png + "'", "env -u DISPLAY -u WAYLAND_DISPLAY");
  CHECK(r.status == 2);
  CHECK(r.err.rfind("error: cannot open the visualizer window", 0) == 0);
  CHECK(r.err.find("xvfb-run") != std::string::npos);
  CHECK_FALSE(fs::exists(png));
}
