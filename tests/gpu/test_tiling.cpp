// Tile planning for the GPU (gpu/tiling.h): pure arithmetic, no GL. Every output element is in
// exactly one tile, every tile fits the limits, and each tile's input window holds every input
// element its outputs read.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "gpu/tiling.h"

using namespace tconv;
using namespace tconv::gpu;

namespace {

// Checks the three properties above by brute force.
void check_plan(const Shape4& x, const Shape4& w, const ConvTransposeParams& p, const TileLimits& lim) {
  auto shape = conv_transpose_output_shape(x, w, -1, p);
  REQUIRE(shape.ok());
  const Shape4 y = shape.value();
  auto plan = plan_tiles(x, w, p, y, lim);
  REQUIRE(plan.ok());
  std::vector<int> covered(static_cast<size_t>(y.count()), 0);
  const int64_t L = lim.max_buffer_bytes / 4;
  for (const Tile& t : plan.value()) {
    CHECK(t.co_count * t.rows * t.cols <= L);
    CHECK(t.ci_count * t.in_rows * t.in_cols <= L);
    CHECK(t.ci_count * w.c * w.h * w.w <= L);
    CHECK((t.cols + lim.local[0] - 1) / lim.local[0] <= lim.max_groups[0]);
    CHECK((t.rows + lim.local[1] - 1) / lim.local[1] <= lim.max_groups[1]);
    CHECK(t.co_count <= lim.max_groups[2]);
    // Output channels lie in the input channels' groups.
    const int64_t cin_g = x.c / p.groups;
    CHECK(t.ci0 % cin_g == 0);
    CHECK(t.co0 / w.c >= t.ci0 / cin_g);
    CHECK((t.co0 + t.co_count - 1) / w.c < (t.ci0 + t.ci_count) / cin_g);
    for (int64_t c = t.co0; c < t.co0 + t.co_count; ++c)
      for (int64_t oh = t.oh0; oh < t.oh0 + t.rows; ++oh)
        for (int64_t ow = t.ow0; ow < t.ow0 + t.cols; ++ow) {
          ++covered[static_cast<size_t>(((t.n * y.c + c) * y.h + oh) * y.w + ow)];
          // Every input (ih, iw) that reaches (oh, ow) lies in the window.
          for (int64_t a = 0; a < w.h; ++a) {
            const int64_t nh = oh + p.padding.h - a * p.dilation.h;
            if (nh < 0 || nh % p.stride.h || nh / p.stride.h >= x.h) continue;
            const int64_t ih = nh / p.stride.h;
            CHECK((ih >= t.ih0 && ih < t.ih0 + t.in_rows));
            for (int64_t b = 0; b < w.w; ++b) {
              const int64_t nw = ow + p.padding.w - b * p.dilation.w;
              if (nw < 0 || nw % p.stride.w || nw / p.stride.w >= x.w) continue;
              const int64_t iw = nw / p.stride.w;
              CHECK((iw >= t.iw0 && iw < t.iw0 + t.in_cols));
            }
          }
        }
  }
  for (int v : covered) REQUIRE(v == 1);
}

}  // namespace

TEST_CASE("input_span: the input rows that a window of outputs reads", "[gpu][tiling]") {
  // stride 2, padding 1, kernel 4: output o reads i = (o + 1 - t)/2 for t = 0..3 (when exact).
  // Outputs 0..3 read inputs 0..2 (o=0: t=1 -> 0; o=3: t=0 -> 2); clipped to an input of 2 rows.
  CHECK(input_span(0, 4, 10, 4, 2, 1, 1).first == 0);
  CHECK(input_span(0, 4, 10, 4, 2, 1, 1).count == 3);
  CHECK(input_span(0, 4, 2, 4, 2, 1, 1).count == 2);
  // Outputs 6..7 read inputs 2..4.
  CHECK(input_span(6, 2, 10, 4, 2, 1, 1).first == 2);
  CHECK(input_span(6, 2, 10, 4, 2, 1, 1).count == 3);
  // Kernel 1, stride 3, no padding: output 1 reads nothing (the gap between placements).
  CHECK(input_span(1, 2, 10, 1, 3, 0, 1).count == 0);
}

TEST_CASE("plan_tiles: one tile when everything fits", "[gpu][tiling]") {
  TileLimits lim;
  lim.max_buffer_bytes = int64_t(1) << 27;
  lim.local[0] = 32;
  lim.local[1] = 8;
  ConvTransposeParams p;
  p.stride = {2, 2};
  p.padding = {1, 1};
  p.groups = 3;
  auto plan = plan_tiles(Shape4{1, 3, 64, 64}, Shape4{3, 1, 4, 4}, p, Shape4{1, 3, 128, 128}, lim);
  REQUIRE(plan.ok());
  CHECK(plan.value().size() == 1);
}

TEST_CASE("plan_tiles: tiles cover the output once and respect every limit", "[gpu][tiling]") {
  std::mt19937 rng(11);
  auto uni = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  int planned = 0;
  for (int iter = 0; iter < 150; ++iter) {
    ConvTransposeParams p;
    p.groups = uni(1, 3);
    p.stride = {uni(1, 3), uni(1, 3)};
    p.dilation = {uni(1, 2), uni(1, 2)};
    p.padding = {uni(0, 2), uni(0, 2)};
    const Shape4 x{uni(1, 2), p.groups * uni(1, 2), uni(1, 12), uni(1, 12)};
    const Shape4 w{x.c, uni(1, 4), uni(1, 4), uni(1, 4)};
    if (!conv_transpose_output_shape(x, w, -1, p).ok()) continue;
    TileLimits lim;
    // Small buffers and work-group counts, so that channels, rows and columns all get split.
    // The least that must fit: one group's weights, and the input window of one output cell.
    const int64_t weights = (x.c / p.groups) * w.c * w.h * w.w;
    const int64_t one_cell = (x.c / p.groups) * std::min(x.h, (w.h - 1) * p.dilation.h / p.stride.h + 1) *
                             std::min(x.w, (w.w - 1) * p.dilation.w / p.stride.w + 1);
    lim.max_buffer_bytes = 4 * (std::max(weights, one_cell) + uni(0, 200));
    lim.max_groups[0] = uni(1, 3);
    lim.max_groups[1] = uni(1, 3);
    lim.max_groups[2] = uni(1, 3);
    lim.local[0] = uni(1, 4);
    lim.local[1] = uni(1, 4);
    INFO("iteration " << iter);
    ++planned;
    check_plan(x, w, p, lim);
  }
  CHECK(planned > 100);
}

TEST_CASE("plan_tiles: weights larger than a buffer are an error that names the fix", "[gpu][tiling]") {
  TileLimits lim;
  lim.max_buffer_bytes = 1024;
  ConvTransposeParams p;
  auto plan = plan_tiles(Shape4{1, 64, 4, 4}, Shape4{64, 8, 3, 3}, p, Shape4{1, 8, 6, 6}, lim);
  REQUIRE_FALSE(plan.ok());
  CHECK_THAT(plan.error().message, Catch::Contains("--backend cpu"));
}

namespace {
ConvTransposeParams params_sp(int64_t stride, int64_t padding, int64_t dilation) {
  ConvTransposeParams p;
  p.stride = Pair{stride, stride};
  p.padding = Pair{padding, padding};
  p.dilation = Pair{dilation, dilation};
  return p;
}
// The output shape, as the callers compute it before the GPU runs.
Shape4 out_shape(const Shape4& x, const Shape4& w, const ConvTransposeParams& p) {
  auto s = conv_transpose_output_shape(x, w, -1, p);
  REQUIRE(s.ok());
  return s.value();
}
}  // namespace

TEST_CASE("check_shader_index_range: values past the shader's 32-bit arithmetic are refused by name", "[gpu][tiling]") {
  const Shape4 w3{1, 1, 3, 3};
  // The reported cases: stride and padding 2^30 on a 3x3 input (out 3x3 of zeros before), and
  // dilation and padding 2^31-1 on a 2x2 input with a 3x3 kernel (one cell right of four).
  ConvTransposeParams p = params_sp(int64_t(1) << 30, int64_t(1) << 30, 1);
  const Shape4 x3{1, 1, 3, 3};
  Shape4 y = out_shape(x3, w3, p);
  CHECK(y == Shape4{1, 1, 3, 3});
  auto st = check_shader_index_range(w3, p, y, 4);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("stride") && Catch::Contains("1073741824") &&
                                     Catch::Contains("--backend cpu"));
  p = params_sp(1, 2147483647, 2147483647);
  const Shape4 x2{1, 1, 2, 2};
  y = out_shape(x2, w3, p);
  CHECK(y == Shape4{1, 1, 2, 2});
  st = check_shader_index_range(w3, p, y, 4);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("dilation (height) 2147483647"));
  // Padding alone past 2^31 - 1 (stride 2^32 keeps the output small).
  p = params_sp(int64_t(1) << 32, int64_t(1) << 31, 1);
  y = out_shape(x2, w3, p);
  st = check_shader_index_range(w3, p, y, 4);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.error().message, Catch::Contains("padding (height) 2147483648"));
  // Stride 2^40 and 2^56 (gigabytes allocated before): refused before any size is computed.
  for (int e : {40, 56}) {
    p = params_sp(int64_t(1) << e, int64_t(1) << e, 1);
    y = out_shape(x3, w3, p);
    st = check_shader_index_range(w3, p, y, 4);
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("stride"));
  }
}

TEST_CASE("check_shader_index_range: ordinary and boundary parameters are accepted", "[gpu][tiling]") {
  const Shape4 w4{3, 1, 4, 4}, x{1, 3, 64, 48};
  ConvTransposeParams p = params_sp(2, 1, 1);
  p.groups = 3;
  CHECK(check_shader_index_range(w4, p, out_shape(x, w4, p), 4).ok());
  // Width: 257 x stride is the limiting term; the largest stride that fits passes, one more fails.
  const Shape4 w1{1, 1, 1, 1}, x1{1, 1, 1, 1};
  const int64_t s_max = (2147483647 - 1) / 257;
  p = params_sp(s_max, 0, 1);
  CHECK(check_shader_index_range(w1, p, out_shape(x1, w1, p), 4).ok());
  p = params_sp(s_max + 1, 0, 1);
  CHECK_FALSE(check_shader_index_range(w1, p, out_shape(x1, w1, p), 4).ok());
}
