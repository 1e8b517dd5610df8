// The controls column: configuration presets, sizes and parameters per axis with the
// "same for both axes" lock, cell-by-cell values with value presets, display settings.
#include <imgui.h>
#include <imgui_internal.h>  // MarkIniSettingsDirty

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/draw/draw_util.h"
#include "ui/presets.h"
#include "ui/shell/columns.h"

namespace tconv::ui {

namespace {

// Returns whether a preset was applied.
bool preset_combo(AppState& s) {
  const std::vector<ConfigPreset>& presets = config_presets();
  std::string current = "(custom)";
  for (const ConfigPreset& p : presets)
    if (p.name == s.editor.preset) current = (s.editor.modified ? "(edited) " : "") + p.title;
  bool applied = false;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##preset", current.c_str(), ImGuiComboFlags_HeightLarge)) {
    for (const ConfigPreset& p : presets) {
      const bool sel = p.name == s.editor.preset;
      if (ImGui::Selectable(p.title.c_str(), sel)) {
        apply_preset(s.editor, p);
        applied = true;
      }
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(p.story.c_str());
        ImGui::TextDisabled("--preset %s", p.name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      if (sel) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  return applied;
}

// One parameter row: name, one slider (locked) or two (H, W), and the lock checkbox.
bool param_row(AppState& s, Param p) {
  EditorSettings& e = s.editor;
  bool changed = false;
  ImGui::PushID(int(p));
  const Pair v = get_param(e, p);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(param_label(p));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", param_help(p));
  const float avail = ImGui::GetContentRegionAvail().x;
  const float lock_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                       ImGui::CalcTextSize("same").x + ImGui::GetStyle().ItemSpacing.x;
  const int lo = int(param_min(p)), hi = int(param_max(p));
  if (e.same_both[size_t(p)]) {
    int x = int(v.h);
    ImGui::SetNextItemWidth(avail - lock_w);
    if (ImGui::SliderInt("##both", &x, lo, hi, (std::string(param_symbol(p)) + " = %d").c_str(),
                         ImGuiSliderFlags_AlwaysClamp))
      changed |= set_param(e, p, Axis::H, x);
  } else {
    const float w = (avail - lock_w - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    int h = int(v.h), wv = int(v.w);
    ImGui::SetNextItemWidth(w);
    if (ImGui::SliderInt("##h", &h, lo, hi, "rows %d", ImGuiSliderFlags_AlwaysClamp))
      changed |= set_param(e, p, Axis::H, h);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    if (ImGui::SliderInt("##w", &wv, lo, hi, "cols %d", ImGuiSliderFlags_AlwaysClamp))
      changed |= set_param(e, p, Axis::W, wv);
  }
  ImGui::SameLine();
  bool same = e.same_both[size_t(p)];
  if (ImGui::Checkbox("same", &same)) {
    set_lock(e, p, same);
    changed = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Same value for both axes (rows and columns)");
  ImGui::PopID();
  return changed;
}

// Editable grid of values; returns whether a value changed.
bool value_grid(const char* id, Grid& g, bool is_input, EditorSettings& e) {
  bool changed = false;
  const float cell_w = ImGui::CalcTextSize("-00.00").x + ImGui::GetStyle().FramePadding.x * 2;
  const int cols = int(g.cols);
  const float full_w = float(cols) * (cell_w + ImGui::GetStyle().CellPadding.x * 2);
  const float h = std::min(float(g.rows) * (ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2) +
                               ImGui::GetStyle().ScrollbarSize + 4,
                           ImGui::GetFrameHeight() * 9);
  ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
  if (full_w > ImGui::GetContentRegionAvail().x) flags |= ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable(id, cols, flags, ImVec2(std::min(full_w + 4, ImGui::GetContentRegionAvail().x), (flags & ImGuiTableFlags_ScrollX) ? h : 0))) {
    for (int r = 0; r < int(g.rows); ++r) {
      ImGui::TableNextRow();
      for (int c = 0; c < cols; ++c) {
        ImGui::TableSetColumnIndex(c);
        ImGui::PushID(r * 1000 + c);
        float v = g.at(r, c);
        ImGui::SetNextItemWidth(cell_w);
        if (ImGui::DragFloat("##v", &v, 0.05f, -999.0f, 999.0f, "%g", ImGuiSliderFlags_AlwaysClamp)) {
          if (is_input) {
            set_input_value(e, r, c, v);
          } else {
            set_kernel_value(e, r, c, v);
          }
          changed = true;
        }
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("%s[%d,%d]: drag, or double-click to type", is_input ? "x" : "w", r, c);
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  return changed;
}

}  // namespace

void draw_controls_panel(AppState& s) {
  bool changed = false;
  bool reset_steps = false;
  ImGui::TextDisabled("Configuration preset");
  if (preset_combo(s)) changed = reset_steps = true;
  for (const ConfigPreset& p : config_presets()) {
    if (p.name == s.editor.preset) {
      ImGui::PushTextWrapPos(0);
      ImGui::TextDisabled("%s", p.story.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextDisabled("Sizes and parameters (PyTorch conv_transpose2d)");
  for (int i = 0; i < kParamCount; ++i) changed |= param_row(s, Param(i));

  ImGui::Spacing();
  ImGui::Separator();
  if (ImGui::CollapsingHeader("Input values x", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("in");
    for (InputFill f : {InputFill::Ramp, InputFill::Ones, InputFill::RandomInts}) {
      if (ImGui::Button(input_fill_name(f))) {
        apply_input_fill(s.editor, f);
        changed = true;
      }
      ImGui::SameLine();
    }
    ImGui::TextDisabled("(%s)", input_fill_name(s.editor.input_fill));
    changed |= value_grid("##xvals", s.editor.input, true, s.editor);
    ImGui::PopID();
  }
  if (ImGui::CollapsingHeader("Kernel values w", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("k");
    for (KernelFill f : {KernelFill::Ones, KernelFill::Bilinear, KernelFill::Edge, KernelFill::RandomInts}) {
      if (ImGui::Button(kernel_fill_name(f))) {
        apply_kernel_fill(s.editor, f);
        changed = true;
      }
      if (f == KernelFill::Bilinear && ImGui::IsItemHovered())
        ImGui::SetTooltip("FCN bilinear kernel for the current stride (sets kernel size and padding)");
      ImGui::SameLine();
    }
    ImGui::TextDisabled("(%s)", kernel_fill_name(s.editor.kernel_fill));
    changed |= value_grid("##wvals", s.editor.kernel_values, false, s.editor);
    ImGui::PopID();
  }

  ImGui::Spacing();
  ImGui::Separator();
  if (ImGui::CollapsingHeader("Display", ImGuiTreeNodeFlags_DefaultOpen)) {
    float scale = s.prefs.ui_scale > 0 ? s.prefs.ui_scale : 0.0f;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
    if (ImGui::SliderFloat("UI scale", &scale, 0.0f, 3.0f, scale > 0 ? "%.2fx" : "auto",
                           ImGuiSliderFlags_AlwaysClamp)) {
      scale = scale < 0.5f ? 0.0f : std::round(scale * 4.0f) / 4.0f;  // quarter steps; 0 = auto
      if (scale != s.prefs.ui_scale) {
        s.prefs.ui_scale = scale;
        ImGui::MarkIniSettingsDirty();
      }
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Text and UI size for projectors (drag to the left end for automatic)");
    if (ImGui::Checkbox("Light theme", &s.prefs.light_theme)) ImGui::MarkIniSettingsDirty();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Colour the output by");
    for (Shading sh : {Shading::None, Shading::Value, Shading::Overlap}) {
      if (sh != Shading::None) ImGui::SameLine();
      if (ImGui::RadioButton(shading_name(sh), s.prefs.shading == sh)) {
        s.prefs.shading = sh;
        ImGui::MarkIniSettingsDirty();
      }
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("value: grey, darker = smaller sum; overlap: how many products land on the cell");
  }

  if (changed) {
    if (reset_steps) {
      s.pinned.reset();
      for (auto& t : s.target) t = 0;  // rebuild() sets them to the new output size
    }
    rebuild(s);
    if (reset_steps) s.playback.home();
  }
}

}  // namespace tconv::ui
