#pragma once
// Window-free state of the lessons panel: the lessons loaded from lessons.txt, which one is open,
// and the student's answer. The answer is revealed only after an answer that could be read (right
// or wrong) or "show answer"; opening another lesson resets it.
// Sections: lessons file | navigation and answers
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/lessons.h"
#include "core/result.h"

namespace tconv::ui {

struct AppState;

// ---------------------------------------------------------------- lessons file
// The GUI's configuration presets as the lessons' PresetLookup.
PresetLookup gui_preset_lookup();

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
