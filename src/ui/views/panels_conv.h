#pragma once
// Internal to tconv_ui: the regular-convolution canvases and the lessons panel (issue 6).
#include "ui/views/canvas.h"

namespace tconv::ui {

// The forward convolution stepped with the transport bar: padded input with the current patch,
// kernel, the shrinking output filling cell by cell, and the dot product written out.
void draw_forward_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
// Convolution N -> M and transposed convolution M -> N on one kernel, the sizes that collide and
// the adjoint identity with numbers.
void draw_paired_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);

// A message in a canvas (wrapped), e.g. why a view cannot be drawn.
void draw_canvas_message(ImDrawList* dl, RectF area, const std::string& title, const std::string& body);

// The right column: the lessons panel above the explanations while lessons are open, else a
// "Lessons" button above the explanations.
void draw_right_column(AppState& s);

}  // namespace tconv::ui
