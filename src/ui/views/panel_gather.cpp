// The two equivalent views, in sync with the step and the pinned cell:
//   gather -- direct convolution of the zero-inserted, padded input with the 180-degree-flipped
//             kernel (the flip drawn explicitly with tap labels);
//   matrix -- y = C^T x with the focused output row and the current input column highlighted.
#include <algorithm>
#include <cmath>

#include "ui/views/canvas.h"
#include "ui/views/hover.h"

namespace tconv::ui {

using namespace draw;

namespace {

std::string pair_text(int64_t h, int64_t w) {
  return h == w ? std::to_string(h) : std::to_string(h) + " (rows) / " + std::to_string(w) + " (cols)";
}

// The input element the animation is showing (the moving kernel's one while it moves).
Cell shown_input(const AppState& s) {
  const TeachingModel& m = *s.model;
  size_t k = s.playback.step();
  if (s.playback.kernel_motion() > 0.0 && k + 1 < m.steps.size()) ++k;
  return {m.steps[k].in_r, m.steps[k].in_c};
}

void arrow(ImDrawList* dl, RectF r, ImU32 c, float thick) {
  const float y = (r.y0 + r.y1) * 0.5f, x0 = r.x0 + r.w() * 0.15f, x1 = r.x1 - r.w() * 0.15f;
  const float head = std::max(6.0f, r.w() * 0.12f);
  dl->AddLine(ImVec2(x0, y), ImVec2(x1 - head * 0.5f, y), c, thick);
  dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - head, y - head * 0.6f), ImVec2(x1 - head, y + head * 0.6f), c);
}

}  // namespace

// ---------------------------------------------------------------- gather view

void draw_gather_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.model) return draw_problem_message(s, dl, area);
  const TeachingModel& m = *s.model;
  const GatherView& g = s.gather;
  const Metrics mt = metrics();
  const Theme th = theme();
  const ConvTransposeParams& P = m.config.params;
  const int64_t kh = m.config.kernel.rows, kw = m.config.kernel.cols;
  const ImU32 blue = col(palette::kSkyBlue);
  const std::vector<LegendItem> legend = {
      {col(palette::kOrange, 0.55f), th.cell_border, false, 0, "current input"},
      {th.cell_bg, th.cell_border, false, 0, "input value"},
      {th.zero_bg, th.ghost_border, false, 0, "inserted zero"},
      {th.ghost_bg, th.ghost_border, true, 0, "padding zero"},
      {th.canvas_bg, blue, false, 0, "window of the focused cell"},
  };
  // What z is, in words, on a line above the legend (too long for a grid label).
  const int64_t ins_h = P.stride.h - 1, ins_w = P.stride.w - 1;
  std::string note = "z is x";
  if (ins_h > 0 || ins_w > 0) note += " with s-1 = " + pair_text(ins_h, ins_w) + " zero(s) inserted between values,";
  if (g.border_h >= 0 && g.border_w >= 0) {
    note += " padded by d(k-1)-p = " + pair_text(g.border_h, g.border_w) + " zeros";
  } else {
    note += " with a border of d(k-1)-p = " + pair_text(g.border_h, g.border_w) + " (negative: cropped)";
  }
  if (P.output_padding.h > 0 || P.output_padding.w > 0) note += ", plus output_padding at the bottom/right";
  note += ". Sliding the flipped kernel w' over z (stride 1) gives exactly the transposed convolution.";
  ImFont* font = ImGui::GetFont();
  const float fs = ImGui::GetFontSize();
  const float note_h = font->CalcTextSizeA(fs, FLT_MAX, area.w(), note.c_str()).y;
  const float legend_h = legend_height(legend, area.w());
  RectF grids = area;
  grids.y1 -= legend_h + note_h + fs;
  const GatherLayout L = layout_gather(grids, {kh, kw}, {g.rows, g.cols}, {m.out_h, m.out_w}, mt.line_h, mt.max_cell);
  if (!L.fits) {
    text_at(dl, {area.x0, area.y0}, "Too many cells for this window.", th.text);
    return;
  }
  if (in.hovered) {
    if (std::optional<Cell> c = L.output.hit(in.mouse)) {
      s.hover_output = c;
      if (in.clicked) click_output(s, *c);
    } else if (std::optional<Cell> z = L.z.hit(in.mouse)) {
      const ZCell& zc = g.at(z->r, z->c);
      if (zc.kind == ZKind::Input) {
        s.hover_input = Cell{zc.in_r, zc.in_c};
        if (in.clicked) s.playback.seek(step_of_input(m, *s.hover_input));
      }
    }
  }
  if (in.right_clicked) s.pinned.reset();

  const float thick = std::max(2.0f, std::round(2.5f * mt.scale));
  const bool tap_labels = L.kernel.cell >= 40 * mt.scale;

  // --- Kernel w, the arrow, and the flipped kernel w' with the original tap names.
  text_at(dl, L.kernel_label, "Kernel w", th.label, mt.label_px);
  text_at(dl, L.flipped_label, "w' = w rotated 180 degrees:  w'[a,b] = w[k-1-a, k-1-b]", th.label, mt.label_px);
  for (int64_t a = 0; a < kh; ++a) {
    for (int64_t b = 0; b < kw; ++b) {
      RectF cr = L.kernel.cell_rect(a, b);
      fill(dl, cr, th.cell_bg);
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(m.config.kernel.at(a, b)), th.text, cr.h() * 0.42f);
      if (tap_labels) text_corner(dl, cr, std::to_string(a) + "," + std::to_string(b), col(palette::kYellow, 0.85f), 13);
      cr = L.flipped.cell_rect(a, b);
      const Cell o = flipped_to_original(m, {a, b});
      fill(dl, cr, th.cell_bg);
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(g.flipped.at(a, b)), th.text, cr.h() * 0.42f);
      if (tap_labels) text_corner(dl, cr, std::to_string(o.r) + "," + std::to_string(o.c), col(palette::kYellow, 0.85f), 13);
    }
  }
  arrow(dl, L.arrow, th.label, thick);
  text_in_cell(dl, {L.arrow.x0, L.arrow.y0, L.arrow.x1, (L.arrow.y0 + L.arrow.y1) * 0.5f}, "rotate",
               th.text_dim, ImGui::GetFontSize());

  // --- z: inserted zeros and padding.
  text_at(dl, L.z_label, "z: zero-inserted, padded x", th.label, mt.label_px);
  dl->AddText(font, fs, ImVec2(area.x0, area.y1 - legend_h - note_h - fs * 0.5f), th.text, note.c_str(), nullptr,
              area.w());
  const Cell cur = shown_input(s);
  for (int64_t r = 0; r < g.rows; ++r) {
    for (int64_t c = 0; c < g.cols; ++c) {
      const RectF cr = L.z.cell_rect(r, c);
      const ZCell& z = g.at(r, c);
      switch (z.kind) {
        case ZKind::Input: {
          const bool is_cur = z.in_r == cur.r && z.in_c == cur.c;
          fill(dl, cr, is_cur ? col(palette::kOrange, 0.55f) : th.cell_bg);
          grid_line(dl, cr, th.cell_border);
          text_in_cell(dl, cr, format_number(z.value), th.text, cr.h() * 0.42f);
          break;
        }
        case ZKind::InsertedZero:
          fill(dl, cr, th.zero_bg);
          grid_line(dl, cr, th.ghost_border);
          text_in_cell(dl, cr, "0", th.text_dim, cr.h() * 0.36f);
          break;
        case ZKind::Padding:
          fill(dl, cr, th.ghost_bg);
          if (cr.w() >= 7) dashed_frame(dl, inset(cr, 1), th.ghost_border, std::max(3.0f, cr.w() / 9), 1);
          text_in_cell(dl, cr, "0", th.text_dim, cr.h() * 0.30f);
          break;
      }
    }
  }
  // The window of the focused output cell: flipped tap (a, b) reads z(r + a*d, c + b*d).
  const std::optional<Cell> focus = focus_output(s);
  if (focus) {
    for (int64_t a = 0; a < kh; ++a)
      for (int64_t b = 0; b < kw; ++b) {
        const int64_t zr = focus->r + a * P.dilation.h, zc = focus->c + b * P.dilation.w;
        const RectF cr = L.z.cell_rect(zr, zc);
        const bool hit = g.at(zr, zc).kind == ZKind::Input;
        frame(dl, inset(cr, 1), hit ? blue : col(palette::kSkyBlue, 0.55f), hit ? thick + 1 : thick * 0.5f);
        if (tap_labels && L.z.cell >= 40 * mt.scale) {
          const Cell o = flipped_to_original(m, {a, b});
          text_corner(dl, inset(cr, 2), "w" + std::to_string(o.r) + "," + std::to_string(o.c),
                      hit ? blue : th.text_dim, 13);
        }
      }
  }

  // --- Output y (the complete result: every cell is one window sum).
  text_at(dl, L.output_label, "y: w' slid over z", th.label, mt.label_px);
  for (int64_t r = 0; r < m.out_h; ++r)
    for (int64_t c = 0; c < m.out_w; ++c) {
      const RectF cr = L.output.cell_rect(r, c);
      fill(dl, cr, th.cell_bg);
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(m.output.at(r, c)), th.text, cr.h() * 0.42f);
    }
  if (focus) frame(dl, L.output.cell_rect(focus->r, focus->c), blue, thick + (s.pinned ? 2 : 0));

  draw_legend(dl, legend, area, th);

  if (s.hover_output && !s.screenshot_mode) output_tooltip(s, *s.hover_output);
}

// ---------------------------------------------------------------- matrix view

void draw_matrix_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.model) return draw_problem_message(s, dl, area);
  const TeachingModel& m = *s.model;
  const MatrixView& mv = s.matrix;
  const Metrics mt = metrics();
  const Theme th = theme();
  const ConvTransposeParams& P = m.config.params;
  if (mv.too_big) {
    text_at(dl, {area.x0, area.y0},
            "C^T would have " + std::to_string(mv.rows) + " x " + std::to_string(mv.cols) +
                " entries: too many to draw. Use a smaller input or kernel to see the matrix.",
            th.text);
    return;
  }
  const float small_px = ImGui::GetFontSize();
  // Title lines, wrapped to the width; the matrix goes below them.
  const std::string t1 = "y = C^T x.  C^T has " + std::to_string(mv.rows) + " rows (output cells) and " +
                         std::to_string(mv.cols) + " columns (input elements).";
  const std::string t2 = "C is the forward convolution " + std::to_string(m.out_h) + "x" + std::to_string(m.out_w) +
                         " -> " + std::to_string(m.config.input.rows) + "x" + std::to_string(m.config.input.cols) +
                         " (same k, s, p, d); its transpose goes back: hence the name.";
  ImFont* title_font = font_for_px(mt.label_px);
  const float h1 = title_font->CalcTextSizeA(title_font->FontSize, FLT_MAX, area.w(), t1.c_str()).y;
  const float h2 = ImGui::GetFont()->CalcTextSizeA(small_px, FLT_MAX, area.w(), t2.c_str()).y;
  const float title_h = h1 + h2 + small_px * 0.6f;
  float label_w = text_width("y[" + std::to_string(m.out_h - 1) + "," + std::to_string(m.out_w - 1) + "]", small_px) + 8;
  MatrixLayout L = layout_matrix(area, mv.rows, mv.cols, title_h, label_w, mt.max_cell * 0.7f);
  if (L.ct.cell < small_px * 0.9f) {
    label_w = 0;
    L = layout_matrix(area, mv.rows, mv.cols, title_h, 0, mt.max_cell * 0.7f);
  }
  if (!L.fits) {
    text_at(dl, {area.x0, area.y0},
            "C^T (" + std::to_string(mv.rows) + " x " + std::to_string(mv.cols) +
                ") does not fit at this window size: enlarge the window or use a smaller input.",
            th.text);
    return;
  }
  std::optional<Cell> hover_entry;
  if (in.hovered) {
    if (std::optional<Cell> c = L.ct.hit(in.mouse)) hover_entry = c;
    else if (std::optional<Cell> c2 = L.y_col.hit(in.mouse)) hover_entry = Cell{c2->r, -1};
    if (hover_entry) {
      const Cell out{hover_entry->r / m.out_w, hover_entry->r % m.out_w};
      s.hover_output = out;
      if (in.clicked) click_output(s, out);
    }
  }
  if (in.right_clicked) s.pinned.reset();

  const ImU32 orange = col(palette::kOrange), blue = col(palette::kSkyBlue);
  const float thick = std::max(2.0f, std::round(2.0f * mt.scale));
  dl->AddText(title_font, title_font->FontSize, iv(L.title), th.label, t1.c_str(), nullptr, area.w());
  dl->AddText(ImGui::GetFont(), small_px, ImVec2(L.title.x, L.title.y + h1 + 2), th.text_dim, t2.c_str(), nullptr,
              area.w());

  const Cell cur = shown_input(s);
  const int64_t cur_col = cur.r * m.config.input.cols + cur.c;
  const std::optional<Cell> focus = focus_output(s);
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
}

}  // namespace tconv::ui
