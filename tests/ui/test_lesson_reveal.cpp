// Predict, then reveal, checked on what the window actually draws: every shipped lesson
// (assets/lessons.txt) is rendered with `tconv-lab gui --lesson N --screenshot --text-dump`, and
// the dumped text -- widgets, canvas labels, cell numbers -- is searched for the answer in every
// form a student would recognise. The answer is computed from the lesson's configuration (its
// verify line, through core), never written here. Before an answer and after a wrong one it must
// be nowhere; after the right one it must be somewhere (so the forms are the right ones).
// Needs an X display, like test_lessons_ui.cpp.
// Sections: dumps | answer forms | tests
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/display.h"
#include "common/run_binary.h"

#include "core/conv_transpose.h"
#include "core/lessons.h"
#include "ui/app_state.h"
#include "ui/lessons/lesson_state.h"

#ifndef TCONV_LAB_EXE
#define TCONV_LAB_EXE ""
#endif
#ifndef TCONV_ASSETS_DIR_FOR_TESTS
#define TCONV_ASSETS_DIR_FOR_TESTS ""
#endif

namespace fs = std::filesystem;
using namespace tconv;
using namespace tconv::ui;
using tconv::test::shell_quote;

namespace {

// ---------------------------------------------------------------- dumps
struct DumpLine {
  std::string window, text;
};

struct Dump {
  std::vector<DumpLine> lines;
  // The lines of the windows whose name contains `part`, joined with spaces (wrapped text whole).
  std::string joined(const std::string& part) const {
    std::string s;
    for (const DumpLine& l : lines)
      if (l.window.find(part) != std::string::npos) s += l.text + " ";
    return s;
  }
};

LessonState shipped_lessons() {
  LessonState l;
  REQUIRE(load_lessons_file(l, std::string(TCONV_ASSETS_DIR_FOR_TESTS) + "/lessons.txt") > 0);
  REQUIRE(l.file.errors.empty());
  return l;
}

// Renders lesson n (1-based) at 1280x800, answered with `answer` when not empty.
Dump render_lesson(size_t n, const std::string& answer) {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path d = fs::temp_directory_path() / ("tconv_reveal_" + std::to_string(getpid()));
  fs::create_directories(d);
  const fs::path png = d / "shot.png", txt = d / "text.txt";
  std::string cmd = "TCONV_ASSETS_DIR=" + shell_quote(TCONV_ASSETS_DIR_FOR_TESTS) + " " + shell_quote(TCONV_LAB_EXE) +
                    " gui --lesson " + std::to_string(n) + " --window 1280x800 --screenshot " +
                    shell_quote(png.string()) + " --text-dump " + shell_quote(txt.string());
  if (!answer.empty()) cmd += " --lesson-answer " + shell_quote(answer);
  const tconv::test::RunResult r = tconv::test::run_command(cmd);
  INFO(cmd << "\n" << r.err);
  REQUIRE(r.status == 0);
  Dump dump;
  std::ifstream in(txt);
  for (std::string line; std::getline(in, line);) {
    const size_t tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    dump.lines.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  fs::remove_all(d);
  REQUIRE(dump.lines.size() > 20);  // a whole window's text, not an empty frame
  return dump;
}

// ---------------------------------------------------------------- answer forms
// The answer as computed from the lesson (its verify line), and the ways it can show on screen.
struct AnswerForms {
  std::string what;                  // for messages: "size 8x8"
  std::vector<std::regex> anywhere;  // on any line, and in the wrapped text of the side panels
  std::vector<std::regex> per_line;  // whole-line patterns (not across wrapped lines)
  std::string lone;                  // a number drawn on its own in a canvas (overlap counts)
  std::vector<std::string> options;  // the lesson's choice lines, which hold every candidate
};

std::string num(int64_t v) { return std::to_string(v); }
// A number not glued to other digits (8 but not 18 or 8.5).
std::string n_re(int64_t v) { return "(^|[^0-9.])" + num(v) + "(?![0-9]|\\.[0-9])"; }
std::regex re(const std::string& s) { return std::regex(s, std::regex::ECMAScript | std::regex::icase); }
// A worked sum that ends in v: "out = (4 - 1) x 2 ... + 1 = 8", "... = 63 (both axes)"; not a
// setting such as "p = 1".
std::regex sum_result(int64_t v) { return re("([-+*/]|×|\\sx\\s).*=\\s*" + num(v) + "\\s*(\\([^)]*\\))?\\s*\\.?\\s*$"); }

AnswerForms answer_forms(const Lesson& L, const LessonSetup& setup) {
  const Result<LessonAnswer> computed = lesson_computed_answer(L, setup);
  INFO(L.title << ": every shipped lesson needs a verify line, so the test can compute its answer");
  REQUIRE(computed.ok());
  const LessonAnswer& a = computed.value();
  AnswerForms f;
  const std::string& v = L.verify.name;
  // "Answer: 8x8" is the reveal itself.
  f.per_line.push_back(re("^Answer: " + std::regex_replace(a.text, std::regex("[.^$|()\\[\\]{}*+?\\\\]"), "\\$&") + "$"));
  switch (a.kind) {
    case AnswerKind::Size: {
      const int64_t h = a.size.h, w = a.size.w;
      f.what = "size " + num(h) + "x" + num(w);
      f.anywhere.push_back(re(n_re(h) + "\\s*(x|X|×|by)\\s*" + num(w) + "(?![0-9])"));
      f.anywhere.push_back(re("\\((\\s*[0-9]+\\s*,)*\\s*" + num(h) + "\\s*,\\s*" + num(w) + "\\s*\\)"));
      f.anywhere.push_back(re(n_re(h) + " rows"));
      f.anywhere.push_back(re(n_re(w) + " (columns|cols)"));
      // A worked sum ending in the size: "out = ... = 8".
      for (int64_t x : {h, w}) f.per_line.push_back(sum_result(x));
      break;
    }
    case AnswerKind::Number: {
      const int64_t n = static_cast<int64_t>(a.number);
      REQUIRE(double(n) == a.number);  // the shipped lessons ask for whole numbers
      f.what = "number " + num(n);
      f.per_line.push_back(sum_result(n));
      if (v == "cell_value" || v == "forward_cell_value" || v == "partial_value" || v == "overlap")
        f.anywhere.push_back(re("y\\[\\s*" + num(L.verify.args[0]) + "\\s*,\\s*" + num(L.verify.args[1]) +
                                "\\s*\\]\\s*=\\s*" + num(n) + "(?![0-9])"));
      if (v == "output_padding_for") f.anywhere.push_back(re("output_padding\\s*=?\\s*" + num(n) + "(?![0-9])"));
      if (v == "max_overlap" || v == "min_overlap" || v == "overlap") {
        f.anywhere.push_back(re("(max|maximum|most|min|minimum|fewest)\\s*(=|:)?\\s*" + num(n) + "(?![0-9])"));
        f.lone = num(n);
      }
      if (v == "output_height") f.anywhere.push_back(re(n_re(n) + " rows"));
      if (v == "output_width") f.anywhere.push_back(re(n_re(n) + " (columns|cols)"));
      if (v == "steps") f.anywhere.push_back(re("of " + num(n) + "(?![0-9])"));
      break;
    }
    case AnswerKind::Cell: {
      const std::string r = num(a.cell.h), c = num(a.cell.w);
      f.what = "cell " + r + "," + c;
      // Not "2,2" alone: the grids label their own cells so (x[2,2], w[2,2]).
      f.anywhere.push_back(re("y\\[\\s*" + r + "\\s*,\\s*" + c + "\\s*\\]"));
      f.anywhere.push_back(re("row " + r + ",? (col|column) " + c + "(?![0-9])"));
      f.anywhere.push_back(re("output cell \\(?\\s*" + r + "\\s*,\\s*" + c + "(?![0-9])"));
      break;
    }
    case AnswerKind::Choice: FAIL("verify gives a value, never a letter"); break;
  }
  for (const LessonOption& o : L.options) f.options.push_back(std::string(1, o.letter) + ")  " + o.text);
  return f;
}

bool is_option_line(const AnswerForms& f, const DumpLine& l) {
  if (l.window.find("lesson") == std::string::npos) return false;
  for (const std::string& o : f.options)
    if (l.text == o) return true;
  return false;
}

// Every place the dump shows the answer: "window: line".
std::vector<std::string> answer_shown(const AnswerForms& f, const Dump& d) {
  std::vector<std::string> hits;
  std::vector<std::string> windows, hit_windows;  // side panels (not canvases); those with a hit
  for (const DumpLine& l : d.lines) {
    if (std::find(windows.begin(), windows.end(), l.window) == windows.end() && l.window.find("canvas") == std::string::npos)
      windows.push_back(l.window);
    if (is_option_line(f, l)) continue;
    bool hit = false;
    for (const std::regex& r : f.anywhere) hit = hit || std::regex_search(l.text, r);
    for (const std::regex& r : f.per_line) hit = hit || std::regex_search(l.text, r);
    if (!f.lone.empty() && l.window.find("canvas") != std::string::npos && l.text == f.lone) hit = true;  // a cell's count
    if (!hit) continue;
    hits.push_back(l.window + ": " + l.text);
    hit_windows.push_back(l.window);
  }
  // Wrapped text: a form broken over two lines of a panel ("... 8 x" / "8?").
  for (const std::string& w : windows) {
    if (std::find(hit_windows.begin(), hit_windows.end(), w) != hit_windows.end()) continue;
    std::string all;
    for (const DumpLine& l : d.lines)
      if (l.window == w && !is_option_line(f, l)) all += l.text + " ";
    for (const std::regex& r : f.anywhere)
      if (std::regex_search(all, r)) {
        hits.push_back(w + " (wrapped text): " + all.substr(0, 400));
        break;
      }
  }
  return hits;
}

std::string listed(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += "\n  " + x;
  return s;
}

// A wrong answer for lesson L and the words its feedback must hold (the mistake named, computed
// from core's diagnosis), or the lesson's own `mistake` line when it has one.
struct WrongAnswer {
  std::string typed;
  std::vector<std::string> feedback_words;  // all must appear in the lessons panel
};

std::vector<WrongAnswer> wrong_answers(const Lesson& L, const LessonSetup& setup, const LessonAnswer& right) {
  std::vector<WrongAnswer> out;
  for (const LessonMistake& m : L.mistakes)
    out.push_back({m.typed, {m.feedback.substr(0, std::min<size_t>(m.feedback.size(), 40))}});
  if (L.verify.name == "output_size") {
    // The usual slips, each named by its own cause: the padding crop forgotten first (lesson 1:
    // 10x10 instead of 8x8 -> "padding").
    const ConvTransposeParams& p = setup.config.params;
    const AxisParams ah{setup.config.input.rows, setup.config.kernel.rows, p.stride.h, p.padding.h, p.dilation.h, p.output_padding.h};
    const AxisParams aw{setup.config.input.cols, setup.config.kernel.cols, p.stride.w, p.padding.w, p.dilation.w, p.output_padding.w};
    const std::pair<SizeMistake, const char*> slips[] = {{SizeMistake::NoPaddingCrop, "padding"},
                                                        {SizeMistake::InTimesStride, "stride"},
                                                        {SizeMistake::AnsweredInput, "input"}};
    for (const auto& [m, word] : slips) {
      const Pair typed{mistaken_output_size(ah, m), mistaken_output_size(aw, m)};
      if (typed.h == right.size.h && typed.w == right.size.w) continue;  // this slip changes nothing here
      const std::string t = num(typed.h) + "x" + num(typed.w);
      const std::optional<SizeMistakeFeedback> diag = diagnose_output_size(setup.config, typed);
      REQUIRE(diag);
      out.push_back({t, {t + ": not quite", word, diag->message.substr(0, 40)}});
      break;  // one slip per lesson keeps the test short
    }
  }
  if (out.empty()) {
    // No anticipated mistake: a plainly wrong answer of the right kind gets the lesson's `wrong`.
    std::string typed;
    switch (right.kind) {
      case AnswerKind::Number: typed = num(static_cast<int64_t>(right.number) + 1); break;
      case AnswerKind::Size: typed = num(right.size.h + 1) + "x" + num(right.size.w + 1); break;
      case AnswerKind::Cell: typed = right.cell.h == 0 && right.cell.w == 0 ? "0,1" : "0,0"; break;
      case AnswerKind::Choice: break;
    }
    if (!L.options.empty()) typed = std::string(1, L.options[0].letter == L.answer.choice ? L.options[1].letter : L.options[0].letter);
    out.push_back({typed, {typed + ": not quite", L.wrong.substr(0, std::min<size_t>(L.wrong.size(), 40))}});
  }
  return out;
}

// Text as the panel wraps it (lines joined with spaces, a line may break after "y[0,"): compared
// without white space.
std::string squeeze(const std::string& s) { return std::regex_replace(s, std::regex("\\s+"), ""); }

// Each shipped lesson (numbered from 1) with its set-up and the forms of its answer, both in
// every failure's report.
template <class Check>
void for_each_shipped_lesson(Check&& check) {
  const LessonState l = shipped_lessons();
  for (size_t i = 0; i < l.file.lessons.size(); ++i) {
    const Lesson& L = l.file.lessons[i];
    CAPTURE(i + 1, L.title);
    const Result<LessonSetup> setup = lesson_setup(L, gui_preset_lookup());
    REQUIRE(setup.ok());
    const AnswerForms f = answer_forms(L, setup.value());
    CAPTURE(f.what);
    check(i + 1, L, setup.value(), f);
  }
}

}  // namespace

// ---------------------------------------------------------------- tests
TEST_CASE("the answer forms recognise the answer and nothing else", "[lessons][reveal]") {
  // Hand-made lines, so a mistake in the patterns cannot pass unnoticed through the lessons.
  Lesson L;
  L.verify.name = "output_size";
  LessonSetup setup;
  setup.config.input = Grid(4, 4, 1.0f);
  setup.config.kernel = Grid(4, 4, 1.0f);
  setup.config.params.stride = {2, 2};
  setup.config.params.padding = {1, 1};
  const AnswerForms f = answer_forms(L, setup);  // 8x8
  CHECK(f.what == "size 8x8");
  Dump d;
  for (const char* t : {"Output y (8x8)", "Why is the output 8 x 8?", "8×8", "shape (1, 1, 8, 8)", "8 rows",
                        "out = (4 - 1) x 2 - 2 x 1 + 1 x (4 - 1) + 0 + 1 = 8", "Answer: 8x8", "8 by 8",
                        "bottom): 10 - 2 x 1 = 8."}) {
    d.lines = {{"w", t}};
    CHECK(answer_shown(f, d).size() == 1);
  }
  for (const char* t : {"Output y (?)", "18x8", "8x80", "x[0,0] = 8 scales the kernel", "4x4 becomes ?", "8", "y[8,8]",
                        "p = 8", "in = 8", "Output y (?)  8.5 x 8"}) {
    CAPTURE(t);
    d.lines = {{"w", t}};
    CHECK(answer_shown(f, d).empty());
  }
  d.lines = {{"panel", "Why is the output 8 x"}, {"panel", "8?"}};  // wrapped
  CHECK(answer_shown(f, d).size() == 1);
}

TEST_CASE("no lesson shows its answer before it is answered: what the window draws", "[lessons][reveal][screenshot]") {
  for_each_shipped_lesson([](size_t n, const Lesson& L, const LessonSetup& setup, const AnswerForms& f) {
    const Dump before = render_lesson(n, "");
    const std::vector<std::string> leaks = answer_shown(f, before);
    INFO("the answer is on screen before the student answered:" << listed(leaks));
    CHECK(leaks.empty());
    // The question itself is on screen (so this is the lesson's frame, not another), and the dump
    // reads words and numbers as drawn: the transport's "step K of N", spaces included.
    CHECK(squeeze(before.joined("lesson")).find(squeeze("Question: " + L.question).substr(0, 40)) != std::string::npos);
    const std::string step = "step " + std::to_string(std::max<size_t>(setup.step, 1)) + " of " +
                             std::to_string(setup.step_count);
    bool step_shown = false;
    for (const DumpLine& dl : before.lines) step_shown = step_shown || dl.text == step;
    INFO("looked for the line '" << step << "'");
    CHECK(step_shown);
  });
}

TEST_CASE("a right answer shows the answer; a wrong one keeps it hidden and names the mistake", "[lessons][reveal][screenshot]") {
  for_each_shipped_lesson([](size_t n, const Lesson& L, const LessonSetup& setup, const AnswerForms& f) {
    // The right answer as a student types it: the computed value, or for a choice the letter of
    // the option that reads as it.
    const LessonAnswer right = lesson_computed_answer(L, setup).value();
    std::string typed = right.text;
    if (L.answer.kind == AnswerKind::Choice) typed = std::string(1, L.answer.choice);
    const Dump after = render_lesson(n, typed);
    const std::vector<std::string> shown = answer_shown(f, after);
    INFO("after the right answer " << typed << " the answer must be on screen");
    CHECK_FALSE(shown.empty());
    if (!f.lone.empty()) {
      // The counts are drawn in the cells of a canvas (a window named "...canvas...") once revealed:
      // so the lone-number check above looks in the right window.
      bool cell_count = false;
      for (const DumpLine& dl : after.lines) cell_count = cell_count || (dl.window.find("canvas") != std::string::npos && dl.text == f.lone);
      CHECK(cell_count);
    }

    for (const WrongAnswer& w : wrong_answers(L, setup, right)) {
      CAPTURE(w.typed);
      const Dump wrong = render_lesson(n, w.typed);
      const std::vector<std::string> leaks = answer_shown(f, wrong);
      INFO("a wrong answer revealed it:" << listed(leaks));
      CHECK(leaks.empty());
      const std::string panel = squeeze(wrong.joined("lesson"));
      for (const std::string& word : w.feedback_words) {
        INFO("the feedback should say '" << word << "'; the lessons panel reads: " << panel);
        CHECK(panel.find(squeeze(word)) != std::string::npos);
      }
    }
  });
}

TEST_CASE("gui option: the text dump needs --screenshot and a writable path", "[lessons][reveal]") {
  REQUIRE(std::string(TCONV_LAB_EXE) != "");
  tconv::test::RunResult r = tconv::test::run_command(shell_quote(TCONV_LAB_EXE) + " gui --text-dump /tmp/never.txt");
  CHECK(r.status == 2);
  CHECK(r.err.find("--text-dump needs --screenshot") != std::string::npos);
  r = tconv::test::run_command(shell_quote(TCONV_LAB_EXE) + " gui --screenshot /tmp/never.png --text-dump /nonexistent/dir/t.txt");
  CHECK(r.status == 2);
  CHECK(r.err.rfind("error: ", 0) == 0);
  CHECK_FALSE(fs::exists("/tmp/never.png"));
}
