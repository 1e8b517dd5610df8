// The controls column: configuration presets, sizes and parameters per axis with the
// "same for both axes" lock, cell-by-cell values with value presets, display settings.
#include <imgui.h>
#include <imgui_internal.h>  // MarkIniSettingsDirty

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

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
  // The preview wraps in a narrow column instead of losing the end of the preset's name.
  if (draw::wrapped_combo("##preset", current)) {
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
    ImGui::EndPopup();
  }
  return applied;
}

// An integer slider showing `fmt` with the value; reported to the layout audit when its text does
// not fit.
bool int_slider(const char* id, int* v, int lo, int hi, const std::string& fmt, float width) {
  ImGui::SetNextItemWidth(width);
  const bool changed = ImGui::SliderInt(id, v, lo, hi, fmt.c_str(), ImGuiSliderFlags_AlwaysClamp);
  char shown[64];
  std::snprintf(shown, sizeof shown, fmt.c_str(), *v);
  draw::audit_slider(shown);
  return changed;
}

// Where the "same" checkbox goes, the same for every row so that the column reads as a list:
// beside the name, beside the slider, or (a very narrow column) under it.
enum class LockPlace { BesideName, BesideSlider, Below };
LockPlace lock_place() {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float lock_w = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize("same").x;
  float name_w = 0, slider_w = 0;
  for (int i = 0; i < kParamCount; ++i) {
    const Param p = Param(i);
    name_w = std::max(name_w, ImGui::CalcTextSize(param_label(p)).x);
    slider_w = std::max(slider_w, draw::frame_width((std::string(param_symbol(p)) + " = " +
                                                     std::to_string(param_max(p))).c_str()) + ImGui::GetFontSize() * 0.5f);
  }
  if (name_w + st.ItemSpacing.x * 2 + lock_w <= avail) return LockPlace::BesideName;
  if (slider_w + st.ItemSpacing.x + lock_w <= avail) return LockPlace::BesideSlider;
  return LockPlace::Below;
}

// One parameter: its name (with the lock checkbox "same" when it fits there), then one slider
// (locked) or two (H, W) as wide as the column. In a narrow column the checkbox and the second
// slider go on lines of their own, so every word stays whole.
bool param_row(AppState& s, Param p, LockPlace place) {
  EditorSettings& e = s.editor;
  const ImGuiStyle& st = ImGui::GetStyle();
  bool changed = false;
  ImGui::PushID(int(p));
  const Pair v = get_param(e, p);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(param_label(p));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", param_help(p));
  const float lock_w = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize("same").x;
  bool same = e.same_both[size_t(p)];
  auto lock_box = [&] {
    if (ImGui::Checkbox("same", &same)) {
      set_lock(e, p, same);
      changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Same value for both axes (rows and columns)");
  };
  const bool lock_first = place == LockPlace::BesideName;
  if (lock_first) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    ImGui::SameLine(right - ImGui::GetWindowPos().x - lock_w + ImGui::GetScrollX());  // right-aligned
    lock_box();
  }
  const float avail = ImGui::GetContentRegionAvail().x;
  const int lo = int(param_min(p)), hi = int(param_max(p));
  if (e.same_both[size_t(p)]) {
    int x = int(v.h);
    const std::string fmt = std::string(param_symbol(p)) + " = %d";
    // Without room beside the name, the checkbox goes beside the slider, or under it.
    const bool lock_beside = place == LockPlace::BesideSlider;
    if (int_slider("##both", &x, lo, hi, fmt, lock_beside ? avail - lock_w - st.ItemSpacing.x : avail))
      changed |= set_param(e, p, Axis::H, x);
    if (lock_beside) ImGui::SameLine();
    if (!lock_first) lock_box();
  } else {
    // Side by side when both texts fit, else one under the other.
    const float need = draw::frame_width(("cols " + std::to_string(hi)).c_str()) + ImGui::GetFontSize();
    const float half = (avail - st.ItemSpacing.x) * 0.5f;
    const bool side_by_side = half >= need;
    int h = int(v.h), wv = int(v.w);
    if (int_slider("##h", &h, lo, hi, "rows %d", side_by_side ? half : avail)) changed |= set_param(e, p, Axis::H, h);
    if (side_by_side) ImGui::SameLine();
    if (int_slider("##w", &wv, lo, hi, "cols %d", side_by_side ? half : avail)) changed |= set_param(e, p, Axis::W, wv);
    if (!lock_first) lock_box();
  }
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

// The uncropped output of one axis pair as a small grid: what TensorFlow keeps, what both crop,
// and (vermillion, hatched) the last row/column TensorFlow alone crops, which PyTorch cannot.
void tf_crop_picture(const TfAxisView& vh, const TfAxisView& vw) {
  if (!vh.plan || !vw.plan) return;
  const TfAxisPlan &h = *vh.plan, &w = *vw.plan;
  const int64_t rows = h.full + h.zeros_after, cols = w.full + w.zeros_after;
  const float avail = ImGui::GetContentRegionAvail().x;
  const float cell = std::floor(std::min({avail / float(cols), ImGui::GetFontSize() * 0.9f, 160.0f / float(rows)}));
  if (cell < 2) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const draw::Theme th = draw::theme();
  // -1 cropped by both conventions, 0 kept, 1 kept by PyTorch's nearest parameters only, 2 zeros.
  auto kind = [](const TfAxisPlan& a, int64_t i) {
    if (i >= a.full) return 2;
    if (i < a.pad_before || i >= a.full - a.pad_before) return -1;
    return i >= a.full - a.pad_after ? 1 : 0;
  };
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) {
      const int kr = kind(h, r), kc = kind(w, c);
      const RectF cr{p0.x + cell * float(c), p0.y + cell * float(r), p0.x + cell * float(c + 1), p0.y + cell * float(r + 1)};
      if (kr < 0 || kc < 0) {
        draw::fill(dl, cr, th.ghost_bg);
      } else if (kr == 1 || kc == 1) {
        draw::fill(dl, cr, draw::col(palette::kVermillion, 0.35f));
        draw::hatch(dl, cr, draw::col(palette::kVermillion), 4);
      } else if (kr == 2 || kc == 2) {
        draw::fill(dl, cr, draw::col(palette::kPurple, 0.4f));
      } else {
        draw::fill(dl, cr, th.cell_bg);
      }
      draw::grid_line(dl, cr, th.cell_border);
    }
  ImGui::Dummy(ImVec2(cell * float(cols), cell * float(rows)));
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("grey: cropped by both; plain: TensorFlow's output%s%s",
                      vh.extra_kept() || vw.extra_kept() ? "; red: cropped by TensorFlow only" : "",
                      h.zeros_after || w.zeros_after ? "; purple: zeros TensorFlow adds" : "");
  ImGui::PopStyleColor();
}

// "Convention: PyTorch | TensorFlow: same, valid", and with TensorFlow on, PyTorch's
// equivalent parameters, or why there are none. Returns whether the convention changed.
bool convention_block(AppState& s) {
  EditorSettings& e = s.editor;
  bool changed = false;
  // "Convention: (o) PyTorch" and "TensorFlow: ( ) same ( ) valid", each piece on the line
  // while it fits, else on the next (a narrow column keeps every word).
  const std::optional<TfPadding> options[3] = {std::nullopt, TfPadding::same, TfPadding::valid};
  const char* names[3] = {"PyTorch", "same", "valid"};
  const char* lead[3] = {"Convention:", "TensorFlow:", nullptr};
  for (int i = 0; i < 3; ++i) {
    const float radio_w = ImGui::CalcTextSize(names[i]).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
    if (lead[i]) {
      ImGui::AlignTextToFramePadding();
      ImGui::TextDisabled("%s", lead[i]);
    }
    draw::same_line_if_fits(radio_w);
    if (ImGui::RadioButton(names[i], e.tf == options[i])) {
      set_tf_padding(e, options[i]);
      changed = true;
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("%s", i == 0 ? "PyTorch's ConvTranspose2d: padding crops both sides equally"
                                     : "Keras Conv2DTranspose / tf.nn.conv2d_transpose: the output size is set by "
                                       "'same' (in x s) or 'valid' (nothing cropped); padding follows from it");
  }
  if (!e.tf) return changed;
  const bool same_axes = e.in.h == e.in.w && e.kernel.h == e.kernel.w && e.params.stride.h == e.params.stride.w &&
                         e.params.dilation.h == e.params.dilation.w;
  const TfAxisView vh = tf_axis_view(e, Axis::H), vw = tf_axis_view(e, Axis::W);
  ImGui::PushTextWrapPos(0);
  for (const TfAxisView* v : {&vh, &vw}) {
    if (same_axes && v == &vw) break;
    const char* axis = same_axes ? "both axes" : v == &vh ? "rows" : "cols";
    if (!v->plan) {
      ImGui::TextColored(ImVec4(0.84f, 0.37f, 0.0f, 1), "%s: %s", axis, v->problem.c_str());
      continue;
    }
    ImGui::Text("%s: TF out = %s", axis, v->formula.c_str());
    if (v->plan->pytorch) {
      ImGui::Text("PyTorch: padding=%lld, output_padding=%lld", static_cast<long long>(v->plan->pytorch->padding),
                  static_cast<long long>(v->plan->pytorch->output_padding));
    } else {
      ImGui::TextColored(ImVec4(0.84f, 0.37f, 0.0f, 1),
                         "PyTorch cannot express this: TensorFlow crops %lld before and %lld after, PyTorch the same "
                         "on both sides.", static_cast<long long>(v->plan->pad_before),
                         static_cast<long long>(v->plan->pad_after));
    }
    ImGui::TextDisabled("%s", v->plan->explanation.c_str());
  }
  ImGui::PopTextWrapPos();
  if (vh.extra_kept() || vw.extra_kept())
    ImGui::TextWrapped("The grids show padding=%lld,%lld: TensorFlow's output plus the %s it drops (red below).",
                       static_cast<long long>(e.params.padding.h), static_cast<long long>(e.params.padding.w),
                       vh.extra_kept() && vw.extra_kept() ? "last row and column" : vh.extra_kept() ? "last row" : "last column");
  tf_crop_picture(vh, vw);
  return changed;
}

// Cin, Cout and groups of the channels view; impossible combinations are explained, not refused.
bool channels_block(AppState& s) {
  ChannelSettings& c = s.editor.channels;
  bool changed = false;
  int v[3] = {int(c.in_channels), int(c.out_channels), int(c.groups)};
  const char* fmt[3] = {"Cin = %d", "Cout = %d", "groups = %d"};
  const char* help[3] = {"Input channels: planes of x, each with its own kernels",
                         "Output channels: planes of y; each sums the kernels of its group's inputs",
                         "Groups split Cin and Cout into blocks: an input only feeds outputs of its block. Must divide both."};
  for (int i = 0; i < 3; ++i) {
    ImGui::PushID(i);
    if (int_slider("##ch", &v[i], 1, int(kMaxViewChannels), fmt[i], ImGui::GetContentRegionAvail().x)) changed = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help[i]);
    ImGui::PopID();
  }
  if (ImGui::Checkbox("bias (added last)", &c.bias)) changed = true;
  c.in_channels = v[0];
  c.out_channels = v[1];
  c.groups = v[2];
  if (!s.channels.ok()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.84f, 0.37f, 0.0f, 1), "%s", s.channels.problem.c_str());
    ImGui::PopTextWrapPos();
  } else {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("weight w: (%lld, %lld, %lld, %lld) = (Cin, Cout/groups, kH, kW)",
                        static_cast<long long>(c.in_channels), static_cast<long long>(c.out_channels / c.groups),
                        static_cast<long long>(s.editor.kernel.h), static_cast<long long>(s.editor.kernel.w));
    ImGui::PopTextWrapPos();
  }
  return changed;
}

}  // namespace

void draw_controls_panel(AppState& s) {
  bool changed = false;
  bool reset_steps = false;
  // The flip in "Direct conv" needs a kernel that is not symmetric (not while a lesson sets it up).
  if (s.prefs.view == View::Gather && !s.lessons.open && use_asymmetric_kernel(s.editor)) changed = true;
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Configuration preset");
  ImGui::PopStyleColor();
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
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("Sizes and parameters (as in PyTorch)");  // wraps in a narrow column
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("The parameters of PyTorch's torch.nn.functional.conv_transpose2d and nn.ConvTranspose2d");
  const LockPlace place = lock_place();
  for (int i = 0; i < kParamCount; ++i) {
    const bool derived = s.editor.tf && (Param(i) == Param::Padding || Param(i) == Param::OutputPadding);
    changed |= param_row(s, Param(i), place);
    if (derived && ImGui::IsItemHovered()) ImGui::SetTooltip("Set by the TensorFlow convention; editing it switches back to PyTorch's");
  }
  changed |= convention_block(s);
  if (s.prefs.view == View::Channels) {
    ImGui::Spacing();
    ImGui::Separator();
    if (ImGui::CollapsingHeader("Channels and groups", ImGuiTreeNodeFlags_DefaultOpen)) changed |= channels_block(s);
  }

  ImGui::Spacing();
  ImGui::Separator();
  if (ImGui::CollapsingHeader("Input values x", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("in");
    bool first = true;  // the buttons flow onto the next line instead of running out of the column
    for (InputFill f : {InputFill::Ramp, InputFill::Ones, InputFill::RandomInts}) {
      if (!first) draw::same_line_if_fits(draw::button_width(input_fill_name(f)));
      first = false;
      if (ImGui::Button(input_fill_name(f))) {
        apply_input_fill(s.editor, f);
        changed = true;
      }
    }
    const std::string in_fill = std::string("(") + input_fill_name(s.editor.input_fill) + ")";
    draw::same_line_if_fits(ImGui::CalcTextSize(in_fill.c_str()).x);
    ImGui::TextDisabled("%s", in_fill.c_str());
    changed |= value_grid("##xvals", s.editor.input, true, s.editor);
    ImGui::PopID();
  }
  if (ImGui::CollapsingHeader("Kernel values w", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::PushID("k");
    bool first = true;
    for (KernelFill f : {KernelFill::Ones, KernelFill::Ramp, KernelFill::Bilinear, KernelFill::Edge, KernelFill::RandomInts}) {
      if (!first) draw::same_line_if_fits(draw::button_width(kernel_fill_name(f)));
      first = false;
      if (ImGui::Button(kernel_fill_name(f))) {
        apply_kernel_fill(s.editor, f);
        changed = true;
      }
      if (f == KernelFill::Ramp && ImGui::IsItemHovered())
        ImGui::SetTooltip("1, 2, 3, ... : not symmetric, so the flip in \"Direct conv\" shows");
      if (f == KernelFill::Bilinear && ImGui::IsItemHovered())
        ImGui::SetTooltip("FCN bilinear kernel for the current stride (sets kernel size and padding)");
    }
    const std::string k_fill = std::string("(") + kernel_fill_name(s.editor.kernel_fill) + ")";
    draw::same_line_if_fits(ImGui::CalcTextSize(k_fill.c_str()).x);
    ImGui::TextDisabled("%s", k_fill.c_str());
    changed |= value_grid("##wvals", s.editor.kernel_values, false, s.editor);
    ImGui::PopID();
  }

  ImGui::Spacing();
  ImGui::Separator();
  if (ImGui::CollapsingHeader("Display", ImGuiTreeNodeFlags_DefaultOpen)) {
    float scale = s.prefs.ui_scale > 0 ? s.prefs.ui_scale : 0.0f;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("UI scale");
    draw::same_line_if_fits(draw::frame_width("3.00x") + ImGui::GetFontSize() * 2);
    ImGui::SetNextItemWidth(-1);
    const bool scale_changed = ImGui::SliderFloat("##ui_scale", &scale, 0.0f, 3.0f, scale > 0 ? "%.2fx" : "auto",
                                                  ImGuiSliderFlags_AlwaysClamp);
    {
      char shown[16];
      std::snprintf(shown, sizeof shown, scale > 0 ? "%.2fx" : "auto", double(scale));
      draw::audit_slider(shown);
    }
    if (scale_changed) {
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
    ImGui::TextWrapped("Colour the output by");
    for (Shading sh : {Shading::None, Shading::Value, Shading::Overlap}) {
      draw::same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                              ImGui::CalcTextSize(shading_name(sh)).x);
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
