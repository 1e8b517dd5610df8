// Slides for exported animations (draw_presentation): a title, one teaching canvas, the step caption.
// Sections: title | slide
#include <algorithm>
#include <cmath>

#include "core/forward.h"
#include "ui/export/slide.h"
#include "ui/views/canvas.h"

namespace tconv::ui {

using namespace draw;

namespace {

std::string pair_text(Pair p) {
  return p.h == p.w ? std::to_string(p.h) : "(" + std::to_string(p.h) + ", " + std::to_string(p.w) + ")";
}
std::string dims(int64_t h, int64_t w) { return std::to_string(h) + "x" + std::to_string(w); }

}  // namespace

// ---------------------------------------------------------------- title
std::string slide_title(const AppState& s) {
  if (!s.model) return "Transposed convolution: impossible configuration";
  const TeachingModel& m = *s.model;
  const ConvTransposeParams& P = m.config.params;
  std::string t = "Transposed convolution: " + dims(m.config.input.rows, m.config.input.cols) + " input, " +
                  dims(m.config.kernel.rows, m.config.kernel.cols) + " kernel, stride " + pair_text(P.stride) +
                  ", padding " + pair_text(P.padding);
  if (P.output_padding.h || P.output_padding.w) t += ", output_padding " + pair_text(P.output_padding);
  if (P.dilation.h != 1 || P.dilation.w != 1) t += ", dilation " + pair_text(P.dilation);
  return t + "  ->  " + dims(m.out_h, m.out_w) + " output";
}

// ---------------------------------------------------------------- slide
void draw_presentation(AppState& s, View view) {
  s.hover_output.reset();
  s.hover_input.reset();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("tconv-lab slide", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar(2);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Theme th = theme();
  const float fs = ImGui::GetFontSize();
  const ImVec2 p0 = vp->Pos, sz = vp->Size;
  dl->AddRectFilled(p0, ImVec2(p0.x + sz.x, p0.y + sz.y), th.canvas_bg);
  const float margin = std::round(fs * 1.2f);
  const float wrap = sz.x - 2 * margin;

  // Title (large) and what the view shows (small), top-left.
  const float title_px = std::round(fs * 1.6f);
  ImFont* tf = font_for_px(title_px);
  float y = p0.y + margin;
  std::string title = slide_title(s);
  if (view == View::Forward && s.forward.model) {  // the regular convolution of the same input and kernel
    const auto& f = *s.forward.model;
    title = "Regular convolution (conv2d), same input, kernel, stride and padding  ->  " + dims(f.out_h, f.out_w) + " output";
  }
  dl->AddText(tf, tf->FontSize, ImVec2(p0.x + margin, y), th.text, title.c_str(), nullptr, wrap);
  y += tf->CalcTextSizeA(tf->FontSize, FLT_MAX, wrap, title.c_str()).y + fs * 0.3f;
  ImFont* uf = ImGui::GetFont();
  const char* help = view_help(view);
  dl->AddText(uf, fs, ImVec2(p0.x + margin, y), th.text_dim, help, nullptr, wrap);
  y += uf->CalcTextSizeA(fs, FLT_MAX, wrap, help).y + fs * 0.6f;

  // Caption at the bottom: the step, as in the GUI's transport bar (measured first).
  const std::string caption = view == View::Forward ? forward_step_caption(s.forward, s.playback.step()) : step_caption(s);
  const float cap_px = std::round(fs * 1.35f);
  ImFont* cf = font_for_px(cap_px);
  const float cap_h = cf->CalcTextSizeA(cf->FontSize, FLT_MAX, wrap, caption.c_str()).y;
  const float cap_y = p0.y + sz.y - margin - cap_h;
  dl->AddLine(ImVec2(p0.x + margin, cap_y - fs * 0.6f), ImVec2(p0.x + sz.x - margin, cap_y - fs * 0.6f),
              th.cell_border, 1.0f);
  dl->AddText(cf, cf->FontSize, ImVec2(p0.x + margin, cap_y), th.text, caption.c_str(), nullptr, wrap);

  // The view's canvas in between, drawn exactly as in the GUI.
  const RectF area{p0.x + margin, y, p0.x + sz.x - margin, cap_y - fs * 1.2f};
  CanvasInput slide_input;  // no mouse on a slide
  slide_input.interactive = false;
  const CanvasInput& none = slide_input;
  if (area.h() > fs * 4 && area.w() > fs * 8) {
    (void)draw_view_canvas(view, s, dl, area, none);  // nobody can hover or click a slide
  }
  ImGui::End();
}

}  // namespace tconv::ui
