// The teaching canvases use the room they have: large grids pick the arrangement with the largest
// cells (a tall canvas puts input and kernel above the output), canvas text is never cut at the
// projector sizes, and hovering a term of the size formula highlights the rows it counts.
// Sections: layouts (window-free) | size-formula terms (window-free) | through the window
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "common/display.h"
#include "common/run_binary.h"
#include "core/params.h"
#include "ui/views/hover.h"
#include "ui/views/layout.h"

#ifndef TCONV_LAB_EXE
#define TCONV_LAB_EXE ""
#endif

using namespace tconv;
using namespace tconv::ui;
namespace fs = std::filesystem;

// ---------------------------------------------------------------- layouts

namespace {

RectF bbox(std::initializer_list<const GridGeom*> gs) {
  RectF b{1e9f, 1e9f, -1e9f, -1e9f};
  for (const GridGeom* g : gs) {
    const RectF r = g->rect();
    b = {std::min(b.x0, r.x0), std::min(b.y0, r.y0), std::max(b.x1, r.x1), std::max(b.y1, r.y1)};
  }
  return b;
}

struct Config {
  int64_t in, k, s;
};
// Large grids, where no cell size cap applies: the canvas itself limits the cells.
const Config kLarge[] = {{16, 8, 2}, {12, 5, 3}, {16, 3, 2}, {10, 8, 1}, {8, 4, 4}};
// Tall, square and wide canvases (pixels).
const RectF kCanvases[] = {{0, 0, 600, 1000}, {0, 0, 800, 800}, {0, 0, 1200, 560}, {20, 30, 700, 900}};

int64_t full_size(const Config& c) { return conv_transpose_output_size(AxisParams{c.in, c.k, c.s, 0, 1, 0}); }

}  // namespace

TEST_CASE("canvas fit: a tall canvas puts input and kernel above the output (hand-worked)", "[canvas-fit][layout]") {
  // 16x16 input, 8x8 kernel, stride 2: the uncropped output is 15*2 + 8 = 38 cells a side. In a
  // 600x1000 canvas (label line 24, so gap 24):
  //  - output right of the input column: 38*co + 16*cs + 24 <= 600 with cs >= co/2 gives co = 12;
  //  - output under a row of input, kernel, products: 38*co <= 600 gives co = 15, and the row
  //    above (16 + 2*8 cells wide, 16 tall) still fits 15-pixel cells: 2*24 + 24 + 38*15 + 16*15 = 882 <= 1000.
  const RectF tall{0, 0, 600, 1000};
  CHECK(scatter_output_cell(ScatterArrangement::Side, tall, {16, 16}, {8, 8}, {38, 38}, 24, 96) == 12);
  CHECK(scatter_output_cell(ScatterArrangement::Above, tall, {16, 16}, {8, 8}, {38, 38}, 24, 96) == 15);
  const ScatterLayout L = layout_scatter(tall, {16, 16}, {8, 8}, {38, 38}, {0, 0}, 24, 96);
  REQUIRE(L.fits);
  CHECK(L.arrangement == ScatterArrangement::Above);
  CHECK(L.full.cell == 15);
  CHECK(L.input.rect().y1 < L.full.rect().y0);  // above it

  // The same grids on a wide canvas keep the column on the left.
  const ScatterLayout W = layout_scatter({0, 0, 1400, 600}, {16, 16}, {8, 8}, {38, 38}, {0, 0}, 24, 96);
  REQUIRE(W.fits);
  CHECK(W.arrangement == ScatterArrangement::Side);
  CHECK(W.input.rect().x1 < W.full.rect().x0);
}

TEST_CASE("canvas fit: the scatter grids fill the canvas, inside it and apart", "[canvas-fit][layout]") {
  for (const Config& c : kLarge) {
    const int64_t full = full_size(c);
    for (const RectF& area : kCanvases) {
      INFO("in " << c.in << " k " << c.k << " s " << c.s << " (full " << full << "), canvas " << area.w() << "x" << area.h());
      const ScatterLayout L = layout_scatter(area, {c.in, c.in}, {c.k, c.k}, {full, full}, {0, 0}, 24, 96);
      REQUIRE(L.fits);
      const float side = scatter_output_cell(ScatterArrangement::Side, area, {c.in, c.in}, {c.k, c.k}, {full, full}, 24, 96);
      const float above = scatter_output_cell(ScatterArrangement::Above, area, {c.in, c.in}, {c.k, c.k}, {full, full}, 24, 96);
      // The larger cells win (another arrangement replaces the column only for 10% larger ones).
      CHECK(L.full.cell >= std::max(side, above) / 1.1f);
      if (above > 1.1f * side) CHECK(L.arrangement != ScatterArrangement::Side);
      for (const GridGeom* g : {&L.input, &L.kernel, &L.products, &L.full}) CHECK(g->rect().inside(area));
      const GridGeom* gs[] = {&L.input, &L.kernel, &L.products, &L.full};
      for (int i = 0; i < 4; ++i)
        for (int j = i + 1; j < 4; ++j) CHECK_FALSE(gs[i]->rect().overlaps(gs[j]->rect()));
      const RectF b = bbox({&L.input, &L.kernel, &L.products, &L.full});
      // The grids use the canvas: most of its width or most of its height (whichever limits).
      CHECK(std::max(b.w() / area.w(), b.h() / area.h()) >= 0.6f);
      if (L.full.cell < 96) CHECK(std::max(b.w() / area.w(), b.h() / area.h()) >= 0.85f);
    }
  }
}

TEST_CASE("canvas fit: gather and forward grids fill the canvas too", "[canvas-fit][layout]") {
  for (const Config& c : kLarge) {
    const int64_t full = full_size(c), z = (c.in - 1) * c.s + 1 + 2 * (c.k - 1);
    const int64_t fpad = c.in + 2, fout = (c.in + 2 - c.k) / 1 + 1;  // forward, padding 1, stride 1
    for (const RectF& area : kCanvases) {
      INFO("in " << c.in << " k " << c.k << " s " << c.s << ", canvas " << area.w() << "x" << area.h());
      const GatherLayout G = layout_gather(area, {c.k, c.k}, {z, z}, {full, full}, 24, 96);
      REQUIRE(G.fits);
      for (const GridGeom* q : {&G.kernel, &G.flipped, &G.z, &G.output}) CHECK(q->rect().inside(area));
      CHECK_FALSE(G.z.rect().overlaps(G.output.rect()));
      CHECK_FALSE(G.flipped.rect().overlaps(G.z.rect()));
      CHECK_FALSE(G.flipped.rect().overlaps(G.output.rect()));
      const RectF gb = bbox({&G.kernel, &G.flipped, &G.z, &G.output});
      CHECK(std::max(gb.w() / area.w(), gb.h() / area.h()) >= 0.6f);
      // A tall canvas stacks z above y, a wide one keeps them side by side.
      if (area.h() > 1.5f * area.w()) CHECK(G.stacked);
      if (area.w() > 2 * area.h()) CHECK_FALSE(G.stacked);

      if (fout < 1) continue;
      const ForwardLayout F = layout_forward(area, {fpad, fpad}, {c.k, c.k}, {fout, fout}, 24, 96);
      REQUIRE(F.fits);
      for (const GridGeom* q : {&F.input, &F.kernel, &F.output}) CHECK(q->rect().inside(area));
      CHECK_FALSE(F.input.rect().overlaps(F.kernel.rect()));
      CHECK_FALSE(F.input.rect().overlaps(F.output.rect()));
      CHECK_FALSE(F.kernel.rect().overlaps(F.output.rect()));
      const RectF fb = bbox({&F.input, &F.kernel, &F.output});
      CHECK(std::max(fb.w() / area.w(), fb.h() / area.h()) >= 0.6f);
    }
  }
}

// ---------------------------------------------------------------- size-formula terms

TEST_CASE("canvas fit: the rows each size-formula term counts (hand-worked)", "[canvas-fit][size-term]") {
  // in 3, k 3, s 2, p 1, op 1: placements start at rows 0, 2, 4; the last kernel reaches row 6;
  // output_padding adds row 7; the uncropped canvas is 8 rows; padding crops rows 0 and 7: 6 kept.
  const AxisParams a{3, 3, 2, 1, 1, 1};
  REQUIRE(conv_transpose_output_size(a) == 6);
  using V = std::vector<Span>;
  CHECK(size_term_spans(a, SizeTerm::Stride) == V{{0, 4}});         // (3 - 1) x 2 = 4: rows 0..3
  CHECK(size_term_spans(a, SizeTerm::Kernel) == V{{4, 6}});         // 1 x (3 - 1) = 2: rows 4, 5
  CHECK(size_term_spans(a, SizeTerm::One) == V{{6, 7}});            // row 6, the last one reached
  CHECK(size_term_spans(a, SizeTerm::OutputPadding) == V{{7, 8}});  // row 7, added at the bottom
  CHECK(size_term_spans(a, SizeTerm::Padding) == V{{0, 1}, {7, 8}});
  CHECK(size_term_spans(a, SizeTerm::None).empty());

  // in 4, k 3, s 1, d 2, p 0, op 0: origins 0..3, the last kernel reaches 3 + 2*2 = 7; 8 rows.
  const AxisParams b{4, 3, 1, 0, 2, 0};
  REQUIRE(conv_transpose_output_size(b) == 8);
  CHECK(size_term_spans(b, SizeTerm::Stride) == V{{0, 3}});
  CHECK(size_term_spans(b, SizeTerm::Kernel) == V{{3, 7}});
  CHECK(size_term_spans(b, SizeTerm::One) == V{{7, 8}});
  CHECK(size_term_spans(b, SizeTerm::OutputPadding).empty());
  CHECK(size_term_spans(b, SizeTerm::Padding).empty());

  // One input, 1x1 kernel: only "+ 1" counts anything.
  const AxisParams c{1, 1, 3, 0, 1, 0};
  CHECK(size_term_spans(c, SizeTerm::Stride).empty());
  CHECK(size_term_spans(c, SizeTerm::Kernel).empty());
  CHECK(size_term_spans(c, SizeTerm::One) == V{{0, 1}});

  CHECK(size_term_caption(a, SizeTerm::Stride, true) == "(in - 1) x s = 4 rows: first to last kernel origin");
  CHECK(size_term_caption(a, SizeTerm::Padding, false) == "- 2 x p = 2 columns cropped, p on each side");
  CHECK(size_term_caption(a, SizeTerm::OutputPadding, true) == "+ op = 1 row added at the bottom");
  // While a lesson asks for the size, no counts.
  CHECK(size_term_caption(a, SizeTerm::Stride, true, false) == "(in - 1) x s: first to last kernel origin");
  CHECK(size_term_caption(a, SizeTerm::Padding, true, false) == "- 2 x p: cropped, p on each side");
  CHECK(parse_size_term("output_padding") == SizeTerm::OutputPadding);
  CHECK_FALSE(parse_size_term("stride2"));
}

TEST_CASE("canvas fit: the terms split the uncropped canvas, padding crops its ends", "[canvas-fit][size-term]") {
  for (int64_t in = 1; in <= 5; ++in)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t s = 1; s <= 3; ++s)
        for (int64_t d = 1; d <= 2; ++d)
          for (int64_t op = 0; op < std::max(s, d); ++op)
            for (int64_t p = 0; p <= 2; ++p) {
              const AxisParams a{in, k, s, p, d, op};
              if (validate_axis(a, "height")) continue;
              const int64_t full = conv_transpose_output_size(a) + 2 * p;
              std::vector<int> hits(size_t(full), 0);
              for (SizeTerm t : {SizeTerm::Stride, SizeTerm::Kernel, SizeTerm::One, SizeTerm::OutputPadding})
                for (const Span& sp : size_term_spans(a, t))
                  for (int64_t r = sp.begin; r < sp.end; ++r) ++hits[size_t(r)];
              INFO("in " << in << " k " << k << " s " << s << " d " << d << " op " << op << " p " << p);
              CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
              int64_t cropped = 0;
              for (const Span& sp : size_term_spans(a, SizeTerm::Padding)) {
                cropped += sp.end - sp.begin;
                CHECK((sp.begin == 0 || sp.end == full));
              }
              CHECK(cropped == 2 * p);
            }
}

// ---------------------------------------------------------------- through the window

namespace {

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("tconv_test_canvas_fit_" + std::to_string(getpid()));
  fs::create_directories(d);
  return d;
}

struct Report {
  int status = -1;
  std::string err;
  std::vector<std::string> lines;  // the layout audit's JSON lines: text without room
};

// `tconv-lab gui --screenshot PNG --layout-report JSONL args` (as in test_fit.cpp).
Report layout_report(const std::string& args, const fs::path& png) {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path json = temp_dir() / "layout.jsonl";
  fs::remove(png);
  fs::remove(json);
  const tconv::test::RunResult r = tconv::test::run_gui_command(
      tconv::test::layout_report_command(TCONV_LAB_EXE, png.string(), json.string(), args));
  Report rep;
  rep.status = r.status;
  rep.err = r.err;
  std::ifstream f(json);
  for (std::string line; std::getline(f, line);)
    if (!line.empty()) rep.lines.push_back(line);
  return rep;
}

bool in_canvas(const std::string& json_line) {
  const size_t w = json_line.find("\"window\":\"");
  if (w == std::string::npos) return false;
  const size_t end = json_line.find('"', w + 10);
  return json_line.substr(w + 10, end - (w + 10)).find("canvas") != std::string::npos;
}

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> rgb;
  const unsigned char* at(int x, int y) const { return rgb.data() + (size_t(y) * size_t(w) + size_t(x)) * 3; }
};
Image load(const fs::path& png) {
  Image im;
  int n = 0;
  unsigned char* d = stbi_load(png.string().c_str(), &im.w, &im.h, &n, 3);
  REQUIRE(d != nullptr);
  im.rgb.assign(d, d + size_t(im.w) * size_t(im.h) * 3);
  stbi_image_free(d);
  return im;
}

// Rows of the picture with a long horizontal run of the band's frame colour (#009E73): the top and
// bottom edges of each band.
std::vector<int> green_edge_rows(const Image& im) {
  std::vector<int> rows;
  for (int y = 0; y < im.h; ++y) {
    int run = 0, best = 0;
    for (int x = 0; x < im.w; ++x) {
      const unsigned char* p = im.at(x, y);
      const bool g = std::abs(p[0] - 0) <= 10 && std::abs(p[1] - 158) <= 10 && std::abs(p[2] - 115) <= 10;
      run = g ? run + 1 : 0;
      best = std::max(best, run);
    }
    if (best >= 150) rows.push_back(y);
  }
  return rows;
}

// The bands' edges as [first, last] pixel rows of runs of consecutive edge rows (a frame is a few
// pixels thick).
std::vector<std::pair<int, int>> runs(const std::vector<int>& rows) {
  std::vector<std::pair<int, int>> r;
  for (int y : rows) {
    if (!r.empty() && y <= r.back().second + 1) r.back().second = y;
    else r.push_back({y, y});
  }
  return r;
}

}  // namespace

TEST_CASE("canvas fit: canvas text fits in every view at every size and scale", "[canvas-fit][screenshot]") {
  const char* views[] = {"--view scatter",
                         "--view gather",
                         "--view matrix",
                         "--view heatmap",
                         "--view forward",
                         "--view paired",
                         "--view channels --in-channels 4 --out-channels 4 --groups 2",
                         "--preset 1d",
                         "--view scatter --input 16 --kernel 8",
                         "--view gather --input 12 --kernel 5 --stride 3"};
  const char* sizes[] = {"1024x768", "1280x800", "1920x1080"};
  const fs::path png = temp_dir() / "shot.png";
  for (const char* v : views)
    for (const char* size : sizes)
      for (const char* scale : {"1", "2"}) {
        const std::string args = std::string(v) + " --window " + size + " --ui-scale " + scale;
        const Report r = layout_report(args, png);
        std::string cut;
        for (const std::string& l : r.lines)
          if (in_canvas(l)) cut += l + "\n";
        INFO("gui " << args << "\nstderr: " << r.err << "\ncanvas text without room:\n" << cut);
        REQUIRE(r.status == 0);
        CHECK(cut.empty());
      }
}

TEST_CASE("canvas fit: a hovered size-formula term is a band over the rows it counts", "[canvas-fit][screenshot]") {
  // in 3, k 3, s 2, p 1, op 1 (hand-worked above): the uncropped canvas has 8 rows; the stride
  // term covers rows 0..3, the kernel term rows 4..5, "+ 1" row 6, output_padding row 7.
  const std::string cfg = "--view scatter --input 3 --kernel 3 --stride 2 --padding 1 --output-padding 1 "
                          "--window 1280x800 --ui-scale 1";
  const fs::path png = temp_dir() / "band.png";
  auto bands = [&](const std::string& term) {
    const Report r = layout_report(cfg + (term.empty() ? "" : " --highlight-term " + term + ":rows"), png);
    INFO("stderr: " << r.err);
    REQUIRE(r.status == 0);
    return runs(green_edge_rows(load(png)));
  };
  CHECK(bands("").empty());  // nothing hovered: no band
  const auto stride = bands("stride"), kernel = bands("kernel"), one = bands("one"), op = bands("output_padding");
  const auto pad = bands("padding");
  // One band each (two edges); padding: two bands (four edges).
  REQUIRE(stride.size() == 2);
  REQUIRE(kernel.size() == 2);
  REQUIRE(one.size() == 2);
  REQUIRE(op.size() == 2);
  REQUIRE(pad.size() == 4);
  // Edges are found to a few pixels (the frame is anti-aliased and drawn over the cell lines).
  auto height = [](const std::vector<std::pair<int, int>>& b) { return float(b[1].second - b[0].first + 1); };
  const float cell = height(kernel) / 2;  // the kernel term covers two rows
  INFO("cell " << cell);
  CHECK(cell > 20);
  CHECK(height(stride) == Approx(4 * cell).margin(6));
  CHECK(height(one) == Approx(cell).margin(4));
  CHECK(height(op) == Approx(cell).margin(4));
  // They follow each other down the canvas: stride, kernel, one, output_padding.
  CHECK(std::abs(stride[1].second - kernel[0].first) <= 4);
  CHECK(std::abs(kernel[1].second - one[0].first) <= 4);
  CHECK(std::abs(one[1].second - op[0].first) <= 4);
  // Padding: the first row (where the stride band starts) and the last (output_padding's row).
  CHECK(std::abs(pad[0].first - stride[0].first) <= 4);
  CHECK(std::abs(pad[3].second - op[1].second) <= 4);
  CHECK(height({pad[0], pad[1]}) == Approx(cell).margin(4));
}

TEST_CASE("canvas fit: --highlight-term names a term", "[canvas-fit]") {
  tconv::test::require_display(TCONV_LAB_EXE);
  const tconv::test::RunResult r = tconv::test::run_command(tconv::test::shell_quote(TCONV_LAB_EXE) +
                                                            " gui --highlight-term strides --screenshot /tmp/tconv_never.png");
  CHECK(r.status == 2);
  CHECK(r.err.find("use stride, padding, kernel, output_padding or one") != std::string::npos);
}
