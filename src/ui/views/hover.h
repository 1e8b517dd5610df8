#pragma once
// Data for the hover/pin highlights and the two "equivalent views" (direct convolution on the
// zero-inserted input with the flipped kernel; the matrix C^T), derived from a TeachingModel.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/teaching.h"
#include "ui/ui_types.h"

namespace tconv::ui {

// --- Hover and pin ---

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

// --- Gather view: direct convolution on the zero-inserted, padded input ---

enum class ZKind { Input, InsertedZero, Padding };
struct ZCell {
  ZKind kind = ZKind::Padding;
  int64_t in_r = -1, in_c = -1;  // the input element (kind == Input)
  float value = 0;
};
struct GatherView {
  int64_t rows = 0, cols = 0;  // Hz x Wz; Hz - d(kH-1) = out_h
  int64_t border_h = 0, border_w = 0;  // d(k-1) - p per axis (negative = cropped)
  std::vector<ZCell> cells;    // row-major
  Grid flipped;                // flipped(a, b) = w(kH-1-a, kW-1-b)
  const ZCell& at(int64_t r, int64_t c) const { return cells[static_cast<size_t>(r * cols + c)]; }
};
GatherView build_gather_view(const TeachingModel& m);
// Top-left z cell of the window for output (r, c) is (r, c); flipped tap (a, b) reads
// z(r + a*d_h, c + b*d_w) and is the original tap (kH-1-a, kW-1-b).
Cell flipped_to_original(const TeachingModel& m, Cell flipped_tap);

// --- Matrix view: y = C^T x ---

// Largest C^T we try to draw (rows x cols entries).
constexpr int64_t kMaxMatrixViewEntries = 64 * 1024;
struct MatrixView {
  int64_t rows = 0, cols = 0;  // rows = out_h*out_w (output cells), cols = in_h*in_w (inputs)
  std::vector<float> v;        // C^T, row-major; empty when too big
  bool too_big = false;
  float at(int64_t r, int64_t c) const { return v[static_cast<size_t>(r * cols + c)]; }
};
MatrixView build_matrix_view(const TeachingModel& m);

}  // namespace tconv::ui
