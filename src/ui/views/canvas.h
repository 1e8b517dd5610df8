#pragma once
// The teaching canvases, one panel_<view>.cpp each, and what they share. A canvas draws a const
// AppState into `area` of a draw list and returns what the user did (canvas_action.h); the shell
// (draw_app) and the slides (export/) call them. Internal to tconv_ui.
#include <imgui.h>

#include <initializer_list>
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
// Cin input planes, the Cin x (Cout/groups) kernels and Cout output planes, grouped, stepped.
CanvasAction draw_channels_view(const AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
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
// The shell's canvas zoom while a canvas is drawn (1 = fit): cells may then grow past max_cell.
void set_canvas_zoom(float zoom);

std::string cell_label(const char* name, Cell c);  // "y[2,3]"
// The first of `forms` (longest first, each a complete label) whose width at `px` is at most
// `width`; the last one when none is.
std::string fit_label(std::initializer_list<std::string> forms, float width, float px);
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
// The scatter view's output legend items: the overlap colouring explained, and the row/column
// TensorFlow crops where PyTorch cannot (nothing for the other colourings and PyTorch's convention).
void add_output_legend(const AppState& s, std::vector<LegendItem>& items);
// Under TensorFlow's convention with an uneven crop: hatches the last row/column of `output`
// that TensorFlow drops and PyTorch's nearest parameters keep.
void draw_tf_crop(const AppState& s, ImDrawList* dl, const GridGeom& output);
float legend_height(const std::vector<LegendItem>& items, float width);
void draw_legend(ImDrawList* dl, const std::vector<LegendItem>& items, RectF area, const draw::Theme& th);
// The output-size formula "out = (in - 1) x s - 2 x p + d x (k - 1) + op + 1" in the current
// ImGui window, one item per term, wrapping between terms; returns the term under the mouse (the
// hovered one gets a green background, the colour of its band on the scatter canvas).
SizeTerm draw_size_formula(const char* out_name, SizeTerm highlighted);
// "This configuration is impossible:" and s.problems, in a canvas. Returns the empty action (the
// canvas has nothing to click), so a canvas can end with it.
CanvasAction draw_problem_message(const AppState& s, ImDrawList* dl, RectF area);
// A message in a canvas (wrapped), e.g. why a view cannot be drawn.
void draw_canvas_message(ImDrawList* dl, RectF area, const std::string& title, const std::string& body);

}  // namespace tconv::ui
