#pragma once
// The ImGui front end of the visualizer: free functions drawing an AppState. Call them between
// ImGui::NewFrame() and ImGui::Render(). No GL here: the app (src/app) owns the window, the GL
// context and the font texture.
#include <vector>

#include "ui/app_state.h"

namespace tconv::ui {

// The whole window for one frame: controls | view tabs + canvas + transport | explanations.
void draw_app(AppState& s);

// Applies the keyboard shortcuts pressed since the last frame (Space play/pause, Left/Right step,
// Home/End, Escape unpins), unless a text field or slider has the keyboard. Call once per frame
// after ImGui::NewFrame, before draw_app.
void handle_shortcuts(AppState& s, const std::vector<Shortcut>& keys);

// Rebuilds the font atlas on the CPU side from a TrueType/OpenType file's bytes (the platform layer
// finds them: platform::ui_font_bytes()), at 15*scale px for the UI plus fixed pixel sizes for cell
// text; empty bytes mean ImGui's built-in font at 13*scale px. The caller must re-create the font
// texture afterwards.
void build_fonts(float scale, const std::vector<unsigned char>& ttf);
// Resets the ImGui style for the theme and scales its sizes.
void apply_style(const UiPrefs& prefs, float scale);
// Registers the [TconvLab][Prefs] section of imgui.ini, which remembers s->prefs. Call after
// ImGui::CreateContext and before the settings are loaded. s must outlive the ImGui context.
void register_settings_handler(AppState* s);

}  // namespace tconv::ui
