// The channels view: Cin input planes, the weight tensor as a Cin x (Cout/groups) grid of kernels
// and Cout output planes, coloured by group. The transport bar steps through channels.h's steps:
// one input pixel scaling one kernel onto one output plane, input channel after input channel
// (the sum), then the plane's bias.
#include <algorithm>
#include <cmath>

#include "ui/views/canvas.h"
#include "ui/views/channels.h"

namespace tconv::ui {

using namespace draw;

namespace {
Rgba group_colour(int64_t g) {
  const Rgba c[4] = {palette::kBlue, palette::kGreen, palette::kPurple, palette::kVermillion};
  return c[size_t(g % 4)];
}
std::string idx(int64_t i) { return "[" + std::to_string(i) + "]"; }
}  // namespace

CanvasAction draw_channels_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  const ChannelsData& d = s.channels;
  if (!d.ok()) {
    draw_canvas_message(dl, area, "These channel settings are impossible:", d.problem);
    return {};
  }
  if (d.steps.empty()) return {};
  const Metrics mt = metrics();
  const Theme th = theme();
  const float fs = ImGui::GetFontSize();
  const ImU32 orange = col(palette::kOrange);
  const size_t step = std::min(s.playback.step(), d.steps.size() - 1);
  const ChannelStep& cur = d.steps[step];
  const int64_t cin = d.settings.in_channels, cout = d.settings.out_channels, per_out = d.per_group_out();
  const int64_t H = d.x.shape.h, W = d.x.shape.w, kh = d.w.shape.h, kw = d.w.shape.w;
  const int64_t oh = d.y.shape.h, ow = d.y.shape.w;
  const ConvTransposeParams& P = d.params;

  // The text under the grids: the plane's sum over its group's input channels, then the bias.
  const int64_t g = d.group_of_out(cur.out);
  std::string sum = "y" + idx(cur.out) + " = ";
  for (int64_t c = g * d.per_group_in(); c < (g + 1) * d.per_group_in(); ++c)
    sum += (c > g * d.per_group_in() ? " + " : "") + std::string("x") + idx(c) + " placed with w[" + std::to_string(c) +
           "," + std::to_string(cur.out % per_out) + "]";
  if (!d.bias.empty()) sum += " + b" + idx(cur.out) + " (" + format_number(d.bias[size_t(cur.out)]) + ", added last)";
  std::string groups_line;
  if (d.settings.groups > 1) {
    for (int64_t gg = 0; gg < d.settings.groups; ++gg) {
      groups_line += (gg ? ";  " : "") + std::string("group ") + std::to_string(gg) + ": x[" +
                     std::to_string(gg * d.per_group_in()) +
                     (d.per_group_in() > 1 ? ".." + std::to_string((gg + 1) * d.per_group_in() - 1) : "") + "] -> y[" +
                     std::to_string(gg * per_out) + (per_out > 1 ? ".." + std::to_string((gg + 1) * per_out - 1) : "") +
                     "]";
    }
    groups_line += "\nGroups split the channels: an input channel only feeds the outputs of its own group.";
  } else {
    groups_line = "groups = 1: every input channel feeds every output plane.";
  }
  const std::string text = sum + "\n" + groups_line;
  const std::vector<LegendItem> legend = {
      {col(palette::kOrange, 0.45f), orange, false, 0, "this step: pixel, kernel, cells it adds to"},
      {th.ghost_bg, th.ghost_border, true, 0, "not computed yet"},
      {col(group_colour(0), 0.25f), col(group_colour(0)), false, 0, "one colour per group"},
  };
  ImFont* font = ImGui::GetFont();
  const float text_h = font->CalcTextSizeA(fs, FLT_MAX, area.w(), text.c_str()).y;
  RectF grids = area;
  grids.y1 -= text_h + legend_height(legend, area.w()) + fs;

  // Geometry: inputs | kernels | outputs, one cell size; one label line above each plane/kernel row.
  const float gap = 1.0f;  // cells between planes
  const float wide_gap = 3.0f;  // cells between the columns (room for the connecting lines)
  const float cols_cells = float(W) + wide_gap + float(per_out * kw) + gap * float(per_out - 1) + wide_gap + float(ow);
  const float in_rows = float(cin * H) + gap * float(cin - 1), k_rows = float(cin * kh) + gap * float(cin - 1);
  const float out_rows = float(cout * oh) + gap * float(cout - 1);
  const float lines = float(std::max(cin, cout)) + 1;
  float cell = std::min({grids.w() / cols_cells, (grids.h() - lines * mt.line_h) / std::max({in_rows, k_rows, out_rows}),
                         mt.max_cell * 0.6f});
  cell = std::floor(cell);
  if (cell < kMinCell) {
    draw_canvas_message(dl, area, "Too many cells for this window.",
                        "Make the input or the kernel smaller, enlarge the window or lower the UI scale.");
    return {};
  }
  const float x_in = area.x0 + std::max(0.0f, (grids.w() - cell * cols_cells) * 0.5f);
  const float x_k = x_in + cell * (float(W) + wide_gap);
  const float x_out = x_k + cell * (float(per_out * kw) + gap * float(per_out - 1) + wide_gap);
  const float top = grids.y0 + mt.line_h;
  auto stack = [&](int64_t i, int64_t rows) {  // top of the label line of the i-th plane in a column
    return top + float(i) * (cell * (float(rows) + gap) + mt.line_h);
  };
  // Column headings, shortened to the room each column has.
  const float room_in = x_k - x_in - cell * 0.5f, room_k = x_out - x_k - cell * 0.5f, room_out = area.x1 - x_out;
  text_at(dl, {x_in, grids.y0},
          fit_text("Input x: " + std::to_string(cin) + " channel" + (cin > 1 ? "s" : ""), "x (" + std::to_string(cin) + ")",
                   room_in, mt.label_px),
          th.label, mt.label_px);
  text_at(dl, {x_k, grids.y0},
          fit_text("Weight w: " + std::to_string(cin) + " x " + std::to_string(per_out) + " kernels",
                   "w (" + std::to_string(cin) + " x " + std::to_string(per_out) + ")", room_k, mt.label_px),
          th.label, mt.label_px);
  text_at(dl, {x_out, grids.y0},
          fit_text("Output y: " + std::to_string(cout) + " plane" + (cout > 1 ? "s" : ""), "y (" + std::to_string(cout) + ")",
                   room_out, mt.label_px),
          th.label, mt.label_px);

  const float val_px = cell * 0.42f, small_px = std::max(11.0f * mt.scale, fs * 0.8f);
  const float thick = std::max(2.0f, std::round(3.0f * mt.scale));
  std::vector<GridGeom> gin, gout, gk;
  for (int64_t c = 0; c < cin; ++c) gin.push_back(GridGeom{{x_in, stack(c, H) + mt.line_h}, cell, H, W});
  for (int64_t o = 0; o < cout; ++o) gout.push_back(GridGeom{{x_out, stack(o, oh) + mt.line_h}, cell, oh, ow});
  for (int64_t c = 0; c < cin; ++c)
    for (int64_t k = 0; k < per_out; ++k)
      gk.push_back(GridGeom{{x_k + cell * float(k) * (float(kw) + gap), stack(c, kh) + mt.line_h}, cell, kh, kw});

  // Connections: input plane -> its kernel row, kernel -> the output plane it feeds; this step's in orange.
  for (int64_t c = 0; c < cin; ++c) {
    const int64_t gg = d.group_of_in(c);
    for (int64_t k = 0; k < per_out; ++k) {
      const int64_t o = gg * per_out + k;
      const bool now = !cur.bias && cur.in == c && cur.out == o;
      const ImU32 lc = now ? orange : col(group_colour(gg), 0.45f);
      const RectF ri = gin[size_t(c)].rect(), rk = gk[size_t(c * per_out + k)].rect(), ro = gout[size_t(o)].rect();
      const RectF r0 = gk[size_t(c * per_out)].rect();  // the row's first kernel: the row is channel c's
      if (k == 0 || now)
        dl->AddLine(ImVec2(ri.x1 + 2, (ri.y0 + ri.y1) * 0.5f), ImVec2(r0.x0 - 2, (r0.y0 + r0.y1) * 0.5f), lc, now ? thick : 1.5f);
      dl->AddLine(ImVec2(rk.x1 + 2, (rk.y0 + rk.y1) * 0.5f), ImVec2(ro.x0 - 2, (ro.y0 + ro.y1) * 0.5f), lc, now ? thick : 1.5f);
    }
  }

  // Input planes.
  for (int64_t c = 0; c < cin; ++c) {
    const GridGeom& gg = gin[size_t(c)];
    const Rgba gc = group_colour(d.group_of_in(c));
    fill(dl, inset(gg.rect(), -cell * 0.25f), col(gc, 0.18f));
    frame(dl, inset(gg.rect(), -cell * 0.25f), col(gc), 2.0f);
    std::string label = "x" + idx(c);
    if (d.settings.groups > 1) label += "  group " + std::to_string(d.group_of_in(c));
    text_at(dl, {gg.origin.x, gg.origin.y - mt.line_h}, label, col(gc), small_px);
    for (int64_t r = 0; r < H; ++r)
      for (int64_t q = 0; q < W; ++q) {
        const RectF cr = gg.cell_rect(r, q);
        const bool hot = !cur.bias && cur.in == c && cur.r == r && cur.c == q;
        fill(dl, cr, hot ? col(palette::kOrange, 0.55f) : th.cell_bg);
        grid_line(dl, cr, th.cell_border);
        text_in_cell(dl, cr, format_number(d.x.at(0, c, r, q)), th.text, val_px);
      }
    if (!cur.bias && cur.in == c) frame(dl, gg.cell_rect(cur.r, cur.c), orange, thick);
  }
  // Kernels.
  for (int64_t c = 0; c < cin; ++c)
    for (int64_t k = 0; k < per_out; ++k) {
      const GridGeom& gg = gk[size_t(c * per_out + k)];
      const Rgba gc = group_colour(d.group_of_in(c));
      fill(dl, inset(gg.rect(), -cell * 0.25f), col(gc, 0.18f));
      frame(dl, inset(gg.rect(), -cell * 0.25f), col(gc), 2.0f);
    frame(dl, inset(gg.rect(), -cell * 0.25f), col(gc), 2.0f);
      const int64_t o = d.group_of_in(c) * per_out + k;
      text_at(dl, {gg.origin.x, gg.origin.y - mt.line_h},
              fit_text("w[" + std::to_string(c) + "," + std::to_string(k) + "] -> y" + idx(o),
                       "w[" + std::to_string(c) + "," + std::to_string(k) + "]", gg.rect().w() + cell * gap, small_px),
              col(gc), small_px);
      const bool now = !cur.bias && cur.in == c && cur.k == k && d.group_of_out(cur.out) == d.group_of_in(c);
      for (int64_t a = 0; a < kh; ++a)
        for (int64_t b = 0; b < kw; ++b) {
          const RectF cr = gg.cell_rect(a, b);
          fill(dl, cr, now ? col(palette::kOrange, 0.35f) : th.cell_bg);
          grid_line(dl, cr, th.cell_border);
          text_in_cell(dl, cr, format_number(d.w.at(c, k, a, b)), th.text, val_px);
        }
      if (now) frame(dl, gg.rect(), orange, thick);
    }
  // Output planes: the sums so far; planes not started are ghosts.
  const Tensor4 partial = channels_partial_output(d, step + 1);
  for (int64_t o = 0; o < cout; ++o) {
    const GridGeom& gg = gout[size_t(o)];
    const Rgba gc = group_colour(d.group_of_out(o));
    fill(dl, inset(gg.rect(), -cell * 0.25f), col(gc, 0.18f));
    frame(dl, inset(gg.rect(), -cell * 0.25f), col(gc), 2.0f);
    std::string label = "y" + idx(o);
    if (!d.bias.empty()) label += "  bias " + format_number(d.bias[size_t(o)]);
    text_at(dl, {gg.origin.x, gg.origin.y - mt.line_h}, label, col(gc), small_px);
    const bool started = o <= cur.out;
    for (int64_t r = 0; r < oh; ++r)
      for (int64_t q = 0; q < ow; ++q) {
        const RectF cr = gg.cell_rect(r, q);
        bool hot = false;
        if (o == cur.out) {
          if (cur.bias) {
            hot = true;
          } else {
            for (int64_t a = 0; a < kh && !hot; ++a)
              for (int64_t b = 0; b < kw && !hot; ++b)
                hot = cur.r * P.stride.h + a * P.dilation.h - P.padding.h == r &&
                      cur.c * P.stride.w + b * P.dilation.w - P.padding.w == q;
          }
        }
        if (started) {
          fill(dl, cr, hot ? col(palette::kOrange, 0.45f) : th.cell_bg);
          grid_line(dl, cr, th.cell_border);
          text_in_cell(dl, cr, format_number(partial.at(0, o, r, q)), th.text, val_px);
        } else {
          fill(dl, cr, th.ghost_bg);
          dashed_frame(dl, inset(cr, 1), th.ghost_border, std::max(3.0f, cell * 0.12f), 1.0f);
        }
      }
    if (o == cur.out) frame(dl, inset(gg.rect(), -thick), orange, thick);
  }

  dl->AddText(font, fs, ImVec2(area.x0, grids.y1 + fs * 0.5f), th.text, text.c_str(), nullptr, area.w());
  draw_legend(dl, legend, area, th);
  // Hovering an output cell: its value so far and when complete.
  if (in.hovered && !s.screenshot_mode)
    for (int64_t o = 0; o < cout; ++o)
      if (const std::optional<Cell> c = gout[size_t(o)].hit(in.mouse))
        ImGui::SetTooltip("y[%lld][%lld,%lld] = %s so far; %s when all input channels%s are summed",
                          static_cast<long long>(o), static_cast<long long>(c->r), static_cast<long long>(c->c),
                          format_number(partial.at(0, o, c->r, c->c)).c_str(),
                          format_number(d.y.at(0, o, c->r, c->c)).c_str(), d.bias.empty() ? "" : " and the bias");
  return {};
}

}  // namespace tconv::ui
