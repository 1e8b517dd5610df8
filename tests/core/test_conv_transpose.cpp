// The three reference formulations: hand-worked cases, PyTorch's numbers, and agreement on random
// configurations. Tolerances are stated where used.
//
// Sections: helpers | hand-worked cases | PyTorch golden vectors | random agreement
#include <catch2/catch.hpp>

#include <random>

#include "core/conv_transpose.h"
#include "golden.h"

using namespace tconv;

// ---------------------------------------------------------------- helpers
namespace {

Tensor4 plane(int64_t h, int64_t w, std::vector<float> v) {
  Tensor4 t(Shape4{1, 1, h, w});
  REQUIRE(v.size() == t.data.size());
  t.data = std::move(v);
  return t;
}

ConvTransposeParams params(Pair s, Pair p = {0, 0}, Pair a = {0, 0}, Pair d = {1, 1}, int64_t g = 1) {
  ConvTransposeParams q;
  q.stride = s;
  q.padding = p;
  q.output_padding = a;
  q.dilation = d;
  q.groups = g;
  return q;
}

// Runs every formulation on one problem and checks they all give `expected` exactly
// (small integers: exact in float32 whatever the order of summation).
void check_all(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, const ConvTransposeParams& p,
               Shape4 shape, const std::vector<float>& expected) {
  const Tensor4 ys = conv_transpose2d_scatter(x, w, bias, p);
  const Tensor4 yd = conv_transpose2d_direct(x, w, bias, p);
  const Tensor4 ym = conv_transpose2d_matrix(x, w, bias, p);
  CHECK(ys.shape == shape);
  CHECK(ys.data == expected);
  CHECK(yd.shape == shape);
  CHECK(yd.data == expected);
  CHECK(ym.shape == shape);
  CHECK(ym.data == expected);
}

}  // namespace

// ---------------------------------------------------------------- hand-worked cases
TEST_CASE("seed example: 3x3 input, 3x3 ones kernel, stride 1 -> 5x5", "[hand]") {
  // Each output cell is the sum of the input elements whose kernel placement covers it.
  const Tensor4 x = plane(3, 3, {1, 2, 3,
                                 4, 5, 6,
                                 7, 8, 9});
  const Tensor4 w = plane(3, 3, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  check_all(x, w, {}, params({1, 1}), Shape4{1, 1, 5, 5},
            { 1,  3,  6,  5,  3,
              5, 12, 21, 16,  9,
             12, 27, 45, 33, 18,
             11, 24, 39, 28, 15,
              7, 15, 24, 17,  9});
}

TEST_CASE("stride 2, 2x2 kernel of ones: nearest-neighbour upsampling", "[hand]") {
  check_all(plane(2, 2, {1, 2, 3, 4}), plane(2, 2, {1, 1, 1, 1}), {}, params({2, 2}), Shape4{1, 1, 4, 4},
            {1, 1, 2, 2,
             1, 1, 2, 2,
             3, 3, 4, 4,
             3, 3, 4, 4});
}

TEST_CASE("stride 2, 3x3 kernel: placements overlap on every other row and column", "[hand]") {
  // out = (2-1)*2 + 3 = 5. Input (0,0) covers rows/cols 0..2, (0,1) cols 2..4, (1,0) rows 2..4.
  check_all(plane(2, 2, {1, 2, 3, 4}), plane(3, 3, {1, 1, 1, 1, 1, 1, 1, 1, 1}), {}, params({2, 2}),
            Shape4{1, 1, 5, 5},
            {1, 1,  3, 2, 2,
             1, 1,  3, 2, 2,
             4, 4, 10, 6, 6,
             3, 3,  7, 4, 4,
             3, 3,  7, 4, 4});
}

TEST_CASE("stride 3 with a 2-wide kernel leaves gaps (zeros) between placements", "[hand]") {
  // out = (2-1)*3 + 2 = 5: x0 lands on 0,1; x1 on 3,4; cell 2 gets nothing.
  check_all(plane(1, 2, {1, 2}), plane(1, 2, {1, 10}), {}, params({1, 3}), Shape4{1, 1, 1, 5}, {1, 10, 0, 2, 20});
}

TEST_CASE("padding crops the output: the seed example with padding 1 keeps the middle 3x3", "[hand]") {
  const Tensor4 x = plane(3, 3, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const Tensor4 w = plane(3, 3, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  check_all(x, w, {}, params({1, 1}, {1, 1}), Shape4{1, 1, 3, 3},
            {12, 21, 16,
             27, 45, 33,
             24, 39, 28});
}

TEST_CASE("output_padding adds cells at the bottom/right, which may stay zero", "[hand]") {
  // stride 3, k 2: [1, 10, 0, 2, 20] plus one more column -> 6 wide.
  check_all(plane(1, 2, {1, 2}), plane(1, 2, {1, 10}), {}, params({1, 3}, {0, 0}, {0, 1}), Shape4{1, 1, 1, 6},
            {1, 10, 0, 2, 20, 0});
  // stride 2, k 3, padding 1, output_padding 1: full canvas [1,1,3,2,2,0] cropped by 1 at the left
  // only; output_padding puts back the cell at the right: out = 1*2 - 2 + 2 + 1 + 1 = 4.
  check_all(plane(1, 2, {1, 2}), plane(1, 3, {1, 1, 1}), {}, params({1, 2}, {0, 1}, {0, 1}), Shape4{1, 1, 1, 4},
            {1, 3, 2, 2});
}

TEST_CASE("dilation 2 spreads the kernel taps apart", "[hand]") {
  // x0 -> cells 0 and 2; x1 -> cells 1 and 3.
  check_all(plane(1, 2, {1, 2}), plane(1, 2, {1, 10}), {}, params({1, 1}, {0, 0}, {0, 0}, {1, 2}), Shape4{1, 1, 1, 4},
            {1, 2, 10, 20});
}

TEST_CASE("channels, groups and bias", "[hand]") {
  // groups 2: channel 0 only feeds output 0, channel 1 only output 1.
  Tensor4 x(Shape4{1, 2, 1, 1});
  x.data = {1, 2};
  Tensor4 w(Shape4{2, 1, 1, 1});
  w.data = {3, 4};
  check_all(x, w, {10, 20}, params({1, 1}, {0, 0}, {0, 0}, {1, 1}, 2), Shape4{1, 2, 1, 1}, {13, 28});
  // groups 1: y[co] = sum_ci x[ci] * w[ci, co] + b[co]; w is (Cin=2, Cout=2, 1, 1).
  Tensor4 w2(Shape4{2, 2, 1, 1});
  w2.data = {1, 2,   // ci = 0 -> co 0, 1
             3, 4};  // ci = 1 -> co 0, 1
  check_all(x, w2, {0.5f, -1}, params({1, 1}), Shape4{1, 2, 1, 1}, {1 * 1 + 2 * 3 + 0.5f, 1 * 2 + 2 * 4 - 1});
}

TEST_CASE("the equivalent direct convolution: zero insertion, padding d(k-1)-p and the flip", "[hand]") {
  // 1-D: x = [1, 2], s = 2, k = 3, p = 0 -> zeros inserted [1, 0, 2] padded by 2 on each side.
  const Tensor4 z = zero_insert_and_pad(plane(1, 2, {1, 2}), Shape4{1, 1, 1, 3}, params({1, 2}));
  CHECK(z.shape == Shape4{1, 1, 1, 7});
  CHECK(z.data == std::vector<float>{0, 0, 1, 0, 2, 0, 0});
  // padding larger than d(k-1) crops the zero-inserted input instead.
  const Tensor4 zc = zero_insert_and_pad(plane(1, 3, {1, 2, 3}), Shape4{1, 1, 1, 2}, params({1, 1}, {0, 2}));
  CHECK(zc.data == std::vector<float>{2});
  // The flip: kernel rotated by 180 degrees.
  const Tensor4 f = flip_kernel(plane(2, 2, {1, 2, 3, 4}), 1);
  CHECK(f.data == std::vector<float>{4, 3, 2, 1});
}

TEST_CASE("the matrix view: C is the forward convolution, y = C^T x", "[hand]") {
  // Forward conv of a length-3 signal with kernel [1, 2] gives length 2: C is 2 x 3.
  const DenseMatrix C = forward_conv_matrix(1, 2, 1, 3, {1, 2}, 1, 2, params({1, 1}));
  REQUIRE(C.rows == 2);
  REQUIRE(C.cols == 3);
  CHECK(C.v == std::vector<float>{1, 2, 0,
                                  0, 1, 2});
  // C^T [1, 1] = [1, 3, 2], the scatter result.
  check_all(plane(1, 2, {1, 1}), plane(1, 2, {1, 2}), {}, params({1, 1}), Shape4{1, 1, 1, 3}, {1, 3, 2});
}

// ---------------------------------------------------------------- PyTorch golden vectors
TEST_CASE("every formulation equals PyTorch's conv_transpose2d on the golden vectors", "[golden]") {
  const auto cases = test::load_golden(std::string(TCONV_TEST_DATA_DIR) + "/golden_conv_transpose.txt");
  REQUIRE(cases.size() > 60);
  int accepted = 0, rejected = 0;
  for (const auto& c : cases) {
    INFO("golden case " << c.name);
    auto shape = conv_transpose_output_shape(c.x.shape, c.w.shape, c.bias_len, c.p);
    if (c.rejected) {
      ++rejected;
      INFO("PyTorch said: " << c.error);
      CHECK_FALSE(shape.ok());
      continue;
    }
    ++accepted;
    REQUIRE(shape.ok());
    REQUIRE(shape.value() == c.y.shape);
    // float32 accumulation vs PyTorch's float64 reference: 1e-5 absolute + 1e-5 relative.
    for (auto* f : {&conv_transpose2d_scatter, &conv_transpose2d_direct, &conv_transpose2d_matrix}) {
      const Tensor4 y = (*f)(c.x, c.w, c.bias, c.p);
      const long bad = test::first_mismatch(y.data, c.y.data, 1e-5, 1e-5);
      INFO("first mismatch at " << bad << (bad >= 0 ? ": got " + std::to_string(y.data[static_cast<size_t>(bad)]) +
                                                          " want " + std::to_string(c.y.data[static_cast<size_t>(bad)])
                                                    : std::string()));
      CHECK(bad == -1);
    }
  }
  CHECK(accepted >= 60);
  CHECK(rejected >= 4);
}

// ---------------------------------------------------------------- random agreement
TEST_CASE("scatter, direct and matrix agree on random configurations", "[property]") {
  std::mt19937 rng(20261125);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::uniform_real_distribution<float> val(-1, 1);
  int tested = 0;
  for (int iter = 0; iter < 400; ++iter) {
    ConvTransposeParams p;
    p.groups = uni(1, 3);
    const int64_t cin = p.groups * uni(1, 2), coutg = uni(1, 2);
    p.stride = {uni(1, 4), uni(1, 4)};
    p.dilation = {uni(1, 3), uni(1, 3)};
    p.padding = {uni(0, 3), uni(0, 3)};
    p.output_padding = {uni(0, static_cast<int>(std::max(p.stride.h, p.dilation.h)) - 1),
                        uni(0, static_cast<int>(std::max(p.stride.w, p.dilation.w)) - 1)};
    Tensor4 x(Shape4{uni(1, 2), cin, uni(1, 6), uni(1, 6)});
    Tensor4 w(Shape4{cin, coutg, uni(1, 5), uni(1, 5)});
    std::vector<float> bias;
    if (uni(0, 1)) bias.resize(static_cast<size_t>(coutg * p.groups));
    for (auto* v : {&x.data, &w.data, &bias})
      for (float& e : *v) e = val(rng);
    if (!conv_transpose_output_shape(x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p).ok())
      continue;
    ++tested;
    const Tensor4 ys = conv_transpose2d_scatter(x, w, bias, p);
    const Tensor4 yd = conv_transpose2d_direct(x, w, bias, p);
    const Tensor4 ym = conv_transpose2d_matrix(x, w, bias, p);
    INFO("iteration " << iter);
    // Same products summed in different orders: 1e-5 absolute + 1e-5 relative.
    CHECK(test::first_mismatch(yd.data, ys.data, 1e-5, 1e-5) == -1);
    CHECK(test::first_mismatch(ym.data, ys.data, 1e-5, 1e-5) == -1);
  }
  CHECK(tested > 200);
}
