// Sections: conv views | lessons file | navigation and answers (see lesson_state.h).
#include "ui/lessons/lesson_state.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/forward.h"
#include "ui/app_state.h"
#include "ui/presets.h"

#ifndef TCONV_SOURCE_ASSETS_DIR
#define TCONV_SOURCE_ASSETS_DIR ""
#endif

namespace tconv::ui {

// ---------------------------------------------------------------- conv views

void rebuild_conv_views(AppState& s) {
  ConvViews& v = s.conv;
  v = ConvViews{};
  const TeachingConfig c = to_config(s.editor);
  ForwardConfig fc;
  fc.input = c.input;
  fc.kernel = c.kernel;
  fc.params = c.params;
  Result<ForwardModel> f = build_forward_model(fc);
  if (f.ok()) {
    v.forward = std::make_shared<const ForwardModel>(std::move(f).value());
  } else {
    v.forward_problem = f.error().message;
  }
  if (s.model) {
    Result<PairedView> p = build_paired_view(c, Grid{});
    if (p.ok()) {
      v.paired = std::make_shared<const PairedView>(std::move(p).value());
    } else {
      v.paired_problem = p.error().message;
    }
  } else {
    v.paired_problem = s.problems.empty() ? std::string("impossible configuration") : s.problems.front();
  }
  sync_view_playback(s);
}

size_t view_step_count(const AppState& s) {
  if (s.prefs.view == View::Forward) return s.conv.forward ? s.conv.forward->steps.size() : 0;
  return s.model ? s.model->steps.size() : 0;
}

void sync_view_playback(AppState& s) {
  const size_t n = view_step_count(s);
  if (s.playback.count() != n) s.playback.set_count(n);
}

std::string forward_step_caption(const AppState& s) {
  if (!s.conv.forward) return "This regular convolution is impossible: " + s.conv.forward_problem;
  const ForwardModel& m = *s.conv.forward;
  const size_t k = std::min(s.playback.step(), m.steps.size() - 1);
  const ForwardStep& st = m.steps[k];
  const ConvTransposeParams& p = m.config.params;
  const int64_t r0 = st.top - p.padding.h, c0 = st.left - p.padding.w;
  const int64_t r1 = r0 + p.dilation.h * (m.config.kernel.rows - 1);
  const int64_t c1 = c0 + p.dilation.w * (m.config.kernel.cols - 1);
  std::string t = "Step " + std::to_string(k + 1) + " of " + std::to_string(m.steps.size()) + ": y[" +
                  std::to_string(st.out_r) + "," + std::to_string(st.out_c) +
                  "] = dot product of the kernel with the input patch at rows " + std::to_string(r0) + ".." +
                  std::to_string(r1) + ", cols " + std::to_string(c0) + ".." + std::to_string(c1) + " = " +
                  format_number(st.value);
  if (st.padding_taps > 0) t += " (" + std::to_string(st.padding_taps) + " taps read padding zeros)";
  return t + ".";
}

// ---------------------------------------------------------------- lessons file

PresetLookup gui_preset_lookup() {
  return [](const std::string& name) -> std::optional<TeachingConfig> {
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
}

std::optional<std::string> find_lessons_file(std::string* tried) {
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs;
  if (const char* e = std::getenv("TCONV_ASSETS_DIR"); e && *e) dirs.emplace_back(e);
  if (*TCONV_SOURCE_ASSETS_DIR) dirs.emplace_back(TCONV_SOURCE_ASSETS_DIR);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path() / ".." / "assets");
  std::string list;
  for (const fs::path& d : dirs) {
    const fs::path f = d / "lessons.txt";
    if (fs::is_regular_file(f, ec)) return f.lexically_normal().string();
    list += (list.empty() ? "" : ", ") + f.lexically_normal().string();
  }
  if (tried) *tried = list;
  return std::nullopt;
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
  if (typed.data() != l.box.data()) {  // answered from outside the box (--lesson-answer): show it there
    l.box.fill('\0');
    typed.copy(l.box.data(), l.box.size() - 1);
  }
  const Lesson* lesson = current_lesson(l);
  if (!lesson) return;
  l.feedback = check_answer(*lesson, typed);
  if (l.feedback->verdict != Verdict::Unclear) l.revealed = true;
}

void reveal_lesson(LessonState& l) {
  if (current_lesson(l)) l.revealed = true;
}

}  // namespace tconv::ui
