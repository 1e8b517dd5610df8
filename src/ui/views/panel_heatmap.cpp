// The heat-map view: how many products land on each output cell (the overlap count), with its
// row and column profiles and a colour legend. The words under it are draw_heatmap_notes.
#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/views/canvas.h"
#include "ui/views/hover.h"
#include "ui/lessons/reveal.h"

namespace tconv::ui {

using namespace draw;

CanvasAction draw_heatmap_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.model) return draw_problem_message(s, dl, area);
  const TeachingModel& m = *s.model;
  const Metrics mt = metrics();
  const Theme th = theme();
  const OverlapSummary& o = s.overlap;
  const float legend_w = mt.line_h + text_width("max 99", mt.label_px) + 8;
  // The title wraps onto more lines in a narrow canvas; the map goes below it.
  const std::string title = "Overlap: how many products land on each output cell (min " +
                            shown(s, Quantity::OverlapMax, std::to_string(o.min)) + ", max " +
                            shown(s, Quantity::OverlapMax, std::to_string(o.max)) + ")";
  ImFont* title_font = font_for_px(mt.label_px);
  const float title_h = formula_height(title_font, title_font->FontSize, title, area.w());
  RectF map_area = area;
  map_area.y0 += std::max(0.0f, title_h + (mt.line_h - title_font->FontSize) - mt.line_h);
  const HeatmapLayout L = layout_heatmap(map_area, {m.out_h, m.out_w}, mt.line_h, legend_w, mt.max_cell);
  if (!L.fits) {
    draw_canvas_message(dl, area, "Too many cells for this window.",
                        "Enlarge the window, lower the UI scale or use a smaller input.");
    return {};
  }
  CanvasAction act;
  if (in.hovered) {
    if (std::optional<Cell> c = L.map.hit(in.mouse)) {
      point_at_output(act, *c, in.clicked);
    }
  }
  if (in.right_clicked) act.unpin = true;
  const CanvasFocus now = canvas_focus(s, act);  // with this frame's hover and click

  add_formula(dl, title_font, title_font->FontSize, {area.x0, area.y0}, th.label, title, area.w());
  auto cell = [&](const GridGeom& g, int64_t r, int64_t c, int count) {
    const RectF cr = g.cell_rect(r, c);
    const Rgba bg = viridis(overlap_t(o, count));
    fill(dl, cr, col(bg));
    grid_line(dl, cr, th.canvas_bg);
    text_in_cell(dl, cr, shown(s, Quantity::OverlapCounts, std::to_string(count)), col(text_on(bg)), cr.h() * 0.45f);
  };
  for (int64_t r = 0; r < m.out_h; ++r)
    for (int64_t c = 0; c < m.out_w; ++c) cell(L.map, r, c, m.overlap_at(r, c));
  // The 1-D profiles: the map is their outer product. Colour them on their own range.
  auto profile_cell = [&](const GridGeom& g, int64_t r, int64_t c, int count, int lo, int hi) {
    const RectF cr = g.cell_rect(r, c);
    const Rgba bg = viridis(hi > lo ? float(count - lo) / float(hi - lo) : 0.75f);
    fill(dl, cr, col(bg, 0.85f));
    grid_line(dl, cr, th.canvas_bg);
    text_in_cell(dl, cr, shown(s, Quantity::OverlapCounts, std::to_string(count)), col(text_on(bg)), cr.h() * 0.45f);
  };
  if (!o.profile_w.empty() && !o.profile_h.empty()) {
    const auto [wlo, whi] = std::minmax_element(o.profile_w.begin(), o.profile_w.end());
    const auto [hlo, hhi] = std::minmax_element(o.profile_h.begin(), o.profile_h.end());
    for (int64_t c = 0; c < m.out_w && c < int64_t(o.profile_w.size()); ++c)
      profile_cell(L.col_profile, 0, c, o.profile_w[size_t(c)], *wlo, *whi);
    for (int64_t r = 0; r < m.out_h && r < int64_t(o.profile_h.size()); ++r)
      profile_cell(L.row_profile, r, 0, o.profile_h[size_t(r)], *hlo, *hhi);
    const RectF corner{L.row_profile.origin.x, L.col_profile.origin.y,
                       L.row_profile.origin.x + L.map.cell, L.col_profile.origin.y + L.map.cell};
    // A table corner, not a multiplication sign: the column profile runs along the top, the row
    // profile down the left, and each map cell is (its row's count) times (its column's count).
    dl->AddLine(iv({corner.x0, corner.y0}), iv({corner.x1, corner.y1}), th.text_dim, 1.0f);
    const float cpx = std::max(10.0f, corner.h() * 0.3f);
    // The words only where they fit (in a small corner they would print over each other).
    if (text_width("rows", cpx) + 4 <= corner.w() && 2 * cpx + 2 <= corner.h()) {
      text_at(dl, {corner.x1 - text_width("cols", cpx) - 2, corner.y0 + 1}, "cols", th.text_dim, cpx);
      text_at(dl, {corner.x0 + 2, corner.y1 - cpx - 1}, "rows", th.text_dim, cpx);
    }
    if (in.hovered && corner.contains(in.mouse))
      ImGui::SetTooltip("Top: overlaps per column. Left: overlaps per row. Each cell = row count times column count.");
  }
  const std::optional<Cell> focus = now.pinned ? now.pinned : now.hover_output;
  if (focus && in_output(m, *focus)) {
    const RectF fr = L.map.cell_rect(focus->r, focus->c);
    frame(dl, inset(fr, -3), th.label, 2);
    frame(dl, fr, col(palette::kSkyBlue), std::max(4.0f, 4 * mt.scale));
    frame(dl, L.col_profile.cell_rect(0, focus->c), col(palette::kSkyBlue), 2.0f);
    frame(dl, L.row_profile.cell_rect(focus->r, 0), col(palette::kSkyBlue), 2.0f);
  }

  // Legend: a vertical colour bar, max at the top.
  const RectF lg = L.legend;
  const int bands = 48;
  for (int i = 0; i < bands; ++i) {
    const float y0 = lg.y0 + lg.h() * float(i) / bands, y1 = lg.y0 + lg.h() * float(i + 1) / bands;
    fill(dl, {lg.x0, y0, lg.x1, y1 + 0.5f}, col(viridis(1.0f - (float(i) + 0.5f) / bands)));
  }
  frame(dl, lg, th.cell_border, 1.0f);
  const float tx = lg.x1 + 6;
  const float px = ImGui::GetFontSize();
  text_at(dl, {tx, lg.y0}, "max " + shown(s, Quantity::OverlapMax, std::to_string(o.max)), th.text);
  text_at(dl, {tx, lg.y1 - px}, "min " + shown(s, Quantity::OverlapMax, std::to_string(o.min)), th.text);
  if (o.max - o.min >= 2 && lg.h() > px * 6 && !hidden(s, Quantity::OverlapMax)) {
    for (int v = o.min + 1; v < o.max; ++v) {
      const float y = lg.y1 - lg.h() * float(v - o.min) / float(o.max - o.min);
      if ((o.max - o.min) <= 8) text_at(dl, {tx, y - px * 0.5f}, std::to_string(v), th.text_dim);
    }
  }
  if (now.hover_output && !s.screenshot_mode) output_tooltip(s, now, *now.hover_output);
  return act;
}

}  // namespace tconv::ui
