// The paired view: the regular convolution C maps x (N) to C x (M) and the transposed convolution
// with the same kernel and parameters maps y (M) back to C^T y (N), both on screen at once; under
// them the sizes that collide (and the output_padding that restores each) and the adjoint identity
// <C x, y> = <x, C^T y> with the actual numbers.
#include <algorithm>
#include <cmath>

#include "core/forward.h"
#include "ui/views/canvas.h"
#include "ui/lessons/reveal.h"

namespace tconv::ui {

using namespace draw;

namespace {

void draw_values(ImDrawList* dl, const GridGeom& g, const Grid& v, const Theme& th, ImU32 bg) {
  for (int64_t r = 0; r < g.rows; ++r) {
    for (int64_t c = 0; c < g.cols; ++c) {
      const RectF cr = g.cell_rect(r, c);
      fill(dl, cr, bg);
      grid_line(dl, cr, th.cell_border);
      text_in_cell(dl, cr, format_number(v.at(r, c)), th.text, cr.h() * 0.42f);
    }
  }
}

// label: the first of its forms (longest first) that fits between the arrow's ends.
void arrow_with_label(ImDrawList* dl, float x0, float x1, float y, bool right, std::initializer_list<std::string> forms,
                      ImU32 c, float thick, float px) {
  const float head = std::max(8.0f, thick * 4);
  if (right) {
    dl->AddLine(ImVec2(x0, y), ImVec2(x1 - head, y), c, thick);
    dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - head, y - head * 0.6f), ImVec2(x1 - head, y + head * 0.6f), c);
  } else {
    dl->AddLine(ImVec2(x0 + head, y), ImVec2(x1, y), c, thick);
    dl->AddTriangleFilled(ImVec2(x0, y), ImVec2(x0 + head, y - head * 0.6f), ImVec2(x0 + head, y + head * 0.6f), c);
  }
  const std::string label = fit_label(forms, x1 - x0, px);
  const float w = text_width(label, px);
  text_at(dl, {(x0 + x1 - w) * 0.5f, y - px * 1.4f}, label, c, px);
}

std::string size_text(int64_t h, int64_t w) { return std::to_string(h) + "x" + std::to_string(w); }

}  // namespace

CanvasAction draw_paired_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  if (!s.paired.model) {
    draw_canvas_message(dl, area, "The paired view needs a possible configuration:", s.paired.problem);
    return {};
  }
  (void)in;
  const PairedView& v = *s.paired.model;
  const TeachingModel& t = v.transposed;
  const ForwardModel& f = v.forward;
  const Metrics mt = metrics();
  const Theme th = theme();
  const float fs = ImGui::GetFontSize();
  const ConvTransposeParams& P = t.config.params;
  const Grid& x = f.config.input;
  const Grid& cx = v.adjoint ? v.adjoint->cx : f.output;
  const Grid& y = t.config.input;
  const Grid& cty = v.adjoint ? v.adjoint->cty : t.output;
  const Grid& w = t.config.kernel;

  // Text under the grids: the round trip per axis, then the adjoint identity.
  std::string text = shown_round_trip(s, v.h, "height");
  if (v.w.text.substr(v.w.text.find(':')) != v.h.text.substr(v.h.text.find(':'))) text += "\n" + shown_round_trip(s, v.w, "width");
  text += "\n\n";
  text += v.adjoint ? v.adjoint->text : "Adjoint check: " + v.adjoint_unavailable;
  text += "\nOrange (step with the transport bar): y's current cell spreads its kernel copy onto the same cells "
          "of C^T y that the matching cell of C x reads from x.";
  ImFont* font = ImGui::GetFont();
  const float text_h0 = font->CalcTextSizeA(fs, FLT_MAX, area.w(), text.c_str()).y;

  // Geometry: N-grids left (x above, C^T y below), the kernel in the middle, M-grids right.
  const int64_t nh = std::max(x.rows, cty.rows), nw = std::max(x.cols, cty.cols);
  const int64_t mh = std::max(cx.rows, y.rows), mw = std::max(cx.cols, y.cols);
  const float gap = 3.0f;  // cells between the columns (room for the arrows)
  const float cols_total = float(nw + w.cols + mw) + 2 * gap;
  const float row_cells = float(std::max({nh, mh, w.rows}));
  auto cell_in = [&](const RectF& g) {
    return std::floor(std::min({g.w() / cols_total, (g.h() - 2 * mt.line_h - fs) / (2 * row_cells), mt.max_cell * 0.8f}));
  };
  // The grids come first: on a small canvas the text under them goes rather than the cells
  // shrinking below a readable size.
  RectF grids = area;
  grids.y1 -= text_h0 + fs;
  const float bare = cell_in(area);
  const bool show_text = cell_in(grids) >= std::min(14 * mt.scale, bare);
  if (!show_text) grids = area;
  const float cell = cell_in(grids);
  if (cell < kMinCell) {
    draw_canvas_message(dl, area, "Too many cells for this window.",
                        "Enlarge the window, lower the UI scale or use a smaller input.");
    return {};
  }
  const float row_h = mt.line_h + cell * row_cells + fs;
  float x0 = area.x0 + std::max(0.0f, (grids.w() - cell * cols_total) * 0.5f);
  const float xn = x0, xk = x0 + cell * (float(nw) + gap), xm = xk + cell * (float(w.cols) + gap);
  const float top = grids.y0 + mt.line_h, bottom = grids.y0 + row_h + mt.line_h;
  const GridGeom gx{{xn, top}, cell, x.rows, x.cols};
  const GridGeom gcx{{xm, top}, cell, cx.rows, cx.cols};
  const GridGeom gcty{{xn, bottom}, cell, cty.rows, cty.cols};
  const GridGeom gy{{xm, bottom}, cell, y.rows, y.cols};
  const float kernel_top = grids.y0 + (row_h * 2 - cell * float(w.rows)) * 0.5f;
  const GridGeom gw{{xk, kernel_top}, cell, w.rows, w.cols};

  const ImU32 orange = col(palette::kOrange), blue = col(palette::kSkyBlue);
  // Each label keeps to its own column (the longest complete form that fits, nothing when even
  // the name does not): on a small canvas the columns are narrow and the labels would overprint.
  const float pad = 0.5f * fs;
  const float wn = xk - xn - pad, wk = xm - xk - pad, wm = area.x1 - xm;
  auto label = [&](float lx, float ly, float width, std::initializer_list<std::string> forms) {
    const std::string l = fit_label(forms, width, mt.label_px);
    if (text_width(l, mt.label_px) <= width) text_at(dl, {lx, ly}, l, th.label, mt.label_px);
  };
  const std::string xsz = shown(s, Quantity::OutputSize, size_text(x.rows, x.cols));
  const std::string ctysz = shown(s, Quantity::OutputSize, size_text(cty.rows, cty.cols));
  label(xn, grids.y0, wn, {"x: " + xsz + " (N)", "x: " + xsz, "x"});
  label(xm, grids.y0, wm, {"C x: " + size_text(cx.rows, cx.cols) + " (M)", "C x: " + size_text(cx.rows, cx.cols), "C x"});
  label(xn, bottom - mt.line_h, wn, {"C^T y: " + ctysz + " (N)", "C^T y: " + ctysz, "C^T y"});
  label(xm, bottom - mt.line_h, wm, {"y: " + size_text(y.rows, y.cols) + " (M)", "y: " + size_text(y.rows, y.cols), "y"});
  label(xk, kernel_top - mt.line_h, wk, {"same kernel w", "kernel w", "w"});
  draw_values(dl, gx, x, th, th.cell_bg);
  draw_values(dl, gcx, cx, th, col(palette::kOrange, 0.30f));
  draw_values(dl, gy, y, th, th.cell_bg);
  draw_values(dl, gcty, cty, th, col(palette::kSkyBlue, 0.30f));
  draw_values(dl, gw, w, th, th.cell_bg);

  const float thick = std::max(2.0f, std::round(2.5f * mt.scale));
  // The current step links both rows: y[i,j] spreads its kernel copy onto exactly the cells of x
  // whose patch C x [i,j] reads (the same (cell, tap) pairs: that is what "transpose" means).
  if (!t.steps.empty()) {
    const Placement& pl = t.steps[std::min(s.playback.step(), t.steps.size() - 1)];
    frame(dl, gy.cell_rect(pl.in_r, pl.in_c), orange, thick);
    if (pl.in_r < cx.rows && pl.in_c < cx.cols) frame(dl, gcx.cell_rect(pl.in_r, pl.in_c), orange, thick);
    for (int64_t a = 0; a < w.rows; ++a) {
      for (int64_t b = 0; b < w.cols; ++b) {
        const int64_t r = t.tap_row(pl, a), c = t.tap_col(pl, b);
        if (r >= 0 && c >= 0 && r < cty.rows && c < cty.cols) frame(dl, inset(gcty.cell_rect(r, c), 1), orange, thick * 0.6f);
        if (r >= 0 && c >= 0 && r < x.rows && c < x.cols) frame(dl, inset(gx.cell_rect(r, c), 1), orange, thick * 0.6f);
      }
    }
  }
  const std::string params = "s" + std::to_string(P.stride.h) + " p" + std::to_string(P.padding.h) +
                             (P.dilation.h != 1 ? " d" + std::to_string(P.dilation.h) : std::string());
  // Arrows along the top row of the upper grids and the bottom row of the lower ones, so they pass
  // above and below the kernel drawn between the two rows.
  const float ay1 = top + cell * 0.5f;
  const float ay2 = bottom + cell * (float(std::min<int64_t>(cty.rows, y.rows)) - 0.5f);
  const float lx0 = xn + cell * float(nw) + cell * 0.3f, lx1 = xk - cell * 0.3f;
  const float rx0 = xk + cell * float(w.cols) + cell * 0.3f, rx1 = xm - cell * 0.3f;
  // Top row: x -> C x (the arrow passes the kernel); bottom row: y -> C^T y, right to left.
  arrow_with_label(dl, lx0, rx1, ay1, true, {"conv2d " + params + ": shrinks", "conv2d: shrinks", "shrinks"}, orange,
                   thick, fs);
  arrow_with_label(dl, lx0, rx1, ay2, false,
                   {"conv_transpose2d " + params + (P.output_padding.h ? " op" + std::to_string(P.output_padding.h) : "") +
                        ": grows",
                    "conv_transpose2d: grows", "grows"},
                   blue, thick, fs);
  (void)lx1;
  (void)rx0;

  if (show_text) dl->AddText(font, fs, ImVec2(area.x0, grids.y1 + fs * 0.5f), th.text, text.c_str(), nullptr, area.w());
  return {};
}

}  // namespace tconv::ui
