#pragma once
// The forward (direct) convolution as the visualizer teaches it, next to the transposed one.
// One input plane and one kernel; PyTorch conv2d semantics: cross-correlation (no kernel flip),
// `padding` zero-pads the INPUT on every side, stride and dilation per axis. Coordinates:
//   input element (i, j) and kernel tap (a, b) as in teaching.h; output cell (r, c);
//   PADDED coordinates put the input's (0, 0) at (padding.h, padding.w).
//   Output cell (r, c) is the dot product of the kernel with the patch whose tap (a, b) sits at
//   padded (r*stride.h + a*dilation.h, c*stride.w + b*dilation.w), i.e. at input
//   (r*stride.h - padding.h + a*dilation.h, ...); taps outside the input read padding (zero).
// Sections: output size | model | taps and text | paired view (round trip, adjoint check)
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/teaching.h"

namespace tconv {

// ---------------------------------------------------------------- output size
// The forward convolution's output size, one axis:
//   out = floor((in + 2*padding - dilation*(kernel - 1) - 1) / stride) + 1
// Uses a.in, a.kernel, a.stride, a.padding, a.dilation (output_padding is ignored: it does not
// exist for a forward convolution). May return values < 1; validate_conv_axis() explains those.
int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation);
int64_t conv_output_size(const AxisParams& a);

// The formula with numbers substituted, e.g. "floor((5 + 2 x 0 - 1 x (3 - 1) - 1) / 1) + 1 = 3".
std::string conv_output_size_formula(const AxisParams& a);

// Explains, in words, why a forward axis is impossible and how to fix it; nullopt when it is fine.
// axis_name is "height" or "width" and appears in the message.
std::optional<Error> validate_conv_axis(const AxisParams& a, const char* axis_name);

// ---------------------------------------------------------------- model
struct ForwardConfig {
  Grid input;                  // H x W, the forward convolution's input (before padding)
  Grid kernel;                 // kH x kW
  ConvTransposeParams params;  // stride, padding, dilation; output_padding and groups ignored
};

// One output cell's computation (one animation step).
struct ForwardStep {
  int64_t out_r = 0, out_c = 0;  // the output cell this step computes
  int64_t top = 0, left = 0;     // PADDED coordinates of tap (0,0): (out_r*stride.h, out_c*stride.w)
  int64_t padding_taps = 0;      // how many of the kH*kW taps fall on padding (read zero)
  float value = 0;               // the dot product, y[out_r, out_c]
};

struct ForwardModel {
  // settings (copied in; output_padding and groups zeroed/ignored)
  ForwardConfig config;
  // read-only results
  int64_t out_h = 0, out_w = 0;        // the output-size formula
  int64_t padded_h = 0, padded_w = 0;  // in + 2*padding: the grid drawn with ghost cells
  std::vector<ForwardStep> steps;      // one per output cell, row-major output order
  Grid output;                         // out_h x out_w (equals conv2d_forward)

  const ForwardStep& step_at(int64_t r, int64_t c) const { return steps[static_cast<size_t>(r * out_w + c)]; }
  // Padded coordinates of tap (a, b) of a step.
  int64_t tap_row(const ForwardStep& s, int64_t a) const { return s.top + a * config.params.dilation.h; }
  int64_t tap_col(const ForwardStep& s, int64_t b) const { return s.left + b * config.params.dilation.w; }
};

// Plain forward convolution of one plane (the reference the model and tests use).
// Precondition: the sizes pass validate_conv_axis on both axes (assert otherwise).
Grid conv2d_forward(const Grid& x, const Grid& kernel, const ConvTransposeParams& p);

// Validates (same limits as the teaching model: kMaxTeachingElements) and builds the model.
Result<ForwardModel> build_forward_model(const ForwardConfig& config);

// The output after the first `steps_done` steps: computed cells hold their value, the rest 0.
// Cell (r, c) is done when r*out_w + c < steps_done.
Grid forward_partial_output(const ForwardModel& m, size_t steps_done);

// The input zero-padded on every side (padded_h x padded_w), for drawing ghost cells.
Grid padded_input(const ForwardModel& m);

// ---------------------------------------------------------------- taps and text
// One tap of a step's patch, in the kernel's row-major order.
struct ForwardTap {
  int64_t k_r = 0, k_c = 0;    // kernel tap
  int64_t in_r = 0, in_c = 0;  // input element (unpadded; outside [0,H) x [0,W) when on padding)
  bool on_padding = false;     // true: the tap reads a padding zero
  float x = 0, w = 0;          // x*w is the product (x = 0 on padding)
};
// All kH*kW taps of step `step` (0 <= step < steps.size()); computed on demand, not stored.
std::vector<ForwardTap> forward_taps(const ForwardModel& m, size_t step);

// Where input element (i, j) is used: every (output cell, kernel tap) pair that reads it (the
// hover footprint). Returned as Terms: in_r/in_c = the OUTPUT cell, k_r/k_c = the tap, x/w values.
std::vector<Term> forward_input_uses(const ForwardModel& m, int64_t i, int64_t j);

// The dot product written out over the taps that read the input (padding taps add 0 and are
// counted at the end):
//   symbolic "y[1,0] = x[0,0]*w[0,1] + x[1,0]*w[1,1] = 12 (3 taps on padding add 0)"
//   numeric  "= 1*2 + 4*1 = 12"
// A patch entirely on padding reads "y[0,0] = 0 (all 9 taps on padding)" / "= 0".
std::string forward_cell_sum_symbolic(const ForwardModel& m, int64_t r, int64_t c);
std::string forward_cell_sum_numeric(const ForwardModel& m, int64_t r, int64_t c);

// ---------------------------------------------------------------- paired view
// The forward convolution with (k, s, p, d) maps size N to M; the transposed convolution with the
// same parameters maps M back to N. Because of the floor, `stride` different sizes N map to the
// same M; output_padding picks which one the transposed convolution restores.
struct RoundTripSize {
  int64_t size = 0;            // a forward input size N' with conv_output_size(N') == M
  int64_t output_padding = 0;  // the output_padding that makes the transposed conv give N'
};
struct RoundTrip {
  // a copy of the transposed convolution's axis (a.in = M)
  AxisParams transposed;
  int64_t m = 0;                       // the transposed conv's input = the forward conv's output
  int64_t n = 0;                       // the transposed conv's output with the current output_padding
  std::vector<RoundTripSize> sizes;    // every N' >= 1 that the forward conv maps to M, ascending
  bool current_is_round_trip = false;  // n is among sizes (false when output_padding >= stride,
                                       // allowed by PyTorch when it is < dilation)
  std::string text;                    // the explanation in words, numbers substituted
};
// `transposed` is one axis of the transposed convolution; precondition: validate_axis() passes
// with output_padding 0 (a too large output_padding is explained in `text`, not refused).
// axis_name ("height"/"width") starts the text.
RoundTrip round_trip(const AxisParams& transposed, const char* axis_name);

// <C x, y> = <x, C^T y> with real numbers. C is the forward convolution (N-size -> M-size) with
// the kernel and p's stride/padding/dilation; C^T y is the transposed convolution of y with the
// same parameters and p.output_padding.
struct AdjointCheck {
  Grid cx;           // C x, M-size (the forward convolution of x)
  Grid cty;          // C^T y, N-size (the transposed convolution of y)
  double lhs = 0;    // <C x, y>
  double rhs = 0;    // <x, C^T y>
  std::string text;  // both inner products written out (long sums elided in the middle)
};
// x must have the forward conv's input size N and y its output size M, and the transposed conv of
// y (with p.output_padding) must give N again; otherwise an Error says which output_padding or
// size fits.
Result<AdjointCheck> adjoint_check(const Grid& x, const Grid& y, const Grid& kernel, const ConvTransposeParams& p);

// Everything the paired panel draws, from the transposed convolution's configuration
// (its input is the M-size grid y). x is the N-size grid for the forward side; an empty x
// (rows == 0) means the ramp 1, 2, 3, ... of the right size.
struct PairedView {
  RoundTrip h, w;                      // per axis: N -> M and the colliding sizes
  TeachingModel transposed;            // M -> N (the scatter)
  ForwardModel forward;                // N -> M' (the dot products), same kernel and parameters;
                                       // M' = M unless output_padding >= stride (see RoundTrip)
  std::optional<AdjointCheck> adjoint;  // with y = the transposed config's input, x as given
  std::string adjoint_unavailable;      // why adjoint is empty (the sizes do not round-trip)
};
Result<PairedView> build_paired_view(const TeachingConfig& transposed, const Grid& x);

}  // namespace tconv
