// libFuzzer target: the lessons file parser on arbitrary text (teachers edit lessons.txt by hand,
// and the GUI reads whatever is there), then what the GUI does with each lesson that loads:
// its setup, checking a typed answer, and splitting its texts for display (ui/draw/safe_text).
// Any input must give lessons and errors, never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/lessons.h"
#include "ui/draw/safe_text.h"

namespace {
// The split pieces: each within the limit, and nothing lost before the cut.
void check_split(const std::string& text) {
  const size_t piece = 64, total = 4096;
  const std::vector<std::string> pieces = tconv::ui::split_text_for_display(text, piece, total);
  if (pieces.empty()) std::abort();
  size_t bytes = 0;
  const bool cut = text.size() > total;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (cut && i + 1 == pieces.size()) break;  // the "more bytes not shown" mark
    if (pieces[i].size() > piece) std::abort();
    bytes += pieces[i].size();
  }
  if (bytes > text.size()) std::abort();
  if (tconv::ui::cut_text_for_display(text, 50).size() > 50 + 40) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // lessons files are small; keep each run fast
  const std::string text(reinterpret_cast<const char*>(data), size);
  const tconv::LessonFile file = tconv::parse_lessons(text);
  for (const tconv::LessonError& e : file.errors) (void)tconv::format_lesson_error("lessons.txt", e);
  for (const tconv::Lesson& lesson : file.lessons) {
    auto setup = tconv::lesson_setup(lesson);
    if (setup) (void)tconv::verify_lesson(lesson, setup.value());
    (void)tconv::check_answer(lesson, text.substr(0, 64));
    (void)tconv::check_answer(lesson, "5x5");
    check_split(lesson.title);
    for (const std::string& p : lesson.text) check_split(p);
  }
  check_split(text);
  return 0;
}
