#include "ui/views/layout.h"

#include <algorithm>
#include <cmath>

namespace tconv::ui {

RectF GridGeom::rect() const {
  return {origin.x, origin.y, origin.x + cell * float(cols), origin.y + cell * float(rows)};
}

RectF GridGeom::cell_rect(int64_t r, int64_t c) const {
  const float x = origin.x + cell * float(c), y = origin.y + cell * float(r);
  return {x, y, x + cell, y + cell};
}

Vec2f GridGeom::point(double r, double c) const {
  return {origin.x + cell * float(c), origin.y + cell * float(r)};
}

std::optional<Cell> GridGeom::hit(Vec2f p) const {
  if (cell <= 0 || rows <= 0 || cols <= 0) return std::nullopt;
  const float fc = (p.x - origin.x) / cell, fr = (p.y - origin.y) / cell;
  if (fc < 0 || fr < 0) return std::nullopt;
  const int64_t r = int64_t(std::floor(fr)), c = int64_t(std::floor(fc));
  if (r >= rows || c >= cols) return std::nullopt;
  return Cell{r, c};
}

namespace {
float fmin3(float a, float b, float c) { return std::min(a, std::min(b, c)); }
// Cell sizes are whole pixels so grid lines stay crisp.
float snap(float v) { return std::max(0.0f, std::floor(v)); }
}  // namespace

ScatterLayout layout_scatter(RectF area, Pair in, Pair kernel, Pair full, Pair padding, float line_h,
                             float max_cell) {
  ScatterLayout L;
  const float gap = std::max(line_h, 8.0f);
  const float lw_units = float(std::max(in.w, kernel.w));
  const float lh_units = float(in.h + 2 * kernel.h);
  const float left_fixed_h = 3 * line_h + 2 * gap;  // three labels + two gaps
  // One cell size for everything when possible (the kernel footprint on the output then matches
  // the kernel grid); the output may grow bigger if the left column limits less.
  float cs = fmin3((area.w() - gap) / (lw_units + float(full.w)), (area.h() - left_fixed_h) / lh_units,
                   (area.h() - line_h) / float(full.h));
  // The output is the stage: the left column takes at most 40% of the width.
  cs = snap(std::min({cs, max_cell, area.w() * 0.4f / lw_units}));
  const float left_w = lw_units * cs;
  float co = std::min((area.w() - left_w - gap) / float(full.w), (area.h() - line_h) / float(full.h));
  co = snap(std::min({co, max_cell, std::max(cs, 1.0f) * 2.0f}));
  L.fits = cs >= kMinCell && co >= kMinCell;

  const float total_w = left_w + gap + co * float(full.w);
  const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - total_w) / 2));
  auto place_left = [&](GridGeom& g, Vec2f& label, Pair size, float y) {
    g.cell = cs;
    g.rows = size.h;
    g.cols = size.w;
    g.origin = {x0 + std::floor((left_w - cs * float(size.w)) / 2), y + line_h};
    label = {x0, y};
    return y + line_h + cs * float(size.h) + gap;
  };
  float y = area.y0;
  y = place_left(L.input, L.input_label, in, y);
  y = place_left(L.kernel, L.kernel_label, kernel, y);
  place_left(L.products, L.products_label, kernel, y);

  L.full.cell = co;
  L.full.rows = full.h;
  L.full.cols = full.w;
  L.full.origin = {x0 + left_w + gap, area.y0 + line_h};
  L.output_label = {L.full.origin.x, area.y0};
  L.output.cell = co;
  L.output.rows = full.h - 2 * padding.h;
  L.output.cols = full.w - 2 * padding.w;
  L.output.origin = L.full.point(double(padding.h), double(padding.w));
  return L;
}

GatherLayout layout_gather(RectF area, Pair kernel, Pair z, Pair out, float line_h, float max_cell) {
  GatherLayout L;
  const float gap = std::max(line_h, 8.0f);
  const float arrow_w = 3 * line_h;
  float ck = fmin3(max_cell * 0.6f, (area.h() * 0.25f) / float(kernel.h),
                   (area.w() * 0.5f - arrow_w) / float(2 * kernel.w));
  ck = snap(ck);
  const float top_h = line_h + ck * float(kernel.h) + gap;
  float c = std::min((area.w() - gap) / float(z.w + out.w),
                     (area.h() - top_h - line_h) / float(std::max(z.h, out.h)));
  c = snap(std::min(c, max_cell));
  ck = std::min(ck, std::max(c, kMinCell));
  L.fits = c >= kMinCell && ck >= kMinCell;

  const float main_w = c * float(z.w + out.w) + gap;
  const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - main_w) / 2));
  L.kernel = {{x0, area.y0 + line_h}, ck, kernel.h, kernel.w};
  L.kernel_label = {x0, area.y0};
  const float ax = x0 + ck * float(kernel.w);
  L.arrow = {ax, area.y0 + line_h, ax + arrow_w, area.y0 + line_h + ck * float(kernel.h)};
  L.flipped = {{ax + arrow_w, area.y0 + line_h}, ck, kernel.h, kernel.w};
  L.flipped_label = {ax + arrow_w, area.y0};
  const float y1 = area.y0 + top_h;
  L.z = {{x0, y1 + line_h}, c, z.h, z.w};
  L.z_label = {x0, y1};
  const float ox = x0 + c * float(z.w) + gap;
  L.output = {{ox, y1 + line_h}, c, out.h, out.w};
  L.output_label = {ox, y1};
  return L;
}

MatrixLayout layout_matrix(RectF area, int64_t rows, int64_t cols, float line_h, float label_w,
                           float max_cell) {
  MatrixLayout L;
  const float gap = std::max(line_h * 0.5f, 4.0f);
  float c = std::min((area.w() - label_w - 2 * gap) / float(cols + 1),
                     (area.h() - line_h - gap) / float(rows + 1));
  c = snap(std::min(c, max_cell));
  L.fits = c >= kMinCell;
  const float w = label_w + c * float(cols) + gap + c;
  const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - w) / 2)) + label_w;
  L.title = {area.x0, area.y0};
  L.x_row = {{x0, area.y0 + line_h}, c, 1, cols};
  L.ct = {{x0, area.y0 + line_h + c + gap}, c, rows, cols};
  L.y_col = {{x0 + c * float(cols) + gap, L.ct.origin.y}, c, rows, 1};
  return L;
}

HeatmapLayout layout_heatmap(RectF area, Pair out, float line_h, float legend_w, float max_cell) {
  HeatmapLayout L;
  const float gap = std::max(line_h * 0.5f, 4.0f);
  float c = std::min((area.w() - legend_w - 3 * gap) / float(out.w + 1),
                     (area.h() - line_h - gap) / float(out.h + 1));
  c = snap(std::min(c, max_cell));
  L.fits = c >= kMinCell;
  const float w = c * float(out.w + 1) + 3 * gap + legend_w;
  const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - w) / 2));
  const float y0 = area.y0 + line_h;
  L.title = {area.x0, area.y0};
  L.col_profile = {{x0 + c + gap, y0}, c, 1, out.w};
  L.row_profile = {{x0, y0 + c + gap}, c, out.h, 1};
  L.map = {{x0 + c + gap, y0 + c + gap}, c, out.h, out.w};
  const float lx = L.map.rect().x1 + 2 * gap;
  L.legend = {lx, L.map.origin.y, lx + std::max(line_h, 8.0f), L.map.rect().y1};
  return L;
}

}  // namespace tconv::ui
