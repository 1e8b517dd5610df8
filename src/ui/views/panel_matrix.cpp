// The matrix view, in sync with the step and the pinned cell: y = C^T x with the focused output
// row and the current input column highlighted.
#include <algorithm>
#include <cmath>

#include "ui/views/canvas.h"
#include "ui/views/hover.h"
#include "ui/views/matrix.h"
#include "ui/lessons/reveal.h"

namespace tconv::ui {

using namespace draw;

CanvasAction draw_matrix_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.model) return draw_problem_message(s, dl, area);
  const TeachingModel& m = *s.model;
  const MatrixData& mv = s.matrix;
  const Metrics mt = metrics();
  const Theme th = theme();
  const ConvTransposeParams& P = m.config.params;
  if (mv.too_big) {
    draw_canvas_message(dl, area, "C^T is too large to draw.",
                        "It would have " + std::to_string(mv.rows) + " x " + std::to_string(mv.cols) +
                            " entries. Use a smaller input or kernel to see the matrix.");
    return {};
  }
  const float small_px = ImGui::GetFontSize();
  // Title lines, wrapped to the width; the matrix goes below them.
  const std::string t1 = "y = C^T x.  C^T has " + shown(s, Quantity::MatrixShape, std::to_string(mv.rows)) + " rows (output cells) and " +
                         shown(s, Quantity::MatrixShape, std::to_string(mv.cols)) + " columns (input elements).";
  const std::string t2 = "C is the forward convolution " + shown(s, Quantity::OutputSize, std::to_string(m.out_h) + "x" + std::to_string(m.out_w)) +
                         " -> " + std::to_string(m.config.input.rows) + "x" + std::to_string(m.config.input.cols) +
                         " (same k, s, p, d); its transpose goes back: hence the name.";
  ImFont* title_font = font_for_px(mt.label_px);
  const float h1 = title_font->CalcTextSizeA(title_font->FontSize, FLT_MAX, area.w(), t1.c_str()).y;
  const float h2 = ImGui::GetFont()->CalcTextSizeA(small_px, FLT_MAX, area.w(), t2.c_str()).y;
  // The matrix comes first: on a small canvas the second title line goes, then the first.
  const float line_h[3] = {h1 + h2 + small_px * 0.6f, h1 + small_px * 0.6f, 0.0f};
  const float min_cell = small_px * 0.9f;
  MatrixLayout L;
  float label_w = 0, title_h = 0;
  int titles = 2;  // title lines shown
  for (int drop = 0; drop < 3; ++drop) {
    titles = 2 - drop;
    title_h = line_h[drop];
    label_w = text_width("y[" + std::to_string(m.out_h - 1) + "," + std::to_string(m.out_w - 1) + "]", small_px) + 8;
    L = layout_matrix(area, mv.rows, mv.cols, title_h, label_w, mt.max_cell * 0.7f);
    if (L.ct.cell < min_cell) {
      label_w = 0;
      L = layout_matrix(area, mv.rows, mv.cols, title_h, 0, mt.max_cell * 0.7f);
    }
    if (L.fits && L.ct.cell >= min_cell) break;
  }
  if (!L.fits) {
    draw_canvas_message(dl, area, "C^T does not fit at this window size.",
                        "C^T is " + std::to_string(mv.rows) + " x " + std::to_string(mv.cols) +
                            ": enlarge the window, lower the UI scale or use a smaller input.");
    return {};
  }
  std::optional<Cell> hover_entry;
  CanvasAction act;
  if (in.hovered) {
    if (std::optional<Cell> c = L.ct.hit(in.mouse)) hover_entry = c;
    else if (std::optional<Cell> c2 = L.y_col.hit(in.mouse)) hover_entry = Cell{c2->r, -1};
    if (hover_entry) {
      const Cell out{hover_entry->r / m.out_w, hover_entry->r % m.out_w};
      point_at_output(act, out, in.clicked);
    }
  }
  if (in.right_clicked) act.unpin = true;
  const CanvasFocus now = canvas_focus(s, act);  // with this frame's hover and click

  const ImU32 orange = col(palette::kOrange), blue = col(palette::kSkyBlue);
  const float thick = std::max(2.0f, std::round(2.0f * mt.scale));
  if (titles >= 1) dl->AddText(title_font, title_font->FontSize, iv(L.title), th.label, t1.c_str(), nullptr, area.w());
  if (titles >= 2)
    dl->AddText(ImGui::GetFont(), small_px, ImVec2(L.title.x, L.title.y + h1 + 2), th.text_dim, t2.c_str(), nullptr,
                area.w());

  const Cell cur = shown_input(m, now.playback);
  const int64_t cur_col = cur.r * m.config.input.cols + cur.c;
  const std::optional<Cell> focus = focus_output(m, now);
  const int64_t focus_row = focus ? focus->r * m.out_w + focus->c : -1;
  const bool numbers = L.ct.cell >= 14;

  // x as a row above the columns.
  for (int64_t j = 0; j < mv.cols; ++j) {
    const RectF cr = L.x_row.cell_rect(0, j);
    fill(dl, cr, j == cur_col ? col(palette::kOrange, 0.55f) : th.cell_bg);
    grid_line(dl, cr, th.cell_border);
    if (numbers) text_in_cell(dl, cr, format_number(m.config.input.v[size_t(j)]), th.text, cr.h() * 0.45f);
  }
  if (label_w > 0) text_at(dl, {L.x_row.origin.x - label_w, L.x_row.origin.y + (L.x_row.cell - small_px) / 2}, "x", th.label);
  // C^T.
  for (int64_t r = 0; r < mv.rows; ++r) {
    for (int64_t c = 0; c < mv.cols; ++c) {
      const RectF cr = L.ct.cell_rect(r, c);
      const float v = mv.at(r, c);
      if (v != 0.0f) {  // non-zeros stand out even when the cells are too small for numbers
        const Rgba bg = v > 0 ? Rgba{0.70f, 0.70f, 0.72f, 1} : Rgba{0.45f, 0.62f, 0.80f, 1};
        fill(dl, cr, col(bg));
        if (numbers) text_in_cell(dl, cr, format_number(v), col(text_on(bg)), cr.h() * 0.45f);
      } else {
        fill(dl, cr, th.ghost_bg);
      }
    }
  }
  // Grid lines (one pass, lighter than per-cell frames).
  const RectF ctr = L.ct.rect();
  for (int64_t r = 0; r <= mv.rows; ++r) {
    const float y = L.ct.origin.y + float(r) * L.ct.cell;
    dl->AddLine(ImVec2(ctr.x0, y), ImVec2(ctr.x1, y), th.ghost_border, 1);
  }
  for (int64_t c = 0; c <= mv.cols; ++c) {
    const float x = L.ct.origin.x + float(c) * L.ct.cell;
    dl->AddLine(ImVec2(x, ctr.y0), ImVec2(x, ctr.y1), th.ghost_border, 1);
  }
  // y as a column on the right.
  for (int64_t r = 0; r < mv.rows; ++r) {
    const RectF cr = L.y_col.cell_rect(r, 0);
    fill(dl, cr, th.cell_bg);
    grid_line(dl, cr, th.cell_border);
    if (numbers) text_in_cell(dl, cr, format_number(m.output.v[size_t(r)]), th.text, cr.h() * 0.45f);
    if (label_w > 0) {
      const std::string t = cell_label("y", {r / m.out_w, r % m.out_w});
      text_at(dl, {L.ct.origin.x - label_w, cr.y0 + (cr.h() - small_px) / 2}, t,
              r == focus_row ? blue : th.text_dim);
    }
  }
  // Highlights: the current input's column (orange), the focused output's row (blue).
  frame(dl, {ctr.x0 + float(cur_col) * L.ct.cell, L.x_row.origin.y, ctr.x0 + float(cur_col + 1) * L.ct.cell, ctr.y1},
        orange, thick);
  if (focus_row >= 0) {
    frame(dl, {ctr.x0, ctr.y0 + float(focus_row) * L.ct.cell, L.y_col.rect().x1, ctr.y0 + float(focus_row + 1) * L.ct.cell},
          blue, thick);
  }

  if (hover_entry && !s.screenshot_mode) {
    const Cell out{hover_entry->r / m.out_w, hover_entry->r % m.out_w};
    ImGui::BeginTooltip();
    if (hover_entry->c >= 0) {
      const Cell x{hover_entry->c / m.config.input.cols, hover_entry->c % m.config.input.cols};
      const int64_t dr = out.r + P.padding.h - x.r * P.stride.h, dc = out.c + P.padding.w - x.c * P.stride.w;
      ImGui::Text("row %s, column %s", cell_label("y", out).c_str(), cell_label("x", x).c_str());
      if (mv.at(hover_entry->r, hover_entry->c) != 0.0f && dr % P.dilation.h == 0 && dc % P.dilation.w == 0) {
        ImGui::Text("C^T entry = %s = %s: the tap of x's kernel that lands on y",
                    cell_label("w", {dr / P.dilation.h, dc / P.dilation.w}).c_str(),
                    format_number(mv.at(hover_entry->r, hover_entry->c)).c_str());
      } else {
        ImGui::TextUnformatted("0: no tap of this input's kernel lands on this output cell");
      }
    }
    ImGui::TextUnformatted(cell_sum_symbolic(m, out.r, out.c).c_str());
    ImGui::EndTooltip();
  }
  return act;
}

}  // namespace tconv::ui
