// `tconv-lab animate` without a display (DISPLAY and WAYLAND_DISPLAY unset): the GIF is read back
// with giflib's DGifSlurp (size, total duration = planned frames / fps), PNG frames with stb;
// bad options and existing outputs exit 2 and leave every file as it was.
// Sections: helpers | seed GIF + frames | overwrite | bad options.
#include <catch2/catch.hpp>
#include <gif_lib.h>
#include <stb/stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "analysis/frame_plan.h"
#include "common/run_binary.h"
#include "ui/app_state.h"
#include "ui/editor.h"
#include "ui/presets.h"

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------- helpers
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("tconv_animate_" + std::to_string(::getpid()) + "_" +
                                        std::to_string(std::rand()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

using Run = tconv::test::RunResult;

Run animate(const std::string& args, const TempDir&) {
  return tconv::test::run_command("env -u DISPLAY -u WAYLAND_DISPLAY " + tconv::test::shell_quote(TCONV_LAB_BINARY) +
                                  " animate " + args);
}

std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

struct GifInfo {
  int width = 0, height = 0, images = 0;
  int delay_cs = 0;  // sum of the frame delays, hundredths of a second
};

GifInfo read_gif(const std::string& path) {
  int err = 0;
  GifFileType* g = DGifOpenFileName(path.c_str(), &err);
  REQUIRE(g != nullptr);
  REQUIRE(DGifSlurp(g) == GIF_OK);
  GifInfo info;
  info.width = g->SWidth;
  info.height = g->SHeight;
  info.images = g->ImageCount;
  for (int i = 0; i < g->ImageCount; ++i) {
    GraphicsControlBlock gcb;
    if (DGifSavedExtensionToGCB(g, i, &gcb) == GIF_OK) info.delay_cs += gcb.DelayTime;
  }
  DGifCloseFile(g, &err);
  return info;
}

size_t planned_frames(size_t steps, double fps) {
  tconv::analysis::FramePlanSettings s;
  s.fps = fps;
  auto plan = tconv::analysis::plan_frames(steps, s);
  REQUIRE(plan.ok());
  return plan.value().size();
}

}  // namespace

// ---------------------------------------------------------------- seed GIF + frames
TEST_CASE("animate: the seed example as a GIF and PNG frames without a display") {
  TempDir dir;
  const std::string gif = dir / "seed.gif";
  const Run r = animate("--output '" + gif + "' --fps 5 --size 480x270 --frames-dir '" + (dir / "frames") + "'", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  // The seed: 3x3 input = 9 placements; 8 glides at 1.5 steps/s + 1.5 s end hold = 6.83 s -> 35 frames at 5 fps.
  const size_t frames = planned_frames(9, 5);
  CHECK(frames == 35);
  const GifInfo info = read_gif(gif);
  CHECK(info.width == 480);
  CHECK(info.height == 270);
  // Repeated frames are merged into longer delays, so the images may be fewer; the time is exact.
  CHECK(info.images >= 9);
  CHECK(size_t(info.images) <= frames);
  CHECK(info.delay_cs == int(frames) * 20);
  // Numbered PNG frames, one per planned frame, of the requested size, and not blank.
  for (size_t k = 0; k < frames; ++k) {
    char name[32];
    std::snprintf(name, sizeof name, "seed_%04zu.png", k + 1);
    CHECK(fs::exists(dir.path / "frames" / name));
  }
  CHECK_FALSE(fs::exists(dir.path / "frames" / "seed_0036.png"));
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load((dir / "frames/seed_0001.png").c_str(), &w, &h, &n, 3);
  REQUIRE(px != nullptr);
  CHECK(w == 480);
  CHECK(h == 270);
  int differing = 0;
  for (int i = 0; i < w * h; ++i)
    if (px[3 * i] != px[0] || px[3 * i + 1] != px[1] || px[3 * i + 2] != px[2]) ++differing;
  stbi_image_free(px);
  CHECK(differing > w * h / 50);  // grids and text drawn, not an empty slide
  // Frames change over time: the first and the last PNG differ (the output fills up).
  CHECK(read_all(dir / "frames/seed_0001.png") != read_all(dir / "frames/seed_0035.png"));
}

TEST_CASE("animate: another view and a preset") {
  TempDir dir;
  const std::string gif = dir / "h.gif";
  const Run r = animate("--preset unet --view heatmap --output '" + gif + "' --fps 2 --size 320x240 --theme dark", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const GifInfo info = read_gif(gif);
  CHECK(info.width == 320);
  CHECK(info.height == 240);
}

TEST_CASE("animate: the forward view steps through output cells, not placements") {
  TempDir dir;
  // conv2d of the seed's 3x3 input with its 3x3 kernel has one output cell, so one step (the
  // scatter view of the same configuration has 9).
  const std::string gif = dir / "f.gif";
  const Run r = animate("--view forward --output '" + gif + "' --fps 2 --size 320x240", dir);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(read_gif(gif).delay_cs == int(planned_frames(1, 2)) * 50);
  CHECK(planned_frames(1, 2) != planned_frames(9, 2));
}

// ---------------------------------------------------------------- overwrite
TEST_CASE("animate: an existing GIF or frame is kept without --force") {
  TempDir dir;
  const std::string gif = dir / "a.gif";
  { std::ofstream(gif) << "precious"; }
  Run r = animate("--output '" + gif + "' --fps 2 --size 320x240", dir);
  CHECK(r.status == 2);
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK(r.err.find("--force") != std::string::npos);
  CHECK(read_all(gif) == "precious");

  // An existing frame: the GIF is not written either.
  const std::string gif2 = dir / "b.gif";
  fs::create_directories(dir.path / "fr");
  { std::ofstream(dir / "fr/b_0003.png") << "mine"; }
  r = animate("--output '" + gif2 + "' --fps 2 --size 320x240 --frames-dir '" + (dir / "fr") + "'", dir);
  CHECK(r.status == 2);
  CHECK_FALSE(fs::exists(gif2));
  CHECK(read_all(dir / "fr/b_0003.png") == "mine");
  CHECK_FALSE(fs::exists(dir.path / "fr" / "b_0001.png"));

  // --force replaces.
  r = animate("--output '" + gif + "' --fps 2 --size 320x240 --force", dir);
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(read_gif(gif).width == 320);
}

// ---------------------------------------------------------------- bad options
TEST_CASE("animate: bad options exit 2 with a message and write nothing") {
  TempDir dir;
  const std::string gif = dir / "x.gif";
  const char* bad[] = {
      "--fps 0",
      "--fps 100",
      "--size 10x10",
      "--size big",
      "--view sideways",
      "--preset nosuch",
      "--speed 0",
      "--theme pink",
      "--padding 8",               // the 3x3 seed with padding 8: no output left
      "--input 40",                // beyond the teaching grids
      "--pin-output 9,9",          // outside the 5x5 output
      "--frames-dir FILE/sub --size 64x64 --fps 1 --speed 20",  // a folder inside a file: cannot be made
  };
  { std::ofstream(dir / "FILE") << "a file"; }
  for (const char* opt : bad) {
    INFO(opt);
    std::string o = opt;
    if (const size_t at = o.find("FILE"); at != std::string::npos) o.replace(at, 4, "'" + (dir / "FILE") + "'");
    const Run r = animate("--output '" + gif + "' " + o, dir);
    CHECK(r.status == 2);
    CHECK(r.err.rfind("error: ", 0) == 0);
    CHECK_FALSE(fs::exists(gif));
  }
  // Not a .gif, a missing folder, and no --output at all.
  CHECK(animate("--output '" + (dir / "x.png") + "'", dir).status == 2);
  CHECK_FALSE(fs::exists(dir.path / "x.png"));
  CHECK(animate("--output '" + (dir / "no/such/dir/x.gif") + "'", dir).status == 2);
  CHECK(animate("--fps 5", dir).status == 2);
}

// ---------------------------------------------------------------- PyTorch snippet
// The GUI's "PyTorch code for this picture" runs in PyTorch (Debian's python3-torch) and prints
// the grid the screen shows. Without torch this FAILS -- a snippet nobody ran must not pass --
// unless TCONV_SKIP_TORCH_TESTS=1 is set (as TCONV_SKIP_GPU_TESTS=1 skips the GPU tests).
TEST_CASE("the copied PyTorch code reproduces the output on screen") {
  const tconv::test::RunResult have_torch = tconv::test::run_command("/usr/bin/python3 -c 'import torch'");
  if (have_torch.status != 0) {
    const char* skip = std::getenv("TCONV_SKIP_TORCH_TESTS");
    if (skip && std::string(skip) == "1") {
      WARN("PyTorch snippet test skipped (TCONV_SKIP_TORCH_TESTS=1): python3 cannot import torch");
      return;
    }
    FAIL("python3 cannot import torch, so the PyTorch snippet cannot be checked. Install python3-torch "
         "(bash scripts/install-deps.sh --with-torch), or set TCONV_SKIP_TORCH_TESTS=1 to skip this test on "
         "purpose. python3 said: " << have_torch.err);
  }
  TempDir dir;
  for (const char* preset : {"seed", "dcgan", "padding_strides_odd"}) {
    INFO(preset);
    tconv::ui::AppState s;
    tconv::ui::apply_preset(s.editor, tconv::ui::find_config_preset(preset).value());
    // Weights that %.4g would round: the snippet must carry them exactly.
    tconv::ui::set_kernel_value(s.editor, 0, 0, 0.123456789f);
    tconv::ui::rebuild(s);
    REQUIRE(s.model);
    const std::string code = tconv::ui::pytorch_snippet(s.editor);
    CHECK(code.find("torch.nn.ConvTranspose2d(") != std::string::npos);
    { std::ofstream(dir / "snippet.py") << code << "print(' '.join(repr(v) for v in y.flatten().tolist()))\n"; }
    const tconv::test::RunResult py = tconv::test::run_command("/usr/bin/python3 " + tconv::test::shell_quote(dir / "snippet.py"));
    INFO(py.out << py.err);
    REQUIRE(py.status == 0);
    std::istringstream f(py.out);
    std::string line, last, equal_line;
    while (std::getline(f, line)) {
      if (line == "True" || line == "False") equal_line = line;
      if (!line.empty()) last = line;
    }
    CHECK(equal_line == "True");  // nn.ConvTranspose2d and F.conv_transpose2d agree
    std::istringstream values(last);
    const tconv::TeachingModel& m = *s.model;
    for (int64_t r = 0; r < m.out_h; ++r)
      for (int64_t c = 0; c < m.out_w; ++c) {
        double v = 0;
        REQUIRE(values >> v);
        CHECK(v == Approx(m.output.at(r, c)).epsilon(1e-6).margin(1e-6));
      }
    double extra = 0;
    CHECK_FALSE(values >> extra);  // exactly out_h * out_w values
  }
}
