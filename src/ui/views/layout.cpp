#include "ui/views/layout.h"

#include <algorithm>
#include <cmath>
#include <utility>

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
// Another arrangement replaces a view's usual one only for cells this much larger: the familiar
// picture is worth a few pixels.
constexpr float kRearrangeGain = 1.1f;
float fmin3(float a, float b, float c) { return std::min(a, std::min(b, c)); }
// Cell sizes are whole pixels so grid lines stay crisp.
float snap(float v) { return std::max(0.0f, std::floor(v)); }
}  // namespace

// 1-D (one row everywhere): input, kernel, products and output as rows under each other -- the
// picture courses draw first -- with the labels in a column on the left, or on a line above each
// row when that gives larger cells (a narrow canvas).
static ScatterLayout layout_scatter_rows(RectF area, Pair in, Pair kernel, Pair full, Pair padding, float line_h,
                                         float max_cell) {
  ScatterLayout L;
  const float gap = std::max(line_h, 8.0f);
  const float label_w = std::floor(std::min(7.0f * line_h, area.w() * 0.3f));
  const float units = float(std::max({in.w, kernel.w, full.w}));
  const float cs_left = snap(std::min({(area.w() - label_w) / units, (area.h() - 3 * gap) / 4.0f, max_cell}));
  const float cs_above = snap(std::min({area.w() / units, (area.h() - 4 * line_h - 3 * gap) / 4.0f, max_cell}));
  const bool above = cs_above > cs_left * kRearrangeGain;
  const float cs = above ? cs_above : cs_left;
  L.fits = cs >= kMinCell;
  const float x = above ? area.x0 + std::max(0.0f, std::floor((area.w() - units * cs) / 2)) : area.x0 + label_w;
  const float row_h = above ? line_h + cs + gap : std::max(cs, line_h) + gap;
  auto place = [&](GridGeom& g, Vec2f& label, Pair size, float y) {
    g.cell = cs;
    g.rows = size.h;
    g.cols = size.w;
    g.origin = {x, above ? y + line_h : y};
    label = above ? Vec2f{x, y} : Vec2f{area.x0, y + std::max(0.0f, (cs - line_h) * 0.5f)};
  };
  // Centred vertically (a tall canvas leaves its spare room above and below).
  const float used_h = 3 * row_h + (above ? line_h + cs : std::max(cs, line_h));
  const float y0 = area.y0 + std::max(0.0f, std::floor((area.h() - used_h) / 2));
  place(L.input, L.input_label, in, y0);
  place(L.kernel, L.kernel_label, kernel, y0 + row_h);
  place(L.products, L.products_label, kernel, y0 + 2 * row_h);
  place(L.full, L.output_label, full, y0 + 3 * row_h);
  L.output.cell = cs;
  L.output.rows = full.h - 2 * padding.h;
  L.output.cols = full.w - 2 * padding.w;
  L.output.origin = L.full.point(double(padding.h), double(padding.w));
  L.input_room = L.kernel_room = L.products_room = L.output_room = above ? area.x1 - x : label_w - gap * 0.25f;
  return L;
}

namespace {
// The largest input/kernel cell `cs` that fits with output cell `co`, or 0 when none does. The
// input side is drawn at least half and at most as large as the output (so the kernel's footprint
// on the output stays recognisable and the output remains the stage).
float scatter_cs(ScatterArrangement a, RectF area, Pair in, Pair kernel, Pair full, float line_h, float gap, float co) {
  float cs = co;
  if (a == ScatterArrangement::Side) {
    const float lw_units = float(std::max(in.w, kernel.w));
    const float lh_units = float(in.h + 2 * kernel.h);
    if (line_h + co * float(full.h) > area.h()) return 0;
    cs = std::min({cs, (area.w() - gap - co * float(full.w)) / lw_units, (area.h() - 3 * line_h - 2 * gap) / lh_units});
  } else if (a == ScatterArrangement::Above) {
    if (co * float(full.w) > area.w()) return 0;
    const float top_units_h = float(std::max(in.h, kernel.h));
    cs = std::min({cs, (area.w() - 2 * gap) / float(in.w + 2 * kernel.w),
                   (area.h() - 2 * line_h - gap - co * float(full.h)) / top_units_h});
  } else {  // Row
    if (line_h + co * float(full.h) > area.h()) return 0;
    cs = std::min({cs, (area.w() - 3 * gap - co * float(full.w)) / float(in.w + 2 * kernel.w),
                   (area.h() - line_h) / float(std::max(in.h, kernel.h))});
  }
  cs = snap(cs);
  return cs >= std::max(kMinCell, std::ceil(co * 0.5f)) ? cs : 0;
}

// The largest output cell (and with it the largest input cell) of one arrangement.
std::pair<float, float> scatter_cells(ScatterArrangement a, RectF area, Pair in, Pair kernel, Pair full, float line_h,
                                      float gap, float max_cell) {
  float co = snap(std::min({max_cell, area.w() / float(full.w), (area.h() - line_h) / float(full.h)}));
  for (; co >= kMinCell; co -= 1.0f)
    if (const float cs = scatter_cs(a, area, in, kernel, full, line_h, gap, co); cs > 0) return {cs, co};
  return {0.0f, 0.0f};
}
}  // namespace

float scatter_output_cell(ScatterArrangement a, RectF area, Pair in, Pair kernel, Pair full, float line_h,
                          float max_cell) {
  return scatter_cells(a, area, in, kernel, full, line_h, std::max(line_h, 8.0f), max_cell).second;
}

ScatterLayout layout_scatter(RectF area, Pair in, Pair kernel, Pair full, Pair padding, float line_h,
                             float max_cell) {
  if (in.h == 1 && kernel.h == 1 && full.h == 1)
    return layout_scatter_rows(area, in, kernel, full, padding, line_h, max_cell);
  ScatterLayout L;
  const float gap = std::max(line_h, 8.0f);
  // Three arrangements: input, kernel and products in a column left of the output (wide canvases),
  // in a row above it (tall ones), or all four in one row (short ones). The one with the larger
  // output cells wins (by kRearrangeGain over the column, the picture students know).
  float cs = 0, co = 0;
  for (ScatterArrangement a : {ScatterArrangement::Side, ScatterArrangement::Above, ScatterArrangement::Row}) {
    const auto [cs_a, co_a] = scatter_cells(a, area, in, kernel, full, line_h, gap, max_cell);
    if (co_a > co * kRearrangeGain || (co == 0 && co_a > 0)) {
      cs = cs_a;
      co = co_a;
      L.arrangement = a;
    }
  }
  L.fits = cs >= kMinCell && co >= kMinCell;
  if (!L.fits) return L;
  const bool above = L.arrangement == ScatterArrangement::Above;

  auto grid = [](GridGeom& g, Pair size, float cell, Vec2f origin) {
    g.cell = cell;
    g.rows = size.h;
    g.cols = size.w;
    g.origin = origin;
  };
  if (L.arrangement == ScatterArrangement::Row) {
    // Spare width goes into the gaps (room for the labels), up to a few label lines each.
    const float grids_w = cs * float(in.w + 2 * kernel.w) + co * float(full.w);
    const float row_gap = std::floor(std::max(gap, std::min((area.w() - grids_w) / 3, 4 * gap)));
    const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - grids_w - 3 * row_gap) / 2));
    float x = x0;
    auto place = [&](GridGeom& g, Vec2f& label, float& room, Pair size, float cell) {
      grid(g, size, cell, {x, area.y0 + line_h});
      label = {x, area.y0};
      room = cell * float(size.w) + row_gap * 0.8f;
      x += cell * float(size.w) + row_gap;
    };
    place(L.input, L.input_label, L.input_room, in, cs);
    place(L.kernel, L.kernel_label, L.kernel_room, kernel, cs);
    place(L.products, L.products_label, L.products_room, kernel, cs);
    place(L.full, L.output_label, L.output_room, full, co);
    L.output_room = area.x1 - L.output_label.x;
  } else if (!above) {
    const float left_w = float(std::max(in.w, kernel.w)) * cs;
    const float total_w = left_w + gap + co * float(full.w);
    const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - total_w) / 2));
    float y = area.y0;
    auto place_left = [&](GridGeom& g, Vec2f& label, Pair size) {
      grid(g, size, cs, {x0 + std::floor((left_w - cs * float(size.w)) / 2), y + line_h});
      label = {x0, y};
      y += line_h + cs * float(size.h) + gap;
    };
    place_left(L.input, L.input_label, in);
    place_left(L.kernel, L.kernel_label, kernel);
    place_left(L.products, L.products_label, kernel);
    grid(L.full, full, co, {x0 + left_w + gap, area.y0 + line_h});
    L.output_label = {L.full.origin.x, area.y0};
    const float room = L.full.origin.x - x0 - gap * 0.5f;
    L.input_room = L.kernel_room = L.products_room = room;
    L.output_room = area.x1 - L.full.origin.x;
  } else {
    // The top row's three grids share the spare width as gaps, so their labels get room.
    const float grids_w = cs * float(in.w + 2 * kernel.w);
    const float top_gap = std::floor(std::max(gap, std::min((area.w() - grids_w) / 2, 4 * gap)));
    const float total_w = grids_w + 2 * top_gap;
    const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - total_w) / 2));
    const float top_h = float(std::max(in.h, kernel.h)) * cs;
    float x = x0;
    auto place_top = [&](GridGeom& g, Vec2f& label, float& room, Pair size) {
      grid(g, size, cs, {x, area.y0 + line_h});
      label = {x, area.y0};
      room = cs * float(size.w) + top_gap * 0.8f;
      x += cs * float(size.w) + top_gap;
    };
    place_top(L.input, L.input_label, L.input_room, in);
    place_top(L.kernel, L.kernel_label, L.kernel_room, kernel);
    place_top(L.products, L.products_label, L.products_room, kernel);
    L.products_room = area.x1 - L.products_label.x;
    const float y1 = area.y0 + line_h + top_h + gap;
    const float fx = area.x0 + std::max(0.0f, std::floor((area.w() - co * float(full.w)) / 2));
    grid(L.full, full, co, {fx, y1 + line_h});
    L.output_label = {fx, y1};
    L.output_room = area.x1 - fx;
  }
  // Centred vertically too: a tall canvas leaves its spare room above and below, not all below.
  const float used_h = std::max({L.input.rect().y1, L.kernel.rect().y1, L.products.rect().y1, L.full.rect().y1}) - area.y0;
  const float dy = std::max(0.0f, std::floor((area.h() - used_h) / 2));
  for (GridGeom* g : {&L.input, &L.kernel, &L.products, &L.full}) g->origin.y += dy;
  for (Vec2f* p : {&L.input_label, &L.kernel_label, &L.products_label, &L.output_label}) p->y += dy;
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
  // z and y side by side (wide canvases) or z above y (tall ones): whichever gives larger cells.
  // The kernels are drawn no larger than z's cells, and the room they then leave goes to z and y.
  float c = 0;
  for (int pass = 0; pass < 2; ++pass) {
    const float top_h = line_h + ck * float(kernel.h) + gap;
    const float c_row = snap(std::min({(area.w() - gap) / float(z.w + out.w),
                                       (area.h() - top_h - line_h) / float(std::max(z.h, out.h)), max_cell}));
    const float c_col = snap(std::min({area.w() / float(std::max(z.w, out.w)),
                                       (area.h() - top_h - 2 * line_h - gap) / float(z.h + out.h), max_cell}));
    L.stacked = c_col > c_row * kRearrangeGain;
    c = L.stacked ? c_col : c_row;
    if (pass == 0) ck = std::min(ck, std::max(c, kMinCell));
  }
  const float top_h = line_h + ck * float(kernel.h) + gap;
  L.fits = c >= kMinCell && ck >= kMinCell;

  const float main_w = L.stacked ? c * float(std::max(z.w, out.w)) : c * float(z.w + out.w) + gap;
  const float x0 = area.x0 + std::max(0.0f, std::floor((area.w() - main_w) / 2));
  L.kernel = {{x0, area.y0 + line_h}, ck, kernel.h, kernel.w};
  L.kernel_label = {x0, area.y0};
  const float ax = x0 + ck * float(kernel.w);
  L.arrow = {ax, area.y0 + line_h, ax + arrow_w, area.y0 + line_h + ck * float(kernel.h)};
  L.flipped = {{ax + arrow_w, area.y0 + line_h}, ck, kernel.h, kernel.w};
  L.flipped_label = {ax + arrow_w, area.y0};
  L.kernel_room = L.flipped_label.x - x0;
  L.flipped_room = area.x1 - L.flipped_label.x;
  const float y1 = area.y0 + top_h;
  L.z = {{x0, y1 + line_h}, c, z.h, z.w};
  L.z_label = {x0, y1};
  if (L.stacked) {
    const float y2 = y1 + line_h + c * float(z.h) + gap;
    L.output = {{x0, y2 + line_h}, c, out.h, out.w};
    L.output_label = {x0, y2};
    L.z_room = L.output_room = area.x1 - x0;
  } else {
    const float ox = x0 + c * float(z.w) + gap;
    L.output = {{ox, y1 + line_h}, c, out.h, out.w};
    L.output_label = {ox, y1};
    L.z_room = ox - x0 - gap * 0.5f;
    L.output_room = area.x1 - ox;
  }
  // Centred vertically too (spare room above and below, not all below).
  const float dy = std::max(0.0f, std::floor((area.y1 - std::max(L.z.rect().y1, L.output.rect().y1)) / 2));
  for (GridGeom* g : {&L.kernel, &L.flipped, &L.z, &L.output}) g->origin.y += dy;
  for (Vec2f* p : {&L.kernel_label, &L.flipped_label, &L.z_label, &L.output_label}) p->y += dy;
  L.arrow.y0 += dy;
  L.arrow.y1 += dy;
  return L;
}

ForwardLayout layout_forward(RectF area, Pair padded, Pair kernel, Pair out, float line_h, float max_cell) {
  ForwardLayout L;
  const float gap = 1.2f;  // cells between grids
  const float pw = float(padded.w), ph = float(padded.h), kw = float(kernel.w), kh = float(kernel.h);
  const float ow = float(out.w), oh = float(out.h);
  // Row: x | w | y.  Above: x on top, w and y in a row under it.
  const float c_row = snap(std::min({area.w() / (pw + kw + ow + 2 * gap),
                                     (area.h() - line_h) / std::max({ph, kh, oh}), max_cell}));
  const float c_above = snap(std::min({area.w() / std::max(pw, kw + ow + gap),
                                       (area.h() - 2 * line_h) / (ph + gap + std::max(kh, oh)), max_cell}));
  L.stacked = c_above > c_row * kRearrangeGain;
  const float c = L.stacked ? c_above : c_row;
  L.fits = c >= kMinCell;
  const float y0 = area.y0 + line_h;
  if (!L.stacked) {
    const float used_w = c * (pw + kw + ow + 2 * gap);
    float x = area.x0 + std::max(0.0f, std::floor((area.w() - used_w) * 0.5f));
    L.input = {{x, y0}, c, padded.h, padded.w};
    x += c * (pw + gap);
    L.kernel = {{x, y0}, c, kernel.h, kernel.w};
    x += c * (kw + gap);
    L.output = {{x, y0}, c, out.h, out.w};
    L.input_room = L.kernel.origin.x - L.input.origin.x - c * gap * 0.2f;
    L.kernel_room = L.output.origin.x - L.kernel.origin.x - c * gap * 0.2f;
  } else {
    const float used_w = c * std::max(pw, kw + ow + gap);
    const float x = area.x0 + std::max(0.0f, std::floor((area.w() - used_w) * 0.5f));
    L.input = {{x, y0}, c, padded.h, padded.w};
    const float y1 = y0 + c * (ph + gap) + line_h;
    L.kernel = {{x, y1}, c, kernel.h, kernel.w};
    L.output = {{x + c * (kw + gap), y1}, c, out.h, out.w};
    L.input_room = area.x1 - x;
    L.kernel_room = L.output.origin.x - x - c * gap * 0.2f;
  }
  L.output_room = area.x1 - L.output.origin.x;
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

namespace {
CanvasZoom clamp_pan(CanvasZoom z, RectF visible) {
  // The virtual area always covers the visible one (no empty band beyond its edges).
  const float mx = visible.w() * (z.zoom - 1) * 0.5f, my = visible.h() * (z.zoom - 1) * 0.5f;
  z.pan.x = std::clamp(z.pan.x, -mx, mx);
  z.pan.y = std::clamp(z.pan.y, -my, my);
  return z;
}
}  // namespace

RectF zoomed_area(RectF visible, const CanvasZoom& z) {
  const float cx = (visible.x0 + visible.x1) * 0.5f + z.pan.x, cy = (visible.y0 + visible.y1) * 0.5f + z.pan.y;
  const float hw = visible.w() * z.zoom * 0.5f, hh = visible.h() * z.zoom * 0.5f;
  return {cx - hw, cy - hh, cx + hw, cy + hh};
}

CanvasZoom zoom_about(const CanvasZoom& z, RectF visible, Vec2f anchor, float factor) {
  CanvasZoom r = z;
  r.zoom = std::clamp(z.zoom * factor, 1.0f, kMaxCanvasZoom);
  if (r.zoom == 1.0f) return CanvasZoom{};
  // The anchor's offset from the virtual centre scales with the zoom.
  const float cx = (visible.x0 + visible.x1) * 0.5f, cy = (visible.y0 + visible.y1) * 0.5f;
  const float k = r.zoom / z.zoom;
  r.pan.x = anchor.x - cx - (anchor.x - cx - z.pan.x) * k;
  r.pan.y = anchor.y - cy - (anchor.y - cy - z.pan.y) * k;
  return clamp_pan(r, visible);
}

CanvasZoom pan_by(const CanvasZoom& z, RectF visible, Vec2f delta) {
  CanvasZoom r = z;
  r.pan.x += delta.x;
  r.pan.y += delta.y;
  return clamp_pan(r, visible);
}

}  // namespace tconv::ui
