// The regular (forward) convolution view: the padded input with the current patch, the kernel and
// the smaller output filling in one dot product per step, driven by the same transport bar as the
// transposed convolution. Text under the grids writes out the focused cell's dot product.
#include <algorithm>
#include <cmath>

#include "core/forward.h"
#include "ui/views/canvas.h"

namespace tconv::ui {

using namespace draw;

namespace {

// Rectangle around a step's patch in padded-input coordinates (dilated taps: the whole span).
RectF patch_rect(const ForwardModel& m, const GridGeom& g, const ForwardStep& st) {
  const RectF a = g.cell_rect(st.top, st.left);
  const RectF b = g.cell_rect(m.tap_row(st, m.config.kernel.rows - 1), m.tap_col(st, m.config.kernel.cols - 1));
  return {a.x0, a.y0, b.x1, b.y1};
}

RectF lerp(RectF a, RectF b, float t) {
  return {a.x0 + (b.x0 - a.x0) * t, a.y0 + (b.y0 - a.y0) * t, a.x1 + (b.x1 - a.x1) * t, a.y1 + (b.y1 - a.y1) * t};
}

}  // namespace

CanvasAction draw_forward_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.forward.model) {
    draw_canvas_message(dl, area, "This regular convolution is impossible:", s.forward.problem);
    return {};
  }
  const ForwardModel& m = *s.forward.model;
  const Metrics mt = metrics();
  const Theme th = theme();
  const float fs = ImGui::GetFontSize();
  const ImU32 orange = col(palette::kOrange), blue = col(palette::kSkyBlue);
  const ConvTransposeParams& P = m.config.params;
  const int64_t kh = m.config.kernel.rows, kw = m.config.kernel.cols;
  const size_t step = std::min(s.playback.step(), m.steps.size() - 1);
  const ForwardStep& cur = m.steps[step];
  // A pin left over from a larger configuration is ignored. (A plain Cell + flag, not a copied
  // optional: GCC 12 at -O2 reports a false "maybe-uninitialized" on the optional's copy.)
  const bool pin = s.pinned && s.pinned->r < m.out_h && s.pinned->c < m.out_w;
  const Cell pin_cell = pin ? *s.pinned : Cell{};

  const std::vector<LegendItem> legend = {
      {col(palette::kOrange, 0.45f), orange, false, 0, "this step's patch and cell"},
      {th.ghost_bg, th.ghost_border, true, 0, "padding: reads 0"},
      {th.cell_bg, th.cell_border, false, 0, "computed so far"},
      {th.canvas_bg, blue, false, 0, "pinned cell and its patch"},
      {th.canvas_bg, th.canvas_bg, false, 0, "x1 in a corner: the weight it is multiplied by"},
  };
  // The dot product of the focused cell, written out under the grids.
  const Cell focus = pin ? pin_cell : Cell{cur.out_r, cur.out_c};
  const std::string sym = forward_cell_sum_symbolic(m, focus.r, focus.c);
  const std::string num = forward_cell_sum_numeric(m, focus.r, focus.c);
  const std::string fh =
      conv_output_size_formula(AxisParams{m.config.input.rows, kh, P.stride.h, P.padding.h, P.dilation.h, 0});
  const std::string fw =
      conv_output_size_formula(AxisParams{m.config.input.cols, kw, P.stride.w, P.padding.w, P.dilation.w, 0});
  const std::string size_line = "Output size = floor((in + 2p - d(k-1) - 1) / s) + 1" +
                                (fh == fw ? " = " + fh + " (both axes)" : ":  rows " + fh + ",  cols " + fw);
  std::string text = (pin ? "Pinned:  " : "This step:  ") + sym + "\n            " + num + "\n" + size_line;
  if (m.steps.size() == 1)
    text += "\nThe kernel fits the input only once. Make the input larger (Input size, on the left) to watch the "
            "patch slide.";
  ImFont* font = ImGui::GetFont();
  const float big = fs * 1.15f;
  // The grids come first: on a small canvas the legend goes, then the written-out sum.
  // (The first arrangement whose cells are readable, or as large as with nothing else.)
  const int64_t ph = m.padded_h, pw = m.padded_w;
  const float text_h0 = formula_height(font, big, text, area.w());
  ForwardLayout tries[3];
  RectF grid_areas[3];
  for (int drop = 0; drop < 3; ++drop) {
    grid_areas[drop] = area;
    grid_areas[drop].y1 -= (drop >= 2 ? 0.0f : text_h0 + fs) + (drop >= 1 ? 0.0f : legend_height(legend, area.w()));
    tries[drop] = layout_forward(grid_areas[drop], {ph, pw}, {kh, kw}, {m.out_h, m.out_w}, mt.line_h, mt.max_cell);
  }
  int drop = 0;
  while (drop < 2 && !(tries[drop].fits && tries[drop].input.cell >= std::min(14 * mt.scale, tries[2].input.cell)))
    ++drop;
  const ForwardLayout& L = tries[drop];
  const RectF grids = grid_areas[drop];
  const float text_h = drop >= 2 ? 0.0f : text_h0, legend_h = drop >= 1 ? 0.0f : legend_height(legend, area.w());

  if (!L.fits) {
    draw_canvas_message(dl, area, "Too many cells for this window.",
                        "Enlarge the window, lower the UI scale or use a smaller input.");
    return {};
  }
  const float cell = L.input.cell;
  const GridGeom &gi = L.input, &gk = L.kernel, &go = L.output;

  // Mouse: click an output cell to pin it (its patch is outlined in blue); right click unpins.
  CanvasAction act;
  if (in.hovered) {
    if (std::optional<Cell> c = go.hit(in.mouse)) {
      if (in.clicked) act.toggle_pin = c;
      ImGui::SetTooltip("%s\n%s", forward_cell_sum_symbolic(m, c->r, c->c).c_str(),
                        forward_cell_sum_numeric(m, c->r, c->c).c_str());
    }
  }
  if (in.right_clicked) act.unpin = true;
  const CanvasFocus now = canvas_focus(s, act);  // with this frame's hover and click

  // Labels, on the line above each grid.
  const std::string in_label =
      (P.padding.h > 0 || P.padding.w > 0)
          ? fit_label({"Input x, padded by " + std::to_string(P.padding.h) + " (ghost zeros)", "Input x (padded)", "x"},
                      L.input_room, mt.label_px)
          : fit_label({"Input x", "x"}, L.input_room, mt.label_px);
  text_at(dl, {gi.origin.x, gi.origin.y - mt.line_h}, in_label, th.label, mt.label_px);
  text_at(dl, {gk.origin.x, gk.origin.y - mt.line_h}, fit_label({"Kernel w", "w"}, L.kernel_room, mt.label_px), th.label,
          mt.label_px);
  text_at(dl, {go.origin.x, go.origin.y - mt.line_h},
          fit_label({"Output y (smaller)", "Output y", "y"}, L.output_room, mt.label_px), th.label, mt.label_px);

  // Which padded cells the current step's taps read (and the pinned cell's).
  const std::vector<ForwardTap> taps = forward_taps(m, step);
  auto in_patch = [&](int64_t pr, int64_t pc) {
    for (const ForwardTap& t : taps)
      if (t.in_r + P.padding.h == pr && t.in_c + P.padding.w == pc) return true;
    return false;
  };
  const float val_px = cell * 0.42f;
  for (int64_t r = 0; r < ph; ++r) {
    for (int64_t c = 0; c < pw; ++c) {
      const RectF cr = gi.cell_rect(r, c);
      const int64_t ir = r - P.padding.h, ic = c - P.padding.w;
      const bool ghost = ir < 0 || ic < 0 || ir >= m.config.input.rows || ic >= m.config.input.cols;
      const bool hot = in_patch(r, c);
      if (ghost) {
        fill(dl, cr, hot ? col(palette::kOrange, 0.25f) : th.ghost_bg);
        dashed_frame(dl, inset(cr, 1), th.ghost_border, std::max(3.0f, cell * 0.12f), 1.0f);
        text_in_cell(dl, cr, "0", th.text_dim, cell * 0.34f);
      } else {
        fill(dl, cr, hot ? col(palette::kOrange, 0.45f) : th.cell_bg);
        grid_line(dl, cr, th.cell_border);
        text_in_cell(dl, cr, format_number(m.config.input.at(ir, ic)), th.text, val_px);
      }
    }
  }
  // The kernel's weights in the corners of the current patch's cells (what each value is multiplied by).
  if (cell >= 34 * mt.scale) {
    for (const ForwardTap& t : taps) {
      const RectF cr = gi.cell_rect(t.in_r + P.padding.h, t.in_c + P.padding.w);
      text_corner(dl, cr, "x" + format_number(t.w), col(palette::kYellow, 0.9f), std::max(13.0f, cell * 0.2f));
    }
  }
  // The patch outline glides toward the next step while the playback moves.
  const float thick = std::max(2.0f, std::round(3.0f * mt.scale));
  RectF patch = patch_rect(m, gi, cur);
  const double motion = now.playback.kernel_motion();
  if (motion > 0.0 && step + 1 < m.steps.size())
    patch = lerp(patch, patch_rect(m, gi, m.steps[step + 1]), float(motion));
  frame(dl, patch, orange, thick);
  if (pin) frame(dl, inset(patch_rect(m, gi, m.step_at(pin_cell.r, pin_cell.c)), -thick), blue, thick);

  // Kernel.
  for (int64_t a = 0; a < kh; ++a) {
    for (int64_t b = 0; b < kw; ++b) {
      const RectF cr = gk.cell_rect(a, b);
      fill(dl, cr, th.cell_bg);
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(m.config.kernel.at(a, b)), th.text, val_px);
    }
  }
  frame(dl, gk.rect(), orange, thick * 0.7f);

  // Output: cells computed so far (row-major), the current one in orange.
  const Grid partial = forward_partial_output(m, step + 1);
  for (int64_t r = 0; r < m.out_h; ++r) {
    for (int64_t c = 0; c < m.out_w; ++c) {
      const RectF cr = go.cell_rect(r, c);
      const bool done = size_t(r * m.out_w + c) <= step;
      const bool is_cur = r == cur.out_r && c == cur.out_c;
      fill(dl, cr, is_cur ? col(palette::kOrange, 0.45f) : done ? th.cell_bg : th.ghost_bg);
      grid_line(dl, cr, th.cell_border);
      if (done) text_in_cell(dl, cr, format_number(partial.at(r, c)), th.text, val_px);
      if (r == focus.r && c == focus.c && pin) frame(dl, inset(cr, thick * 0.5f), blue, thick);
    }
  }
  frame(dl, go.cell_rect(cur.out_r, cur.out_c), orange, thick);

  // The dot product written out, the size formula, the legend.
  if (text_h > 0) add_formula(dl, font, big, {area.x0, grids.y1 + fs * 0.5f}, th.text, text, area.w());  // breaks between terms
  if (legend_h > 0) draw_legend(dl, legend, area, th);
  return act;
}

}  // namespace tconv::ui
