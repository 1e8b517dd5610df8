#pragma once
// Window-free state of the regular-convolution views and the lessons panel (issue 6).
//   ConvViews   -- the forward convolution model (view "forward") and the paired view (view
//                  "paired"), rebuilt with the rest of the app state by rebuild().
//   LessonState -- the lessons loaded from assets/lessons.txt, which one is open, and the
//                  student's answer: the answer is revealed only after an answer that could be
//                  read (right or wrong) or "show answer"; opening another lesson resets it.
// Sections: conv views | lessons file | navigation and answers
#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/lessons.h"
#include "core/result.h"

namespace tconv {
struct ForwardModel;  // core/forward.h (not included here: its round_trip() would be ambiguous
struct PairedView;    // with ui::round_trip() by argument-dependent lookup in files including this)
}  // namespace tconv

namespace tconv::ui {

struct AppState;

// ---------------------------------------------------------------- conv views
struct ConvViews {
  // read-only results (rebuild_conv_views)
  std::shared_ptr<const ForwardModel> forward;  // the editor's input convolved (conv2d) with its kernel
  std::string forward_problem;          // why forward is empty: what is wrong, how to fix it
  std::shared_ptr<const PairedView> paired;     // the editor's configuration as the transposed side
  std::string paired_problem;
};
// Rebuilds s.conv from s.editor, then sets the playback's step count for the current view.
// Called at the end of rebuild().
void rebuild_conv_views(AppState& s);
// Steps of the current view: forward -> output cells, every other view -> placements.
size_t view_step_count(const AppState& s);
// Keeps the playback's step count in line with the view (call when the view may have changed).
void sync_view_playback(AppState& s);
// "Step 2 of 9: y[0,1] = the kernel . the patch at rows 0..2, cols 1..3 = 72".
std::string forward_step_caption(const AppState& s);

// ---------------------------------------------------------------- lessons file
// The GUI's configuration presets as the lessons' PresetLookup.
PresetLookup gui_preset_lookup();

// Where assets/lessons.txt is looked for, in order: $TCONV_ASSETS_DIR, the source tree's assets
// directory (a compile-time absolute path), <exe dir>/../assets. Returns the first that exists,
// else the list of tried paths joined by ", " in `tried`.
std::optional<std::string> find_lessons_file(std::string* tried);

struct LessonState {
  // settings / loaded data
  LessonFile file;                  // the lessons that loaded, and the errors of the others
  std::string source = "lessons.txt";  // file name shown in error messages
  std::string load_problem;         // the whole file could not be read (how to fix it)
  // interaction
  bool open = false;                // the lessons panel is shown
  size_t current = 0;               // index into file.lessons
  std::string typed;                // the last answer checked
  std::array<char, 128> box{};      // the answer box's text buffer (ImGui edits it in place)
  bool hint_shown = false;
  std::optional<AnswerFeedback> feedback;  // the last checked answer (Unclear ones too)
  bool revealed = false;            // the answer and its explanation are shown
  std::string setup_problem;        // the lesson's state could not be applied
};

// Reads and parses the file; a missing file sets load_problem. Lessons are checked with the GUI's
// presets. Returns the number of lessons loaded.
size_t load_lessons_file(LessonState& l, const std::string& path);
void load_lessons_text(LessonState& l, const std::string& text, const std::string& source_name);
// "lessons.txt:12: message" for every error, in line order.
std::vector<std::string> lesson_error_lines(const LessonState& l);

// ---------------------------------------------------------------- navigation and answers
// Opens lesson `index` (0-based): resets the answer, applies lesson_setup (configuration, view,
// pin, step) to the app state and opens the panel. Error (and nothing changed) when out of range
// or the lesson's state cannot be applied.
Status open_lesson(AppState& s, size_t index);
// Checks `typed` (also stored in l.typed). Right/Wrong reveal the answer; Unclear does not.
void answer_lesson(LessonState& l, const std::string& typed);
// "Show answer": reveals without an answer.
void reveal_lesson(LessonState& l);
const Lesson* current_lesson(const LessonState& l);

}  // namespace tconv::ui
