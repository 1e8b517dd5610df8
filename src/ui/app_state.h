#pragma once
// The whole state the panels draw and edit, with no window in it: editor settings, remembered
// preferences, the derived teaching model and the data of each view (rebuilt by rebuild()), and
// the interaction state (playback, pin, hover). Panels are free functions taking an AppState&;
// the teaching canvases take it const and return what the user did (views/canvas_action.h).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/teaching.h"
#include "core/view.h"
#include "ui/editor.h"
#include "ui/shell/explain.h"
#include "ui/export/export_dialog.h"
#include "ui/lessons/lesson_state.h"
#include "ui/playback.h"
#include "ui/ui_types.h"
#include "ui/views/channels.h"
#include "ui/views/forward.h"
#include "ui/views/gather.h"
#include "ui/views/hover.h"
#include "ui/views/layout.h"
#include "ui/views/matrix.h"
#include "ui/views/paired.h"

namespace tconv::ui {

struct ImageState;  // image mode (image/image_state.h)

// The teaching views are tconv::View (core/view.h, with view_name): lessons name them too.
using tconv::View;
const char* view_title(View v);  // tab title
const char* view_help(View v);   // one line: what the view shows
Result<View> parse_view(const std::string& name);
// "R,C" -> Cell (0-based, non-negative); the range is checked against the model by the caller.
Result<Cell> parse_cell(const std::string& text, const char* option);
// "WxH" -> {w, h}, each 200..16384.
struct WindowSize {
  int w = 1280, h = 800;
};
Result<WindowSize> parse_window_size(const std::string& text);

// Colouring of the scatter view's output cells: none, by value (grey, dark = small: the edge
// effect shows as a darker frame), or by overlap count (viridis, the heat-map overlaid).
enum class Shading { None, Value, Overlap };
const char* shading_name(Shading s);  // "none", "value", "overlap"

// Remembered between runs (stored in imgui.ini by the panels' settings handler).
struct UiPrefs {
  float ui_scale = 0.0f;    // text/UI scale; 0 = automatic (from window height and content scale)
  float left_frac = 0.25f;  // controls column, share of the window width
  float right_frac = 0.29f; // explanation column, share of the window width
  double speed = 1.5;       // steps per second
  Shading shading = Shading::Value;  // how the scatter view colours the output cells
  bool light_theme = false;
  View view = View::Scatter;
  int window_w = 0, window_h = 0;  // last window size, screen pixels (0 = not known yet)
};

struct AppState {
  // settings
  EditorSettings editor;
  UiPrefs prefs;

  // read-only results, rebuilt by rebuild() from the editor settings
  std::optional<TeachingModel> model;  // empty when the configuration is impossible
  std::vector<std::string> problems;   // why it is impossible: what is wrong and how to fix it
  std::array<AxisExplanation, 2> axis; // height, width
  std::array<RoundTripExplanation, 2> round;  // height, width
  GatherData gather;
  MatrixData matrix;
  OverlapSummary overlap;
  uint64_t revision = 0;               // bumps on every rebuild
  ForwardData forward;                 // the forward view's regular convolution (views/forward.h)
  PairedData paired;                   // the paired view's convolution and its transpose (views/paired.h)
  ChannelsData channels;               // the channels view: Cin -> Cout planes, groups, bias (views/channels.h)

  // interaction
  Playback playback;
  std::optional<Cell> pinned;        // clicked output cell
  CanvasZoom canvas_zoom;            // the canvas's zoom and pan (views/layout.h); reset on a new view
  std::optional<Cell> hover_output;  // output cell under the mouse this frame (any view)
  std::optional<Cell> hover_input;   // input element under the mouse this frame
  SizeTermFocus size_term;           // size-formula term under the mouse (explain panel; scatter draws it)
  std::array<int64_t, 2> target{{0, 0}};  // target-size helper: wanted output per axis
  bool screenshot_mode = false;      // deterministic frames: no hover, no saved settings
  bool select_view = true;           // the tab bar should switch to prefs.view (next frame)
  std::string status;                // last transient message (e.g. "copied")
  double status_age = 0;             // seconds the status has been shown
  ImageState* image = nullptr;       // image mode (image/image_state.h), owned by the app; null: none
  bool image_mode = false;           // the window shows image mode instead of the teaching views
  ExportUi export_ui;                // "Export animation..." dialog (export/export_dialog.h)
  LessonState lessons;               // the lessons panel (lessons/lesson_state.h)
};

// Keyboard shortcuts, as events: the app queues them from the window's key callback (so a quick
// press and release between two frames is not lost) and the panels apply them.
enum class Shortcut { PlayPause, StepForward, StepBack, First, Last, Unpin };
void apply_shortcut(AppState& s, Shortcut k);

// Rebuilds the model and everything derived from it after an edit; keeps the step and the pin
// when they still exist.
void rebuild(AppState& s);

// Steps of the current view: forward -> output cells, every other view -> placements.
size_t view_step_count(const AppState& s);
// Keeps the playback's step count in line with the view (call when the view may have changed).
void sync_view_playback(AppState& s);

// "Step 3 of 9: x[0,2] = 3 scales the kernel and adds it to y[0..2, 2..4]".
std::string step_caption(const AppState& s);
// One line telling a newcomer what to press.
std::string hint_line(const AppState& s);

}  // namespace tconv::ui

namespace tconv::ui {
// UI scale when the user has not chosen one: the content scale (high-DPI) times a step up for
// tall windows (1.0 at 800 logical pixels, 1.25 at 1080, capped at 2.5), in steps of 0.25.
float auto_ui_scale(float framebuffer_height, float content_scale);
// prefs.ui_scale (times the content scale) when set, else auto_ui_scale; clamped to 0.5..4.
float effective_ui_scale(const UiPrefs& prefs, float framebuffer_height, float content_scale);
}  // namespace tconv::ui
