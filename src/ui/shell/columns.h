#pragma once
// The window's columns, which draw_app() lays out: the controls (left) and the explanation
// column (right, with the lessons panel on top while it is open). Internal to tconv_ui.
#include "ui/app_state.h"

namespace tconv::ui {

void draw_controls_panel(AppState& s);  // panel_controls.cpp
void draw_explain_panel(AppState& s);   // panel_explain.cpp: formula, focused cell, helpers
void draw_heatmap_notes(AppState& s);   // the words under the heat-map (also in the explanations)
void draw_right_column(AppState& s);    // the lessons panel or its button, above the explanations

}  // namespace tconv::ui
