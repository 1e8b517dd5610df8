// Sections: lessons file | navigation and answers (see lesson_state.h).
#include "ui/lessons/lesson_state.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ui/app_state.h"
#include "ui/presets.h"

namespace tconv::ui {

// ---------------------------------------------------------------- lessons file

PresetLookup gui_preset_lookup() {
  PresetLookup lookup;
  for (const ConfigPreset& p : config_presets()) lookup.names.push_back(p.name);
  lookup.find = [](const std::string& name) -> std::optional<TeachingConfig> {
    const Result<ConfigPreset> p = find_config_preset(name);
    if (!p.ok()) return std::nullopt;
    const ConfigPreset& c = p.value();
    TeachingConfig t;
    t.input = make_input_values(c.input_fill, c.in, 1);
    t.kernel = make_kernel_values(c.kernel_fill, c.kernel, c.params.stride, 1);
    t.params = c.params;
    t.params.groups = 1;
    return t;
  };
  return lookup;
}

void load_lessons_text(LessonState& l, const std::string& text, const std::string& source_name) {
  l.source = source_name;
  l.load_problem.clear();
  l.file = parse_lessons(text, gui_preset_lookup());
  l.current = 0;
  l.typed.clear();
  l.feedback.reset();
  l.revealed = false;
}

size_t load_lessons_file(LessonState& l, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    l.file = LessonFile{};
    l.load_problem = "Cannot read the lessons file " + path +
                     ". Put lessons.txt in the assets folder, or point TCONV_ASSETS_DIR at the folder "
                     "that holds it.";
    return 0;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  load_lessons_text(l, ss.str(), std::filesystem::path(path).filename().string());
  return l.file.lessons.size();
}

std::vector<std::string> lesson_error_lines(const LessonState& l) {
  std::vector<std::string> out;
  for (const LessonError& e : l.file.errors) out.push_back(format_lesson_error(l.source, e));
  return out;
}

// ---------------------------------------------------------------- navigation and answers

const Lesson* current_lesson(const LessonState& l) {
  return l.current < l.file.lessons.size() ? &l.file.lessons[l.current] : nullptr;
}

Status open_lesson(AppState& s, size_t index) {
  LessonState& l = s.lessons;
  const size_t n = l.file.lessons.size();
  if (index >= n) {
    if (n == 0) return Error{"there are no lessons loaded (see the lessons panel for why)."};
    return Error{"lesson " + std::to_string(index + 1) + " does not exist: the lessons are 1 to " +
                 std::to_string(n) + "."};
  }
  const Lesson& lesson = l.file.lessons[index];
  Result<LessonSetup> r = lesson_setup(lesson, gui_preset_lookup());
  if (!r.ok()) return Error{"lesson " + std::to_string(index + 1) + ": " + r.error().message};
  const LessonSetup& st = r.value();
  EditorSettings& e = s.editor;
  e.input = st.config.input;
  e.kernel_values = st.config.kernel;
  e.in = {st.config.input.rows, st.config.input.cols};
  e.kernel = {st.config.kernel.rows, st.config.kernel.cols};
  e.params = st.config.params;
  e.params.groups = 1;
  e.input_fill = InputFill::Custom;
  e.kernel_fill = KernelFill::Custom;
  e.preset = lesson.preset;
  e.modified = false;
  for (int i = 0; i < kParamCount; ++i) {
    const Pair v = get_param(e, Param(i));
    e.same_both[size_t(i)] = v.h == v.w;
  }
  s.prefs.view = st.view;
  s.select_view = true;
  s.pinned.reset();
  rebuild(s);  // also sets the step count for the lesson's view
  if (st.pin) s.pinned = Cell{st.pin->h, st.pin->w};
  // `step` counts steps DONE; the playback shows placement step() as done, so N done -> N-1.
  if (st.step_count > 0) s.playback.seek(st.step == 0 ? 0 : std::min(st.step, st.step_count) - 1);
  l.current = index;
  l.open = true;
  l.typed.clear();
  l.box.fill('\0');
  l.hint_shown = false;
  l.feedback.reset();
  l.revealed = false;
  l.setup_problem.clear();
  return Ok{};
}

void answer_lesson(LessonState& l, const std::string& typed) {
  l.typed = typed;
  l.box.fill('\0');  // the box shows the answer checked (also one given by --lesson-answer)
  typed.copy(l.box.data(), l.box.size() - 1);
  const Lesson* lesson = current_lesson(l);
  if (!lesson) return;
  l.feedback = check_answer(*lesson, typed);
  if (l.feedback->verdict != Verdict::Unclear) l.revealed = true;
}

void reveal_lesson(LessonState& l) {
  if (current_lesson(l)) l.revealed = true;
}

}  // namespace tconv::ui
