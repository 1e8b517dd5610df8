// What the teaching canvases share: metrics, labels, tooltips, legends, messages, and the one
// switch from a View to its canvas.
#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/views/canvas.h"
#include "ui/lessons/reveal.h"
#include "ui/views/hover.h"

namespace tconv::ui {

using namespace draw;

CanvasAction draw_view_canvas(View view, const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in) {
  switch (view) {
    case View::Scatter: return draw_scatter_view(s, dl, area, in);
    case View::Gather: return draw_gather_view(s, dl, area, in);
    case View::Matrix: return draw_matrix_view(s, dl, area, in);
    case View::Heatmap: return draw_heatmap_view(s, dl, area, in);
    case View::Forward: return draw_forward_view(s, dl, area, in);
    case View::Paired: return draw_paired_view(s, dl, area, in);
    case View::Channels: return draw_channels_view(s, dl, area, in);
  }
  return {};
}

namespace {
// Set around one canvas draw by the shell (not app state: the zoom itself lives in AppState).
float g_canvas_zoom = 1.0f;
}  // namespace

void set_canvas_zoom(float zoom) { g_canvas_zoom = std::max(1.0f, zoom); }

Metrics metrics() {
  Metrics m;
  m.scale = ImGui::GetFontSize() / 13.0f;
  m.label_px = ImGui::GetFontSize() * 1.25f;
  m.line_h = std::floor(m.label_px * 1.5f);
  m.max_cell = std::floor(96.0f * m.scale * g_canvas_zoom);
  return m;
}

float overlap_t(const OverlapSummary& o, int count) {
  return o.max > o.min ? float(count - o.min) / float(o.max - o.min) : 0.75f;
}

std::string cell_label(const char* name, Cell c) {
  return std::string(name) + "[" + std::to_string(c.r) + "," + std::to_string(c.c) + "]";
}

std::string fit_label(std::initializer_list<std::string> forms, float width, float px) {
  for (const std::string& f : forms)
    if (text_width(f, px) <= width) return f;
  return forms.size() ? *(forms.end() - 1) : std::string();
}

SizeTerm draw_size_formula(const char* out_name, SizeTerm highlighted) {
  const SizeTerm terms[] = {SizeTerm::Stride, SizeTerm::Padding, SizeTerm::Kernel, SizeTerm::OutputPadding, SizeTerm::One};
  const float space = ImGui::CalcTextSize(" ").x;
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  ImGui::TextUnformatted((std::string(out_name) + " =").c_str());
  SizeTerm hovered = SizeTerm::None;
  for (SizeTerm t : terms) {
    const char* text = size_term_text(t);
    const float w = ImGui::CalcTextSize(text).x;
    ImGui::SameLine(0, space);
    if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();  // wrap between terms
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 q(p.x + w, p.y + ImGui::GetTextLineHeight());
    if (t == highlighted || (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(p, q)))
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x - 2, p.y), ImVec2(q.x + 2, q.y), col(palette::kGreen, 0.45f));
    ImGui::TextUnformatted(text);
    if (ImGui::IsItemHovered()) hovered = t;
  }
  return hovered;
}

void output_tooltip(const AppState& s, const CanvasFocus& f, Cell c) {
  if (!s.model || s.screenshot_mode) return;
  const TeachingModel& m = *s.model;
  // Short: the sum is written out in full in the right-hand panel, and a long tooltip would
  // cover the neighbouring cells.
  ImGui::BeginTooltip();
  ImGui::Text("%s = %s  (%s product(s))", cell_label("y", c).c_str(), shown(s, Quantity::CellValue, format_number(m.output.at(c.r, c.c))).c_str(),
              shown(s, Quantity::OverlapCounts, std::to_string(m.overlap_at(c.r, c.c))).c_str());
  ImGui::TextDisabled(f.pinned && *f.pinned == c ? "click again to unpin" : "click to pin; the sum is on the right");
  ImGui::EndTooltip();
}

CanvasAction draw_problem_message(const AppState& s, ImDrawList* dl, RectF area) {
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
  return {};
}

void draw_canvas_message(ImDrawList* dl, RectF area, const std::string& title, const std::string& body) {
  const Metrics mt = metrics();
  // A small canvas (large UI scale) keeps a narrow margin, so the words get the width.
  const float margin = std::min(mt.line_h, area.w() * 0.05f);
  const float wrap = area.w() - 2 * margin;
  float y = area.y0 + margin;
  ImFont* big = font_for_px(mt.label_px);
  dl->AddText(big, big->FontSize, ImVec2(area.x0 + margin, y), col(palette::kVermillion), title.c_str(), nullptr, wrap);
  y += big->CalcTextSizeA(big->FontSize, FLT_MAX, wrap, title.c_str()).y + mt.line_h * 0.5f;
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(area.x0 + margin, y), theme().text, body.c_str(),
              nullptr, wrap);
}

void add_output_legend(const AppState& s, std::vector<LegendItem>& items) {
  if (s.editor.tf && (tf_axis_view(s.editor, Axis::H).extra_kept() || tf_axis_view(s.editor, Axis::W).extra_kept()))
    items.push_back({col(palette::kVermillion, 0.3f), col(palette::kVermillion), false, col(palette::kVermillion),
                     "TensorFlow crops this too; PyTorch cannot"});
  if (s.prefs.shading == Shading::Overlap) {
    const ImU32 b = theme().cell_border;
    items.push_back({col(viridis(0.0f)), b, false, 0, "fewest products on a cell"});
    items.push_back({col(viridis(0.5f)), b, false, 0, "between"});
    items.push_back({col(viridis(1.0f)), b, false, 0, "most products (the heat-map's colours)"});
  }
}

void draw_tf_crop(const AppState& s, ImDrawList* dl, const GridGeom& output) {
  if (!s.editor.tf) return;
  const int64_t extra_h = tf_axis_view(s.editor, Axis::H).extra_kept(), extra_w = tf_axis_view(s.editor, Axis::W).extra_kept();
  const ImU32 red = col(palette::kVermillion);
  for (int64_t r = 0; r < output.rows; ++r)
    for (int64_t c = 0; c < output.cols; ++c) {
      if (r < output.rows - extra_h && c < output.cols - extra_w) continue;
      const RectF cr = output.cell_rect(r, c);
      fill(dl, cr, col(palette::kVermillion, 0.25f));
      hatch(dl, cr, red, std::max(4.0f, cr.w() / 5));
    }
  const RectF all = output.rect();
  if (extra_h) frame(dl, {all.x0, all.y1 - output.cell * float(extra_h), all.x1, all.y1}, red, 2.0f);
  if (extra_w) frame(dl, {all.x1 - output.cell * float(extra_w), all.y0, all.x1, all.y1}, red, 2.0f);
}

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

}  // namespace tconv::ui
