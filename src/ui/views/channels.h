#pragma once
// The channels view's data, window-free: a transposed convolution with several input and output
// channels, groups and a bias, stepped one (output plane, input channel, input pixel) at a time,
// as a real layer (DCGAN's ConvTranspose2d(512, 256, 4, 2, 1)) computes it with small counts.
//   x: (1, Cin, H, W), w: (Cin, Cout/groups, kH, kW) as in PyTorch, bias: Cout floats.
//   Input channel c belongs to group c / (Cin/groups); it feeds output planes
//   o = group*(Cout/groups) + j, j = 0..Cout/groups-1, through kernel w[c, j].
// Steps, output plane by output plane: every pixel of every input channel of the plane's group
// scales its kernel onto the plane (the sum over input channels), then the bias is added last.
#include <cstdint>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/tensor.h"
#include "core/teaching.h"

namespace tconv::ui {

constexpr int64_t kMaxViewChannels = 4;

// What the control panel edits for the channels view.
struct ChannelSettings {
  int64_t in_channels = 2;   // Cin, 1..4
  int64_t out_channels = 2;  // Cout, 1..4
  int64_t groups = 1;        // divides Cin and Cout
  bool bias = true;          // add a bias per output plane (last step of each plane)
};

// Says what is wrong and how to fix it (counts out of 1..4, not divisible by groups).
Status validate_channels(int64_t in_channels, int64_t out_channels, int64_t groups);

struct ChannelStep {
  bool bias = false;   // the bias step of plane `out` (in, r, c unused)
  int64_t out = 0;     // output plane o
  int64_t in = 0;      // input channel c
  int64_t r = 0, c = 0;  // input pixel (r, c) of channel `in`
  int64_t k = 0;       // column of w: w[in, k] is the kernel (k = o mod Cout/groups)
};

struct ChannelsData {
  // settings (copied in)
  ChannelSettings settings;
  ConvTransposeParams params;  // groups = settings.groups
  // read-only results
  Tensor4 x;                 // (1, Cin, H, W): channel 0 is the editor's input, the others derived
  Tensor4 w;                 // (Cin, Cout/groups, kH, kW): w[0,0] is the editor's kernel
  std::vector<float> bias;   // Cout floats (empty when settings.bias is off)
  Tensor4 y;                 // the reference result, (1, Cout, Hout, Wout)
  std::vector<ChannelStep> steps;
  std::string problem;       // non-empty: nothing above is valid, this says why
  bool ok() const { return problem.empty(); }

  int64_t per_group_in() const { return settings.in_channels / settings.groups; }
  int64_t per_group_out() const { return settings.out_channels / settings.groups; }
  int64_t group_of_in(int64_t c) const { return c / per_group_in(); }
  int64_t group_of_out(int64_t o) const { return o / per_group_out(); }
};

// Channel values from the editor's one-channel grids: x[c] = input + c, w[c,k] = the kernel for
// (0,0) and small integers -1..2 (fixed generator) for the others, bias 1, -1, 2, -2.
ChannelsData build_channels_data(const Grid& input, const Grid& kernel, const ConvTransposeParams& params,
                                 const ChannelSettings& settings);

// The output after the first `steps_done` steps (0..steps.size()): shape of y.
Tensor4 channels_partial_output(const ChannelsData& d, size_t steps_done);

// "Step 12 of 38: x[1][0,2] = 3 scales w[1,0] onto output plane y[0] (input channel 2 of 2)".
std::string channels_step_caption(const ChannelsData& d, size_t step);

// PyTorch code with the real channel counts, groups, weights and bias.
std::string channels_pytorch_snippet(const ChannelsData& d);

}  // namespace tconv::ui
