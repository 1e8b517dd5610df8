// The scatter view: the step-through animation of the transposed convolution. Each input element
// scales the kernel and adds it to the output.
// Sections: helpers | scatter: input, kernel, products, output, moving kernel, tooltips
#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/views/canvas.h"
#include "ui/views/hover.h"
#include "ui/lessons/reveal.h"

namespace tconv::ui {

using namespace draw;

// ---------------------------------------------------------------- helpers

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

// Grey like an image: dark = small, light = large, in both themes (so the edge effect shows as a
// darker frame, as it does in the upsampled pictures).
Rgba value_grey(const Theme& th, float v, float lo, float hi) {
  const float t = hi > lo ? (v - lo) / (hi - lo) : 1.0f;
  const float base = std::min(th.cell_bg_rgba.r, 0.25f);
  const float g = base + (0.92f - base) * std::clamp(t, 0.0f, 1.0f);
  return {g, g, g, 1};
}

// The rows (or columns) the hovered term of the size formula counts: a translucent green band
// across the uncropped canvas, framed. (Its caption replaces the output's label: size_term_label.)
void draw_size_term_band(const AppState& s, ImDrawList* dl, const GridGeom& full, const Metrics& mt) {
  const SizeTermFocus& f = s.size_term;
  if (f.term == SizeTerm::None || !s.model) return;
  const TeachingModel& m = *s.model;
  const ConvTransposeParams& P = m.config.params;
  const AxisParams ah{m.config.input.rows, m.config.kernel.rows, P.stride.h, P.padding.h, P.dilation.h, P.output_padding.h};
  const AxisParams aw{m.config.input.cols, m.config.kernel.cols, P.stride.w, P.padding.w, P.dilation.w, P.output_padding.w};
  const ImU32 green = col(palette::kGreen), fill_c = col(palette::kGreen, 0.35f);
  const float thick = std::max(2.0f, std::round(2.0f * mt.scale));
  const RectF all = full.rect();
  if (f.rows)
    for (const Span& sp : size_term_spans(ah, f.term)) {
      const RectF b{all.x0, full.point(double(sp.begin), 0).y, all.x1, full.point(double(sp.end), 0).y};
      fill(dl, b, fill_c);
      frame(dl, b, green, thick);
    }
  if (f.cols)
    for (const Span& sp : size_term_spans(aw, f.term)) {
      const RectF b{full.point(0, double(sp.begin)).x, all.y0, full.point(0, double(sp.end)).x, all.y1};
      fill(dl, b, fill_c);
      frame(dl, b, green, thick);
    }
}

// The hovered term's caption, as long as fits `room`: "(in - 1) x s = 4 rows: first to last kernel
// origin", shorter forms, or the term itself. Empty when no term is hovered.
std::string size_term_label(const AppState& s, float room, float px) {
  const SizeTermFocus& f = s.size_term;
  if (f.term == SizeTerm::None || !s.model) return {};
  const TeachingModel& m = *s.model;
  const ConvTransposeParams& P = m.config.params;
  const AxisParams a = f.rows ? AxisParams{m.config.input.rows, m.config.kernel.rows, P.stride.h, P.padding.h,
                                           P.dilation.h, P.output_padding.h}
                              : AxisParams{m.config.input.cols, m.config.kernel.cols, P.stride.w, P.padding.w,
                                           P.dilation.w, P.output_padding.w};
  // While a lesson asks for the size, the caption names what the term counts but not how many.
  const std::string cap = size_term_caption(a, f.term, f.rows, !hidden(s, Quantity::OutputSize));
  const std::string both = f.rows && f.cols ? " (and columns)" : "";
  return fit_label({cap + both, cap, cap.substr(0, cap.find(':')), size_term_text(f.term)}, room, px);
}

}  // namespace

// ---------------------------------------------------------------- scatter view

CanvasAction draw_scatter_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
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
  add_output_legend(s, legend);
  // The grids come first: on a small canvas the legend goes rather than the cells shrinking below
  // a readable size.
  const Pair in_size{m.config.input.rows, m.config.input.cols}, full_size{m.full_h, m.full_w};
  RectF grids = area;
  grids.y1 -= legend_height(legend, area.w()) + ImGui::GetFontSize() * 0.5f;
  ScatterLayout L = layout_scatter(grids, in_size, {kh, kw}, full_size, P.padding, mt.line_h, mt.max_cell);
  const ScatterLayout bare = layout_scatter(area, in_size, {kh, kw}, full_size, P.padding, mt.line_h, mt.max_cell);
  const bool show_legend = L.fits && L.full.cell >= std::min(14 * mt.scale, bare.full.cell);
  if (!show_legend) L = bare;
  if (!L.fits) {
    draw_canvas_message(dl, area, "Too many cells for this window.",
                        "Enlarge the window, lower the UI scale or use a smaller input.");
    return {};
  }

  // Mouse: hover and click.
  CanvasAction act;
  if (in.hovered) {
    if (std::optional<Cell> c = L.output.hit(in.mouse)) {
      point_at_output(act, *c, in.clicked);
    } else if (std::optional<Cell> ic = L.input.hit(in.mouse)) {
      point_at_input(act, m, *ic, in.clicked);
    }
  }
  if (in.right_clicked) act.unpin = true;
  const CanvasFocus now = canvas_focus(s, act);  // with this frame's hover and click

  const size_t k = now.playback.step();
  const double motion = now.playback.kernel_motion();
  const size_t shown = (motion > 0.0 && k + 1 < m.steps.size()) ? k + 1 : k;  // the moving kernel
  const Placement& cur = m.steps[k];
  const Placement& mov = m.steps[shown];
  const Grid partial = partial_output(m, k + 1);
  const std::vector<int> done = done_counts(m, k);
  const std::optional<Cell> focus = now.pinned ? now.pinned : now.hover_output;
  const Sources src = focus ? output_sources(m, *focus) : Sources{};
  const Footprint hover_fp = now.hover_input ? input_footprint(m, *now.hover_input) : Footprint{};
  const float thick = std::max(2.0f, std::round(2.5f * mt.scale));
  const float corner_px = std::max(13.0f, L.output.cell * 0.24f);

  // --- Input x
  label(dl, L.input_label,
        fit_text("Input x (" + dims(m.config.input.rows, m.config.input.cols) + ")", "x", L.input_room, mt.label_px), mt);
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
  if (now.hover_input) frame(dl, L.input.cell_rect(now.hover_input->r, now.hover_input->c), blue, thick);
  frame(dl, L.input.cell_rect(mov.in_r, mov.in_c), orange, thick + 1);

  // --- Kernel w
  label(dl, L.kernel_label, fit_text("Kernel w (" + dims(kh, kw) + ")", "w", L.kernel_room, mt.label_px), mt);
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
    const float room = L.products_room;
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
  // While a term of the size formula is hovered, its caption takes the label's place (in the band's colour).
  if (const std::string cap = size_term_label(s, L.output_room, mt.label_px); !cap.empty()) {
    text_at(dl, L.output_label, cap, col(palette::kGreen), mt.label_px);
  } else {
    label(dl, L.output_label,
          fit_text("Output y (" + ui::shown(s, Quantity::OutputSize, dims(m.out_h, m.out_w)) + ")", "y", L.output_room,
                   mt.label_px),
          mt);
  }
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
  draw_tf_crop(s, dl, L.output);

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
      // In a small cell the product would print over the cell's own number.
      if (L.full.cell >= 32 * mt.scale)
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
    frame(dl, fr, blue, thick + (now.pinned ? 2 : 0));
  }

  draw_size_term_band(s, dl, L.full, mt);
  if (show_legend) draw_legend(dl, legend, area, th);

  // Tooltips.
  if (!s.screenshot_mode) {
    if (now.hover_output) {
      output_tooltip(s, now, *now.hover_output);
    } else if (now.hover_input) {
      const Footprint f = input_footprint(m, *now.hover_input);
      ImGui::BeginTooltip();
      ImGui::Text("%s = %s adds its scaled kernel to %d output cells%s", cell_label("x", *now.hover_input).c_str(),
                  format_number(m.config.input.at(now.hover_input->r, now.hover_input->c)).c_str(),
                  int(f.kept.size()),
                  f.cropped ? (" (" + std::to_string(f.cropped) + " products cropped by padding)").c_str() : "");
      ImGui::TextDisabled("Click: go to its step.");
      ImGui::EndTooltip();
    }
  }
  return act;
}

}  // namespace tconv::ui
