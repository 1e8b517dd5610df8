#pragma once
// The slide layout of exported animations (tconv-lab animate, the GUI's "Export animation..."):
// a title line with the configuration, the canvas of one teaching view (the same drawing as the
// GUI's tab), and the step caption -- without the control and explanation panels. Call between
// ImGui::NewFrame() and ImGui::Render(); it fills the whole display. No gl* here.
#include <string>

#include "ui/app_state.h"

namespace tconv::ui {

// "Transposed convolution: 3x3 input, 3x3 kernel, stride 1, padding 0 -> 5x5 output".
std::string slide_title(const AppState& s);

// Draws one frame of the slide for the current playback position of `s`. Mouse input is
// ignored (set s.screenshot_mode so hover state stays empty).
void draw_presentation(AppState& s, View view);

}  // namespace tconv::ui
