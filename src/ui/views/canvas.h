#pragma once
// Internal to tconv_ui: the pieces draw_app() puts together.
#include <imgui.h>
#include <imgui_internal.h>  // MarkIniSettingsDirty

#include <string>
#include <vector>

#include "ui/app_state.h"
#include "ui/draw/draw_util.h"
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

// Pixel metrics derived from the UI font, so everything scales with the UI scale.
struct Metrics {
  float scale = 1;       // UI font px / 13
  float line_h = 20;     // label line above a grid
  float label_px = 16;   // label text size
  float max_cell = 110;  // largest cell worth drawing
};
Metrics metrics();

// Canvas views (draw into dl inside `area`; update hover/pin from `in`).
void draw_scatter_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
void draw_heatmap_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
void draw_gather_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);
void draw_matrix_view(AppState& s, ImDrawList* dl, RectF area, const CanvasInput& in);

// Side panels (ImGui widgets in the current child window).
void draw_controls_panel(AppState& s);
void draw_explain_panel(AppState& s);
void draw_heatmap_notes(AppState& s);  // the words under the heat-map

// Shared helpers.
std::string cell_label(const char* name, Cell c);  // "y[2,3]"
// Toggles the pin on a click over output cell c (clicking the pinned cell unpins).
void click_output(AppState& s, Cell c);
// Tooltip with an output cell's sum written out.
void output_tooltip(const AppState& s, Cell c);
// A colour legend under a canvas: swatches with words, wrapped onto as many lines as needed.
struct LegendItem {
  ImU32 bg = 0, border = 0;
  bool dashed = false;
  ImU32 hatch = 0;  // 0 = no hatching
  std::string text;
};
float legend_height(const std::vector<LegendItem>& items, float width);
void draw_legend(ImDrawList* dl, const std::vector<LegendItem>& items, RectF area, const draw::Theme& th);
// "No model" message in a canvas.
void draw_problem_message(const AppState& s, ImDrawList* dl, RectF area);

}  // namespace tconv::ui
