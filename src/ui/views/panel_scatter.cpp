// The scatter view (the step-through animation) and the overlap heat-map view.
// Sections: shared helpers | scatter: input, kernel, products, output, moving kernel, tooltips |
// heat-map: map, profiles, legend.
#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/views/canvas.h"
#include "ui/views/hover.h"

namespace tconv::ui {

using namespace draw;

// ---------------------------------------------------------------- shared helpers

Metrics metrics() {
  Metrics m;
  m.scale = ImGui::GetFontSize() / 13.0f;
  m.label_px = ImGui::GetFontSize() * 1.25f;
  m.line_h = std::floor(m.label_px * 1.5f);
  m.max_cell = std::floor(96.0f * m.scale);
  return m;
}

std::string cell_label(const char* name, Cell c) {
  return std::string(name) + "[" + std::to_string(c.r) + "," + std::to_string(c.c) + "]";
}

void click_output(AppState& s, Cell c) {
  if (s.pinned && *s.pinned == c) {
    s.pinned.reset();
  } else {
    s.pinned = c;
  }
}

void output_tooltip(const AppState& s, Cell c) {
  if (!s.model || s.screenshot_mode) return;
  const TeachingModel& m = *s.model;
  // Short: the sum is written out in full in the right-hand panel, and a long tooltip would
  // cover the neighbouring cells.
  ImGui::BeginTooltip();
  ImGui::Text("%s = %s  (%d product%s)", cell_label("y", c).c_str(), format_number(m.output.at(c.r, c.c)).c_str(),
              m.overlap_at(c.r, c.c), m.overlap_at(c.r, c.c) == 1 ? "" : "s");
  ImGui::TextDisabled(s.pinned && *s.pinned == c ? "click again to unpin" : "click to pin; the sum is on the right");
  ImGui::EndTooltip();
}

void draw_problem_message(const AppState& s, ImDrawList* dl, RectF area) {
  const Metrics mt = metrics();
  float y = area.y0 + mt.line_h;
  text_at(dl, {area.x0 + mt.line_h, y}, "This configuration is impossible:", col(palette::kVermillion),
          mt.label_px);
  y += mt.line_h * 1.5f;
  ImFont* f = ImGui::GetFont();
  for (const std::string& p : s.problems) {
    const float wrap = area.w() - 2 * mt.line_h;
    dl->AddText(f, ImGui::GetFontSize(), ImVec2(area.x0 + mt.line_h, y), theme().text, p.c_str(),
                nullptr, wrap);
    y += f->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, wrap, p.c_str()).y + mt.line_h * 0.5f;
  }
}

namespace {

void label(ImDrawList* dl, Vec2f p, const std::string& text, const Metrics& mt) {
  text_at(dl, p, text, theme().label, mt.label_px);
}

std::string dims(int64_t h, int64_t w) { return std::to_string(h) + "x" + std::to_string(w); }

// Number of placements among steps 0..k (inclusive) that add to each kept output cell.
std::vector<int> done_counts(const TeachingModel& m, size_t k) {
  std::vector<int> cnt(static_cast<size_t>(m.out_h * m.out_w), 0);
  for (size_t i = 0; i <= k && i < m.steps.size(); ++i) {
    const Placement& p = m.steps[i];
    for (int64_t a = 0; a < m.config.kernel.rows; ++a)
      for (int64_t b = 0; b < m.config.kernel.cols; ++b) {
        const int64_t r = m.tap_row(p, a), c = m.tap_col(p, b);
        if (r >= 0 && c >= 0 && r < m.out_h && c < m.out_w) ++cnt[static_cast<size_t>(r * m.out_w + c)];
      }
  }
  return cnt;
}

}  // namespace

float legend_height(const std::vector<LegendItem>& items, float width) {
  const float sz = ImGui::GetFontSize();
  float x = 0;
  int lines = items.empty() ? 0 : 1;
  for (const LegendItem& it : items) {
    const float w = sz * 2.6f + text_width(it.text, sz);
    if (x > 0 && x + w > width) {
      ++lines;
      x = 0;
    }
    x += w;
  }
  return float(lines) * sz * 1.4f;
}

void draw_legend(ImDrawList* dl, const std::vector<LegendItem>& items, RectF area, const Theme& th) {
  const float sz = ImGui::GetFontSize();
  Vec2f p{area.x0, area.y1 - legend_height(items, area.w()) + sz * 0.2f};
  for (const LegendItem& it : items) {
    const float w = sz * 2.6f + text_width(it.text, sz);
    if (p.x > area.x0 && p.x + w > area.x1) {
      p.x = area.x0;
      p.y += sz * 1.4f;
    }
    const RectF r{p.x, p.y, p.x + sz, p.y + sz};
    fill(dl, r, it.bg);
    if (it.hatch) hatch(dl, r, it.hatch, 4);
    if (it.dashed) {
      dashed_frame(dl, r, it.border, 3, 1);
    } else {
      frame(dl, r, it.border, 2.0f);
    }
    text_at(dl, {p.x + sz * 1.4f, p.y}, it.text, th.text, sz);  // the font text_width() measured
    p.x += w;
  }
}

namespace {

// Grey like an image: dark = small, light = large, in both themes (so the edge effect shows as a
// darker frame, as it does in the upsampled pictures).
Rgba value_grey(const Theme& th, float v, float lo, float hi) {
  const float t = hi > lo ? (v - lo) / (hi - lo) : 1.0f;
  const float base = std::min(th.cell_bg_rgba.r, 0.25f);
  const float g = base + (0.92f - base) * std::clamp(t, 0.0f, 1.0f);
  return {g, g, g, 1};
}

float overlap_t(const OverlapSummary& o, int count) {
  return o.max > o.min ? float(count - o.min) / float(o.max - o.min) : 0.75f;
}

}  // namespace

// ---------------------------------------------------------------- scatter view

void draw_scatter_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.model) return draw_problem_message(s, dl, area);
  const TeachingModel& m = *s.model;
  const Metrics mt = metrics();
  const Theme th = theme();
  const ConvTransposeParams& P = m.config.params;
  const int64_t kh = m.config.kernel.rows, kw = m.config.kernel.cols;
  const ImU32 orange = col(palette::kOrange), blue = col(palette::kSkyBlue);
  const bool has_focus = s.pinned || s.hover_output;
  std::vector<LegendItem> legend = {
      {col(palette::kOrange, 0.55f), orange, false, 0, "current step"},
      {th.cell_bg, th.cell_border, false, col(palette::kOrange, 0.5f), "done"},
  };
  // "hover a cell" means nothing on an exported slide, where nobody can hover.
  if (has_focus || in.interactive)
    legend.push_back({th.canvas_bg, blue, false, 0, has_focus ? "cell and its sources" : "hover a cell: its sources"});
  if (P.padding.h > 0 || P.padding.w > 0) legend.push_back({th.ghost_bg, th.ghost_border, true, 0, "cropped by padding"});
  if (P.output_padding.h > 0 || P.output_padding.w > 0)
    legend.push_back({th.cell_bg, th.cell_border, false, col(palette::kPurple), "output_padding"});
  RectF grids = area;
  grids.y1 -= legend_height(legend, area.w()) + ImGui::GetFontSize() * 0.5f;
  const ScatterLayout L = layout_scatter(grids, {m.config.input.rows, m.config.input.cols}, {kh, kw},
                                         {m.full_h, m.full_w}, P.padding, mt.line_h, mt.max_cell);
  if (!L.fits) {
    text_at(dl, {area.x0, area.y0}, "Too many cells for this window: enlarge it, lower the UI scale "
            "or use a smaller input.", th.text);
    return;
  }

  // Mouse: hover and click.
  if (in.hovered) {
    if (std::optional<Cell> c = L.output.hit(in.mouse)) {
      s.hover_output = c;
      if (in.clicked) click_output(s, *c);
    } else if (std::optional<Cell> ic = L.input.hit(in.mouse)) {
      s.hover_input = ic;
      if (in.clicked) s.playback.seek(step_of_input(m, *ic));
    }
  }
  if (in.right_clicked) s.pinned.reset();

  const size_t k = s.playback.step();
  const double motion = s.playback.kernel_motion();
  const size_t shown = (motion > 0.0 && k + 1 < m.steps.size()) ? k + 1 : k;  // the moving kernel
  const Placement& cur = m.steps[k];
  const Placement& mov = m.steps[shown];
  const Grid partial = partial_output(m, k + 1);
  const std::vector<int> done = done_counts(m, k);
  const std::optional<Cell> focus = s.pinned ? s.pinned : s.hover_output;
  const Sources src = focus ? output_sources(m, *focus) : Sources{};
  const Footprint hover_fp = s.hover_input ? input_footprint(m, *s.hover_input) : Footprint{};
  const float thick = std::max(2.0f, std::round(2.5f * mt.scale));
  const float corner_px = std::max(13.0f, L.output.cell * 0.24f);

  // --- Input x
  const float left_room = L.full.origin.x - L.input_label.x - mt.line_h * 0.5f;
  label(dl, L.input_label,
        fit_text("Input x (" + dims(m.config.input.rows, m.config.input.cols) + ")", "x", left_room, mt.label_px), mt);
  for (int64_t r = 0; r < L.input.rows; ++r) {
    for (int64_t c = 0; c < L.input.cols; ++c) {
      const RectF cr = L.input.cell_rect(r, c);
      const bool is_cur = r == mov.in_r && c == mov.in_c;
      const bool done_before = size_t(r * L.input.cols + c) < shown;
      fill(dl, cr, is_cur ? col(palette::kOrange, 0.55f) : th.cell_bg);
      if (done_before) hatch(dl, cr, col(palette::kOrange, 0.18f), std::max(6.0f, cr.w() / 5));
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(m.config.input.at(r, c)), th.text, cr.h() * 0.45f);
      if (cr.w() >= 44 * mt.scale) text_corner(dl, cr, std::to_string(r) + "," + std::to_string(c), th.text_dim, 13);
    }
  }
  for (const Cell& c : src.inputs) frame(dl, inset(L.input.cell_rect(c.r, c.c), 1), blue, thick);
  if (s.hover_input) frame(dl, L.input.cell_rect(s.hover_input->r, s.hover_input->c), blue, thick);
  frame(dl, L.input.cell_rect(mov.in_r, mov.in_c), orange, thick + 1);

  // --- Kernel w
  label(dl, L.kernel_label, fit_text("Kernel w (" + dims(kh, kw) + ")", "w", left_room, mt.label_px), mt);
  for (int64_t a = 0; a < kh; ++a) {
    for (int64_t b = 0; b < kw; ++b) {
      const RectF cr = L.kernel.cell_rect(a, b);
      fill(dl, cr, th.cell_bg);
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(m.config.kernel.at(a, b)), th.text, cr.h() * 0.45f);
      if (cr.w() >= 44 * mt.scale) text_corner(dl, cr, std::to_string(a) + "," + std::to_string(b), th.text_dim, 13);
    }
  }
  for (const Cell& t : src.taps) frame(dl, inset(L.kernel.cell_rect(t.r, t.c), 1), blue, thick);

  // --- The scaled kernel x[i,j] * w (the products)
  {
    const std::string x = cell_label("x", {mov.in_r, mov.in_c});
    const float room = left_room;
    std::string t = x + " * w  (every tap times " + format_number(mov.value) + ")";
    if (text_width(t, mt.label_px) > room) t = x + " * w = " + format_number(mov.value) + " * w";
    if (text_width(t, mt.label_px) > room) t = x + " * w";
    if (text_width(t, mt.label_px) > room) t = "x*w";
    label(dl, L.products_label, t, mt);
  }
  for (int64_t a = 0; a < kh; ++a) {
    for (int64_t b = 0; b < kw; ++b) {
      const RectF cr = L.products.cell_rect(a, b);
      const int64_t orow = m.tap_row(mov, a), ocol = m.tap_col(mov, b);
      const bool kept = orow >= 0 && ocol >= 0 && orow < m.out_h && ocol < m.out_w;
      fill(dl, cr, kept ? col(palette::kOrange, 0.30f) : th.ghost_bg);
      frame(dl, cr, kept ? orange : th.ghost_border, 1.0f);
      text_in_cell(dl, cr, format_number(mov.value * m.config.kernel.at(a, b)), kept ? th.text : th.text_dim,
                   cr.h() * 0.45f);
      if (!kept && cr.w() >= 44 * mt.scale) text_corner(dl, cr, "cropped", th.text_dim, 13);
    }
  }

  // --- Output y: ghost (cropped) cells, kept cells with running sums
  label(dl, L.output_label, "Output y (" + dims(m.out_h, m.out_w) + ")", mt);
  const int64_t op_h = P.output_padding.h, op_w = P.output_padding.w;
  // Grey scale over the final output's range, so colours stay put while stepping.
  const auto [lo_it, hi_it] = std::minmax_element(m.output.v.begin(), m.output.v.end());
  const float vlo = std::min(0.0f, *lo_it), vhi = std::max(0.0f, *hi_it);
  for (int64_t r = 0; r < L.full.rows; ++r) {
    for (int64_t c = 0; c < L.full.cols; ++c) {
      const RectF cr = L.full.cell_rect(r, c);
      const int64_t orow = r - P.padding.h, ocol = c - P.padding.w;
      if (orow < 0 || ocol < 0 || orow >= m.out_h || ocol >= m.out_w) {
        fill(dl, cr, th.ghost_bg);
        if (cr.w() >= 7) dashed_frame(dl, inset(cr, 1), th.ghost_border, std::max(3.0f, cr.w() / 9), 1.0f);
        continue;
      }
      const size_t idx = static_cast<size_t>(orow * m.out_w + ocol);
      Rgba bg = th.cell_bg_rgba;
      if (s.prefs.shading == Shading::Overlap) bg = viridis(overlap_t(s.overlap, m.overlap[idx]));
      if (s.prefs.shading == Shading::Value) bg = value_grey(th, partial.at(orow, ocol), vlo, vhi);
      fill(dl, cr, col(bg));
      const bool op_cell = orow >= m.out_h - op_h || ocol >= m.out_w - op_w;
      if (op_cell) hatch(dl, cr, col(palette::kPurple, 0.55f), std::max(5.0f, cr.w() / 6));
      grid_line(dl, cr, th.cell_border);
      const ImU32 txt = s.prefs.shading == Shading::None ? th.text : col(text_on(bg));
      const bool touched = done[idx] > 0;
      text_in_cell(dl, cr, format_number(partial.at(orow, ocol)), touched ? txt : th.text_dim,
                   cr.h() * 0.42f);
    }
  }
  const RectF kept_rect = L.output.rect();
  frame(dl, kept_rect, th.label, thick);

  // Cells the current placement added to: lit (fading while the kernel moves on).
  const float lit = float(1.0 - motion);
  for (int64_t a = 0; a < kh; ++a)
    for (int64_t b = 0; b < kw; ++b) {
      const int64_t r = m.tap_row(cur, a), c = m.tap_col(cur, b);
      if (r >= 0 && c >= 0 && r < m.out_h && c < m.out_w)
        fill(dl, inset(L.output.cell_rect(r, c), 1), col(palette::kOrange, 0.28f * lit));
    }

  // --- The moving kernel: tap squares glide from placement k to k+1, carrying the products.
  const double tr = double(cur.top) + double(mov.top - cur.top) * motion + double(P.padding.h);
  const double tc = double(cur.left) + double(mov.left - cur.left) * motion + double(P.padding.w);
  dl->PushClipRect(iv({L.full.origin.x - 4, L.full.origin.y - 4}),
                   ImVec2(L.full.rect().x1 + 4, L.full.rect().y1 + 4), true);
  for (int64_t a = 0; a < kh; ++a) {
    for (int64_t b = 0; b < kw; ++b) {
      const Vec2f p0 = L.full.point(tr + double(a * P.dilation.h), tc + double(b * P.dilation.w));
      const RectF cr{p0.x, p0.y, p0.x + L.full.cell, p0.y + L.full.cell};
      frame(dl, inset(cr, 1), orange, thick + 1);
      const float prod = mov.value * m.config.kernel.at(a, b);
      const int64_t orow = m.tap_row(mov, a), ocol = m.tap_col(mov, b);
      const bool kept = orow >= 0 && ocol >= 0 && orow < m.out_h && ocol < m.out_w;
      text_corner(dl, inset(cr, 2), "+" + format_number(prod), kept ? orange : col(palette::kOrange, 0.5f),
                  corner_px);
    }
  }
  dl->PopClipRect();

  // Hover footprint of an input element, and the focused (hovered/pinned) output cell, on top.
  for (const Cell& c : hover_fp.kept) frame(dl, inset(L.output.cell_rect(c.r, c.c), 3), blue, thick);
  if (focus) {
    const RectF fr = L.output.cell_rect(focus->r, focus->c);
    frame(dl, inset(fr, -2), th.canvas_bg, 2);
    frame(dl, fr, blue, thick + (s.pinned ? 2 : 0));
  }

  draw_legend(dl, legend, area, th);

  // Tooltips.
  if (!s.screenshot_mode) {
    if (s.hover_output) {
      output_tooltip(s, *s.hover_output);
    } else if (s.hover_input) {
      const Footprint f = input_footprint(m, *s.hover_input);
      ImGui::BeginTooltip();
      ImGui::Text("%s = %s adds its scaled kernel to %d output cells%s", cell_label("x", *s.hover_input).c_str(),
                  format_number(m.config.input.at(s.hover_input->r, s.hover_input->c)).c_str(),
                  int(f.kept.size()),
                  f.cropped ? (" (" + std::to_string(f.cropped) + " products cropped by padding)").c_str() : "");
      ImGui::TextDisabled("Click: go to its step.");
      ImGui::EndTooltip();
    }
  }
}

// ---------------------------------------------------------------- heat-map view

void draw_heatmap_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.model) return draw_problem_message(s, dl, area);
  const TeachingModel& m = *s.model;
  const Metrics mt = metrics();
  const Theme th = theme();
  const OverlapSummary& o = s.overlap;
  const float legend_w = mt.line_h + text_width("max 99", mt.label_px) + 8;
  const HeatmapLayout L = layout_heatmap(area, {m.out_h, m.out_w}, mt.line_h, legend_w, mt.max_cell);
  if (!L.fits) {
    text_at(dl, {area.x0, area.y0}, "Too many cells for this window.", th.text);
    return;
  }
  if (in.hovered) {
    if (std::optional<Cell> c = L.map.hit(in.mouse)) {
      s.hover_output = c;
      if (in.clicked) click_output(s, *c);
    }
  }
  if (in.right_clicked) s.pinned.reset();

  text_at(dl, L.title,
          "Overlap: how many products land on each output cell (min " + std::to_string(o.min) + ", max " +
              std::to_string(o.max) + ")",
          th.label, mt.label_px);
  auto cell = [&](const GridGeom& g, int64_t r, int64_t c, int count) {
    const RectF cr = g.cell_rect(r, c);
    const Rgba bg = viridis(overlap_t(o, count));
    fill(dl, cr, col(bg));
    grid_line(dl, cr, th.canvas_bg);
    text_in_cell(dl, cr, std::to_string(count), col(text_on(bg)), cr.h() * 0.45f);
  };
  for (int64_t r = 0; r < m.out_h; ++r)
    for (int64_t c = 0; c < m.out_w; ++c) cell(L.map, r, c, m.overlap_at(r, c));
  // The 1-D profiles: the map is their outer product. Colour them on their own range.
  auto profile_cell = [&](const GridGeom& g, int64_t r, int64_t c, int count, int lo, int hi) {
    const RectF cr = g.cell_rect(r, c);
    const Rgba bg = viridis(hi > lo ? float(count - lo) / float(hi - lo) : 0.75f);
    fill(dl, cr, col(bg, 0.85f));
    grid_line(dl, cr, th.canvas_bg);
    text_in_cell(dl, cr, std::to_string(count), col(text_on(bg)), cr.h() * 0.45f);
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
    text_in_cell(dl, corner, "x", th.text_dim, corner.h() * 0.5f);
  }
  const std::optional<Cell> focus = s.pinned ? s.pinned : s.hover_output;
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
  text_at(dl, {tx, lg.y0}, "max " + std::to_string(o.max), th.text);
  text_at(dl, {tx, lg.y1 - px}, "min " + std::to_string(o.min), th.text);
  if (o.max - o.min >= 2 && lg.h() > px * 6) {
    for (int v = o.min + 1; v < o.max; ++v) {
      const float y = lg.y1 - lg.h() * float(v - o.min) / float(o.max - o.min);
      if ((o.max - o.min) <= 8) text_at(dl, {tx, y - px * 0.5f}, std::to_string(v), th.text_dim);
    }
  }
  if (s.hover_output && !s.screenshot_mode) output_tooltip(s, *s.hover_output);
}

}  // namespace tconv::ui
