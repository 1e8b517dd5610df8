#include "ui/views/canvas_action.h"

#include <algorithm>

#include "ui/app_state.h"
#include "ui/views/hover.h"

namespace tconv::ui {

namespace {
void apply(CanvasFocus& f, const CanvasAction& a) {
  if (a.hover_output) f.hover_output = a.hover_output;
  if (a.hover_input) f.hover_input = a.hover_input;
  if (a.toggle_pin) {
    if (f.pinned && *f.pinned == *a.toggle_pin) {
      f.pinned.reset();
    } else {
      f.pinned = a.toggle_pin;
    }
  }
  if (a.seek) f.playback.seek(*a.seek);
  if (a.unpin) f.pinned.reset();
}
}  // namespace

void point_at_output(CanvasAction& a, Cell c, bool clicked) {
  a.hover_output = c;
  if (clicked) a.toggle_pin = c;
}

void point_at_input(CanvasAction& a, const TeachingModel& m, Cell c, bool clicked) {
  a.hover_input = c;
  if (clicked) a.seek = step_of_input(m, c);
}

CanvasFocus canvas_focus(const AppState& s, const CanvasAction& a) {
  CanvasFocus f{s.pinned, s.hover_output, s.hover_input, s.playback};
  apply(f, a);
  return f;
}

void apply_canvas_action(AppState& s, const CanvasAction& a) {
  CanvasFocus f = canvas_focus(s, a);
  s.pinned = f.pinned;
  s.hover_output = f.hover_output;
  s.hover_input = f.hover_input;
  s.playback = f.playback;
}

std::optional<Cell> current_input(const TeachingModel& m, const Playback& playback) {
  if (m.steps.empty()) return std::nullopt;
  const Placement& p = m.steps[std::min(playback.step(), m.steps.size() - 1)];
  return Cell{p.in_r, p.in_c};
}

Cell shown_input(const TeachingModel& m, const Playback& playback) {
  size_t k = playback.step();
  if (playback.kernel_motion() > 0.0 && k + 1 < m.steps.size()) ++k;
  return {m.steps[k].in_r, m.steps[k].in_c};
}

Cell focus_output(const TeachingModel& m, const CanvasFocus& f) {
  if (f.pinned) return *f.pinned;
  if (f.hover_output) return *f.hover_output;
  if (std::optional<Cell> in = current_input(m, f.playback)) {
    const Footprint fp = input_footprint(m, *in);
    if (!fp.kept.empty()) return fp.kept.front();
  }
  return Cell{0, 0};
}

}  // namespace tconv::ui
