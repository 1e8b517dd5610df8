// Lessons panel state (window-free): lessons open into valid app states, answering and revealing,
// navigation resets the answer; the forward/paired views' state. And lessons rendered through
// `tconv-lab gui --lesson N --screenshot` (needs an X display, like test_screenshots.cpp).
// The tests use the fixture tests/ui/data/lessons.txt; the shipped assets/lessons.txt is only
// checked to parse and to state right answers, so a teacher can edit it freely.
#include <catch2/catch.hpp>

#include <stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

#include "common/display.h"
#include "common/run_binary.h"

#include "core/forward.h"
#include "ui/app_state.h"
#include "ui/lessons/lesson_state.h"
#include "ui/lessons/reveal.h"

#ifndef TCONV_LAB_EXE
#define TCONV_LAB_EXE ""
#endif
#ifndef TCONV_ASSETS_DIR_FOR_TESTS
#define TCONV_ASSETS_DIR_FOR_TESTS ""
#endif
#ifndef TCONV_UI_TEST_DATA
#define TCONV_UI_TEST_DATA ""
#endif

namespace fs = std::filesystem;
using namespace tconv;
using namespace tconv::ui;

namespace {

std::string shipped_lessons_path() { return std::string(TCONV_ASSETS_DIR_FOR_TESTS) + "/lessons.txt"; }

// tests/ui/data/lessons.txt: four lessons (scatter 8x8; forward 5x5 ramp; scatter with one step
// done; heat-map), titled "Fixture one" .. "Fixture four".
constexpr size_t kFixtureLessons = 4;
std::string fixture_lessons_path() { return std::string(TCONV_UI_TEST_DATA) + "/lessons.txt"; }

AppState state_with_fixture_lessons() {
  AppState s;
  rebuild(s);
  REQUIRE(load_lessons_file(s.lessons, fixture_lessons_path()) == kFixtureLessons);
  REQUIRE(s.lessons.file.errors.empty());
  return s;
}

AppState state_with_shipped_lessons() {
  AppState s;
  rebuild(s);
  REQUIRE(load_lessons_file(s.lessons, shipped_lessons_path()) > 0);
  INFO("errors in " << shipped_lessons_path() << ": " << s.lessons.file.errors.size());
  REQUIRE(s.lessons.file.errors.empty());
  return s;
}

const char* const kTwoLessons =
    "[lesson]\n"
    "title = A\n"
    "text = The seed example.\n"
    "question = What size is the output?\n"
    "answer = size 5x5\n"
    "verify = output_size\n"
    "\n"
    "[lesson]\n"
    "title = B\n"
    "view = forward\n"
    "input = 4x4 ramp\n"
    "text = A forward convolution.\n"
    "question = Output size?\n"
    "answer = size 2x2\n"
    "verify = forward_output_size\n";

}  // namespace

TEST_CASE("every lesson opens into a valid state of its view and its stated answer is right", "[lessons]") {
  // The shipped file too: it must parse, and each lesson's own answer must check as right.
  for (const bool shipped : {false, true}) {
    INFO((shipped ? "shipped " : "fixture ") << "lessons");
    AppState s = shipped ? state_with_shipped_lessons() : state_with_fixture_lessons();
    for (size_t i = 0; i < s.lessons.file.lessons.size(); ++i) {
      CAPTURE(i + 1);
      const Lesson& L = s.lessons.file.lessons[i];
      REQUIRE(open_lesson(s, i).ok());
      CHECK(s.lessons.current == i);
      CHECK(s.lessons.open);
      CHECK(s.prefs.view == L.view);
      CHECK(s.playback.count() == view_step_count(s));
      CHECK(s.playback.count() > 0);
      if (s.prefs.view == View::Forward) {
        REQUIRE(s.forward.model);
        if (s.pinned) CHECK(s.pinned->r < s.forward.model->out_h);
      } else {
        REQUIRE(s.model);
        if (s.pinned) CHECK(in_output(*s.model, *s.pinned));
      }
      if (s.prefs.view == View::Paired) CHECK(s.paired.model);
      // The stated answer, typed in, is right.
      answer_lesson(s.lessons, L.answer.text);
      REQUIRE(s.lessons.feedback);
      CHECK(s.lessons.feedback->verdict == Verdict::Right);
      CHECK(s.lessons.revealed);
    }
  }
}

TEST_CASE("fixture lesson 3 opens with one placement done; the next one makes y[0,1] = 2 + 2x1", "[lessons]") {
  AppState s = state_with_fixture_lessons();
  REQUIRE(open_lesson(s, 2).ok());
  REQUIRE(s.model);
  CHECK_FALSE(s.pinned);  // a pinned cell's sum would show the answer
  // Playback step k shows placements 0..k done: one done -> step index 0.
  CHECK(s.playback.step() == 0);
  CHECK(partial_output(*s.model, s.playback.step() + 1).at(0, 1) == 2.0f);
  CHECK(partial_output(*s.model, s.playback.step() + 2).at(0, 1) == 4.0f);
}

TEST_CASE("fixture lesson 2 is the forward convolution: 5x5 ramp, 3x3 ones, 9 steps, y[0,0] = 63", "[lessons]") {
  AppState s = state_with_fixture_lessons();
  REQUIRE(open_lesson(s, 1).ok());
  CHECK(s.prefs.view == View::Forward);
  REQUIRE(s.forward.model);
  CHECK(s.forward.model->out_h == 3);
  CHECK(s.forward.model->out_w == 3);
  CHECK(s.playback.count() == 9);
  CHECK(s.forward.model->output.at(0, 0) == 63.0f);
  CHECK(forward_step_caption(s.forward, s.playback.step()) ==
        "Step 1 of 9: y[0,0] = dot product of the kernel with the input patch at rows 0..2, cols 0..2 = 63.");
  // Switching to the scatter view counts placements (25 input cells) instead of output cells.
  s.prefs.view = View::Scatter;
  sync_view_playback(s);
  CHECK(s.playback.count() == 25);
}

TEST_CASE("answers: two wrong tries before the answer is offered and a wrong answer never reveals it", "[lessons]") {
  AppState s = state_with_fixture_lessons();
  REQUIRE(open_lesson(s, 0).ok());  // answer 8x8
  CHECK_FALSE(s.lessons.revealed);
  CHECK_FALSE(answer_offered(s.lessons));
  answer_lesson(s.lessons, "banana");
  REQUIRE(s.lessons.feedback);
  CHECK(s.lessons.feedback->verdict == Verdict::Unclear);
  CHECK_FALSE(s.lessons.revealed);
  CHECK(s.lessons.wrong_tries == 0);
  answer_lesson(s.lessons, "7x7");
  CHECK(s.lessons.feedback->verdict == Verdict::Wrong);
  CHECK(s.lessons.feedback->message.find("8x8") == std::string::npos);
  CHECK_FALSE(s.lessons.revealed);
  CHECK_FALSE(answer_offered(s.lessons));
  CHECK(s.lessons.typed == "7x7");
  answer_lesson(s.lessons, "7x7");  // the same answer again is not a second try
  CHECK(s.lessons.wrong_tries == 1);
  CHECK_FALSE(answer_offered(s.lessons));
  // The input's size: the feedback names the mistake, computed from the lesson's layer.
  answer_lesson(s.lessons, "4x4");
  CHECK(s.lessons.feedback->verdict == Verdict::Wrong);
  CHECK(s.lessons.feedback->message.rfind("4x4 is the size of the input x", 0) == 0);
  CHECK_FALSE(s.lessons.revealed);
  CHECK(answer_offered(s.lessons));
  reveal_lesson(s.lessons);
  CHECK(s.lessons.revealed);
  CHECK_FALSE(answer_offered(s.lessons));

  // Next resets the answer, the hint and the reveal.
  s.lessons.hint_shown = true;
  s.lessons.box[0] = '7';
  REQUIRE(open_lesson(s, 1).ok());
  CHECK_FALSE(s.lessons.revealed);
  CHECK_FALSE(s.lessons.feedback);
  CHECK_FALSE(s.lessons.hint_shown);
  CHECK(s.lessons.typed.empty());
  CHECK(s.lessons.box[0] == '\0');
  reveal_lesson(s.lessons);
  CHECK(s.lessons.revealed);
  CHECK_FALSE(s.lessons.feedback);
}

// ---------------------------------------------------------------- predict, then reveal
TEST_CASE("an output-size lesson shows its size as ? everywhere until answered right", "[lessons][reveal]") {
  AppState s = state_with_fixture_lessons();
  REQUIRE(open_lesson(s, 0).ok());  // 4x4, k4, s2, p1 -> 8x8
  REQUIRE(s.model);
  CHECK(hidden(s, Quantity::OutputSize));
  CHECK(hidden(s, Quantity::RoundTrip));
  CHECK_FALSE(hidden(s, Quantity::OverlapMax));  // only what the question asks
  // The texts the panels print: the size label, the formula's result, the round trip.
  CHECK(shown(s, Quantity::OutputSize, "8x8") == "?");
  CHECK(shown(s, Quantity::OverlapMax, "4") == "4");
  const std::string formula = shown_result(s, Quantity::OutputSize, s.axis[0].substituted);
  CHECK(formula.find("8") == std::string::npos);
  CHECK(formula.substr(formula.size() - 4) == " = ?");
  REQUIRE(s.round[0].trip);
  const std::string trip = shown_round_trip(s, *s.round[0].trip, "size");
  CHECK(trip.find("8") == std::string::npos);
  REQUIRE(s.paired.model);
  CHECK(shown_round_trip(s, s.paired.model->h, "height").find("8") == std::string::npos);
  // A wrong answer keeps it hidden; a right one shows it.
  answer_lesson(s.lessons, "10x10");
  CHECK(hidden(s, Quantity::OutputSize));
  answer_lesson(s.lessons, "8x8");
  CHECK_FALSE(hidden(s, Quantity::OutputSize));
  CHECK(shown(s, Quantity::OutputSize, "8x8") == "8x8");
  CHECK(shown_result(s, Quantity::OutputSize, s.axis[0].substituted) == s.axis[0].substituted);
  CHECK(shown_round_trip(s, *s.round[0].trip, "size") == s.round[0].trip->text);
}

TEST_CASE("the heat-map lesson hides the overlap extremes and counts until Show answer", "[lessons][reveal]") {
  AppState s = state_with_fixture_lessons();
  REQUIRE(open_lesson(s, 3).ok());  // max overlap 4
  CHECK(hidden(s, Quantity::OverlapMax));
  CHECK(hidden(s, Quantity::OverlapCounts));
  CHECK_FALSE(hidden(s, Quantity::OutputSize));
  CHECK(shown(s, Quantity::OverlapMax, std::to_string(s.overlap.max)) == "?");
  answer_lesson(s.lessons, "3");
  answer_lesson(s.lessons, "2");
  REQUIRE(answer_offered(s.lessons));
  CHECK(hidden(s, Quantity::OverlapMax));
  reveal_lesson(s.lessons);
  CHECK(shown(s, Quantity::OverlapMax, "4") == "4");
  // Closing the lessons panel shows everything too: the question is no longer on screen.
  REQUIRE(open_lesson(s, 3).ok());
  CHECK(hidden(s, Quantity::OverlapCounts));
  s.lessons.open = false;
  CHECK_FALSE(hidden(s, Quantity::OverlapCounts));
}

TEST_CASE("every shipped lesson hides what it asks until answered right", "[lessons][reveal]") {
  AppState s = state_with_shipped_lessons();
  for (size_t i = 0; i < s.lessons.file.lessons.size(); ++i) {
    REQUIRE(open_lesson(s, i).ok());
    const Lesson& L = s.lessons.file.lessons[i];
    CAPTURE(L.title);
    const std::vector<Quantity> qs = lesson_hidden_quantities(L);
    for (Quantity q : qs) CHECK(shown(s, q, "12") == "?");
    answer_lesson(s.lessons, L.answer.text);
    REQUIRE(s.lessons.revealed);
    for (Quantity q : qs) CHECK(shown(s, q, "12") == "12");
  }
}

TEST_CASE("opening a lesson out of range is an error naming the range and changes nothing", "[lessons]") {
  AppState s = state_with_fixture_lessons();
  REQUIRE(open_lesson(s, 3).ok());
  const Status st = open_lesson(s, kFixtureLessons);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().message.find("1 to 4") != std::string::npos);
  CHECK(s.lessons.current == 3);
  AppState empty;
  rebuild(empty);
  CHECK_FALSE(open_lesson(empty, 0).ok());
}

TEST_CASE("a malformed lesson is reported with its line and the others still load", "[lessons]") {
  AppState s;
  rebuild(s);
  std::string text = kTwoLessons;
  text += "\n[lesson]\ntitle = C\ntext = broken\nquestion = ?\nanswer = size 9x9\nverify = output_size\n";
  load_lessons_text(s.lessons, text, "my.txt");
  REQUIRE(s.lessons.file.lessons.size() == 2);
  const std::vector<std::string> errs = lesson_error_lines(s.lessons);
  REQUIRE(errs.size() == 1);
  CHECK(errs[0].rfind("my.txt:", 0) == 0);
  const int line = std::atoi(errs[0].c_str() + 7);  // lesson C spans lines 17..22
  CHECK(line >= 17);
  CHECK(line <= 22);
  REQUIRE(open_lesson(s, 1).ok());
  CHECK(s.prefs.view == View::Forward);
  CHECK(s.forward.model->out_h == 2);
}

TEST_CASE("a missing lessons file is a message, not a crash", "[lessons]") {
  LessonState l;
  CHECK(load_lessons_file(l, "/nonexistent/lessons.txt") == 0);
  CHECK(l.load_problem.find("TCONV_ASSETS_DIR") != std::string::npos);
  CHECK(l.file.lessons.empty());
}

TEST_CASE("paired view state follows the editor: 3x3 -> 5x5 and back, adjoint equal", "[lessons]") {
  AppState s;
  rebuild(s);
  REQUIRE(s.paired.model);
  CHECK(s.paired.model->transposed.out_h == 5);
  REQUIRE(s.paired.model->adjoint);
  CHECK(s.paired.model->adjoint->lhs == Approx(s.paired.model->adjoint->rhs));
  // Seed: the forward view convolves the 3x3 input itself -> 1x1.
  REQUIRE(s.forward.model);
  CHECK(s.forward.model->out_h == 1);
}

// ---------------------------------------------------------------- screenshots of every lesson
namespace {
// Grouped, so that redirections inside cmd still apply to it.
int run_status(const std::string& cmd) { return tconv::test::run_command("{ " + cmd + "; }").status; }
}  // namespace

// The lesson's title, at the top of the right column of a 1280x800 window (below the lesson
// navigation): only an open lesson draws its title there.
static std::vector<unsigned char> title_region(const unsigned char* px, int w) {
  std::vector<unsigned char> r;
  for (int y = 40; y < 84; ++y)
    for (int x = 912; x < 1270; ++x)
      for (int k = 0; k < 3; ++k) r.push_back(px[(size_t(y) * size_t(w) + size_t(x)) * 3 + size_t(k)]);
  return r;
}

TEST_CASE("every lesson renders its own title: tconv-lab gui --lesson N --screenshot", "[lessons][screenshot]") {
  tconv::test::require_display(TCONV_LAB_EXE);
  const fs::path d = fs::temp_directory_path() / ("tconv_lesson_shots_" + std::to_string(getpid()));
  fs::create_directories(d);
  // The fixture lessons, through the app's TCONV_ASSETS_DIR lookup.
  const std::string lab = "TCONV_ASSETS_DIR='" + std::string(TCONV_UI_TEST_DATA) + "' '" + std::string(TCONV_LAB_EXE) + "'";
  std::vector<std::vector<unsigned char>> titles;  // [0]: no lesson open
  for (size_t n = 0; n <= kFixtureLessons; ++n) {
    CAPTURE(n);
    const fs::path png = d / ("lesson" + std::to_string(n) + ".png");
    const std::string lesson = n == 0 ? std::string() : " --lesson " + std::to_string(n);
    REQUIRE(run_status(lab + " gui" + lesson + " --window 1280x800 --screenshot '" + png.string() + "' >/dev/null 2>&1") == 0);
    int w = 0, h = 0, c = 0;
    unsigned char* px = stbi_load(png.string().c_str(), &w, &h, &c, 3);
    REQUIRE(px != nullptr);
    REQUIRE(w == 1280);
    REQUIRE(h == 800);
    titles.push_back(title_region(px, w));
    stbi_image_free(px);
    // The region holds text (many pixels unlike its first one), and differs from every earlier
    // screenshot's: from no lesson, and from every other lesson's title.
    const std::vector<unsigned char>& t = titles.back();
    long text_px = 0;
    for (size_t i = 0; i + 2 < t.size(); i += 3)
      if (t[i] != t[0] || t[i + 1] != t[1] || t[i + 2] != t[2]) ++text_px;
    CHECK(text_px > 200);
    for (size_t m = 0; m < n; ++m) {
      CAPTURE(m);
      CHECK(t != titles[m]);
    }
  }
  // A lesson that does not exist: exit 2 naming the fixture's range (so the fixture was read), no
  // file written.
  const fs::path bad = d / "bad.png";
  const std::string err = (d / "err.txt").string();
  CHECK(run_status(lab + " gui --lesson 5 --screenshot '" + bad.string() + "' 2>'" + err + "' >/dev/null") == 2);
  CHECK_FALSE(fs::exists(bad));
  std::ifstream in(err);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str().find("1 to 4") != std::string::npos);
  fs::remove_all(d);
}
