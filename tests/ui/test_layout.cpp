// Layout geometry: hit testing, and every canvas fits its area without overlaps.
#include <catch2/catch.hpp>

#include "core/teaching.h"
#include "ui/editor.h"
#include "ui/views/layout.h"
#include "ui/presets.h"
#include "ui/views/gather.h"
#include "ui/views/hover.h"
#include "ui/views/matrix.h"

using namespace tconv;
using namespace tconv::ui;

TEST_CASE("grid hit test: cells, borders and outside", "[layout]") {
  const GridGeom g{{10, 20}, 10, 3, 4};
  CHECK(g.hit({10, 20}) == Cell{0, 0});
  CHECK(g.hit({19.9f, 29.9f}) == Cell{0, 0});
  CHECK(g.hit({20, 30}) == Cell{1, 1});
  CHECK(g.hit({49.9f, 49.9f}) == Cell{2, 3});
  CHECK_FALSE(g.hit({50, 20}));   // column 4 does not exist
  CHECK_FALSE(g.hit({10, 50}));   // row 3 does not exist
  CHECK_FALSE(g.hit({9.9f, 20}));
  CHECK_FALSE(g.hit({10, 19.9f}));
  const RectF r = g.rect();
  CHECK(r.x0 == 10);
  CHECK(r.x1 == 50);
  CHECK(r.y1 == 50);
  const RectF c = g.cell_rect(2, 1);
  CHECK(c.x0 == 20);
  CHECK(c.y0 == 40);
  CHECK(GridGeom{{0, 0}, 0, 3, 3}.hit({0, 0}) == std::nullopt);
}

namespace {
// Canvas sizes of the centre column at 1280x800 (scale 1) and 1920x1080 (scale 1.25), and a
// cramped one.
const RectF kAreas[] = {{340, 60, 890, 700}, {500, 70, 1340, 960}, {0, 0, 300, 240}};

TeachingModel model_of(const std::string& preset) {
  EditorSettings e;
  apply_preset(e, find_config_preset(preset).value());
  return build_teaching_model(to_config(e)).value();
}
}  // namespace

TEST_CASE("scatter layout: grids inside the area, apart, output window offset by padding", "[layout]") {
  for (const ConfigPreset& p : config_presets()) {
    const TeachingModel m = model_of(p.name);
    const Pair pad = m.config.params.padding;
    for (const RectF& area : kAreas) {
      INFO("preset " << p.name << ", area " << area.w() << "x" << area.h());
      const ScatterLayout L = layout_scatter(area, {m.config.input.rows, m.config.input.cols},
                                             {m.config.kernel.rows, m.config.kernel.cols}, {m.full_h, m.full_w},
                                             pad, 24, 96);
      if (area.w() > 500) CHECK(L.fits);
      if (!L.fits) continue;
      for (const GridGeom* g : {&L.input, &L.kernel, &L.products, &L.full}) CHECK(g->rect().inside(area));
      CHECK_FALSE(L.input.rect().overlaps(L.kernel.rect()));
      CHECK_FALSE(L.kernel.rect().overlaps(L.products.rect()));
      CHECK_FALSE(L.input.rect().overlaps(L.full.rect()));
      CHECK_FALSE(L.products.rect().overlaps(L.full.rect()));
      CHECK(L.output.rows == m.out_h);
      CHECK(L.output.cols == m.out_w);
      CHECK(L.output.origin.x == Approx(L.full.origin.x + float(pad.w) * L.full.cell));
      CHECK(L.output.origin.y == Approx(L.full.origin.y + float(pad.h) * L.full.cell));
      CHECK(L.output.rect().inside(L.full.rect()));
      CHECK(L.full.cell <= 96);
      CHECK(L.full.cell >= L.input.cell);  // the output is never drawn smaller than the input
      // A click in the middle of an output cell finds that cell.
      const RectF c = L.output.cell_rect(m.out_h - 1, 0);
      CHECK(L.output.hit({(c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2}) == Cell{m.out_h - 1, 0});
    }
  }
}

TEST_CASE("gather, matrix and heat-map layouts stay inside their area", "[layout]") {
  for (const char* name : {"seed", "padding_strides_odd", "distill", "full", "dilated"}) {
    const TeachingModel m = model_of(name);
    const GatherData g = build_gather_data(m);
    for (const RectF& area : kAreas) {
      INFO(name << " area " << area.w() << "x" << area.h());
      const GatherLayout G = layout_gather(area, {m.config.kernel.rows, m.config.kernel.cols}, {g.rows, g.cols},
                                           {m.out_h, m.out_w}, 24, 96);
      if (G.fits) {
        for (const GridGeom* q : {&G.kernel, &G.flipped, &G.z, &G.output}) CHECK(q->rect().inside(area));
        CHECK_FALSE(G.z.rect().overlaps(G.output.rect()));
        CHECK_FALSE(G.kernel.rect().overlaps(G.flipped.rect()));
        CHECK_FALSE(G.flipped.rect().overlaps(G.z.rect()));
        CHECK(G.z.cell == G.output.cell);  // the sliding window matches the output cells
      }
      const int64_t rows = m.out_h * m.out_w, cols = m.config.input.rows * m.config.input.cols;
      const MatrixLayout M = layout_matrix(area, rows, cols, 24, 40, 60);
      if (M.fits) {
        for (const GridGeom* q : {&M.x_row, &M.ct, &M.y_col}) CHECK(q->rect().inside(area));
        CHECK_FALSE(M.ct.rect().overlaps(M.y_col.rect()));
        CHECK_FALSE(M.ct.rect().overlaps(M.x_row.rect()));
        CHECK(M.ct.rect().x0 >= area.x0 + 40);  // room for the row labels
      }
      const HeatmapLayout H = layout_heatmap(area, {m.out_h, m.out_w}, 24, 80, 96);
      if (H.fits) {
        for (const GridGeom* q : {&H.map, &H.col_profile, &H.row_profile}) CHECK(q->rect().inside(area));
        CHECK(H.legend.inside(area));
        CHECK_FALSE(H.map.rect().overlaps(H.legend));
        CHECK_FALSE(H.map.rect().overlaps(H.col_profile.rect()));
        CHECK_FALSE(H.map.rect().overlaps(H.row_profile.rect()));
      }
      if (area.w() > 500) {
        CHECK(G.fits);
        CHECK(M.fits);
        CHECK(H.fits);
      }
    }
  }
}

TEST_CASE("a grid too large for the area is reported as not fitting", "[layout]") {
  const ScatterLayout L = layout_scatter({0, 0, 100, 100}, {16, 16}, {8, 8}, {100, 100}, {0, 0}, 24, 96);
  CHECK_FALSE(L.fits);
  const MatrixLayout M = layout_matrix({0, 0, 200, 200}, 4096, 256, 24, 0, 60);
  CHECK_FALSE(M.fits);
}
