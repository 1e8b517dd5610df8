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
#include "ui/draw/layout_audit.h"
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

// The transport bar's sliders: the step slider needs room for its widest "step N of N", the speed
// slider for "0.25 steps/s"; when the row is too narrow for both, the speed goes on a row of its own.
struct TransportGeom {
  float step_need = 0, speed_need = 0;
  bool two_rows = false;  // the speed slider on a row of its own
  int rows = 1;           // rows of buttons and sliders in all (a narrow column: up to 4)
};
TransportGeom transport_geom(const Playback& pb, float width) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize();
  const std::string n = std::to_string(std::max<size_t>(pb.count(), 1));
  TransportGeom g;
  g.step_need = ImGui::CalcTextSize(("step " + n + " of " + n).c_str()).x + st.FramePadding.x * 2 + fs;
  g.speed_need = ImGui::CalcTextSize("0.25 steps/s").x + st.FramePadding.x * 2 + fs;
  float buttons = 0;
  for (const char* b : {"|<", " < ", " > ", ">|"}) buttons += draw::button_width(b) + st.ItemSpacing.x;
  buttons += fs * 4.5f + st.ItemSpacing.x;
  g.two_rows = buttons + g.step_need + st.ItemSpacing.x + g.speed_need > width;
  const int button_rows = buttons - st.ItemSpacing.x > width ? 2 : 1;  // they flow (same_line_if_fits)
  const bool step_beside = button_rows == 1 && buttons + g.step_need <= width;
  g.rows = button_rows + (step_beside ? 0 : 1) + (g.two_rows ? 1 : 0);
  return g;
}

float transport_height(const AppState& s, float width) {
  const TransportGeom g = transport_geom(s.playback, width);
  ImFont* f = draw::font_for_px(ImGui::GetFontSize() * 1.25f);
  // The caption is ImGui text: each line is followed by the item spacing.
  const float lines = draw::formula_height(f, f->FontSize, step_caption(s), width) / f->FontSize;
  const float caption = lines * (f->FontSize + ImGui::GetStyle().ItemSpacing.y);
  return ImGui::GetFrameHeightWithSpacing() * float(g.rows) + caption + ImGui::GetStyle().ItemSpacing.y * 2;
}

void transport_bar(AppState& s) {
  Playback& pb = s.playback;
  const bool ok = pb.count() > 0;  // the current view's steps (sync_view_playback)
  const TransportGeom g = transport_geom(pb, ImGui::GetContentRegionAvail().x);
  ImGui::BeginDisabled(!ok);
  // The buttons flow onto a second row rather than run past a narrow column's edge.
  if (ImGui::Button("|<")) pb.home();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("First step (Home)");
  draw::same_line_if_fits(draw::button_width(" < "));
  if (ImGui::Button(" < ")) pb.step_back();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step back (Left arrow)");
  draw::same_line_if_fits(ImGui::GetFontSize() * 4.5f);
  if (ImGui::Button(pb.playing() ? "Pause" : " Play", ImVec2(ImGui::GetFontSize() * 4.5f, 0))) pb.toggle();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Play / pause (Space)");
  draw::same_line_if_fits(draw::button_width(" > "));
  if (ImGui::Button(" > ")) pb.step_forward();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step forward (Right arrow)");
  draw::same_line_if_fits(draw::button_width(">|"));
  if (ImGui::Button(">|")) pb.end();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Last step (End)");
  draw::same_line_if_fits(g.step_need);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  ImGui::SetNextItemWidth(g.two_rows ? -1.0f
                                     : std::max(g.step_need, ImGui::GetContentRegionAvail().x - g.speed_need -
                                                                 ImGui::GetFontSize() * 4 - spacing));
  int step = int(pb.step()) + 1;
  const std::string fmt = pb.count() ? "step %d of " + std::to_string(pb.count()) : std::string("no steps");
  if (ImGui::SliderInt("##step", &step, 1, std::max(1, int(pb.count())), fmt.c_str(), ImGuiSliderFlags_AlwaysClamp))
    pb.seek(size_t(step - 1));
  {
    char shown[64];
    std::snprintf(shown, sizeof shown, fmt.c_str(), step);
    draw::audit_last_item("slider", shown);
  }
  if (!g.two_rows) ImGui::SameLine();
  float speed = float(s.prefs.speed);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderFloat("##speed", &speed, float(Playback::kMinSpeed), float(Playback::kMaxSpeed),
                         "%.2f steps/s", ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
    s.prefs.speed = speed;
    ImGui::MarkIniSettingsDirty();
  }
  {
    char shown[64];
    std::snprintf(shown, sizeof shown, "%.2f steps/s", double(speed));
    draw::audit_last_item("slider", shown);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed");
  ImGui::EndDisabled();
  pb.speed = s.prefs.speed;
  ImGui::PushFont(draw::font_for_px(ImGui::GetFontSize() * 1.25f));
  draw::text_formula(step_caption(s));  // wraps between terms, never inside "x[0,2]"
  ImGui::PopFont();
}

// The views as tab-like buttons that keep their full names: when the column is too narrow for
// one row they flow onto a second. Image mode and export stay tab buttons at the right end.
void view_tab_buttons(AppState& s, float tab_spacing);

// Rows the tab buttons take in `width` (they flow like same_line_if_fits).
int view_tab_rows(float width, float spacing) {
  int rows = 1;
  float x = 0;
  for (int i = 0; i < kViewCount; ++i) {
    const float w = draw::button_width(view_title(View(i)));
    if (i > 0 && x + spacing + w > width) {
      ++rows;
      x = w;
    } else {
      x += (i > 0 ? spacing : 0) + w;
    }
  }
  return rows;
}

void switch_view(AppState& s, View v) {
  if (v == s.prefs.view) return;
  s.prefs.view = v;
  s.canvas_zoom = CanvasZoom{};
  ImGui::MarkIniSettingsDirty();
}

void view_tabs(AppState& s) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float tab_spacing = std::max(2.0f, std::round(st.ItemSpacing.x * 0.5f));
  // More than two rows of tabs (a narrow centre at UI scale 2) would leave the canvas little
  // height: the views become a list with the current one's full name.
  if (view_tab_rows(ImGui::GetContentRegionAvail().x, tab_spacing) > 2) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("View:");
    ImGui::SameLine();
    // Room for the image-mode tab beside it when the name fits in what is left.
    const float image_w = s.image ? draw::button_width("Image") + st.ItemSpacing.x * 2 : 0.0f;
    const float rest = ImGui::GetContentRegionAvail().x;
    const bool beside = image_w > 0 && rest - image_w >= draw::button_width(view_title(s.prefs.view)) + ImGui::GetFrameHeight();
    if (draw::wrapped_combo("##view_list", view_title(s.prefs.view), beside ? rest - image_w : 0.0f)) {
      for (int i = 0; i < kViewCount; ++i) {
        const View v = View(i);
        if (ImGui::Selectable(view_title(v), v == s.prefs.view)) switch_view(s, v);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", view_tooltip(v).c_str());
      }
      ImGui::EndPopup();
    }
    s.select_view = false;
  } else {
    view_tab_buttons(s, tab_spacing);
  }
  if (!s.image && s.screenshot_mode) return;
  float trailing = 0;
  if (s.image) trailing += draw::button_width("Image") + st.ItemInnerSpacing.x;
  if (!s.screenshot_mode) trailing += draw::button_width("Export...") + st.ItemInnerSpacing.x;
  draw::same_line_if_fits(trailing + st.ItemSpacing.x);
  if (ImGui::BeginTabBar("view_actions", ImGuiTabBarFlags_None)) {
    if (s.image) draw_image_mode_tab(s);  // switches to image mode (panel_image.cpp)
    if (!s.screenshot_mode) draw_export_button(s);
    ImGui::EndTabBar();
  }
}

void view_tab_buttons(AppState& s, float tab_spacing) {
  const ImGuiStyle& st = ImGui::GetStyle();
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, st.TabRounding);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(tab_spacing, std::round(st.ItemSpacing.y * 0.5f)));
  for (int i = 0; i < kViewCount; ++i) {
    const View v = View(i);
    const bool sel = v == s.prefs.view;
    if (i > 0) draw::same_line_if_fits(draw::button_width(view_title(v)));
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(sel ? ImGuiCol_TabActive : ImGuiCol_Tab));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_TabHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetStyleColorVec4(ImGuiCol_TabActive));
    if (ImGui::Button(view_title(v))) switch_view(s, v);
    draw::audit_last_item("tab", view_title(v));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", view_tooltip(v).c_str());  // with its glossary
    ImGui::PopStyleColor(3);
  }
  ImGui::PopStyleVar(2);
  s.select_view = false;
}

// The notes under the heat-map: as tall as their wrapped bullets, at most a quarter of the column
// (they scroll beyond that).
float heatmap_notes_height(const AppState& s, float width, float height) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float text_w = std::max(ImGui::GetFontSize() * 4, width - ImGui::GetTreeNodeToLabelSpacing() - st.WindowPadding.x * 2 -
                                                               st.ScrollbarSize);
  float h = st.WindowPadding.y * 2;
  for (const std::string& l : s.overlap.lines)
    h += ImGui::CalcTextSize(l.c_str(), nullptr, false, text_w).y + st.ItemSpacing.y;
  return std::floor(std::min(h, height * 0.26f));
}

void draw_center(AppState& s, float width, float height) {
  const float fs = ImGui::GetFontSize();
  // The one-line hint. The keyboard hint gives way to the canvas in a short window (under 30
  // lines of text, e.g. UI scale 2 at 800 pixels): the buttons' tooltips name the same keys.
  if (!s.model || height >= fs * 30) {
    ImGui::PushStyleColor(ImGuiCol_Text, draw::theme().accent);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(hint_line(s).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  if (!s.status.empty() && s.status_age < 4.0) {
    draw::same_line_if_fits(ImGui::CalcTextSize(s.status.c_str()).x);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", s.status.c_str());
    ImGui::PopStyleColor();
  }

  view_tabs(s);
  sync_view_playback(s);  // the forward view steps through output cells, the others through inputs

  // Space below the canvas: the transport bar and caption (and the notes under the heat-map).
  const float transport_h = transport_height(s, width);
  const float notes_h = s.prefs.view == View::Heatmap && s.model ? heatmap_notes_height(s, width, height) : 0.0f;
  const float canvas_h = std::max(fs * 4, ImGui::GetContentRegionAvail().y - transport_h - notes_h);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::BeginChild("canvas", ImVec2(width, canvas_h), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMove);
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  ImGui::InvisibleButton("##canvas", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)),
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  ImGui::SetItemAllowOverlap();  // the zoom reset button sits on the canvas
  const ImGuiIO& io = ImGui::GetIO();
  CanvasInput in;
  in.mouse = draw::vf(io.MousePos);
  in.hovered = ImGui::IsItemHovered() && !s.screenshot_mode;
  const float drag_px = std::max(4.0f, fs * 0.3f);
  const bool dragged = io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] > drag_px * drag_px;
  // A click pins (on release, so that a drag pans instead).
  in.clicked = in.hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && !dragged;
  in.right_clicked = in.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const draw::Theme th = draw::theme();
  dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), th.canvas_bg);
  const float pad = std::round(fs * 0.8f);
  const RectF area{p0.x + pad, p0.y + pad, p0.x + size.x - pad, p0.y + size.y - pad};
  // Zoom (mouse wheel, + and -) about the mouse, pan by dragging, 0 or the button resets.
  if (in.hovered) {
    float factor = io.MouseWheel != 0.0f ? std::pow(1.2f, io.MouseWheel) : 1.0f;
    bool reset = false;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
      const ImWchar c = io.InputQueueCharacters[i];
      if (c == '+' || c == '=') factor *= 1.25f;
      if (c == '-') factor /= 1.25f;
      if (c == '0') reset = true;
    }
    if (factor != 1.0f) s.canvas_zoom = zoom_about(s.canvas_zoom, area, in.mouse, factor);
    if (reset) s.canvas_zoom = CanvasZoom{};
  }
  if (ImGui::IsItemActive() && dragged && !s.canvas_zoom.is_fit())
    s.canvas_zoom = pan_by(s.canvas_zoom, area, draw::vf(io.MouseDelta));
  const CanvasZoom zoom = s.screenshot_mode ? CanvasZoom{} : s.canvas_zoom;
  dl->PushClipRect(ImVec2(p0.x, p0.y), ImVec2(p0.x + size.x, p0.y + size.y), true);
  set_canvas_zoom(zoom.zoom);
  apply_canvas_action(s, draw_view_canvas(s.prefs.view, s, dl, zoomed_area(area, zoom), in));
  set_canvas_zoom(1.0f);
  dl->PopClipRect();
  if (!zoom.is_fit()) {
    const char* label = "Fit (0)";
    ImGui::SetCursorScreenPos(ImVec2(p0.x + size.x - draw::button_width(label) - pad * 0.5f, p0.y + pad * 0.25f));
    if (ImGui::SmallButton(label)) s.canvas_zoom = CanvasZoom{};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom: mouse wheel or + and -; pan: drag; 0: fit the canvas");
  }
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
  // Scrollbars grow with the UI scale only half as fast: at scale 2 a 32-pixel bar took room the
  // side columns' words need, and a 24-pixel one is still easy to grab on a projector.
  if (scale > 1) st.ScrollbarSize = std::round(16 * (1 + (scale - 1) * 0.5f));
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
  // Widths in units of the font size, so that a larger UI scale keeps the side panels' words
  // whole: a side column narrower than kSideFloor ems cuts words like "conv_transpose2d" and the
  // convention's radio buttons. A narrow window (1024x768 at UI scale 2 is 33 ems wide) shrinks
  // the side columns towards that floor first and then the canvas, which fits its grids to the
  // space it gets.
  constexpr float kSideMin = 14, kSideFloor = 10, kCenterMin = 16;
  const float min_side = fs * kSideMin;
  float left_w = std::clamp(s.prefs.left_frac * avail.x, min_side, avail.x * 0.45f);
  float right_w = std::clamp(s.prefs.right_frac * avail.x, min_side, avail.x * 0.45f);
  const float split_w = std::max(4.0f, std::round(fs * 0.4f));
  float center_w = avail.x - left_w - right_w - 2 * split_w;
  if (center_w < fs * kCenterMin) {  // narrow window: shrink the side columns first
    const float excess = fs * kCenterMin - center_w;
    const float floor_w = std::min(fs * kSideFloor, avail.x * 0.3f);
    left_w = std::max(floor_w, left_w - excess * 0.5f);
    right_w = std::max(floor_w, right_w - excess * 0.5f);
    center_w = avail.x - left_w - right_w - 2 * split_w;
  }

  // The side columns' padding stays under half an em: at scale 2 the default 16 pixels a side
  // took room from their words.
  const ImVec2 side_pad(std::min(ImGui::GetStyle().WindowPadding.x, std::round(fs * 0.4f)), ImGui::GetStyle().WindowPadding.y);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, side_pad);
  ImGui::BeginChild("controls", ImVec2(left_w, avail.y), true);
  ImGui::PopStyleVar();
  draw_controls_panel(s);
  ImGui::EndChild();
  ImGui::SameLine(0, 0);
  if (splitter("##split_left", avail.y, &left_w, std::min(min_side, left_w), avail.x * 0.45f, 1.0f)) {
    s.prefs.left_frac = left_w / avail.x;
    ImGui::MarkIniSettingsDirty();
  }
  ImGui::SameLine(0, 0);
  ImGui::BeginChild("center", ImVec2(center_w, avail.y), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  draw_center(s, center_w, avail.y);
  ImGui::EndChild();
  ImGui::SameLine(0, 0);
  if (splitter("##split_right", avail.y, &right_w, std::min(min_side, right_w), avail.x * 0.45f, -1.0f)) {
    s.prefs.right_frac = right_w / avail.x;
    ImGui::MarkIniSettingsDirty();
  }
  ImGui::SameLine(0, 0);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, side_pad);
  ImGui::BeginChild("explain", ImVec2(right_w, avail.y), true);
  ImGui::PopStyleVar();
  draw_right_column(s);  // lessons (when open) above the explanations (panel_lessons.cpp)
  ImGui::EndChild();
  draw_export_dialog(s);
  ImGui::End();
}

}  // namespace tconv::ui
