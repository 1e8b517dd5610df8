// The three reference formulations: hand-worked cases, PyTorch's numbers, and agreement on random
// configurations. Tolerances are stated where used.
//
// Sections: hand-worked cases | PyTorch golden vectors | random agreement
#include <catch2/catch.hpp>

#include <random>

#include "core/conv_transpose.h"
#include "cases.h"
#include "golden.h"

using namespace tconv;

// ---------------------------------------------------------------- hand-worked cases
using test::params;
using test::plane;

TEST_CASE("every formulation gives the hand-worked outputs exactly", "[hand]") {
  // The cases and their worked-out values are in cases.h, shared with the fast and GPU suites.
  // Small integers: exact in float32 whatever the order of summation, so the check is equality.
  for (const test::Case& c : test::hand_cases()) {
    INFO(test::describe(c));
    for (auto* f : {&conv_transpose2d_scatter, &conv_transpose2d_direct, &conv_transpose2d_matrix}) {
      const Tensor4 y = (*f)(c.x, c.w, c.bias, c.p);
      CHECK(y.shape == c.shape);
      CHECK(y.data == c.y);
    }
  }
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
  // C^T [1, 1] = [1, 3, 2]: the hand case "the matrix view" checks that every formulation gives it.
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
  test::RandomShape shape;
  shape.max_side = 6;
  shape.max_cin_per_group = 2;
  shape.max_cout_per_group = 2;
  for (int iter = 0; iter < 300; ++iter) {
    const test::Case c = test::random_case(rng, shape);
    INFO("iteration " << iter << ": " << test::describe(c));
    const Tensor4 ys = conv_transpose2d_scatter(c.x, c.w, c.bias, c.p);
    const Tensor4 yd = conv_transpose2d_direct(c.x, c.w, c.bias, c.p);
    const Tensor4 ym = conv_transpose2d_matrix(c.x, c.w, c.bias, c.p);
    // Same products summed in different orders: 1e-5 absolute + 1e-5 relative.
    CHECK(test::first_mismatch(yd.data, ys.data, 1e-5, 1e-5) == -1);
    CHECK(test::first_mismatch(ym.data, ys.data, 1e-5, 1e-5) == -1);
  }
}

TEST_CASE("scatter, direct and matrix agree on the benchmark shapes", "[property]") {
  std::mt19937 rng(12);
  for (const test::Case& c : test::benchmark_cases(rng)) {
    INFO(test::describe(c));
    const Tensor4 ys = conv_transpose2d_scatter(c.x, c.w, c.bias, c.p);
    // Same products summed in different orders: 1e-5 absolute + 1e-5 relative.
    CHECK(test::first_mismatch(conv_transpose2d_direct(c.x, c.w, c.bias, c.p).data, ys.data, 1e-5, 1e-5) == -1);
  }
}
