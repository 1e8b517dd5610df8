// Lessons: the shipped file (loads, every lesson builds, every answer recomputed independently),
// the parser's error reports (line numbers; the rest still load), answer checking, presets, stacks.
// Sections: shipped file | malformed files | answers | presets and setup | stacks
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

#include "core/conv_transpose.h"
#include "core/forward.h"
#include "core/lessons.h"
#include "core/teaching.h"

using namespace tconv;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string lines(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& l : v) s += l + "\n";
  return s;
}

std::string all_errors(const LessonFile& f) {
  std::string s;
  for (const LessonError& e : f.errors) s += format_lesson_error("lessons.txt", e) + "\n";
  return s;
}

const LessonError* error_on(const LessonFile& f, int line) {
  for (const LessonError& e : f.errors)
    if (e.line == line) return &e;
  return nullptr;
}

Lesson one_lesson(const std::vector<std::string>& body) {
  std::vector<std::string> v = {"[lesson]", "title = t", "text = x", "question = q"};
  v.insert(v.end(), body.begin(), body.end());
  const LessonFile f = parse_lessons(lines(v));
  INFO(all_errors(f));
  REQUIRE(f.errors.empty());
  REQUIRE(f.lessons.size() == 1);
  return f.lessons[0];
}

// A small preset table, as the GUI gives one: names and configurations are the test's own.
PresetLookup test_presets() {
  PresetLookup t;
  t.names = {"seed", "dcgan"};
  t.find = [](const std::string& name) -> std::optional<TeachingConfig> {
    TeachingConfig c;
    if (name == "seed") {
      c.input = Grid(3, 3);
      c.input.v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
      c.kernel = Grid(3, 3, 1.0f);
    } else if (name == "dcgan") {
      c.input = Grid(4, 4, 1.0f);
      c.kernel = Grid(4, 4, 1.0f);
      c.params.stride = {2, 2};
      c.params.padding = {1, 1};
    } else {
      return std::nullopt;
    }
    return c;
  };
  return t;
}

Verdict verdict(const Lesson& l, const std::string& typed) { return check_answer(l, typed).verdict; }

std::string replace_text(std::string s, const std::string& from, const std::string& to) {
  const size_t pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

// ---------------------------------------------------------------- shipped file
// The shipped assets/lessons.txt is checked only for what a teacher must get right: it parses,
// every lesson builds, and every stated answer is correct. Nothing here pins how many lessons
// there are or what they say, so editing or adding a lesson does not break CI.
namespace {

LessonFile shipped_lessons() { return parse_lessons(read_text(std::string(TCONV_ASSETS_DIR) + "/lessons.txt")); }

AxisParams axis_of(const TeachingConfig& c, bool height) {
  const ConvTransposeParams& p = c.params;
  AxisParams a;
  a.in = height ? c.input.rows : c.input.cols;
  a.kernel = height ? c.kernel.rows : c.kernel.cols;
  a.stride = height ? p.stride.h : p.stride.w;
  a.padding = height ? p.padding.h : p.padding.w;
  a.dilation = height ? p.dilation.h : p.dilation.w;
  a.output_padding = height ? p.output_padding.h : p.output_padding.w;
  return a;
}

Tensor4 plane_of(const Grid& g) {
  Tensor4 t(Shape4{1, 1, g.rows, g.cols});
  t.data = g.v;
  return t;
}

// The answer `verify` names, recomputed here with the plain core formulas (the output-size
// formula, the scatter, the forward convolution, the 1-D overlap profiles), not with the lesson
// module's own code. nullopt for a verify this test has no independent formula for.
std::optional<LessonAnswer> recompute(const Lesson& l, const LessonSetup& s) {
  const TeachingConfig& c = s.config;
  const std::vector<int64_t>& args = l.verify.args;
  const AxisParams ah = axis_of(c, true), aw = axis_of(c, false);
  LessonAnswer a;
  const std::string& v = l.verify.name;
  if (s.view == View::Forward && v.rfind("forward_", 0) != 0) return std::nullopt;  // other input meaning
  if (v == "output_size") {
    a.kind = AnswerKind::Size;
    a.size = Pair{conv_transpose_output_size(ah), conv_transpose_output_size(aw)};
  } else if (v == "cell_value") {
    const Tensor4 y = conv_transpose2d_scatter(plane_of(c.input), plane_of(c.kernel), {}, c.params);
    a.number = y.data[static_cast<size_t>(args[0] * y.shape.w + args[1])];
  } else if (v == "forward_cell_value") {
    a.number = conv2d_forward(c.input, c.kernel, c.params).at(args[0], args[1]);
  } else if (v == "max_overlap" || v == "max_overlap_cell") {
    // The 2-D overlap count is the outer product of the two 1-D profiles.
    const std::vector<int> ph = overlap_profile(ah), pw = overlap_profile(aw);
    int best = -1, at_best = 0;
    for (size_t r = 0; r < ph.size(); ++r)
      for (size_t col = 0; col < pw.size(); ++col) {
        const int n = ph[r] * pw[col];
        if (n > best) best = n, at_best = 0, a.cell = Pair{int64_t(r), int64_t(col)};
        at_best += n == best;
      }
    if (v == "max_overlap") {
      a.number = best;
    } else {
      a.kind = AnswerKind::Cell;
      CHECK(at_best == 1);  // the lesson's question needs one answer
    }
  } else if (v == "output_padding_for") {
    a.number = -1;
    for (int64_t op = 0; op < std::max(ah.stride, ah.dilation); ++op) {
      AxisParams t = ah;
      t.output_padding = op;
      if (conv_transpose_output_size(t) == args[0]) a.number = static_cast<double>(op);
    }
  } else if (v == "transpose_matrix_shape") {
    // C maps the output size back to the input size (the forward convolution); C^T is its transpose.
    const int64_t oh = conv_transpose_output_size(ah), ow = conv_transpose_output_size(aw);
    const DenseMatrix C = forward_conv_matrix(c.input.rows, c.input.cols, oh, ow, c.kernel.v, c.kernel.rows, c.kernel.cols,
                                              c.params);
    a.kind = AnswerKind::Size;
    a.size = Pair{C.cols, C.rows};
  } else if (v == "stack_output_size") {
    a.kind = AnswerKind::Size;
    a.size = l.stack.input;
    for (const StackLayer& k : l.stack.layers)
      for (int64_t* side : {&a.size.h, &a.size.w})
        *side = conv_transpose_output_size(*side, k.kernel, k.stride, k.padding, k.dilation, k.output_padding);
  } else {
    return std::nullopt;
  }
  return a;
}

}  // namespace

TEST_CASE("the shipped lessons parse, build, and their answers are right", "[lessons]") {
  const LessonFile f = shipped_lessons();
  INFO(all_errors(f));
  REQUIRE(f.errors.empty());
  REQUIRE_FALSE(f.lessons.empty());
  for (const Lesson& l : f.lessons) {
    INFO("lesson '" << l.title << "' (line " << l.line << ")");
    if (!l.preset.empty()) {
      // Its configuration comes from the GUI's preset table: the UI tests check it with that table.
      WARN("lesson on line " << l.line << " uses preset " << l.preset << ": checked by the UI tests");
      continue;
    }
    auto s = lesson_setup(l);
    REQUIRE(s.ok());
    const LessonSetup& setup = s.value();
    if (setup.view == View::Forward) {
      CHECK(build_forward_model(ForwardConfig{setup.config.input, setup.config.kernel, setup.config.params}).ok());
    } else {
      CHECK(build_teaching_model(setup.config).ok());
      if (setup.view == View::Paired) CHECK(build_paired_view(setup.config, Grid()).ok());
    }
    CHECK(verify_lesson(l, setup).ok());
    // The stated answer, typed back, is right.
    CHECK(check_answer(l, l.answer.text).verdict == Verdict::Right);
  }
}

TEST_CASE("every shipped answer, recomputed here from the lesson's configuration with core formulas", "[lessons]") {
  const LessonFile f = shipped_lessons();
  REQUIRE(f.errors.empty());
  for (const Lesson& l : f.lessons) {
    INFO("lesson '" << l.title << "' (line " << l.line << "), verify " << l.verify.name);
    if (l.verify.name.empty() || !l.preset.empty()) continue;  // nothing stated to recompute / the UI tests' part
    const LessonSetup s = lesson_setup(l).value();
    const std::optional<LessonAnswer> want = recompute(l, s);
    if (!want) {
      WARN("no independent formula for verify " << l.verify.name << " (line " << l.line << "): add one to recompute()");
      continue;
    }
    LessonAnswer got = l.answer;
    if (got.kind == AnswerKind::Choice) {
      // The chosen option's text must state the recomputed value.
      const auto opt = std::find_if(l.options.begin(), l.options.end(), [&](const LessonOption& o) { return o.letter == got.choice; });
      REQUIRE(opt != l.options.end());
      Lesson as_typed = l;
      as_typed.answer = *want;
      as_typed.answer.text = "";
      INFO("option " << opt->letter << ": " << opt->text);
      if (want->kind == AnswerKind::Size) {
        as_typed.answer.text = std::to_string(want->size.h) + "x" + std::to_string(want->size.w);
      } else if (want->kind == AnswerKind::Cell) {
        as_typed.answer.text = std::to_string(want->cell.h) + "," + std::to_string(want->cell.w);
      } else {
        as_typed.answer.text = std::to_string(want->number);
      }
      CHECK(check_answer(as_typed, opt->text).verdict == Verdict::Right);
      continue;
    }
    REQUIRE(got.kind == want->kind);
    if (want->kind == AnswerKind::Size) CHECK(got.size == want->size);
    else if (want->kind == AnswerKind::Cell) CHECK(got.cell == want->cell);
    else CHECK(got.number == Approx(want->number).epsilon(1e-6).margin(1e-9));
  }
}

// ---------------------------------------------------------------- malformed files
TEST_CASE("malformed lessons are reported with their line numbers and the others still load", "[lessons]") {
  const std::vector<std::string> v = {
      /* 1 */ "# a comment",
      /* 2 */ "title = outside",              // before any lesson
      /* 3 */ "[lesson]",
      /* 4 */ "title = Good one",
      /* 5 */ "text = fine",
      /* 6 */ "question = size?",
      /* 7 */ "answer = size 5x5",
      /* 8 */ "verify = output_size",
      /* 9 */ "",
      /* 10 */ "[lesson]",
      /* 11 */ "title = Typo in a key",
      /* 12 */ "txet = oops",
      /* 13 */ "question = q",
      /* 14 */ "answer = number 1",
      /* 15 */ "[lesson]",                     // no text, no question: reported on the header line
      /* 16 */ "title = Missing parts",
      /* 17 */ "answer = number 1",
      /* 18 */ "[lesson]",
      /* 19 */ "title = Wrong answer",
      /* 20 */ "text = t",
      /* 21 */ "question = q",
      /* 22 */ "stride = 2",
      /* 23 */ "answer = size 6x6",
      /* 24 */ "verify = output_size",
      /* 25 */ "[lesson]",
      /* 26 */ "title = Pin outside",
      /* 27 */ "text = t",
      /* 28 */ "question = q",
      /* 29 */ "pin = 5,0",
      /* 30 */ "answer = cell 0,0",
      /* 31 */ "[lesoon]",                      // bad header: the block is skipped
      /* 32 */ "title = skipped",
      /* 33 */ "[lesson]",
      /* 34 */ "title = Bad grid",
      /* 35 */ "text = t",
      /* 36 */ "question = q",
      /* 37 */ "input = 2x2: 1 2 3",
      /* 38 */ "answer = number 1",
      /* 39 */ "answer = number 2",           // twice
      /* 40 */ "[lesson]",
      /* 41 */ "title = Choice without options",
      /* 42 */ "text = t",
      /* 43 */ "question = q",
      /* 44 */ "answer = choice b",
      /* 45 */ "  continues the answer line",  // continuation joins the value: "choice b continues..."
      /* 46 */ "[lesson]",
      /* 47 */ "title = Impossible config",
      /* 48 */ "text = t",
      /* 49 */ "question = q",
      /* 50 */ "kernel = 3x3 ones",
      /* 51 */ "padding = 9",
      /* 52 */ "answer = number 1",
      /* 53 */ "[lesson]",
      /* 54 */ "title = Second good one",
      /* 55 */ "text = A paragraph that",
      /* 56 */ "  wraps onto a second line.",
      /* 57 */ "question = Which cell?",
      /* 58 */ "answer = cell 2,2",
      /* 59 */ "verify = max_overlap_cell",
      /* 60 */ "just some words",
      /* 61 */ "[lesson]",
      /* 62 */ "title = Unknown preset",
      /* 63 */ "preset = dcgna",
      /* 64 */ "text = t",
      /* 65 */ "question = q",
      /* 66 */ "answer = number 1",
  };
  const LessonFile f = parse_lessons(lines(v), test_presets());
  INFO(all_errors(f));
  REQUIRE(f.lessons.size() == 1);  // "Second good one" has a stray line 60, so only the first survives
  CHECK(f.lessons[0].title == "Good one");
  CHECK(f.lessons[0].line == 3);

  REQUIRE(error_on(f, 2));
  CHECK_THAT(error_on(f, 2)->message, Catch::Contains("before the first lesson"));
  REQUIRE(error_on(f, 12));
  CHECK_THAT(error_on(f, 12)->message, Catch::Contains("'txet' is not a lesson key. Did you mean 'text'?"));
  REQUIRE(error_on(f, 15));
  CHECK_THAT(error_on(f, 15)->message, Catch::Contains("no text") || Catch::Contains("no question"));
  REQUIRE(error_on(f, 23));
  CHECK_THAT(error_on(f, 23)->message, Catch::Contains("the answer says 6x6, but output_size of this configuration is 7x7"));
  REQUIRE(error_on(f, 29));
  CHECK_THAT(error_on(f, 29)->message, Catch::Contains("pin 5,0 is outside the 5x5 output"));
  REQUIRE(error_on(f, 31));
  CHECK_THAT(error_on(f, 31)->message, Catch::Contains("[lesson]"));
  CHECK_FALSE(error_on(f, 32));  // the skipped block says nothing more
  REQUIRE(error_on(f, 37));
  CHECK_THAT(error_on(f, 37)->message, Catch::Contains("needs 4 values, but has 3"));
  REQUIRE(error_on(f, 39));
  CHECK_THAT(error_on(f, 39)->message, Catch::Contains("given twice in this lesson (first on line 38)"));
  REQUIRE(error_on(f, 44));
  CHECK_THAT(error_on(f, 44)->message, Catch::Contains("is not one letter"));
  REQUIRE(error_on(f, 50));  // the configuration's first line
  CHECK_THAT(error_on(f, 50)->message, Catch::Contains("impossible") && Catch::Contains("Reduce padding"));
  REQUIRE(error_on(f, 60));
  CHECK_THAT(error_on(f, 60)->message, Catch::Contains("expected `key = value`"));
  REQUIRE(error_on(f, 63));
  CHECK_THAT(error_on(f, 63)->message, Catch::Contains("use one of seed, dcgan") && Catch::Contains("Did you mean 'dcgan'?"));
  // Errors come in line order, formatted for a terminal or the GUI's lesson panel.
  CHECK(std::is_sorted(f.errors.begin(), f.errors.end(), [](const LessonError& a, const LessonError& b) { return a.line < b.line; }));
  CHECK(format_lesson_error("lessons.txt", *error_on(f, 2)).rfind("lessons.txt:2: ", 0) == 0);
}

TEST_CASE("value syntax: grids, pairs, views, answers, options, verify and stack are checked", "[lessons]") {
  // All error messages of a one-lesson file, joined (empty when it loads).
  auto first_error = [](const std::vector<std::string>& body) {
    std::vector<std::string> v = {"[lesson]", "title = t", "text = x", "question = q"};
    v.insert(v.end(), body.begin(), body.end());
    const LessonFile f = parse_lessons(lines(v));
    CHECK(f.lessons.size() == (f.errors.empty() ? 1u : 0u));
    std::string all;
    for (const LessonError& e : f.errors) all += e.message + "\n";
    return all;
  };
  CHECK_THAT(first_error({"input = 2x2: 1 2 3 / 4", "answer = number 1"}), Catch::Contains("row 1 has 3 values"));
  CHECK_THAT(first_error({"input = 2x2: 1 a 3 4", "answer = number 1"}), Catch::Contains("'a' is not a number"));
  CHECK_THAT(first_error({"input = 3x3 rmap", "answer = number 1"}), Catch::Contains("fill 'rmap' is unknown"));
  CHECK_THAT(first_error({"input = bilinear", "answer = number 1"}), Catch::Contains("needs a size"));
  CHECK_THAT(first_error({"kernel = 33x2 ones", "answer = number 1"}), Catch::Contains("out of range: use 1 to 32"));
  CHECK_THAT(first_error({"padding = 65", "answer = number 1"}), Catch::Contains("at most 64"));
  CHECK_THAT(first_error({"stride = 0", "answer = number 1"}), Catch::Contains("at least 1"));
  CHECK_THAT(first_error({"padding = a,b", "answer = number 1"}), Catch::Contains("height,width pair"));
  CHECK_THAT(first_error({"view = heatmpa", "answer = number 1"}), Catch::Contains("Did you mean 'heatmap'?"));
  CHECK_THAT(first_error({"pin = 3", "answer = number 1"}), Catch::Contains("row,col"));
  CHECK_THAT(first_error({"step = -1", "answer = number 1"}), Catch::Contains("`end`"));
  CHECK_THAT(first_error({"step = 10", "answer = number 1"}), Catch::Contains("step 10 is past the last step: this view has 9 steps"));
  CHECK_THAT(first_error({"answer = numbr 5"}), Catch::Contains("Did you mean 'number'?"));
  CHECK_THAT(first_error({"answer = size 5"}), Catch::Contains("rows x columns"));
  CHECK_THAT(first_error({"answer = choice c", "option = a: x", "option = b: y"}), Catch::Contains("there is no option c"));
  CHECK_THAT(first_error({"answer = choice a", "option = a: x"}), Catch::Contains("at least two options"));
  CHECK_THAT(first_error({"answer = number 1", "option = a: x", "option = b: y"}), Catch::Contains("only go with a choice"));
  CHECK_THAT(first_error({"answer = choice a", "option = a x", "option = b: y"}), Catch::Contains("start with its letter"));
  CHECK_THAT(first_error({"answer = number 1", "verify = output_sise"}), Catch::Contains("Did you mean 'output_size'?"));
  CHECK_THAT(first_error({"answer = number 1", "verify = cell_value 2"}), Catch::Contains("takes a cell row,col"));
  CHECK_THAT(first_error({"answer = number 5", "verify = output_size"}), Catch::Contains("gives a size, but the answer is a number"));
  CHECK_THAT(first_error({"answer = number 1", "verify = cell_value 7,7"}), Catch::Contains("outside the 5x5 output"));
  CHECK_THAT(first_error({"answer = size 1x1", "verify = stack_output_size"}), Catch::Contains("needs a `stack"));
  CHECK_THAT(first_error({"answer = size 1x1", "stack = 1x1"}), Catch::Contains("at least one layer"));
  CHECK_THAT(first_error({"answer = size 1x1", "stack = 1x1 | s2 p1"}), Catch::Contains("no kernel size"));
  CHECK_THAT(first_error({"answer = size 1x1", "stack = 1x1 | k1 p3"}), Catch::Contains("layer 1: output height would be"));
  CHECK_THAT(first_error({"answer = cell 0,0", "verify = max_overlap_cell", "input = 3x3 ones", "kernel = 1x1 ones"}),
             Catch::Contains("9 cells share the largest count 1"));
  CHECK_THAT(first_error({"answer = choice a", "option = a: 5x5", "option = b: 5 x 5", "verify = output_size"}),
             Catch::Contains("options ab all read as 5x5"));
  CHECK_THAT(first_error({"answer = choice a", "option = a: 4x4", "option = b: 5x5", "verify = output_size"}),
             Catch::Contains("which is option b"));
  CHECK_THAT(first_error({"answer = number 1", "id = a b"}), Catch::Contains("may only contain"));
  CHECK_THAT(first_error({"answer = number 1", "title = again"}), Catch::Contains("given twice"));
  CHECK_THAT(first_error({"answer = number 1", "hint ="}), Catch::Contains("has no value"));
  CHECK_THAT(first_error({"answer = number 1", "view = forward", "input = 2x2 ones"}), Catch::Contains("forward view"));
  CHECK(first_error({"answer = number 1", "input = 2x2: 1 2 / 3 4", "kernel = 2x2: 1,0,0,-1"}).empty());
  CHECK(first_error({"answer = number 1", "input = 2 x 3 zeros", "stride = 2,1", "dilation = 1,2"}).empty());
}

TEST_CASE("file-level details: CRLF, a byte-order mark, orphan continuations, duplicate ids", "[lessons]") {
  const std::string crlf = "\xEF\xBB\xBF# header\r\n[lesson]\r\nid = a\r\ntitle = T\r\ntext = x\r\nquestion = q\r\nanswer = number 1\r\n";
  const LessonFile f = parse_lessons(crlf);
  INFO(all_errors(f));
  REQUIRE(f.lessons.size() == 1);
  CHECK(f.lessons[0].title == "T");

  const LessonFile g = parse_lessons(lines({"[lesson]", "  orphan", "title = t", "text = x", "question = q", "answer = number 1"}));
  REQUIRE(error_on(g, 2));
  CHECK(g.lessons.empty());

  const LessonFile ids = parse_lessons(lines({"[lesson]", "id = same", "title = t", "text = x", "question = q", "answer = number 1",
                                              "[lesson]", "id = same", "title = u", "text = x", "question = q", "answer = number 1"}));
  REQUIRE(ids.lessons.size() == 1);
  REQUIRE(error_on(ids, 8));
  CHECK_THAT(error_on(ids, 8)->message, Catch::Contains("already used by the lesson on line 1"));

  CHECK(parse_lessons("").lessons.empty());
  CHECK(parse_lessons("").errors.empty());
}

TEST_CASE("continuations and paragraphs", "[lessons]") {
  const Lesson l = one_lesson({"text = second", "  paragraph, wrapped", "\tonce more", "answer = number 1", "right = Yes", "  indeed."});
  REQUIRE(l.text.size() == 2);
  CHECK(l.text[0] == "x");
  CHECK(l.text[1] == "second paragraph, wrapped once more");
  CHECK(l.right == "Yes indeed.");
  CHECK(l.wrong.size() > 0);  // default feedback
}

// ---------------------------------------------------------------- answers
TEST_CASE("typed numbers: spaces, '=', 8x8 for 8, fractions, decimals", "[lessons][answers]") {
  const Lesson n = one_lesson({"answer = number 63"});
  CHECK(verdict(n, "63") == Verdict::Right);
  CHECK(verdict(n, "  63 ") == Verdict::Right);
  CHECK(verdict(n, "63.0") == Verdict::Right);
  CHECK(verdict(n, "y = 63") == Verdict::Right);
  CHECK(verdict(n, "y[0,0] = 63") == Verdict::Right);
  CHECK(verdict(n, "126/2") == Verdict::Right);
  CHECK(verdict(n, "62") == Verdict::Wrong);
  CHECK(verdict(n, "63.4") == Verdict::Wrong);  // integer answers are exact
  CHECK(verdict(n, "") == Verdict::Unclear);
  CHECK(verdict(n, "sixty-three") == Verdict::Unclear);
  CHECK(verdict(n, "6 3") == Verdict::Unclear);
  CHECK(check_answer(n, "").message == "Type one number, e.g. 12.");
  CHECK(check_answer(n, "62").message == n.wrong);
  CHECK(check_answer(n, "62").expected == "63");

  const Lesson eight = one_lesson({"answer = number 8"});
  CHECK(verdict(eight, "8x8") == Verdict::Right);
  CHECK(verdict(eight, "8 x 8") == Verdict::Right);
  CHECK(verdict(eight, "6x6") == Verdict::Wrong);
  CHECK(verdict(eight, "8x6") == Verdict::Unclear);

  const Lesson third = one_lesson({"answer = number 1/3"});
  CHECK(third.answer.text == "1/3");
  CHECK(verdict(third, "1/3") == Verdict::Right);
  CHECK(verdict(third, "0.33") == Verdict::Right);
  CHECK(verdict(third, "0.333") == Verdict::Right);
  CHECK(verdict(third, ".33") == Verdict::Right);
  CHECK(verdict(third, "0.3") == Verdict::Wrong);
  CHECK(verdict(third, "0.34") == Verdict::Wrong);
  CHECK(verdict(third, "0") == Verdict::Wrong);

  const Lesson neg = one_lesson({"answer = number -1.5"});
  CHECK(verdict(neg, "-1.5") == Verdict::Right);
  CHECK(verdict(neg, "\xE2\x88\x92" "1.5") == Verdict::Right);  // typographic minus
  CHECK(verdict(neg, "1.5") == Verdict::Wrong);
  CHECK(verdict(neg, "-3/2") == Verdict::Right);
}

TEST_CASE("typed sizes and cells", "[lessons][answers]") {
  const Lesson s = one_lesson({"answer = size 7x9"});
  for (const char* ok : {"7x9", "7 x 9", "7X9", "7\xC3\x97" "9", "7 by 9", "(7, 9)", "7*9", "output is 7x9"})
    CHECK(verdict(s, ok) == Verdict::Right);
  CHECK(verdict(s, "9x7") == Verdict::Wrong);
  CHECK(verdict(s, "7") == Verdict::Wrong);
  CHECK(verdict(s, "seven") == Verdict::Unclear);
  CHECK(verdict(s, "7.5x9") == Verdict::Unclear);
  CHECK(check_answer(s, "?").message == "Type a size as rows x columns, e.g. 5x5.");

  const Lesson sq = one_lesson({"answer = size 5x5"});
  CHECK(verdict(sq, "5") == Verdict::Right);
  CHECK(verdict(sq, "5x5") == Verdict::Right);
  CHECK(verdict(sq, "6") == Verdict::Wrong);

  const Lesson c = one_lesson({"answer = cell 2,3", "input = 3x3 ramp", "kernel = 3x3 ones"});
  for (const char* ok : {"2,3", "(2, 3)", "y[2,3]", "[2 3]", "row 2 col 3", "y[2,3] = 45"}) CHECK(verdict(c, ok) == Verdict::Right);
  CHECK(verdict(c, "3,2") == Verdict::Wrong);
  CHECK(verdict(c, "2") == Verdict::Unclear);
  CHECK(verdict(c, "1,2,3") == Verdict::Unclear);
}

TEST_CASE("typed choices: the letter in any dress, or the option's text", "[lessons][answers]") {
  const Lesson l = one_lesson({"option = a: 9x25", "option = b) 25x9", "option = c. 25x25", "answer = choice B"});
  CHECK(l.answer.text == "b");
  for (const char* ok : {"b", "B", " b ", "(b)", "b)", "b.", "[b]", "b: 25x9", "25x9", "25X9."}) CHECK(verdict(l, ok) == Verdict::Right);
  CHECK(verdict(l, "a") == Verdict::Wrong);
  CHECK(verdict(l, "9x25") == Verdict::Wrong);
  CHECK(verdict(l, "d") == Verdict::Unclear);
  CHECK(verdict(l, "banana") == Verdict::Unclear);
  CHECK(check_answer(l, "d").message == "Type the letter of one option: a, b or c.");
}

// ---------------------------------------------------------------- presets and setup
TEST_CASE("presets: only syntax-checked without a table, resolved with one; explicit keys override", "[lessons]") {
  const std::string text = lines({"[lesson]", "title = t", "preset = dcgan", "padding = 0", "text = x", "question = q",
                                  "answer = size 10x10", "verify = output_size"});
  const LessonFile plain = parse_lessons(text);
  INFO(all_errors(plain));
  REQUIRE(plain.lessons.size() == 1);  // syntax only: core knows no preset names
  CHECK(parse_lessons(replace_text(text, "dcgan", "no-such-preset")).lessons.size() == 1);
  auto no_table = lesson_setup(plain.lessons[0]);
  REQUIRE_FALSE(no_table.ok());
  CHECK_THAT(no_table.error().message, Catch::StartsWith("line 3: ") && Catch::Contains("no preset table"));

  const PresetLookup lookup = test_presets();
  const LessonFile resolved = parse_lessons(text, lookup);
  INFO(all_errors(resolved));
  REQUIRE(resolved.lessons.size() == 1);  // padding 0 overrides: (4-1)*2 + 4 = 10
  const LessonSetup s = lesson_setup(resolved.lessons[0], lookup).value();
  CHECK(s.config.params.padding == Pair{0, 0});
  CHECK(s.config.params.stride == Pair{2, 2});
  CHECK(s.config.kernel.rows == 4);

  // With a table, its answer decides which names exist; a wrong answer is caught once resolvable.
  const LessonFile bad = parse_lessons(replace_text(text, "10x10", "8x8"), lookup);
  REQUIRE(bad.lessons.empty());
  REQUIRE(error_on(bad, 7));
  const LessonFile unknown = parse_lessons(lines({"[lesson]", "title = t", "preset = unet", "text = x", "question = q", "answer = number 1"}), lookup);
  REQUIRE(error_on(unknown, 3));
  CHECK_THAT(error_on(unknown, 3)->message, Catch::Contains("preset 'unet' is unknown: use one of seed, dcgan"));
}

TEST_CASE("setup: defaults, bilinear kernel from the stride, step end, forward view counts output cells", "[lessons]") {
  const Lesson d = one_lesson({"answer = number 1"});
  const LessonSetup ds = lesson_setup(d).value();
  CHECK(ds.config.input.v == std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(ds.config.kernel.v == std::vector<float>(9, 1.0f));
  CHECK(ds.view == View::Scatter);
  CHECK(ds.step == 0);
  CHECK(ds.step_count == 9);
  CHECK_FALSE(ds.pin);

  const Lesson b = one_lesson({"answer = number 1", "stride = 2", "padding = 1", "kernel = bilinear", "step = end", "view = gather", "pin = 5,5"});
  const LessonSetup bs = lesson_setup(b).value();
  CHECK(bs.config.kernel.rows == 4);
  CHECK(bs.config.kernel.at(0, 0) == Approx(0.0625f));
  CHECK(bs.step == 9);
  CHECK(bs.pin == Pair{5, 5});  // 3x3 -> 6x6
  CHECK(std::string(view_name(bs.view)) == "gather");

  const Lesson f = one_lesson({"answer = number 9", "view = forward", "input = 5x5 ramp", "step = end", "verify = steps"});
  const LessonSetup fs = lesson_setup(f).value();
  CHECK(fs.step_count == 9);  // 3x3 output cells
  CHECK(fs.step == 9);
  auto computed = lesson_computed_answer(f, fs);
  REQUIRE(computed.ok());
  CHECK(computed.value().text == "9");
  CHECK(verify_lesson(f, fs).ok());
  Lesson wrong = f;
  wrong.answer.number = 3;
  wrong.answer.text = "3";
  auto v = verify_lesson(wrong, fs);
  REQUIRE_FALSE(v.ok());
  CHECK(v.error().message == "line 5: the answer says 3, but steps of this configuration is 9. Fix the answer (or the configuration).");
}

// ---------------------------------------------------------------- stacks
TEST_CASE("decoder stacks: sizes layer by layer with the formula", "[lessons]") {
  LessonStack st;
  st.input = {1, 1};
  st.layers = {{4, 1, 0, 0, 1}, {4, 2, 1, 0, 1}, {4, 2, 1, 0, 1}, {4, 2, 1, 0, 1}, {4, 2, 1, 0, 1}};
  auto r = stack_sizes(st);
  REQUIRE(r.ok());
  std::vector<int64_t> sizes;
  for (const StackRow& row : r.value()) sizes.push_back(row.out.h);
  CHECK(sizes == std::vector<int64_t>{4, 8, 16, 32, 64});
  CHECK(r.value()[1].formula == "(4 - 1) x 2 - 2 x 1 + 1 x (4 - 1) + 0 + 1 = 8");
  st.layers.push_back({1, 1, 40, 0, 1});
  CHECK_THAT(stack_sizes(st).error().message, Catch::StartsWith("layer 6: "));
}

// ---------------------------------------------------------------- robustness
// A deterministic stand-in for fuzzing: damage the shipped file in many small ways. The parser
// must never crash or hang (ASan/UBSan run this in CI), every error must point at a real line,
// and every lesson it still loads must be as good as it promises (setup ok, answer verified).
TEST_CASE("robustness: mutated lesson files parse safely and report real line numbers", "[lessons][random]") {
  std::vector<std::string> base;
  {
    std::istringstream in(read_text(std::string(TCONV_ASSETS_DIR) + "/lessons.txt"));
    for (std::string l; std::getline(in, l);) base.push_back(l);
  }
  const std::vector<std::string> tricky = {
      "[lesson]", "[lesson", "answer = choice z", "pin = 99,99", "step = end", "step = 1000000000000000000000",
      "kernel = 32x32 ones", "input = 32x32 ramp", "padding = 64", "stride = 64", "dilation = 64",
      "stack = 65536x65536 | k64 s64 p0 | k64 s64 p0", "verify = max_overlap_cell", "verify = output_padding_for 1",
      "view = paired", "view = forward", "output_padding = 63", "answer = number 1e400", "  ", "\t continuation",
      "option = a: 1", "option = b: 1", "answer = number 1/0", "input = 1x1: nan", "kernel = 2x2: 1 2 / 3 4 / 5 6"};
  const std::string chars = "=[]#:x,/|-+.0123456789abcdez \t";
  std::mt19937 rng(12345);
  auto pick = [&](size_t n) { return static_cast<size_t>(std::uniform_int_distribution<size_t>(0, n - 1)(rng)); };
  size_t loaded_total = 0, errors_total = 0;
  for (int iter = 0; iter < 300; ++iter) {
    std::vector<std::string> v = base;
    const int mutations = 1 + static_cast<int>(pick(4));
    for (int k = 0; k < mutations; ++k) {
      const size_t i = pick(v.size());
      switch (pick(6)) {
        case 0: v.erase(v.begin() + static_cast<long>(i)); break;
        case 1: v.insert(v.begin() + static_cast<long>(i), v[i]); break;
        case 2: std::swap(v[i], v[pick(v.size())]); break;
        case 3:
          if (!v[i].empty()) v[i][pick(v[i].size())] = chars[pick(chars.size())];
          break;
        case 4: v[i] = v[i].substr(0, pick(v[i].size() + 1)); break;
        default: v.insert(v.begin() + static_cast<long>(i), tricky[pick(tricky.size())]); break;
      }
    }
    const LessonFile f = parse_lessons(lines(v));
    for (const LessonError& e : f.errors) {
      CHECK(e.line >= 1);
      CHECK(e.line <= static_cast<int>(v.size()));
      CHECK_FALSE(e.message.empty());
    }
    for (const Lesson& l : f.lessons) {
      auto s = lesson_setup(l);
      REQUIRE(s.ok());
      CHECK(verify_lesson(l, s.value()).ok());
      CHECK(check_answer(l, l.answer.text).verdict == Verdict::Right);
    }
    loaded_total += f.lessons.size();
    errors_total += f.errors.size();
  }
  CHECK(loaded_total > 300 * 5);  // most lessons survive a few damaged lines elsewhere
  CHECK(errors_total > 300);      // and the damage is reported
}
