// draw_app(): the window layout (controls | views | explanations with draggable splitters), the
// view tabs and canvas, the transport bar; keyboard shortcuts; style; the imgui.ini handler that
// remembers the preferences.
#include <imgui.h>
#include <imgui_internal.h>  // ImGuiSettingsHandler, ImHashStr (the .ini handler API of 1.86)

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "ui/export/export_dialog.h"
#include "ui/image/image_mode.h"
#include "ui/shell/columns.h"
#include "ui/shell/window.h"
#include "ui/views/canvas.h"

namespace tconv::ui {

namespace {

// A vertical splitter between two columns; dragging changes *width by the mouse delta.
bool splitter(const char* id, float height, float* width, float lo, float hi, float sign) {
  const float w = std::max(4.0f, std::round(ImGui::GetFontSize() * 0.4f));
  ImGui::InvisibleButton(id, ImVec2(w, height));
  const bool active = ImGui::IsItemActive();
  if (ImGui::IsItemHovered() || active) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x + w * 0.35f, a.y), ImVec2(b.x - w * 0.35f, b.y),
                                            ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive
                                                                      : ImGuiCol_Separator));
  if (active && ImGui::GetIO().MouseDelta.x != 0.0f) {
    *width = std::clamp(*width + sign * ImGui::GetIO().MouseDelta.x, lo, hi);
    return true;
  }
  return false;
}

void transport_bar(AppState& s) {
  Playback& pb = s.playback;
  const bool ok = pb.count() > 0;  // the current view's steps (sync_view_playback)
  ImGui::BeginDisabled(!ok);
  if (ImGui::Button("|<")) pb.home();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("First step (Home)");
  ImGui::SameLine();
  if (ImGui::Button(" < ")) pb.step_back();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step back (Left arrow)");
  ImGui::SameLine();
  if (ImGui::Button(pb.playing() ? "Pause" : " Play", ImVec2(ImGui::GetFontSize() * 4.5f, 0))) pb.toggle();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play / pause (Space)");
  ImGui::SameLine();
  if (ImGui::Button(" > ")) pb.step_forward();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step forward (Right arrow)");
  ImGui::SameLine();
  if (ImGui::Button(">|")) pb.end();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Last step (End)");
  ImGui::SameLine();
  const float speed_w = ImGui::GetFontSize() * 11;
  ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 6, ImGui::GetContentRegionAvail().x - speed_w -
                                                                 ImGui::GetStyle().ItemSpacing.x));
  int step = int(pb.step()) + 1;
  const std::string fmt = pb.count() ? "step %d of " + std::to_string(pb.count()) : std::string("no steps");
  if (ImGui::SliderInt("##step", &step, 1, std::max(1, int(pb.count())), fmt.c_str(), ImGuiSliderFlags_AlwaysClamp))
    pb.seek(size_t(step - 1));
  ImGui::SameLine();
  float speed = float(s.prefs.speed);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderFloat("##speed", &speed, float(Playback::kMinSpeed), float(Playback::kMaxSpeed),
                         "%.2f steps/s", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
    s.prefs.speed = speed;
    ImGui::MarkIniSettingsDirty();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed");
  ImGui::EndDisabled();
  pb.speed = s.prefs.speed;
  ImGui::PushFont(draw::font_for_px(ImGui::GetFontSize() * 1.25f));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(step_caption(s).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void draw_center(AppState& s, float width, float height) {
  const float fs = ImGui::GetFontSize();
  // The one-line hint.
  ImGui::PushStyleColor(ImGuiCol_Text, draw::theme().accent);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(hint_line(s).c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  if (!s.status.empty() && s.status_age < 4.0) {
    ImGui::SameLine();
    ImGui::TextDisabled("  %s", s.status.c_str());
  }

  if (ImGui::BeginTabBar("views", ImGuiTabBarFlags_None)) {
    for (int i = 0; i < kViewCount; ++i) {
      const View v = View(i);
      ImGuiTabItemFlags f = (s.select_view && v == s.prefs.view) ? ImGuiTabItemFlags_SetSelected : 0;
      const bool open = ImGui::BeginTabItem(view_title(v), nullptr, f);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", view_help(v));
      if (open) {
        if (!s.select_view && s.prefs.view != v) {
          s.prefs.view = v;
          ImGui::MarkIniSettingsDirty();
        }
        ImGui::EndTabItem();
      }
    }
    if (s.image) draw_image_mode_tab(s);  // switches to image mode (panel_image.cpp)
    s.select_view = false;
    if (!s.screenshot_mode) draw_export_button(s);
    ImGui::EndTabBar();
  }
  sync_view_playback(s);  // the forward view steps through output cells, the others through inputs

  // Space below the canvas: the transport bar and caption (and the notes under the heat-map).
  const float transport_h = ImGui::GetFrameHeightWithSpacing() + fs * 1.25f * 2.6f + ImGui::GetStyle().ItemSpacing.y;
  const float notes_h = s.prefs.view == View::Heatmap && s.model ? std::floor(height * 0.26f) : 0.0f;
  const float canvas_h = std::max(fs * 4, ImGui::GetContentRegionAvail().y - transport_h - notes_h);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::BeginChild("canvas", ImVec2(width, canvas_h), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMove);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  ImGui::InvisibleButton("##canvas", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  CanvasInput in;
  in.mouse = draw::vf(ImGui::GetIO().MousePos);
  in.hovered = ImGui::IsItemHovered() && !s.screenshot_mode;
  in.clicked = in.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  in.right_clicked = in.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const draw::Theme th = draw::theme();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), th.canvas_bg);
  const float pad = std::round(fs * 0.8f);
  const RectF area{p0.x + pad, p0.y + pad, p0.x + size.x - pad, p0.y + size.y - pad};
  apply_canvas_action(s, draw_view_canvas(s.prefs.view, s, dl, area, in));
  ImGui::EndChild();
  ImGui::PopStyleVar();
  if (notes_h > 0) {
    ImGui::BeginChild("notes", ImVec2(width, notes_h), false);
    draw_heatmap_notes(s);
    ImGui::EndChild();
  }
  transport_bar(s);
}

// --- imgui.ini: [TconvLab][Prefs]
void* prefs_open(ImGuiContext*, ImGuiSettingsHandler* h, const char* name) {
  return std::strcmp(name, "Prefs") == 0 ? h->UserData : nullptr;
}

void prefs_line(ImGuiContext*, ImGuiSettingsHandler*, void* entry, const char* line) {
  UiPrefs& p = static_cast<AppState*>(entry)->prefs;
  float f = 0;
  int i = 0, j = 0;
  char name[32] = {0};
  if (std::sscanf(line, "UiScale=%f", &f) == 1) p.ui_scale = std::clamp(f, 0.0f, 3.0f);
  else if (std::sscanf(line, "LeftFrac=%f", &f) == 1) p.left_frac = std::clamp(f, 0.1f, 0.45f);
  else if (std::sscanf(line, "RightFrac=%f", &f) == 1) p.right_frac = std::clamp(f, 0.1f, 0.45f);
  else if (std::sscanf(line, "Speed=%f", &f) == 1) p.speed = std::clamp(double(f), Playback::kMinSpeed, Playback::kMaxSpeed);
  else if (std::sscanf(line, "Shading=%d", &i) == 1) p.shading = Shading(std::clamp(i, 0, 2));
  else if (std::sscanf(line, "LightTheme=%d", &i) == 1) p.light_theme = i != 0;
  else if (std::sscanf(line, "Window=%dx%d", &i, &j) == 2) {
    p.window_w = std::clamp(i, 0, 16384);
    p.window_h = std::clamp(j, 0, 16384);
  } else if (std::sscanf(line, "View=%31s", name) == 1) {
    const Result<View> v = parse_view(name);
    if (v.ok()) p.view = v.value();
  }
}

void prefs_write(ImGuiContext*, ImGuiSettingsHandler* h, ImGuiTextBuffer* buf) {
  const UiPrefs& p = static_cast<AppState*>(h->UserData)->prefs;
  buf->appendf("[%s][Prefs]\n", h->TypeName);
  buf->appendf("UiScale=%.2f\n", double(p.ui_scale));
  buf->appendf("LeftFrac=%.3f\n", double(p.left_frac));
  buf->appendf("RightFrac=%.3f\n", double(p.right_frac));
  buf->appendf("Speed=%.2f\n", p.speed);
  buf->appendf("Shading=%d\n", int(p.shading));
  buf->appendf("LightTheme=%d\n", p.light_theme ? 1 : 0);
  if (p.window_w > 0 && p.window_h > 0) buf->appendf("Window=%dx%d\n", p.window_w, p.window_h);
  buf->appendf("View=%s\n\n", view_name(p.view));
}

}  // namespace

void register_settings_handler(AppState* s) {
  ImGuiSettingsHandler h;
  h.TypeName = "TconvLab";
  h.TypeHash = ImHashStr("TconvLab");
  h.ReadOpenFn = prefs_open;
  h.ReadLineFn = prefs_line;
  h.WriteAllFn = prefs_write;
  h.UserData = s;
  ImGui::GetCurrentContext()->SettingsHandlers.push_back(h);
}

void apply_style(const UiPrefs& prefs, float scale) {
  ImGuiStyle st;
  if (prefs.light_theme) {
    ImGui::StyleColorsLight(&st);
  } else {
    ImGui::StyleColorsDark(&st);
  }
  st.WindowRounding = 0;
  st.ChildRounding = 2;
  st.FrameRounding = 3;
  st.GrabRounding = 3;
  st.TabRounding = 3;
  st.WindowBorderSize = 0;
  st.GrabMinSize = 12;
  st.ScrollbarSize = 16;
  st.ScaleAllSizes(scale);
  ImGui::GetStyle() = st;
}

void handle_shortcuts(AppState& s, const std::vector<Shortcut>& keys) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsAnyItemActive()) return;  // typing or dragging a slider
  for (Shortcut k : keys) apply_shortcut(s, k);
}

void draw_app(AppState& s) {
  s.hover_output.reset();
  s.hover_input.reset();
  const ImGuiIO& io = ImGui::GetIO();
  s.status_age += double(io.DeltaTime);
  const int dw = int(io.DisplaySize.x), dh = int(io.DisplaySize.y);
  if (!s.screenshot_mode && dw > 0 && dh > 0 && (dw != s.prefs.window_w || dh != s.prefs.window_h)) {
    s.prefs.window_w = dw;  // remembered for the next start
    s.prefs.window_h = dh;
    ImGui::MarkIniSettingsDirty();
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
  ImGui::Begin("tconv-lab", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  if (s.image_mode && s.image) {  // image mode takes the whole window (panel_image.cpp)
    draw_image_mode(s);
    ImGui::End();
    return;
  }
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fs = ImGui::GetFontSize();
  const float min_side = fs * 14;
  float left_w = std::clamp(s.prefs.left_frac * avail.x, min_side, avail.x * 0.45f);
  float right_w = std::clamp(s.prefs.right_frac * avail.x, min_side, avail.x * 0.45f);
  const float split_w = std::max(4.0f, std::round(fs * 0.4f));
  float center_w = avail.x - left_w - right_w - 2 * split_w;
  if (center_w < fs * 16) {  // narrow window: shrink the side columns first
    const float excess = fs * 16 - center_w;
    left_w = std::max(fs * 8, left_w - excess * 0.5f);
    right_w = std::max(fs * 8, right_w - excess * 0.5f);
    center_w = avail.x - left_w - right_w - 2 * split_w;
  }

  ImGui::BeginChild("controls", ImVec2(left_w, avail.y), true);
  draw_controls_panel(s);
  ImGui::EndChild();
  ImGui::SameLine(0, 0);
  if (splitter("##split_left", avail.y, &left_w, min_side, avail.x * 0.45f, 1.0f)) {
    s.prefs.left_frac = left_w / avail.x;
    ImGui::MarkIniSettingsDirty();
  }
  ImGui::SameLine(0, 0);
  ImGui::BeginChild("center", ImVec2(center_w, avail.y), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_center(s, center_w, avail.y);
  ImGui::EndChild();
  ImGui::SameLine(0, 0);
  if (splitter("##split_right", avail.y, &right_w, min_side, avail.x * 0.45f, -1.0f)) {
    s.prefs.right_frac = right_w / avail.x;
    ImGui::MarkIniSettingsDirty();
  }
  ImGui::SameLine(0, 0);
  ImGui::BeginChild("explain", ImVec2(right_w, avail.y), true);
  draw_right_column(s);  // lessons (when open) above the explanations (panel_lessons.cpp)
  ImGui::EndChild();
  draw_export_dialog(s);
  ImGui::End();
}

}  // namespace tconv::ui
