#pragma once
// Words and numbers for the formula panel and the heat-map panel: the output-size formula per
// axis with its reasons, the "target size" helper, the round trip through the forward
// convolution (why output_padding exists) and the overlap summary (edge effect, checkerboard).
// Pure functions of the parameters or of the teaching model; tested in tests/ui.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/teaching.h"

namespace tconv::ui {

// axis_name: "height" or "width"; rows or columns are named accordingly.
struct AxisExplanation {
  int64_t out = 0;                    // conv_transpose_output_size (may be < 1)
  std::string general;                // "out = (in - 1) x s - 2 x p + d x (k - 1) + op + 1"
  std::string substituted;            // "(3 - 1) x 1 - 2 x 0 + 1 x (3 - 1) + 0 + 1 = 5"
  std::vector<std::string> why;       // plain-words reasons, one per line
  std::optional<std::string> problem; // why the axis is impossible and how to fix it
};
AxisExplanation explain_axis(const AxisParams& a, const char* axis_name);

// Target size: the (padding, output_padding) pairs that give `target` with in, k, s, d fixed.
struct TargetSolution {
  int64_t padding = 0, output_padding = 0;
};
struct TargetHelp {
  std::vector<TargetSolution> solutions;  // smallest padding first
  std::string note;                       // what to do when there is none, or a short summary
};
TargetHelp solve_target_size(const AxisParams& a, int64_t target);

// Forward convolution output size, PyTorch conv2d: floor((n + 2p - d(k-1) - 1)/s) + 1;
// returns 0 when the input is too small for the kernel.
int64_t forward_conv_output_size(int64_t n, int64_t kernel, int64_t stride, int64_t padding,
                                 int64_t dilation);

// Round trip: the forward convolution with the same k, s, p, d maps several sizes n to our
// input size; output_padding = n - (output with output_padding 0) picks which one we restore.
struct RoundTripEntry {
  int64_t n = 0;               // a forward-convolution input size
  int64_t forward_out = 0;     // what the forward convolution makes of it (== a.in here)
  int64_t output_padding = 0;  // the output_padding that restores n
  bool allowed = false;        // output_padding < stride or < dilation
  bool current = false;        // the current output_padding
};
struct RoundTrip {
  std::vector<RoundTripEntry> entries;
  std::vector<std::string> lines;  // the explanation in words
};
RoundTrip round_trip(const AxisParams& a, const char* axis_name);

// For each phase r in [0, stride): how many kernel taps t have t*dilation = r (mod stride).
// Equal counts <=> the interior overlap is uniform (no checkerboard along that axis).
std::vector<int64_t> taps_per_phase(int64_t kernel, int64_t stride, int64_t dilation);

struct OverlapSummary {
  int min = 0, max = 0;            // over the kept output
  bool edge_effect = false;        // border cells get fewer overlaps than the interior maximum
  bool uneven_h = false, uneven_w = false;  // checkerboard along rows / columns
  std::vector<int> profile_h, profile_w;    // 1-D profiles; the map is their outer product
  std::vector<std::string> lines;  // plain words
};
OverlapSummary explain_overlap(const TeachingModel& m);

}  // namespace tconv::ui
