#pragma once
// The one table of conv_transpose2d problems that every implementation is checked on (the
// reference formulations, the fast CPU path, the GPU), as ggml's test-backend-ops runs each
// backend over one list of cases:
//   hand_cases()       small problems worked out by hand, with their exact outputs written in full
//   random_case()      a random valid problem covering every parameter
//   benchmark_cases()  the shapes the benchmark times (decoder layer, depthwise RGB upsampling, ...), small
// Each suite compares against the reference with the tolerance written in that suite.
#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/conv_transpose.h"

namespace tconv::test {

struct Case {
  std::string name;
  Tensor4 x, w;              // x (N, Cin, H, W); w (Cin, Cout/groups, kH, kW)
  std::vector<float> bias;   // empty = none
  ConvTransposeParams p;
  Shape4 shape{};            // hand cases: the output shape ...
  std::vector<float> y;      // ... and every output value, row-major (empty for generated cases)
};

inline Tensor4 plane(int64_t h, int64_t w, std::vector<float> v) {
  Tensor4 t(Shape4{1, 1, h, w});
  t.data = std::move(v);
  return t;
}

inline Tensor4 tensor(Shape4 s, std::vector<float> v) {
  Tensor4 t(s);
  t.data = std::move(v);
  return t;
}

inline ConvTransposeParams params(Pair s, Pair p = {0, 0}, Pair a = {0, 0}, Pair d = {1, 1}, int64_t g = 1) {
  ConvTransposeParams q;
  q.stride = s;
  q.padding = p;
  q.output_padding = a;
  q.dilation = d;
  q.groups = g;
  return q;
}

inline std::string describe(const Case& c) {
  std::ostringstream s;
  const ConvTransposeParams& p = c.p;
  s << c.name << ": x (" << c.x.shape.n << "," << c.x.shape.c << "," << c.x.shape.h << "," << c.x.shape.w << ") w ("
    << c.w.shape.n << "," << c.w.shape.c << "," << c.w.shape.h << "," << c.w.shape.w << ") bias " << c.bias.size()
    << " stride " << p.stride.h << "," << p.stride.w << " padding " << p.padding.h << "," << p.padding.w
    << " output_padding " << p.output_padding.h << "," << p.output_padding.w << " dilation " << p.dilation.h << ","
    << p.dilation.w << " groups " << p.groups;
  return s.str();
}

// ---------------------------------------------------------------- hand-worked cases
// Small integers (and halves): exact in float32 whatever the order of summation, so every
// implementation must give these values exactly.
inline std::vector<Case> hand_cases() {
  const Tensor4 ramp3 = plane(3, 3, {1, 2, 3,
                                     4, 5, 6,
                                     7, 8, 9});
  const Tensor4 ones3 = plane(3, 3, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  std::vector<Case> v;
  // Each output cell is the sum of the input elements whose kernel placement covers it.
  v.push_back({"seed example: 3x3 input, 3x3 ones kernel, stride 1 -> 5x5", ramp3, ones3, {}, params({1, 1}),
               Shape4{1, 1, 5, 5},
               { 1,  3,  6,  5,  3,
                 5, 12, 21, 16,  9,
                12, 27, 45, 33, 18,
                11, 24, 39, 28, 15,
                 7, 15, 24, 17,  9}});
  v.push_back({"stride 2, 2x2 kernel of ones: nearest-neighbour upsampling", plane(2, 2, {1, 2, 3, 4}),
               plane(2, 2, {1, 1, 1, 1}), {}, params({2, 2}), Shape4{1, 1, 4, 4},
               {1, 1, 2, 2,
                1, 1, 2, 2,
                3, 3, 4, 4,
                3, 3, 4, 4}});
  // out = (2-1)*2 + 3 = 5. Input (0,0) covers rows/cols 0..2, (0,1) cols 2..4, (1,0) rows 2..4.
  v.push_back({"stride 2, 3x3 kernel: placements overlap on every other row and column", plane(2, 2, {1, 2, 3, 4}),
               ones3, {}, params({2, 2}), Shape4{1, 1, 5, 5},
               {1, 1,  3, 2, 2,
                1, 1,  3, 2, 2,
                4, 4, 10, 6, 6,
                3, 3,  7, 4, 4,
                3, 3,  7, 4, 4}});
  // out = (2-1)*3 + 2 = 5: x0 lands on 0,1; x1 on 3,4; cell 2 gets nothing.
  v.push_back({"stride 3 with a 2-wide kernel leaves gaps (zeros) between placements", plane(1, 2, {1, 2}),
               plane(1, 2, {1, 10}), {}, params({1, 3}), Shape4{1, 1, 1, 5}, {1, 10, 0, 2, 20}});
  v.push_back({"padding crops the output: the seed example with padding 1 keeps the middle 3x3", ramp3, ones3, {},
               params({1, 1}, {1, 1}), Shape4{1, 1, 3, 3},
               {12, 21, 16,
                27, 45, 33,
                24, 39, 28}});
  // stride 3, k 2: [1, 10, 0, 2, 20] plus one more column -> 6 wide.
  v.push_back({"output_padding adds a cell at the right, which stays zero", plane(1, 2, {1, 2}), plane(1, 2, {1, 10}),
               {}, params({1, 3}, {0, 0}, {0, 1}), Shape4{1, 1, 1, 6}, {1, 10, 0, 2, 20, 0}});
  // stride 2, k 3, padding 1, output_padding 1: full canvas [1,1,3,2,2,0] cropped by 1 at the left
  // only; output_padding puts back the cell at the right: out = 1*2 - 2 + 2 + 1 + 1 = 4.
  v.push_back({"padding with output_padding: cropped at the left only", plane(1, 2, {1, 2}), plane(1, 3, {1, 1, 1}),
               {}, params({1, 2}, {0, 1}, {0, 1}), Shape4{1, 1, 1, 4}, {1, 3, 2, 2}});
  // x0 -> cells 0 and 2; x1 -> cells 1 and 3.
  v.push_back({"dilation 2 spreads the kernel taps apart", plane(1, 2, {1, 2}), plane(1, 2, {1, 10}), {},
               params({1, 1}, {0, 0}, {0, 0}, {1, 2}), Shape4{1, 1, 1, 4}, {1, 2, 10, 20}});
  // groups 2: channel 0 only feeds output 0, channel 1 only output 1.
  v.push_back({"groups 2 and bias", tensor(Shape4{1, 2, 1, 1}, {1, 2}), tensor(Shape4{2, 1, 1, 1}, {3, 4}), {10, 20},
               params({1, 1}, {0, 0}, {0, 0}, {1, 1}, 2), Shape4{1, 2, 1, 1}, {13, 28}});
  // groups 1: y[co] = sum_ci x[ci] * w[ci, co] + b[co]; w is (Cin=2, Cout=2, 1, 1):
  // ci = 0 -> co 0, 1 weights 1, 2; ci = 1 -> weights 3, 4.
  v.push_back({"two channels in, two out, bias", tensor(Shape4{1, 2, 1, 1}, {1, 2}),
               tensor(Shape4{2, 2, 1, 1}, {1, 2, 3, 4}), {0.5f, -1}, params({1, 1}), Shape4{1, 2, 1, 1},
               {1 * 1 + 2 * 3 + 0.5f, 1 * 2 + 2 * 4 - 1}});
  // C is the forward convolution of a length-3 signal with [1, 2] (2 x 3); C^T [1, 1] = [1, 3, 2].
  v.push_back({"the matrix view: C^T [1, 1] with C from the kernel [1, 2]", plane(1, 2, {1, 1}), plane(1, 2, {1, 2}),
               {}, params({1, 1}), Shape4{1, 1, 1, 3}, {1, 3, 2}});
  // 2x2 input, 3x3 kernel 1..9, stride 2, padding 1, output_padding 1, bias 0.5 -> 4x4.
  // Output (o) takes tap t from input i where o = 2i - 1 + t. Even o: t = 1 (i = o/2);
  // odd o: t = 0 (i = (o+1)/2) and t = 2 (i = (o-1)/2). Row 0: o_h = 0 -> i_h = 0, t_h = 1.
  //   (0,0): x00*w11 = 1*5 = 5;  (0,1): x00*w12 + x01*w10 = 6 + 2*4 = 14;  (0,2): x01*w11 = 10;
  //   (0,3): x01*w12 = 12 (i_w = 2 is outside).  Plus 0.5 everywhere. Row 1 (odd): t_h = 0 from
  //   i_h = 1 and t_h = 2 from i_h = 0, e.g. (1,0) = x10*w01 + x00*w21 = 3*2 + 1*8 = 14.
  //   (The other rows were checked with PyTorch 1.13.)
  v.push_back({"stride 2, padding 1, output_padding 1, bias: phases with different tap counts",
               plane(2, 2, {1, 2, 3, 4}), ramp3, {0.5f}, params({2, 2}, {1, 1}, {1, 1}), Shape4{1, 1, 4, 4},
               { 5.5f, 14.5f, 10.5f, 12.5f,
                14.5f, 36.5f, 24.5f, 30.5f,
                15.5f, 34.5f, 20.5f, 24.5f,
                24.5f, 55.5f, 32.5f, 36.5f}});
  return v;
}

// ---------------------------------------------------------------- random cases
struct RandomShape {
  int max_side = 9;            // input rows and columns 1..max_side (1 in 8 cases: 1x1)
  int max_cin_per_group = 3;   // input channels per group 1..this (groups 1..3)
  int max_cout_per_group = 4;  // output channels per group 1..this
  bool wide_and_deep = false;  // also 40..150 columns (full vector chunks) and 5..10 output
                               // channels per group (every register block of the fast path)
};

// A random valid problem covering every parameter: channels, groups, batch 1..2, bias or none,
// stride 1..4, padding 0..3, output_padding below stride or dilation, dilation 1..3, kernel 1..5.
// Values uniform in [-1, 1].
inline Case random_case(std::mt19937& rng, const RandomShape& shape = {}) {
  auto uni = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  std::uniform_real_distribution<float> val(-1, 1);
  for (;;) {
    Case c;
    c.name = "random";
    c.p.groups = uni(1, 3);
    const int64_t cin = c.p.groups * uni(1, shape.max_cin_per_group);
    const int64_t coutg = shape.wide_and_deep && uni(0, 3) == 0 ? uni(5, 10) : uni(1, shape.max_cout_per_group);
    c.p.stride = {uni(1, 4), uni(1, 4)};
    c.p.dilation = {uni(1, 3), uni(1, 3)};
    c.p.padding = {uni(0, 3), uni(0, 3)};
    c.p.output_padding = {uni(0, static_cast<int>(std::max(c.p.stride.h, c.p.dilation.h)) - 1),
                          uni(0, static_cast<int>(std::max(c.p.stride.w, c.p.dilation.w)) - 1)};
    const bool one = uni(0, 7) == 0;
    const bool wide = shape.wide_and_deep && uni(0, 4) == 0;
    const int64_t H = one ? 1 : uni(1, shape.max_side);
    const int64_t W = one ? 1 : wide ? uni(40, 150) : uni(1, shape.max_side);
    c.x = Tensor4(Shape4{uni(1, 2), cin, H, W});
    c.w = Tensor4(Shape4{cin, coutg, uni(1, 5), uni(1, 5)});
    if (uni(0, 1)) c.bias.resize(static_cast<size_t>(coutg * c.p.groups));
    for (auto* v : {&c.x.data, &c.w.data, &c.bias})
      for (float& e : *v) e = val(rng);
    if (conv_transpose_output_shape(c.x.shape, c.w.shape, c.bias.empty() ? -1 : static_cast<int64_t>(c.bias.size()), c.p)
            .ok())
      return c;
  }
}

// ---------------------------------------------------------------- benchmark shapes
// The problems tests/gpu/bench_backends times, full size (values are random).
struct BenchmarkShape {
  const char* name;
  Shape4 x, w;
  int64_t stride, padding, groups;
};
inline std::vector<BenchmarkShape> benchmark_shapes() {
  return {
      {"image", {1, 3, 2048, 2048}, {3, 1, 4, 4}, 2, 1, 3},          // depthwise RGB upsampling
      {"decoder", {1, 64, 256, 256}, {64, 32, 4, 4}, 2, 1, 1},       // a decoder layer
      {"seed-large", {1, 1, 4096, 4096}, {1, 1, 3, 3}, 1, 0, 1},     // the seed example, large
  };
}

// The same kinds of problem at test sizes (odd widths, so vector tails are used), plus a
// strided-and-dilated one. Values uniform in [-1, 1].
inline std::vector<Case> benchmark_cases(std::mt19937& rng) {
  std::uniform_real_distribution<float> val(-1, 1);
  auto filled = [&](Shape4 s) {
    Tensor4 t(s);
    for (float& e : t.data) e = val(rng);
    return t;
  };
  std::vector<Case> v;
  {
    Case c{"decoder-like: 16 -> 11 channels, 4x4 kernel, stride 2, padding 1, odd width, bias",
           filled(Shape4{2, 16, 9, 77}), filled(Shape4{16, 11, 4, 4}), std::vector<float>(11), params({2, 2}, {1, 1}), {}, {}};
    for (float& b : c.bias) b = val(rng);
    v.push_back(c);
  }
  v.push_back({"depthwise RGB: groups 3, weight (3,1,4,4), stride 2, padding 1", filled(Shape4{1, 3, 21, 133}),
               filled(Shape4{3, 1, 4, 4}), {}, params({2, 2}, {1, 1}, {0, 0}, {1, 1}, 3), {}, {}});
  v.push_back({"stride 1, 3x3 kernel, one channel", filled(Shape4{1, 1, 17, 200}), filled(Shape4{1, 1, 3, 3}), {},
               params({1, 1}), {}, {}});
  v.push_back({"stride 3 with dilation 2, output_padding 2, 8 output channels", filled(Shape4{1, 5, 6, 70}),
               filled(Shape4{5, 8, 3, 4}), {}, params({3, 3}, {2, 1}, {2, 1}, {2, 2}), {}, {}});
  return v;
}

// The scatter on |x|, |w| and |bias|: per output cell, the sum of the absolute values of the
// terms, the scale that summation-order tolerances are relative to.
inline Tensor4 term_magnitude(const Case& c) {
  Tensor4 ax = c.x, aw = c.w;
  std::vector<float> ab = c.bias;
  for (auto* v : {&ax.data, &aw.data, &ab})
    for (float& e : *v) e = std::abs(e);
  return conv_transpose2d_scatter(ax, aw, ab, c.p);
}

}  // namespace tconv::test
