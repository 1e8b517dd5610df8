// The gather view, in sync with the step and the pinned cell: the transposed convolution as a
// direct convolution of the zero-inserted, padded input with the 180-degree-flipped kernel (the
// flip drawn explicitly with tap labels).
#include <algorithm>
#include <cmath>

#include "ui/views/canvas.h"
#include "ui/views/gather.h"
#include "ui/views/hover.h"

namespace tconv::ui {

using namespace draw;

namespace {

std::string pair_text(int64_t h, int64_t w) {
  return h == w ? std::to_string(h) : std::to_string(h) + " (rows) / " + std::to_string(w) + " (cols)";
}

void arrow(ImDrawList* dl, RectF r, ImU32 c, float thick) {
  const float y = (r.y0 + r.y1) * 0.5f, x0 = r.x0 + r.w() * 0.15f, x1 = r.x1 - r.w() * 0.15f;
  const float head = std::max(6.0f, r.w() * 0.12f);
  dl->AddLine(ImVec2(x0, y), ImVec2(x1 - head * 0.5f, y), c, thick);
  dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - head, y - head * 0.6f), ImVec2(x1 - head, y + head * 0.6f), c);
}

}  // namespace

// ---------------------------------------------------------------- gather view

CanvasAction draw_gather_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.model) return draw_problem_message(s, dl, area);
  const TeachingModel& m = *s.model;
  const GatherData& g = s.gather;
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
      {th.canvas_bg, blue, false, 0, "window of the focused cell, w' laid on z"},
      {th.canvas_bg, col(palette::kVermillion), false, 0, "one term: x in z, its tap in w and w'"},
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
  // Why the kernel is rotated: one term of the focused cell, its tap index running backwards.
  const std::optional<Cell> focus0 = focus_output(m, canvas_focus(s));
  const Term* link = nullptr;
  if (focus0 && in_output(m, *focus0)) {
    const std::vector<Term>& ts = m.terms_at(focus0->r, focus0->c);
    const Cell cur0 = shown_input(m, s.playback);
    for (const Term& t : ts)
      if (!link || (t.in_r == cur0.r && t.in_c == cur0.c)) link = &t;
  }
  if (link) {
    const bool plain = P.stride.h == 1 && P.stride.w == 1 && P.padding.h == 0 && P.padding.w == 0 &&
                       P.dilation.h == 1 && P.dilation.w == 1;
    note += "\n" + cell_label("x", {link->in_r, link->in_c}) + " reaches " + cell_label("y", *focus0) + " through " +
            (plain ? "w[i-a, j-b] = w[" + std::to_string(focus0->r) + "-" + std::to_string(link->in_r) + ", " +
                         std::to_string(focus0->c) + "-" + std::to_string(link->in_c) + "]"
                   : std::string("w[(i+p-s*a)/d, (j+p-s*b)/d]")) +
            " = " + cell_label("w", {link->k_r, link->k_c}) +
            ": as the input index a grows the tap index falls, so the window meets the kernel back to front. "
            "That is why direct conv slides w rotated by 180 degrees.";
  }
  ImFont* font = ImGui::GetFont();
  const float fs = ImGui::GetFontSize();
  const float note_h0 = font->CalcTextSizeA(fs, FLT_MAX, area.w(), note.c_str()).y;
  // The grids come first: on a small canvas the note goes, then the legend, rather than the grids
  // shrinking below a readable size (or not fitting at all).
  // (The first arrangement whose cells are readable, or as large as with nothing else.)
  GatherLayout tries[3];
  for (int drop = 0; drop < 3; ++drop) {
    RectF grids = area;
    grids.y1 -= (drop >= 2 ? 0.0f : legend_height(legend, area.w()) + fs) + (drop >= 1 ? 0.0f : note_h0);
    tries[drop] = layout_gather(grids, {kh, kw}, {g.rows, g.cols}, {m.out_h, m.out_w}, mt.line_h, mt.max_cell);
  }
  int drop = 0;
  while (drop < 2 && !(tries[drop].fits && tries[drop].output.cell >= std::min(14 * mt.scale, tries[2].output.cell)))
    ++drop;
  const GatherLayout& L = tries[drop];
  const float note_h = drop >= 1 ? 0.0f : note_h0, legend_h = drop >= 2 ? 0.0f : legend_height(legend, area.w());
  if (!L.fits) {
    draw_canvas_message(dl, area, "Too many cells for this window.",
                        "Enlarge the window, lower the UI scale or use a smaller input.");
    return {};
  }
  CanvasAction act;
  if (in.hovered) {
    if (std::optional<Cell> c = L.output.hit(in.mouse)) {
      point_at_output(act, *c, in.clicked);
    } else if (std::optional<Cell> z = L.z.hit(in.mouse)) {
      const ZCell& zc = g.at(z->r, z->c);
      if (zc.kind == ZKind::Input) {
        point_at_input(act, m, Cell{zc.in_r, zc.in_c}, in.clicked);
      }
    }
  }
  if (in.right_clicked) act.unpin = true;
  const CanvasFocus now = canvas_focus(s, act);  // with this frame's hover and click

  const float thick = std::max(2.0f, std::round(2.5f * mt.scale));
  const bool tap_labels = L.kernel.cell >= 40 * mt.scale;

  // --- Kernel w, the arrow, and the flipped kernel w' with the original tap names.
  text_at(dl, L.kernel_label, fit_label({"Kernel w", "w"}, L.kernel_room, mt.label_px), th.label, mt.label_px);
  text_at(dl, L.flipped_label,
          fit_label({"w' = w rotated 180 degrees:  w'[a,b] = w[k-1-a, k-1-b]", "w' = w rotated 180 degrees",
                     "w' = w rotated", "w'"},
                    L.flipped_room, mt.label_px),
          th.label, mt.label_px);
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
  text_at(dl, L.z_label, fit_label({"z: zero-inserted, padded x", "z: x with zeros", "z"}, L.z_room, mt.label_px),
          th.label, mt.label_px);
  if (note_h > 0)
    dl->AddText(font, fs, ImVec2(area.x0, area.y1 - legend_h - note_h - fs * 0.5f), th.text, note.c_str(), nullptr,
                area.w());
  const Cell cur = shown_input(m, now.playback);
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
  const std::optional<Cell> focus = focus_output(m, now);
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
  text_at(dl, L.output_label, fit_label({"y: w' slid over z", "y"}, L.output_room, mt.label_px), th.label,
          mt.label_px);
  for (int64_t r = 0; r < m.out_h; ++r)
    for (int64_t c = 0; c < m.out_w; ++c) {
      const RectF cr = L.output.cell_rect(r, c);
      fill(dl, cr, th.cell_bg);
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(m.output.at(r, c)), th.text, cr.h() * 0.42f);
    }
  if (focus) frame(dl, L.output.cell_rect(focus->r, focus->c), blue, thick + (now.pinned ? 2 : 0));
  // The flipped kernel laid over z at the focused window, and the linked term in vermillion: its
  // input in z, its tap in w and in w', its output cell.
  if (focus) {
    for (int64_t a = 0; a < kh; ++a)
      for (int64_t b = 0; b < kw; ++b) {
        const RectF cr = L.z.cell_rect(focus->r + a * P.dilation.h, focus->c + b * P.dilation.w);
        fill(dl, cr, col(palette::kSkyBlue, 0.18f));
        if (cr.w() >= 26 * mt.scale && !(tap_labels && L.z.cell >= 40 * mt.scale))
          text_corner(dl, inset(cr, 2), format_number(g.flipped.at(a, b)), col(palette::kYellow, 0.9f), 13);
      }
  }
  if (focus && link) {
    const ImU32 red = col(palette::kVermillion);
    for (int64_t zr = 0; zr < g.rows; ++zr)
      for (int64_t zc = 0; zc < g.cols; ++zc) {
        const ZCell& z = g.at(zr, zc);
        if (z.kind != ZKind::Input || z.in_r != link->in_r || z.in_c != link->in_c) continue;
        const RectF a = L.z.cell_rect(zr, zc), b = L.output.cell_rect(focus->r, focus->c);
        frame(dl, inset(a, thick), red, thick);
        dl->AddLine(ImVec2((a.x0 + a.x1) * 0.5f, (a.y0 + a.y1) * 0.5f), ImVec2((b.x0 + b.x1) * 0.5f, (b.y0 + b.y1) * 0.5f),
                    col(palette::kVermillion, 0.7f), thick * 0.6f);
      }
    frame(dl, inset(L.kernel.cell_rect(link->k_r, link->k_c), thick), red, thick);
    frame(dl, inset(L.flipped.cell_rect(kh - 1 - link->k_r, kw - 1 - link->k_c), thick), red, thick);
  }

  if (legend_h > 0) draw_legend(dl, legend, area, th);

  if (now.hover_output && !s.screenshot_mode) output_tooltip(s, now, *now.hover_output);
  return act;
}

}  // namespace tconv::ui
