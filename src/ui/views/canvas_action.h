#pragma once
// What a teaching canvas reports and what it draws with. A canvas takes a const AppState and
// returns a CanvasAction (what the user did this frame); the shell applies it with
// apply_canvas_action. The canvas draws with canvas_focus(s, action) -- the pin, hover and
// playback as they will be once the action is applied -- so a hover or click shows in the same
// frame. Window-free: tested in tests/ui.
#include <cstddef>
#include <optional>

#include "core/teaching.h"
#include "ui/playback.h"
#include "ui/ui_types.h"

namespace tconv::ui {

struct AppState;

struct CanvasAction {
  std::optional<Cell> hover_output;  // output cell under the mouse
  std::optional<Cell> hover_input;   // input element under the mouse
  std::optional<Cell> toggle_pin;    // clicked output cell: pins it (unpins it when it is the pinned one)
  std::optional<size_t> seek;        // clicked input element: go to its step
  bool unpin = false;                // right click
};

// The mouse is over output cell c (a click toggles its pin) or over input element c (a click goes
// to its step, the step of m that places it).
void point_at_output(CanvasAction& a, Cell c, bool clicked);
void point_at_input(CanvasAction& a, const TeachingModel& m, Cell c, bool clicked);

// The interaction state of the AppState that a canvas draws.
struct CanvasFocus {
  std::optional<Cell> pinned;        // clicked output cell
  std::optional<Cell> hover_output;  // output cell under the mouse
  std::optional<Cell> hover_input;   // input element under the mouse
  Playback playback;                 // the step shown
};
// s's pin, hover and playback with `a` applied (in the order apply_canvas_action applies it).
CanvasFocus canvas_focus(const AppState& s, const CanvasAction& a = {});
// Stores what canvas_focus(s, a) returns in s.
void apply_canvas_action(AppState& s, const CanvasAction& a);

// The input element of the current step.
std::optional<Cell> current_input(const TeachingModel& m, const Playback& playback);
// The input element the animation shows: the current step's, or the next one's while the kernel
// moves toward it.
Cell shown_input(const TeachingModel& m, const Playback& playback);
// The output cell the equivalent views focus on: pinned, else hovered, else the first cell the
// current placement reaches (else 0,0).
Cell focus_output(const TeachingModel& m, const CanvasFocus& f);

}  // namespace tconv::ui
