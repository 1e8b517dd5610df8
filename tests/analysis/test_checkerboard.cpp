// Overlap patterns and upsampling comparisons: hand-worked counts, the core claim the UI makes
// (transposed k3 s2 prints a period-2 pattern on a flat image; resize-convolution does not),
// and agreement with the core's reference scatter.
// Sections: overlap patterns (hand-worked, tiled, stacked, random vs scatter, errors) |
// upsampling (core claim, stacked, FCN bilinear = resize, stride 1, sizes, channels, errors) |
// differences
#include <catch2/catch.hpp>

#include <random>

#include "analysis/checkerboard.h"
#include "analysis/resize.h"
#include "core/conv_transpose.h"
#include "core/kernels.h"

using namespace tconv;
using namespace tconv::analysis;

namespace {

ConvTransposeParams params(int64_t s, int64_t p, int64_t op = 0, int64_t d = 1) {
  ConvTransposeParams q;
  q.stride = {s, s};
  q.padding = {p, p};
  q.output_padding = {op, op};
  q.dilation = {d, d};
  return q;
}

Kernel2D ones(int64_t h, int64_t w) { return Kernel2D{h, w, std::vector<float>(size_t(h * w), 1.0f)}; }

Tensor4 random_image(Shape4 s, std::mt19937& rng) {
  std::uniform_real_distribution<float> d(0.0f, 1.0f);
  Tensor4 t(s);
  for (float& v : t.data) v = d(rng);
  return t;
}

// Counts by brute force: the reference scatter of an all-ones image with an all-ones kernel.
Tensor4 scatter_counts(int64_t in_h, int64_t in_w, Pair k, const ConvTransposeParams& p, int layers) {
  Tensor4 x(Shape4{1, 1, in_h, in_w}, 1.0f);
  const Tensor4 w(Shape4{1, 1, k.h, k.w}, 1.0f);
  for (int l = 0; l < layers; ++l) x = conv_transpose2d_scatter(x, w, {}, p);
  return x;
}

}  // namespace

TEST_CASE("overlap pattern k3 s2 p0 on a 3x3 input, worked by hand", "[checkerboard]") {
  // 1-D: input i covers 2i .. 2i+2 of the 7 output cells -> counts 1 1 2 1 2 1 1.
  // 2-D: outer product.
  const auto r = overlap_pattern(3, 3, Pair{3, 3}, params(2, 0));
  REQUIRE(r.ok());
  const OverlapPattern& o = r.value();
  REQUIRE(o.counts.rows == 7);
  REQUIRE(o.counts.cols == 7);
  const float p[7] = {1, 1, 2, 1, 2, 1, 1};
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 7; ++j) REQUIRE(o.counts.at(i, j) == p[i] * p[j]);
  CHECK(o.min_count == 1);
  CHECK(o.max_count == 4);
  CHECK(o.normalized.at(2, 2) == 1.0f);
  CHECK(o.normalized.at(2, 3) == 0.5f);
  CHECK(o.normalized.at(0, 0) == 0.25f);
  // Interior (endless image): even positions get taps 0 and 2, odd ones tap 1 -> {2, 1} per axis.
  CHECK(o.interior_min == 1);
  CHECK(o.interior_max == 4);
  CHECK(o.period_h == 2);
  CHECK_FALSE(o.uniform_interior());
}

TEST_CASE("overlap pattern tiled: the interior period without the edge effect", "[checkerboard]") {
  const auto r = overlap_pattern_tiled(3, 3, Pair{3, 3}, params(2, 0));
  REQUIRE(r.ok());
  const float p[7] = {2, 1, 2, 1, 2, 1, 2};
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 7; ++j) REQUIRE(r.value().counts.at(i, j) == p[i] * p[j]);
  // With padding 1 the same cells shift by one: kept cell 0 is uncropped cell 1 (odd).
  const auto q = overlap_pattern_tiled(3, 3, Pair{3, 3}, params(2, 1));
  REQUIRE(q.ok());
  CHECK(q.value().counts.at(0, 0) == 1);
  CHECK(q.value().counts.at(1, 1) == 4);
}

TEST_CASE("k4 s2 p1 (DCGAN): uniform interior, darker edges", "[checkerboard]") {
  const auto r = overlap_pattern(8, 8, Pair{4, 4}, params(2, 1));
  REQUIRE(r.ok());
  CHECK(r.value().uniform_interior());
  CHECK(r.value().interior_min == 4);
  CHECK(r.value().min_count == 1);  // corners: one placement per axis
  CHECK(r.value().counts.at(5, 6) == 4);
}

TEST_CASE("stacked k3 s2: the pattern compounds to period 4", "[checkerboard]") {
  // 1-D interior of one layer: 2 1 2 1 ...; the second layer adds it through taps 0,1,2 at
  // stride 2: q even -> 2 + 1 = 3, q = 1 mod 4 -> 2, q = 3 mod 4 -> 1: period 4 (3 2 3 1).
  const auto r = stacked_overlap_pattern(12, 12, Pair{3, 3}, params(2, 0), true);
  REQUIRE(r.ok());
  const OverlapPattern& o = r.value();
  CHECK(o.period_h == 4);
  CHECK(o.interior_min == 1);
  CHECK(o.interior_max == 9);
  const float p[4] = {3, 2, 3, 1};
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) REQUIRE(o.counts.at(i, j) == p[i % 4] * p[j % 4]);
}

TEST_CASE("overlap patterns equal the reference scatter of ones (random configurations)", "[checkerboard]") {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int64_t> in(1, 9), k(1, 5), s(1, 4), d(1, 3), p(0, 3);
  int checked = 0;
  for (int trial = 0; trial < 200 && checked < 60; ++trial) {
    ConvTransposeParams q;
    q.stride = {s(rng), s(rng)};
    q.dilation = {d(rng), d(rng)};
    q.padding = {p(rng), p(rng)};
    q.output_padding = {std::uniform_int_distribution<int64_t>(0, std::max(q.stride.h, q.dilation.h) - 1)(rng),
                        std::uniform_int_distribution<int64_t>(0, std::max(q.stride.w, q.dilation.w) - 1)(rng)};
    const int64_t ih = in(rng), iw = in(rng);
    const Pair kk{k(rng), k(rng)};
    const int layers = 1 + trial % 2;
    const auto r = layers == 1 ? overlap_pattern(ih, iw, kk, q) : stacked_overlap_pattern(ih, iw, kk, q);
    if (!r.ok()) continue;  // impossible parameters (output < 1) are refused, like the core
    ++checked;
    const Tensor4 ref = scatter_counts(ih, iw, kk, q, layers);
    INFO("trial " << trial << " layers " << layers);
    REQUIRE(r.value().counts.rows == ref.shape.h);
    REQUIRE(r.value().counts.cols == ref.shape.w);
    for (size_t i = 0; i < ref.data.size(); ++i) REQUIRE(r.value().counts.v[i] == ref.data[i]);
  }
  CHECK(checked >= 40);
}

TEST_CASE("tiled patterns equal the full ones far from the borders (random configurations)", "[checkerboard]") {
  std::mt19937 rng(12);
  std::uniform_int_distribution<int64_t> k(1, 5), s(1, 4), d(1, 3), p(0, 3);
  for (int trial = 0; trial < 40; ++trial) {
    ConvTransposeParams q;
    q.stride = {s(rng), s(rng)};
    q.dilation = {d(rng), d(rng)};
    q.padding = {p(rng), p(rng)};
    const Pair kk{k(rng), k(rng)};
    const int layers = 1 + trial % 2;
    // Borders reach about d(k-1) cells into one layer's output and d(k-1)(s+1) into two layers'.
    const int64_t in_h = 24 + 4 * q.dilation.h * kk.h, in_w = 24 + 4 * q.dilation.w * kk.w;
    const auto full = layers == 1 ? overlap_pattern(in_h, in_w, kk, q) : stacked_overlap_pattern(in_h, in_w, kk, q);
    const auto tiled = layers == 1 ? overlap_pattern_tiled(in_h, in_w, kk, q) : stacked_overlap_pattern(in_h, in_w, kk, q, true);
    REQUIRE(full.ok());
    REQUIRE(tiled.ok());
    const Grid& f = full.value().counts;
    const Grid& t = tiled.value().counts;
    REQUIRE(f.rows == t.rows);
    REQUIRE(f.cols == t.cols);
    const int64_t mh = q.dilation.h * kk.h * (q.stride.h + 1) + 2, mw = q.dilation.w * kk.w * (q.stride.w + 1) + 2;
    INFO("trial " << trial << ": k " << kk.h << "x" << kk.w << " s " << q.stride.h << "," << q.stride.w << " d "
                  << q.dilation.h << "," << q.dilation.w << " p " << q.padding.h << "," << q.padding.w << " out "
                  << f.rows << "x" << f.cols);
    float lo = 1e30f, hi = 0;
    for (int64_t i = mh; i < f.rows - mh; ++i)
      for (int64_t j = mw; j < f.cols - mw; ++j) {
        REQUIRE(f.at(i, j) == t.at(i, j));
        lo = std::min(lo, f.at(i, j));
        hi = std::max(hi, f.at(i, j));
      }
    CHECK(full.value().interior_min == lo);
    CHECK(full.value().interior_max == hi);
  }
}

TEST_CASE("overlap pattern errors explain the fix", "[checkerboard]") {
  const auto r = overlap_pattern(2, 2, Pair{3, 3}, params(1, 5));
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("Reduce padding"));
  const auto big = overlap_pattern(40000, 40000, Pair{4, 4}, params(2, 1));
  REQUIRE_FALSE(big.ok());
  CHECK_THAT(big.error().message, Catch::Contains("smaller image"));
}

TEST_CASE("core claim: transposed k3 s2 prints a period-2 pattern on a flat image", "[checkerboard]") {
  const Tensor4 flat(Shape4{1, 1, 16, 16}, 0.5f);
  UpsampleSettings s{ones(3, 3), params(2, 1), /*unit_gain=*/false};
  const auto r = upsample(flat, UpsampleMethod::transposed, s);
  REQUIRE(r.ok());
  const Tensor4& y = r.value();
  REQUIRE(y.shape == (Shape4{1, 1, 31, 31}));  // (16-1)*2 - 2 + 3 = 31
  // Kept cell o is uncropped cell o+1: odd o gets taps 0 and 2 (count 2), even o tap 1 (count 1).
  for (int64_t i = 2; i < 29; ++i)
    for (int64_t j = 2; j < 29; ++j) {
      const float expected = 0.5f * float((i % 2 ? 2 : 1) * (j % 2 ? 2 : 1));
      REQUIRE(y.at(0, 0, i, j) == expected);
      REQUIRE(y.at(0, 0, i, j) == y.at(0, 0, i + 2, j));  // period 2 ...
      REQUIRE(y.at(0, 0, i, j) == y.at(0, 0, i, j + 2));
    }
  CHECK(y.at(0, 0, 5, 5) != y.at(0, 0, 5, 6));  // ... and not flat
  // unit gain divides by sum/(s*s) = 9/4: counts 4, 2, 1 become 16/9, 8/9, 4/9 of the level.
  s.unit_gain = true;
  const Tensor4 u = upsample(flat, UpsampleMethod::transposed, s).value();
  CHECK(u.at(0, 0, 5, 5) == Approx(0.5f * 16.0f / 9.0f));
  CHECK(u.at(0, 0, 6, 6) == Approx(0.5f * 4.0f / 9.0f));
}

TEST_CASE("core claim: resize-convolution of a flat image is flat in the interior", "[checkerboard]") {
  const Tensor4 flat(Shape4{1, 3, 16, 16}, 0.5f);
  for (auto m : {UpsampleMethod::nearest_then_conv, UpsampleMethod::bilinear_then_conv, UpsampleMethod::bilinear}) {
    for (bool unit_gain : {true, false}) {
      const UpsampleSettings s{ones(3, 3), params(2, 1), unit_gain};
      const auto r = upsample(flat, m, s);
      REQUIRE(r.ok());
      const Tensor4& y = r.value();
      REQUIRE(y.shape == (Shape4{1, 3, 31, 31}));
      // Same mean gain as the transposed convolution: sum(K)/(s*s) = 9/4, or 1 with unit gain.
      const float level = unit_gain ? 0.5f : 0.5f * 9.0f / 4.0f;
      INFO(upsample_method_name(m) << " unit_gain " << unit_gain);
      for (int64_t c = 0; c < 3; ++c)
        for (int64_t i = 1; i < 30; ++i)  // one cell from the border: the 3x3 kernel's zero padding
          for (int64_t j = 1; j < 30; ++j) REQUIRE(y.at(0, c, i, j) == Approx(m == UpsampleMethod::bilinear ? 0.5f : level));
    }
  }
}

TEST_CASE("stacked transposed k3 s2 on a flat image has period 4", "[checkerboard]") {
  const Tensor4 flat(Shape4{1, 1, 12, 12}, 1.0f);
  const UpsampleSettings s{ones(3, 3), params(2, 0), false};
  const auto r = upsample_stacked(flat, UpsampleMethod::transposed, s);
  REQUIRE(r.ok());
  const Tensor4& y = r.value();
  REQUIRE(y.shape.h == (((12 - 1) * 2 + 3) - 1) * 2 + 3);
  const float p[4] = {3, 2, 3, 1};  // see "stacked k3 s2" above
  for (int64_t i = 8; i < 40; ++i)
    for (int64_t j = 8; j < 40; ++j) REQUIRE(y.at(0, 0, i, j) == p[i % 4] * p[j % 4]);
}

TEST_CASE("the FCN bilinear kernel's transposed convolution equals bilinear resizing in the interior", "[checkerboard]") {
  // Long et al., "Fully Convolutional Networks" (the FCN upsampling layer): k = 2s - s%2 with padding ceil((s-1)/2) gives exactly s times the input and
  // bilinear interpolation with half-pixel centres away from the borders.
  std::mt19937 rng(3);
  for (int64_t stride : {2, 3, 4}) {
    const Tensor4 x = random_image(Shape4{1, 2, 7, 9}, rng);
    UpsampleSettings s{bilinear_kernel(stride), params(stride, bilinear_padding(stride)), false};
    const Tensor4 t = upsample(x, UpsampleMethod::transposed, s).value();
    const Tensor4 b = upsample(x, UpsampleMethod::bilinear, s).value();
    REQUIRE(t.shape == (Shape4{1, 2, 7 * stride, 9 * stride}));
    REQUIRE(b.shape == t.shape);
    // ... and it is PyTorch's F.interpolate(scale_factor=s, mode='bilinear', align_corners=False).
    const Tensor4 torch_like = resize_bilinear(x, 7 * stride, 9 * stride);
    for (size_t i = 0; i < b.data.size(); ++i) REQUIRE(b.data[i] == Approx(torch_like.data[i]).margin(1e-6));
    INFO("stride " << stride);
    for (int64_t c = 0; c < 2; ++c)
      for (int64_t i = stride; i < t.shape.h - stride; ++i)
        for (int64_t j = stride; j < t.shape.w - stride; ++j)
          REQUIRE(t.at(0, c, i, j) == Approx(b.at(0, c, i, j)).margin(1e-5));
  }
}

TEST_CASE("at stride 1 resize-convolution is the transposed convolution", "[checkerboard]") {
  std::mt19937 rng(8);
  const Tensor4 x = random_image(Shape4{1, 3, 6, 5}, rng);
  const Kernel2D k{3, 3, {1, -2, 0.5f, 3, 1, 0, -1, 2, 4}};
  const UpsampleSettings s{k, params(1, 1), false};
  const Tensor4 t = upsample(x, UpsampleMethod::transposed, s).value();
  for (auto m : {UpsampleMethod::nearest_then_conv, UpsampleMethod::bilinear_then_conv}) {
    const Tensor4 r = upsample(x, m, s).value();
    REQUIRE(r.shape == t.shape);
    for (size_t i = 0; i < t.data.size(); ++i) REQUIRE(r.data[i] == Approx(t.data[i]).margin(1e-5));
  }
}

TEST_CASE("every method gives the transposed convolution's output size", "[checkerboard]") {
  const Tensor4 x(Shape4{1, 3, 10, 7}, 0.25f);
  const ConvTransposeParams cases[] = {params(2, 1), params(2, 0, 1), params(3, 2, 2, 2), params(1, 0), params(4, 1, 3)};
  for (const auto& p : cases)
    for (auto k : {ones(3, 3), ones(4, 2), ones(1, 5)}) {
      const UpsampleSettings s{k, p};
      const auto shape = upsample_output_shape(x.shape, s);
      REQUIRE(shape.ok());
      for (auto m : {UpsampleMethod::transposed, UpsampleMethod::nearest_then_conv, UpsampleMethod::bilinear_then_conv,
                     UpsampleMethod::bilinear}) {
        const auto r = upsample(x, m, s);
        REQUIRE(r.ok());
        REQUIRE(r.value().shape == shape.value());
      }
    }
}

TEST_CASE("transposed upsampling treats channels separately with the same kernel", "[checkerboard]") {
  std::mt19937 rng(4);
  const Tensor4 x = random_image(Shape4{1, 3, 5, 6}, rng);
  const Kernel2D k{3, 2, {1, 2, 3, 4, 5, 6}};
  const ConvTransposeParams p = params(2, 1, 1);
  const Tensor4 y = upsample(x, UpsampleMethod::transposed, UpsampleSettings{k, p, false}).value();
  for (int64_t c = 0; c < 3; ++c) {
    Tensor4 xc(Shape4{1, 1, 5, 6});
    std::copy(x.data.begin() + c * 30, x.data.begin() + (c + 1) * 30, xc.data.begin());
    Tensor4 w(Shape4{1, 1, 3, 2});
    w.data = k.v;
    const Tensor4 yc = conv_transpose2d_scatter(xc, w, {}, p);
    REQUIRE(yc.shape.h == y.shape.h);
    REQUIRE(yc.shape.w == y.shape.w);
    for (int64_t i = 0; i < y.shape.h; ++i)
      for (int64_t j = 0; j < y.shape.w; ++j) REQUIRE(y.at(0, c, i, j) == Approx(yc.at(0, 0, i, j)).margin(1e-5));
  }
}

TEST_CASE("upsampling errors", "[checkerboard]") {
  const Tensor4 x(Shape4{1, 1, 4, 4}, 1.0f);
  const auto bad_pad = upsample(x, UpsampleMethod::bilinear, UpsampleSettings{ones(3, 3), params(1, 4)});
  REQUIRE_FALSE(bad_pad.ok());
  CHECK_THAT(bad_pad.error().message, Catch::Contains("padding"));
  const auto bad_kernel = upsample(x, UpsampleMethod::transposed, UpsampleSettings{Kernel2D{2, 2, {1, 2, 3}}, params(2, 0)});
  REQUIRE_FALSE(bad_kernel.ok());
  CHECK_THAT(bad_kernel.error().message, Catch::Contains("kH*kW"));
  const auto empty = upsample(Tensor4(Shape4{1, 0, 4, 4}), UpsampleMethod::transposed, UpsampleSettings{ones(3, 3), params(2, 0)});
  REQUIRE_FALSE(empty.ok());
}

TEST_CASE("difference: values, max |diff|, rms and the diverging scale", "[checkerboard]") {
  Tensor4 a(Shape4{1, 1, 1, 4}), b(Shape4{1, 1, 1, 4});
  a.data = {1, 2, 3, 4};
  b.data = {1, 4, 2, 4};
  const auto d = difference(a, b);
  REQUIRE(d.ok());
  CHECK(d.value().diff.data == std::vector<float>{0, -2, 1, 0});
  CHECK(d.value().max_abs == 2.0f);
  CHECK(d.value().rms == Approx(std::sqrt(5.0 / 4.0)));
  CHECK(diverging_position(-2, 2) == 0.0f);
  CHECK(diverging_position(0, 2) == 0.5f);
  CHECK(diverging_position(1, 2) == 0.75f);
  CHECK(diverging_position(3, 0) == 0.5f);
  const auto mismatch = difference(a, Tensor4(Shape4{1, 1, 2, 2}));
  REQUIRE_FALSE(mismatch.ok());
  CHECK_THAT(mismatch.error().message, Catch::Contains("(1, 1, 1, 4)"));
}

TEST_CASE("channel_mean averages the channels of one image", "[checkerboard]") {
  Tensor4 x(Shape4{2, 2, 1, 2});
  x.data = {1, 2, 3, 6, /* image 1 */ 10, 10, 20, 20};
  const Grid g0 = channel_mean(x, 0), g1 = channel_mean(x, 1);
  CHECK(g0.v == std::vector<float>{2, 4});
  CHECK(g1.v == std::vector<float>{15, 15});
}
