#pragma once
// Hover and pin on the transposed convolution's canvases: which input element, kernel tap and
// output cell belong together, derived from a TeachingModel.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/teaching.h"
#include "ui/ui_types.h"

namespace tconv::ui {

bool in_output(const TeachingModel& m, Cell c);
bool in_input(const TeachingModel& m, Cell c);
// Index of the placement of input element c (steps are row-major over the input).
size_t step_of_input(const TeachingModel& m, Cell input);

// Where input element `input` lands: the kept output cells its kernel placement adds to (one per
// tap, in tap order; may repeat only if dilation is 0, which is invalid) and how many are cropped.
struct Footprint {
  std::vector<Cell> kept;     // output cells
  std::vector<Cell> kept_taps;  // the tap that reaches each kept cell
  int64_t cropped = 0;        // taps that fall on padding (outside the kept output)
};
Footprint input_footprint(const TeachingModel& m, Cell input);

// Who feeds output cell `out`: the input elements and kernel taps of its terms (no duplicates).
struct Sources {
  std::vector<Cell> inputs, taps;
};
Sources output_sources(const TeachingModel& m, Cell out);

// ---------------------------------------------------------------- the size formula's terms
// out = (in - 1) x s - 2 x p + d x (k - 1) + op + 1, one axis. Hovering a term in the formula
// panel highlights on the scatter canvas the rows (or columns) it counts, in coordinates of the
// uncropped canvas (full = (in-1)*s + d(k-1) + 1 + op rows; the kept output starts at row p).
// The first four terms split that canvas; padding then crops p rows off each end:
//   Stride         (in - 1) x s   rows [0, (in-1)s): from the first kernel origin to the last
//   Kernel         d x (k - 1)    rows [(in-1)s, (in-1)s + d(k-1)): the last kernel past its origin
//   One            + 1            row (in-1)s + d(k-1): the final row the last kernel reaches
//   OutputPadding  + op           rows [full - op, full): added at the bottom
//   Padding        - 2 x p        rows [0, p) and [full - p, full): cropped
enum class SizeTerm { None, Stride, Padding, Kernel, OutputPadding, One };
// Which term is hovered, and on which axes (both when the panel shows one formula for both).
struct SizeTermFocus {
  SizeTerm term = SizeTerm::None;
  bool rows = true, cols = true;
};
struct Span {
  int64_t begin = 0, end = 0;  // [begin, end)
  bool operator==(const Span& o) const { return begin == o.begin && end == o.end; }
};
// The rows (or columns) `t` counts, as above; empty spans are left out (e.g. in = 1, k = 1).
std::vector<Span> size_term_spans(const AxisParams& a, SizeTerm t);
// The term's text as the formula panel writes it: "(in - 1) x s", "- 2 x p", ...
const char* size_term_text(SizeTerm t);
// Its name for --highlight-term: stride, padding, kernel, output_padding, one.
const char* size_term_name(SizeTerm t);
std::optional<SizeTerm> parse_size_term(const std::string& name);
// A short caption for the highlight: "(in - 1) x s = 4 rows: first to last kernel origin";
// without the count ("(in - 1) x s: first to last kernel origin") while a lesson asks for the size.
std::string size_term_caption(const AxisParams& a, SizeTerm t, bool rows, bool with_count = true);

}  // namespace tconv::ui
