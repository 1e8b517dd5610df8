// Slides for exported animations (draw_presentation) and the GUI's export dialog.
// Sections: title | slide | export button and dialog.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "core/forward.h"
#include "ui/views/panels_conv.h"
#include "ui/views/canvas.h"
#include "ui/export/slide.h"

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
  if (view == View::Forward && s.conv.forward) {  // the regular convolution of the same input and kernel
    const auto& f = *s.conv.forward;
    title = "Regular convolution (conv2d), same input, kernel, stride and padding  ->  " + dims(f.out_h, f.out_w) + " output";
  }
  dl->AddText(tf, tf->FontSize, ImVec2(p0.x + margin, y), th.text, title.c_str(), nullptr, wrap);
  y += tf->CalcTextSizeA(tf->FontSize, FLT_MAX, wrap, title.c_str()).y + fs * 0.3f;
  ImFont* uf = ImGui::GetFont();
  const char* help = view_help(view);
  dl->AddText(uf, fs, ImVec2(p0.x + margin, y), th.text_dim, help, nullptr, wrap);
  y += uf->CalcTextSizeA(fs, FLT_MAX, wrap, help).y + fs * 0.6f;

  // Caption at the bottom: the step, as in the GUI's transport bar (measured first).
  const std::string caption = view == View::Forward ? forward_step_caption(s) : step_caption(s);
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
    switch (view) {
      case View::Scatter: draw_scatter_view(s, dl, area, none); break;
      case View::Gather: draw_gather_view(s, dl, area, none); break;
      case View::Matrix: draw_matrix_view(s, dl, area, none); break;
      case View::Heatmap: draw_heatmap_view(s, dl, area, none); break;
      case View::Forward: draw_forward_view(s, dl, area, none); break;  // lessons' views (panels_conv.h)
      case View::Paired: draw_paired_view(s, dl, area, none); break;
    }
  }
  ImGui::End();
}

// ---------------------------------------------------------------- export button and dialog
void draw_export_button(AppState& s) {
  if (ImGui::TabItemButton("Export...", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip))
    s.export_ui.open_requested = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Export animation: this view's step-through as an animated GIF and numbered PNG frames, for slides");
}

namespace {

// True when the export would replace something: the GIF, or frames in <stem>_frames/.
bool export_targets_exist(const ExportUi& e) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path gif(e.path.data());
  if (fs::exists(gif, ec)) return true;
  if (!e.png_frames) return false;
  const fs::path dir = gif.parent_path() / (gif.stem().string() + "_frames");
  return fs::exists(dir, ec) && !fs::is_empty(dir, ec);
}

}  // namespace

void draw_export_dialog(AppState& s) {
  ExportUi& e = s.export_ui;
  const char* id = "Export animation";
  if (e.open_requested) {
    ImGui::OpenPopup(id);
    e.open_requested = false;
  }
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(fs * 34, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(fs * 32);
  if (e.running) {
    ImGui::TextUnformatted("Rendering the frames of the animation...");
    const float f = e.total ? float(e.done) / float(e.total) : 0.0f;
    char over[64];
    std::snprintf(over, sizeof over, "frame %zu of %zu", e.done, e.total);
    ImGui::ProgressBar(f, ImVec2(fs * 30, 0), over);
    if (ImGui::Button("Cancel")) e.cancel_requested = true;
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
    return;
  }
  ImGui::TextUnformatted("The step-through of the current view and configuration, as on screen "
                         "without the side panels: an animated GIF (loops) and numbered PNG frames.");
  ImGui::Spacing();
  ImGui::SetNextItemWidth(fs * 24);
  const bool path_edited = ImGui::InputText("GIF file", e.path.data(), e.path.size());
  ImGui::Checkbox("also PNG frames", &e.png_frames);
  if (e.png_frames) {
    const std::filesystem::path gif(e.path.data());
    ImGui::SameLine();
    ImGui::TextDisabled("in %s_frames/", gif.stem().string().c_str());
  }
  int size[2] = {e.width, e.height};
  ImGui::SetNextItemWidth(fs * 12);
  if (ImGui::InputInt2("size (pixels)", size)) {
    e.width = std::clamp(size[0], 320, 3840);
    e.height = std::clamp(size[1], 240, 2160);
  }
  ImGui::SetNextItemWidth(fs * 12);
  ImGui::SliderInt("frames per second", &e.fps, 2, 30);
  ImGui::TextDisabled("Speed: %.2f steps per second (the transport bar's speed).", s.prefs.speed);
  if (path_edited) e.overwrite = false;

  if (!e.result.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, e.result_is_error ? ImVec4(0.95f, 0.45f, 0.3f, 1) : theme().focus_text);
    ImGui::TextUnformatted(e.result.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  const bool exists = export_targets_exist(e);
  if (exists && !e.overwrite) {
    ImGui::TextUnformatted("These files exist already.");
    if (ImGui::Button("Replace them")) {
      e.overwrite = true;
      e.start_requested = true;
    }
  } else if (ImGui::Button("Export")) {
    e.start_requested = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  if (e.start_requested) e.result.clear();
  ImGui::PopTextWrapPos();
  ImGui::EndPopup();
}

}  // namespace tconv::ui
