#pragma once
// The lessons panel (panel_lessons.cpp), which the shell draws at the top of the explanation
// column. Internal to tconv_ui.
#include "ui/app_state.h"

namespace tconv::ui {

// The open lesson: navigation (prev / next / list), its text, its question with an answer box,
// and the answer revealed after an answer or "show answer".
void draw_lessons_panel(AppState& s);
// "Lessons: learn it step by step (N)" while the panel is closed: opens it at the current lesson.
void draw_lessons_button(AppState& s);

}  // namespace tconv::ui
