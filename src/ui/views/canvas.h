#pragma once
// The teaching canvases, one panel_<view>.cpp each, and what they share. A canvas draws a const
// AppState into `area` of a draw list and returns what the user did (canvas_action.h); the shell
// (draw_app) and the slides (export/) call them. Internal to tconv_ui.
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/app_state.h"
#include "ui/draw/draw_util.h"
#include "ui/views/canvas_action.h"
#include "ui/views/layout.h"

namespace tconv::ui {

// Mouse state over a canvas (an InvisibleButton covering it).
struct CanvasInput {
  Vec2f mouse;
  bool hovered = false;       // the mouse is over the canvas (false in screenshot mode)
  bool clicked = false;       // left click this frame
  bool right_clicked = false;
  bool interactive = true;    // false on exported slides: no hints that need a mouse
};

// ---------------------------------------------------------------- the canvases
CanvasAction draw_scatter_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
CanvasAction draw_heatmap_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
CanvasAction draw_gather_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
CanvasAction draw_matrix_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
// The forward convolution stepped with the transport bar: padded input with the current patch,
// kernel, the shrinking output filling cell by cell, and the dot product written out.
CanvasAction draw_forward_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
// Convolution N -> M and transposed convolution M -> N on one kernel, the sizes that collide and
// the adjoint identity with numbers.
CanvasAction draw_paired_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
// The canvas of `view` (one of the above).
CanvasAction draw_view_canvas(View view, const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);

// ---------------------------------------------------------------- shared by the canvases (canvas.cpp)
// Pixel metrics derived from the UI font, so everything scales with the UI scale.
struct Metrics {
  float scale = 1;       // UI font px / 13
  float line_h = 20;     // label line above a grid
  float label_px = 16;   // label text size
  float max_cell = 110;  // largest cell worth drawing
};
Metrics metrics();

std::string cell_label(const char* name, Cell c);  // "y[2,3]"
// Where `count` lies between the fewest and the most overlaps (0..1; 0.75 when all are equal):
// the viridis position of an overlap count.
float overlap_t(const OverlapSummary& o, int count);
// Tooltip with an output cell's sum written out (f.pinned says whether a click unpins it).
void output_tooltip(const AppState& s, const CanvasFocus& f, Cell c);
// A colour legend under a canvas: swatches with words, wrapped onto as many lines as needed.
struct LegendItem {
  ImU32 bg = 0, border = 0;
  bool dashed = false;
  ImU32 hatch = 0;  // 0 = no hatching
  std::string text;
};
float legend_height(const std::vector<LegendItem>& items, float width);
void draw_legend(ImDrawList* dl, const std::vector<LegendItem>& items, RectF area, const draw::Theme& th);
// "This configuration is impossible:" and s.problems, in a canvas. Returns the empty action (the
// canvas has nothing to click), so a canvas can end with it.
CanvasAction draw_problem_message(const AppState& s, ImDrawList* dl, RectF area);
// A message in a canvas (wrapped), e.g. why a view cannot be drawn.
void draw_canvas_message(ImDrawList* dl, RectF area, const std::string& title, const std::string& body);

}  // namespace tconv::ui
