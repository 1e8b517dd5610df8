#pragma once
// The teaching model: what the visualizer draws, computed without any GL or ImGui.
// One input plane (H x W) and one kernel (kH x kW); stride/padding/output_padding/dilation per
// axis (groups are ignored here: one channel). Coordinates:
//   input element (i, j), kernel tap (a, b), output cell (r, c), all row-major, 0-based.
//   Input element (i, j) sends tap (a, b) to the UNCROPPED position
//     (i*stride.h + a*dilation.h, j*stride.w + b*dilation.w)
//   and to the kept output cell (that - padding); cells outside [0, out) are cropped away.
#include <cstdint>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/text.h"

namespace tconv {

struct Grid {
  int64_t rows = 0, cols = 0;
  std::vector<float> v;  // rows*cols, row-major
  Grid() = default;
  Grid(int64_t r, int64_t c, float fill = 0.0f) : rows(r), cols(c), v(static_cast<size_t>(r * c), fill) {}
  float at(int64_t r, int64_t c) const { return v[static_cast<size_t>(r * cols + c)]; }
  float& at(int64_t r, int64_t c) { return v[static_cast<size_t>(r * cols + c)]; }
};

struct TeachingConfig {
  Grid input;                 // H x W
  Grid kernel;                // kH x kW
  ConvTransposeParams params; // groups ignored
};

// One x*w term of an output cell's sum.
struct Term {
  int64_t in_r = 0, in_c = 0;  // input element
  int64_t k_r = 0, k_c = 0;    // kernel tap
  float x = 0, w = 0;          // x*w is the contribution
};

// One kernel placement: input element (in_r, in_c) scales the whole kernel and adds it to the
// output window whose tap (0,0) lands on kept-output cell (top, left). top/left may be negative
// and the window may run past the output: those taps are cropped by padding.
struct Placement {
  int64_t in_r = 0, in_c = 0;
  float value = 0;
  int64_t top = 0, left = 0;  // kept-output coordinates of tap (0,0) = (i*s - p, j*s - p)
  int64_t kept_taps = 0;      // how many of the kH*kW taps land inside the kept output
};

struct TeachingModel {
  // settings (copied in)
  TeachingConfig config;
  // read-only results
  int64_t out_h = 0, out_w = 0;             // kept output size (the formula)
  int64_t full_h = 0, full_w = 0;           // uncropped canvas: (in-1)*s + d(k-1) + 1 + output_padding
  std::vector<Placement> steps;             // one per input element, row-major order
  std::vector<int> overlap;                 // out_h*out_w: number of (input, tap) pairs per cell
  std::vector<std::vector<Term>> terms;     // out_h*out_w: the terms summed into each cell
  Grid output;                              // the full result (equals conv_transpose2d_scatter)

  int overlap_at(int64_t r, int64_t c) const { return overlap[static_cast<size_t>(r * out_w + c)]; }
  const std::vector<Term>& terms_at(int64_t r, int64_t c) const { return terms[static_cast<size_t>(r * out_w + c)]; }
  // Kept-output cell of tap (a, b) of placement `step`; may lie outside [0,out_h) x [0,out_w).
  int64_t tap_row(const Placement& s, int64_t a) const { return s.top + a * config.params.dilation.h; }
  int64_t tap_col(const Placement& s, int64_t b) const { return s.left + b * config.params.dilation.w; }
};

// Validates the configuration (same rules and messages as the full problem) and builds the model.
// Refuses grids with more than kMaxTeachingElements input or output cells (the UI teaches on
// small grids; image mode uses the fast path).
constexpr int64_t kMaxTeachingElements = 1 << 16;
Result<TeachingModel> build_teaching_model(const TeachingConfig& config);

// The output after the first `steps_done` placements (0..steps.size()).
Grid partial_output(const TeachingModel& m, size_t steps_done);

// The cell's sum written out: "y[2,3] = x[0,1]*w[2,1] + x[1,1]*w[0,1] = 6" (symbolic form) and
// with numbers: "= 2*1 + 4*1 = 6". An uncovered cell reads "y[0,0] = 0 (no placement reaches it)".
std::string cell_sum_symbolic(const TeachingModel& m, int64_t r, int64_t c);
std::string cell_sum_numeric(const TeachingModel& m, int64_t r, int64_t c);

// 1-D overlap profile of one axis (length out): the 2-D overlap map is its outer product.
std::vector<int> overlap_profile(const AxisParams& a);

// Formats a float compactly for the UI and formulas: "6", "0.75", "-1.5", "1.2e+03".
using text::format_number;

}  // namespace tconv
