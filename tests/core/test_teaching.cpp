// The teaching model: placements, overlap counts, per-cell terms and their text.
#include <catch2/catch.hpp>

#include <random>

#include "core/conv_transpose.h"
#include "core/teaching.h"
#include "golden.h"

using namespace tconv;

namespace {
TeachingConfig seed_config() {
  TeachingConfig c;
  c.input = Grid(3, 3);
  c.input.v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  c.kernel = Grid(3, 3, 1.0f);
  return c;
}
}  // namespace

TEST_CASE("seed example: 9 placements, 5x5 output, overlap counts 1-2-3-2-1 squared", "[teaching]") {
  auto r = build_teaching_model(seed_config());
  REQUIRE(r.ok());
  const TeachingModel& m = r.value();
  CHECK(m.out_h == 5);
  CHECK(m.out_w == 5);
  REQUIRE(m.steps.size() == 9);
  // Row-major order over the input; tap (0,0) of input (i,j) at (i, j) since stride 1, padding 0.
  CHECK(m.steps[5].in_r == 1);
  CHECK(m.steps[5].in_c == 2);
  CHECK(m.steps[5].value == 6);
  CHECK(m.steps[5].top == 1);
  CHECK(m.steps[5].left == 2);
  CHECK(m.steps[5].kept_taps == 9);
  const std::vector<int> expected = {1, 2, 3, 2, 1,
                                     2, 4, 6, 4, 2,
                                     3, 6, 9, 6, 3,
                                     2, 4, 6, 4, 2,
                                     1, 2, 3, 2, 1};
  CHECK(m.overlap == expected);
  CHECK(overlap_profile(AxisParams{3, 3, 1, 0, 1, 0}) == std::vector<int>{1, 2, 3, 2, 1});
  CHECK(m.output.v == std::vector<float>{1, 3, 6, 5, 3, 5, 12, 21, 16, 9, 12, 27, 45, 33, 18, 11, 24, 39, 28, 15,
                                         7, 15, 24, 17, 9});
}

TEST_CASE("cell sums are written out term by term", "[teaching]") {
  TeachingConfig c = seed_config();
  c.kernel.v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const TeachingModel m = build_teaching_model(c).value();
  // y[0,1] gets x[0,0]*w[0,1] and x[0,1]*w[0,0]: 1*2 + 2*1 = 4.
  CHECK(cell_sum_symbolic(m, 0, 1) == "y[0,1] = x[0,0]*w[0,1] + x[0,1]*w[0,0] = 4");
  CHECK(cell_sum_numeric(m, 0, 1) == "= 1*2 + 2*1 = 4");
  CHECK(cell_sum_symbolic(m, 0, 0) == "y[0,0] = x[0,0]*w[0,0] = 1");
  CHECK(m.terms_at(2, 2).size() == 9);

  // Stride 3, kernel 2: the gap cell is reached by nobody; negatives are bracketed.
  TeachingConfig g;
  g.input = Grid(1, 2);
  g.input.v = {1, -2};
  g.kernel = Grid(1, 2);
  g.kernel.v = {1, 10};
  g.params.stride = {1, 3};
  const TeachingModel mg = build_teaching_model(g).value();
  CHECK(cell_sum_symbolic(mg, 0, 2) == "y[0,2] = 0 (no placement reaches it)");
  CHECK(cell_sum_numeric(mg, 0, 3) == "= (-2)*1 = -2");
  CHECK(mg.overlap == std::vector<int>{1, 1, 0, 1, 1});
}

TEST_CASE("padding crops placements: kept taps and the uncropped canvas", "[teaching]") {
  TeachingConfig c = seed_config();
  c.params.padding = {1, 1};
  const TeachingModel m = build_teaching_model(c).value();
  CHECK(m.out_h == 3);
  CHECK(m.full_h == 5);  // the canvas before cropping
  CHECK(m.steps[0].top == -1);
  CHECK(m.steps[0].left == -1);
  CHECK(m.steps[0].kept_taps == 4);  // the other 5 taps fall on the cropped ring
  CHECK(m.steps[4].kept_taps == 9);
  CHECK(m.overlap == std::vector<int>{4, 6, 4, 6, 9, 6, 4, 6, 4});
}

TEST_CASE("stride 2 with kernel 3 gives an uneven (checkerboard) overlap pattern", "[teaching]") {
  // k = 3 is not divisible by s = 2: interior counts alternate 2, 1, 2, 1 per axis.
  CHECK(overlap_profile(AxisParams{4, 3, 2, 0, 1, 0}) == std::vector<int>{1, 1, 2, 1, 2, 1, 2, 1, 1});
  // k = 4, s = 2 (DCGAN): uniform 2 in the interior, 1 at the edges.
  CHECK(overlap_profile(AxisParams{4, 4, 2, 1, 1, 0}) == std::vector<int>{1, 2, 2, 2, 2, 2, 2, 1});
}

TEST_CASE("partial output grows step by step to the full result", "[teaching]") {
  const TeachingModel m = build_teaching_model(seed_config()).value();
  const Grid none = partial_output(m, 0);
  CHECK(none.v == std::vector<float>(25, 0.0f));
  const Grid one = partial_output(m, 1);  // x[0,0] = 1 times the ones kernel in the top-left 3x3
  CHECK(one.at(2, 2) == 1);
  CHECK(one.at(3, 3) == 0);
  CHECK(partial_output(m, m.steps.size()).v == m.output.v);
  CHECK(partial_output(m, 1000).v == m.output.v);
}

TEST_CASE("the teaching model equals the scatter reference on random configurations", "[teaching][property]") {
  std::mt19937 rng(7);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int tested = 0;
  for (int iter = 0; iter < 200; ++iter) {
    TeachingConfig c;
    c.input = Grid(uni(1, 6), uni(1, 6));
    c.kernel = Grid(uni(1, 4), uni(1, 4));
    for (float& v : c.input.v) v = static_cast<float>(uni(-5, 5));
    for (float& v : c.kernel.v) v = static_cast<float>(uni(-3, 3));
    c.params.stride = {uni(1, 3), uni(1, 3)};
    c.params.dilation = {uni(1, 2), uni(1, 2)};
    c.params.padding = {uni(0, 2), uni(0, 2)};
    c.params.output_padding = {uni(0, static_cast<int>(std::max(c.params.stride.h, c.params.dilation.h)) - 1),
                               uni(0, static_cast<int>(std::max(c.params.stride.w, c.params.dilation.w)) - 1)};
    auto r = build_teaching_model(c);
    if (!r.ok()) continue;
    ++tested;
    const TeachingModel& m = r.value();
    Tensor4 x(Shape4{1, 1, c.input.rows, c.input.cols});
    x.data = c.input.v;
    Tensor4 w(Shape4{1, 1, c.kernel.rows, c.kernel.cols});
    w.data = c.kernel.v;
    const Tensor4 y = conv_transpose2d_scatter(x, w, {}, c.params);
    CHECK(m.output.v == y.data);  // small integers: exact
    // Overlap counts: the outer product of the 1-D profiles; terms per cell match the counts.
    const auto ph = overlap_profile(AxisParams{c.input.rows, c.kernel.rows, c.params.stride.h, c.params.padding.h,
                                               c.params.dilation.h, c.params.output_padding.h});
    const auto pw = overlap_profile(AxisParams{c.input.cols, c.kernel.cols, c.params.stride.w, c.params.padding.w,
                                               c.params.dilation.w, c.params.output_padding.w});
    for (int64_t r2 = 0; r2 < m.out_h; ++r2)
      for (int64_t c2 = 0; c2 < m.out_w; ++c2) {
        CHECK(m.overlap_at(r2, c2) == ph[static_cast<size_t>(r2)] * pw[static_cast<size_t>(c2)]);
        CHECK(m.terms_at(r2, c2).size() == static_cast<size_t>(m.overlap_at(r2, c2)));
      }
  }
  CHECK(tested > 100);
}

TEST_CASE("impossible teaching configurations come back as explained errors", "[teaching]") {
  TeachingConfig c = seed_config();
  c.params.padding = {3, 0};
  auto r = build_teaching_model(c);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("output height would be") && Catch::Contains("Reduce padding"));
}

TEST_CASE("format_number is compact", "[teaching]") {
  CHECK(format_number(6) == "6");
  CHECK(format_number(0.75f) == "0.75");
  CHECK(format_number(-1.5f) == "-1.5");
  CHECK(format_number(-0.0f) == "0");
  CHECK(format_number(1.0f / 3) == "0.3333");
  CHECK(format_number(123456) == "1.23e+05");
}
