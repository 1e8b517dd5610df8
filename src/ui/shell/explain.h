#pragma once
// Words and numbers for the formula panel and the heat-map panel: the output-size formula per
// axis with its reasons, the "target size" helper, the words for the round trip through the
// forward convolution (why output_padding exists) and the overlap summary (edge effect, checkerboard).
// Pure functions of the parameters or of the teaching model; tested in tests/ui.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/forward.h"
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

// The round trip through the forward convolution (tconv::round_trip, core/forward.h) in the
// formula panel's words.
struct RoundTripExplanation {
  std::optional<RoundTrip> trip;   // empty while the axis is impossible apart from output_padding
  std::vector<std::string> lines;  // the explanation in words
};
RoundTripExplanation explain_round_trip(const AxisParams& a, const char* axis_name);

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
