// The window fits a projector: at 1024x768, 1280x800 and 1920x1080, and at UI scales 1 and 2,
// no text on screen lacks room. `tconv-lab gui --screenshot --layout-report` writes the layout
// audit the UI computes while drawing (ui/draw/layout_audit.h): tabs, buttons, sliders and combos
// narrower than their label, and text glyphs drawn across the edge of their window or canvas.
// An empty report means nothing was cut. Needs an X display, like the other screenshot tests.
// The side panels, tabs and transport are checked at every size and scale for every view,
// preset and lesson ([fit-matrix] alone: the large matrix), and so are the canvases' labels.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <unistd.h>

#include "common/display.h"
#include "common/run_binary.h"

#ifndef TCONV_LAB_EXE
#define TCONV_LAB_EXE ""
#endif

namespace fs = std::filesystem;

namespace {

struct Report {
  int status = -1;
  std::string err;
  std::string lines;  // the JSON lines: one per item without room
  bool written = false;
};

// One `gui --screenshot --layout-report` run. Thread-safe (no Catch2 macros): the matrix runs
// several at once. `tag` keeps the files of concurrent runs apart.
Report run_report(const std::string& args, const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() / ("tconv_test_fit_" + std::to_string(getpid()));
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path png = dir / ("shot_" + tag + ".png"), json = dir / ("layout_" + tag + ".jsonl");
  fs::remove(png, ec);
  fs::remove(json, ec);
  const tconv::test::RunResult r = tconv::test::run_gui_command(
      tconv::test::layout_report_command(TCONV_LAB_EXE, png.string(), json.string(), args));
  Report rep;
  rep.status = r.status;
  rep.err = r.err;
  rep.written = fs::exists(json);
  std::ifstream f(json);
  std::stringstream ss;
  ss << f.rdbuf();
  rep.lines = ss.str();
  fs::remove(png, ec);
  fs::remove(json, ec);
  return rep;
}

Report layout_report(const std::string& args) {
  tconv::test::require_display(TCONV_LAB_EXE);
  Report rep = run_report(args, "single");
  if (rep.status == 0) REQUIRE(rep.written);  // the report is written even when empty
  return rep;
}

// The sizes a classroom uses, at UI scales 1 and 2.
const char* const kSizes[] = {"1024x768", "1280x800", "1920x1080"};
const char* const kScales[] = {"1", "2"};

// Which part of the window a report line is about: the teaching canvases (ui/views, the
// "canvas" child of the centre column) or everything around them (side panels, tabs, transport).
bool is_canvas_line(const std::string& line) { return line.find("/canvas_") != std::string::npos; }

std::string select_lines(const std::string& lines, bool canvas) {
  std::istringstream in(lines);
  std::string out, l;
  while (std::getline(in, l))
    if (!l.empty() && is_canvas_line(l) == canvas) out += l + "\n";
  return out;
}

struct Run {
  std::string args;  // the whole gui command line after the report options
  Report report;
};

// Every configuration at every size and scale, a few gui runs at a time (each takes about a
// second, mostly starting GL).
std::vector<Run> run_matrix(const std::vector<std::string>& configs) {
  tconv::test::require_display(TCONV_LAB_EXE);
  std::vector<Run> runs;
  for (const std::string& c : configs)
    for (const char* size : kSizes)
      for (const char* scale : kScales) runs.push_back({c + " --window " + size + " --ui-scale " + scale, {}});
  const unsigned workers = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      for (size_t i = next++; i < runs.size(); i = next++)
        runs[i].report = run_report(runs[i].args, std::to_string(w) + "_" + std::to_string(i));
    });
  for (std::thread& t : pool) t.join();
  return runs;
}

// Every run exits 0 and writes its report; the lines about `canvas` (or the rest) are empty.
void check_runs(const std::vector<Run>& runs, bool canvas) {
  for (const Run& r : runs) {
    INFO("gui " << r.args << "\nstderr: " << r.report.err);
    CHECK(r.report.status == 0);  // CHECK: every run's problems are listed, not just the first
    CHECK(r.report.written);
    const std::string cut = select_lines(r.report.lines, canvas);
    INFO("text without room:\n" << cut);
    CHECK(cut.empty());
  }
}

// The views, each at its defaults, and a large problem.
std::vector<std::string> view_configs() {
  return {"--view scatter", "--view gather", "--view matrix", "--view heatmap", "--view forward", "--view paired",
          "--view channels", "--view scatter --input 16 --kernel 8"};
}

// The shipped lessons file's answers ("size 8x8", "number 72", "cell 2,2", "choice b"), in order.
std::vector<std::string> lesson_answers() {
  std::ifstream f(std::string(TCONV_ASSETS_DIR_FOR_TESTS) + "/lessons.txt");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("answer", 0) != 0) continue;
    const size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::istringstream v(line.substr(eq + 1));
    std::string kind, value;
    v >> kind >> value;
    out.push_back(kind + " " + value);
  }
  return out;
}

// An answer of the same kind that is not the right one (so the feedback for a wrong answer shows).
std::string wrong_answer(const std::string& kind, const std::string& right) {
  if (kind == "size") return right == "1x1" ? "2x2" : "1x1";
  if (kind == "cell") return right == "0,0" ? "1,1" : "0,0";
  if (kind == "choice") return right == "a" ? "b" : "a";
  return right == "1" ? "2" : "1";
}

// Every preset, every lesson before answering, with a wrong answer (its feedback) and with the
// right one (the answer revealed), the channels view with groups, and TensorFlow's convention
// with an odd kernel (the uneven crop, drawn under the controls).
std::vector<std::string> matrix_configs() {
  std::vector<std::string> c;
  for (const char* p : {"1d", "seed", "padding", "same", "full", "dcgan", "unet", "distill", "bilinear", "dilated"})
    c.push_back(std::string("--preset ") + p);
  const std::vector<std::string> answers = lesson_answers();
  for (size_t i = 0; i < answers.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    const size_t sp = answers[i].find(' ');
    const std::string kind = answers[i].substr(0, sp), right = answers[i].substr(sp + 1);
    c.push_back("--lesson " + n);
    c.push_back("--lesson " + n + " --lesson-answer " + wrong_answer(kind, right));
    c.push_back("--lesson " + n + " --lesson-answer " + right);
  }
  c.push_back("--view channels --in-channels 4 --out-channels 4 --groups 2");
  c.push_back("--tf-padding same --kernel 3 --stride 2");
  c.push_back("--tf-padding valid --kernel 3 --stride 2");
  c.push_back("--tf-padding same --kernel 4");
  return c;
}

}  // namespace

TEST_CASE("fit: the report finds text that is cut", "[fit][screenshot]") {
  // A window far too small for its text: the audit must notice (so an empty report means something).
  const Report r = layout_report("--view scatter --window 400x300 --ui-scale 2");
  INFO("stderr: " << r.err);
  REQUIRE(r.status == 0);
  CHECK_FALSE(r.lines.empty());
  CHECK(r.lines.find("\"kind\":") != std::string::npos);
}

TEST_CASE("fit: --layout-report needs --screenshot", "[fit]") {
  const tconv::test::RunResult r = tconv::test::run_command(tconv::test::shell_quote(TCONV_LAB_EXE) +
                                                            " gui --layout-report /tmp/tconv_fit_never.jsonl");
  CHECK(r.status == 2);
  CHECK(r.err.find("--layout-report needs --screenshot") != std::string::npos);
}

TEST_CASE("fit: the shipped lessons file gives every lesson's answer", "[fit]") {
  // The matrix below answers each lesson right and wrong from this list: it must cover them all.
  const std::vector<std::string> a = lesson_answers();
  REQUIRE(a.size() >= 10);
  CHECK(a[0] == "size 8x8");
  CHECK(wrong_answer("size", "8x8") == "1x1");
  CHECK(wrong_answer("choice", "a") == "b");
}

// One run per configuration, checked twice: the side panels, tabs and transport, then the
// teaching canvases' own labels (ui/views), so a failure says which part of the window to fix.
TEST_CASE("fit: every view at every size and scale 1 and 2", "[fit][screenshot]") {
  const auto runs = run_matrix(view_configs());
  check_runs(runs, false);
  check_runs(runs, true);
}

TEST_CASE("fit: every preset and lesson, channels and TensorFlow at every size and scale",
          "[fit][fit-matrix][screenshot]") {
  const auto runs = run_matrix(matrix_configs());
  check_runs(runs, false);
  check_runs(runs, true);
}
