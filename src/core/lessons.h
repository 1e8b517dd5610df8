#pragma once
// Lessons are data (assets/lessons.txt) so a teacher edits or adds one without recompiling.
// This unit parses the file, resolves each lesson into an app state, checks a student's typed
// answer, and re-computes every stated answer from the lesson's own configuration (so a lesson
// whose answer is wrong is reported like a syntax error instead of teaching something false).
//
// Sections: file format | lesson data | parsing | state | answers | verification | decoder stacks
//
// ---------------------------------------------------------------- file format
// Line based, UTF-8. A line whose first non-blank character is '#' is a comment; blank lines are
// ignored. `[lesson]` starts a lesson; the `key = value` lines after it belong to it. A line that
// starts with a space or tab continues the previous value (joined with one space), so long texts
// wrap. Keys are case-insensitive. Lessons appear in the app in file order (--lesson N is 1-based).
//
//   title    = Regular convolution                      (required)
//   id       = regular-conv                             (optional; letters, digits, - and _; unique)
//   preset   = seed                                     (optional base configuration, see below)
//   input    = 3x3 ramp | 3x3 ones | 3x3 zeros | 2x2: 1 2 / 3 4
//   kernel   = 3x3 ones | 2x2: 1 0 / 0 -1 | bilinear | edge      (bilinear takes its size from the stride)
//   stride, padding, output_padding, dilation = 2  or  2,1  (height,width)
//   view     = scatter | gather | matrix | heatmap | forward | paired       (default scatter)
//   pin      = 2,2                                      (optional output cell row,col, 0-based)
//   step     = 4 | end                                  (optional; steps done when the lesson opens, default 0)
//   text     = A paragraph.  (required; repeat the key for more paragraphs)
//   question = What size is the output?                 (required)
//   answer   = number 63 | size 7x9 | cell 2,2 | choice b                  (required)
//   option   = a: first choice                          (choice answers: two or more, letters a..z)
//   hint     = ...   right = ...   wrong = ...          (optional: hint, feedback when right/wrong)
//   verify   = output_size                              (optional but recommended: see below)
//   stack    = 1x1 | k4 s1 p0 | k4 s2 p1                (optional decoder stack: start size, then
//                                                       layers kN sN pN [opN] [dN])
// Configuration: unset fields come from the preset when one is named, otherwise from the seed
// example (3x3 input 1..9, 3x3 ones kernel, stride 1, padding 0, output_padding 0, dilation 1).
// Values in `2x2: ...` are row-major, separated by spaces or commas; '/' between rows is optional
// but checked. Lessons teach on small grids: input and kernel sides 1..32; stride, padding,
// output_padding, dilation and stack layer numbers at most 64. In the forward view `input` is the forward convolution's input; in every other
// view it is the transposed convolution's input. `pin` and `step` refer to the lesson's view
// (forward: output cells; others: placements of the transposed convolution).
//
// verify NAME [ARGS] says what the answer is, so the parser recomputes it from the configuration:
//   output_size (size)  output_height, output_width, steps (number)
//   cell_value R,C | overlap R,C | partial_value R,C (number; partial = after `step` steps)
//   max_overlap, min_overlap (number)  max_overlap_cell (cell; must be unique)
//   forward_output_size (size)  forward_cell_value R,C (number)  output_padding_for N (number)
//   transpose_matrix_shape (size: rows x cols of C^T)  stack_output_size (size; needs `stack`)
// With a choice answer, the chosen option's text must read as the computed value and no other
// option may.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/teaching.h"
#include "core/view.h"

namespace tconv {

// ---------------------------------------------------------------- lesson data

enum class AnswerKind { Number, Size, Cell, Choice };

// How a lesson sets the input or the kernel grid.
struct GridSpec {
  enum class Fill { Ramp, Ones, Zeros, Values, Bilinear, Edge };
  Fill fill = Fill::Ramp;       // Ramp = 1, 2, 3, ... row-major
  int64_t rows = 0, cols = 0;   // 0 for Bilinear/Edge (the kernel preset decides)
  std::vector<float> values;    // rows*cols, row-major, when fill == Values
};

// Every field optional: unset ones come from the preset, else from the seed example.
struct LessonConfig {
  std::optional<GridSpec> input, kernel;
  std::optional<Pair> stride, padding, output_padding, dilation;
};

struct LessonAnswer {
  AnswerKind kind = AnswerKind::Number;
  double number = 0;   // Number
  Pair size;           // Size: h x w
  Pair cell;           // Cell: row, col
  char choice = 0;     // Choice: 'a'..'z'
  std::string text;    // canonical text to reveal: "63", "7x9", "2,2", "b"
};

struct LessonOption {
  char letter = 'a';
  std::string text;
};

// verify = NAME ARGS (see the format above).
struct LessonVerify {
  std::string name;           // empty: no verification
  std::vector<int64_t> args;  // R,C or N
};

// A decoder stack: start size, then transposed-convolution layers applied in order.
struct StackLayer {
  int64_t kernel = 1, stride = 1, padding = 0, output_padding = 0, dilation = 1;
};
struct LessonStack {
  Pair input;
  std::vector<StackLayer> layers;  // empty: no stack
};

struct Lesson {
  int line = 0;                   // 1-based line of its [lesson] header
  std::string id, title;
  std::string preset;             // empty: explicit configuration over the seed example
  LessonConfig config;
  View view = View::Scatter;
  std::optional<Pair> pin;        // output cell (row, col) of the lesson's view
  int64_t step = 0;               // steps done when the lesson opens ...
  bool step_end = false;          // ... or all of them ("step = end")
  std::vector<std::string> text;  // paragraphs
  std::string question;
  std::vector<LessonOption> options;  // choice answers only
  LessonAnswer answer;
  std::string hint, right, wrong;     // right/wrong: feedback (defaults filled in when absent)
  LessonVerify verify;
  LessonStack stack;
  std::map<std::string, int> key_lines;  // key -> line it was set on (for later error messages)
};

// ---------------------------------------------------------------- parsing
struct LessonError {
  int line = 0;         // 1-based; points at the offending line (or the lesson's header)
  std::string message;  // what is wrong and how to fix it
};
// "lessons.txt:12: message"
std::string format_lesson_error(const std::string& source_name, const LessonError& e);

// The preset table lessons may name (`preset = dcgan`). The caller owns it (the GUI's preset
// menu), so core knows no preset names. Empty (no find): lessons with a preset are only checked
// for syntax.
struct PresetLookup {
  std::function<std::optional<TeachingConfig>(const std::string& name)> find;  // nullopt = unknown
  std::vector<std::string> names;  // the known names, listed in the unknown-preset message
  explicit operator bool() const { return static_cast<bool>(find); }
};

struct LessonFile {
  std::vector<Lesson> lessons;      // the lessons that parsed and checked, in file order
  std::vector<LessonError> errors;  // every problem found, in line order; a malformed lesson is
                                    // left out, the others still load
};
// Parses the text of a lessons file. Each lesson is fully checked: syntax, then (when its
// configuration can be resolved: no preset, or `presets` given) lesson_setup() and
// verify_lesson(). Lessons that name a preset while `presets` is empty are only checked for
// syntax: their preset name and configuration are checked when a lookup is given.
LessonFile parse_lessons(const std::string& text, const PresetLookup& presets = {});

// ---------------------------------------------------------------- state
// The app state a lesson opens with.
struct LessonSetup {
  TeachingConfig config;   // input: the forward conv's input in the Forward view, else the
                           // transposed conv's input; params.groups = 1
  View view = View::Scatter;
  std::optional<Pair> pin;  // checked to lie inside the view's output
  size_t step = 0;          // resolved ("end" -> the number of steps) and checked
  size_t step_count = 0;    // steps in the view: input cells (placements) or, Forward, output cells
};
// Resolves the configuration and checks it builds (teaching model; Forward: forward model;
// Paired: paired view) and that pin and step are in range. Errors start with "line N: ".
Result<LessonSetup> lesson_setup(const Lesson& lesson, const PresetLookup& presets = {});

// ---------------------------------------------------------------- answers
enum class Verdict { Right, Wrong, Unclear };  // Unclear: the typed text could not be read as an
                                               // answer of this kind; say so, do not count it
struct AnswerFeedback {
  Verdict verdict = Verdict::Unclear;
  std::string message;   // the lesson's right/wrong feedback, or how to type the answer
  std::string expected;  // the answer's canonical text, for the reveal ("7x9")
};
// Tolerant of spaces, case, brackets and the usual ways of writing each kind:
//   number: "63", " 63.0 ", "y = 63", "8x8" for 8 (both sides equal), "1/3"; a non-integer answer
//           matches when typed to at least 2 decimals (0.33 for 1/3) or as the exact fraction;
//   size:   "7x9", "7 x 9", "7X9", "7×9", "7 by 9", "(7, 9)"; a single "5" for a square 5x5;
//   cell:   "2,2", "(2, 2)", "y[2,2]", "row 2 col 2";
//   choice: "b", "B", "(b)", "b)", or the option's text.
AnswerFeedback check_answer(const Lesson& lesson, const std::string& typed);

// ---------------------------------------------------------------- verification
// The value `verify` names, computed from the lesson's resolved state, as an answer of its kind
// (text = "7x9", ...). Error when the lesson has no verify or it cannot be computed.
Result<LessonAnswer> lesson_computed_answer(const Lesson& lesson, const LessonSetup& setup);
// Ok when the lesson has no verify, or the stated answer equals the computed one.
Status verify_lesson(const Lesson& lesson, const LessonSetup& setup);

// ---------------------------------------------------------------- decoder stacks
struct StackRow {
  Pair in, out;             // sizes before and after the layer
  StackLayer layer;
  std::string formula;      // output_size_formula of the height axis, numbers substituted
};
// Each layer's sizes, validated; for a panel's table "1x1 -> 4x4 -> 8x8 ...".
Result<std::vector<StackRow>> stack_sizes(const LessonStack& stack);

}  // namespace tconv
