#pragma once
// Image mode's ImGui panels (panel_image.cpp): internal to tconv_ui, called by draw_app().
#include "ui/app_state.h"

namespace tconv::ui {

// The whole window in image mode (s.image must be set): controls | upsample or explorer tab.
void draw_image_mode(AppState& s);
// A tab-bar button next to the teaching views' tabs that switches to image mode.
void draw_image_mode_tab(AppState& s);

}  // namespace tconv::ui
