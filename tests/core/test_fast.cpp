// The fast CPU path (core/fast.h) against the reference scatter and PyTorch's numbers, for every
// parameter, every instruction-set variant this CPU can run, and 1..4 threads.
//
// Tolerance (random cases): the same products summed in a different order. Each order is within
// (K-1)*u*S of the exact sum (u = 2^-24, K = products per output cell plus the bias, S = the sum
// of their absolute values), so |fast - scatter| <= 2*K*u*S. S is computed per cell by running the
// scatter on |x|, |w| and |bias|.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "core/conv_transpose.h"
#include "core/fast.h"
#include "cases.h"
#include "golden.h"

using namespace tconv;

namespace {

// Every level this CPU can run (the others fall back and would test nothing new).
std::vector<SimdLevel> runnable_levels() {
  std::vector<SimdLevel> levels{SimdLevel::baseline};
  if (static_cast<int>(best_simd_level()) >= static_cast<int>(SimdLevel::avx2)) levels.push_back(SimdLevel::avx2);
  if (best_simd_level() == SimdLevel::avx512) levels.push_back(SimdLevel::avx512);
  return levels;
}

// Runs the fast path into an output pre-filled with NaN (so a cell it never writes, or one it
// adds to instead of writing, shows up) and returns it.
Tensor4 run_fast(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, const ConvTransposeParams& p,
                 int threads, SimdLevel level) {
  auto shape = conv_transpose_output_shape(x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p);
  REQUIRE(shape.ok());
  Tensor4 y(shape.value(), std::numeric_limits<float>::quiet_NaN());
  conv_transpose2d_fast_into(x, w, bias, p, y, threads, level);
  return y;
}

// Checks fast == scatter within the bound stated at the top, for every level and 1..4 threads;
// and that the thread count does not change a single bit (each cell is computed the same way
// whichever thread computes it).
void check_against_scatter(const test::Case& c) {
  INFO(test::describe(c));
  const Tensor4& x = c.x;
  const Tensor4& w = c.w;
  const std::vector<float>& bias = c.bias;
  const ConvTransposeParams& p = c.p;
  const Tensor4 ref = conv_transpose2d_scatter(x, w, bias, p);
  const Tensor4 mag = test::term_magnitude(c);
  const double K = static_cast<double>(x.shape.c / p.groups * w.shape.h * w.shape.w + 1);
  const double u = std::ldexp(1.0, -24);
  for (SimdLevel level : runnable_levels()) {
    INFO("simd " << simd_level_name(level));
    Tensor4 first;
    for (int threads = 1; threads <= 4; ++threads) {
      INFO("threads " << threads);
      const Tensor4 y = run_fast(x, w, bias, p, threads, level);
      REQUIRE(y.shape == ref.shape);
      long bad = -1;
      for (size_t i = 0; i < y.data.size() && bad < 0; ++i) {
        const double tol = 2.0 * K * u * mag.data[i];
        if (!(std::abs(static_cast<double>(y.data[i]) - ref.data[i]) <= tol)) bad = static_cast<long>(i);
      }
      INFO("first mismatch at flat index " << bad << (bad >= 0 ? ": fast " + std::to_string(y.data[static_cast<size_t>(bad)]) +
                                                                     " scatter " + std::to_string(ref.data[static_cast<size_t>(bad)])
                                                               : std::string()));
      CHECK(bad == -1);
      if (threads == 1) first = y;
      else CHECK(y.data == first.data);
    }
  }
}

}  // namespace

TEST_CASE("fast path gives the hand-worked outputs exactly", "[fast][hand]") {
  // The cases and their worked-out values are in cases.h (shared with the reference and GPU
  // suites). Small integers and halves: exact whatever the order of summation.
  for (const test::Case& c : test::hand_cases()) {
    INFO(test::describe(c));
    for (SimdLevel level : runnable_levels()) {
      INFO("simd " << simd_level_name(level));
      for (int threads : {1, 2}) {
        const Tensor4 y = run_fast(c.x, c.w, c.bias, c.p, threads, level);
        CHECK(y.shape == c.shape);
        CHECK(y.data == c.y);
      }
    }
  }
}

TEST_CASE("fast path equals PyTorch's conv_transpose2d on the golden vectors", "[fast][golden]") {
  const auto cases = test::load_golden(std::string(TCONV_TEST_DATA_DIR) + "/golden_conv_transpose.txt");
  int accepted = 0;
  for (const auto& c : cases) {
    if (c.rejected) continue;
    ++accepted;
    INFO("golden case " << c.name);
    for (SimdLevel level : runnable_levels()) {
      INFO("simd " << simd_level_name(level));
      const Tensor4 y = run_fast(c.x, c.w, c.bias, c.p, 2, level);
      REQUIRE(y.shape == c.y.shape);
      // float32 accumulation vs PyTorch's float64 reference: 1e-5 absolute + 1e-5 relative.
      CHECK(test::first_mismatch(y.data, c.y.data, 1e-5, 1e-5) == -1);
    }
  }
  CHECK(accepted >= 60);
}

TEST_CASE("fast path equals the scatter on random configurations", "[fast][property]") {
  std::mt19937 rng(4);
  test::RandomShape shape;
  shape.wide_and_deep = true;  // every register block (1, 2, 4, 8 channels) and full vector chunks
  int tested = 0, with_k_below_s = 0, dilated_strided = 0, with_output_padding = 0, grouped = 0, batched = 0,
      biased = 0, one_by_one = 0, wide = 0, many_channels = 0;
  for (int iter = 0; iter < 250; ++iter) {
    const test::Case c = test::random_case(rng, shape);
    const ConvTransposeParams& p = c.p;
    ++tested;
    with_k_below_s += c.w.shape.h < p.stride.h || c.w.shape.w < p.stride.w;
    dilated_strided += (p.dilation.h > 1 && p.stride.h > 1) || (p.dilation.w > 1 && p.stride.w > 1);
    with_output_padding += p.output_padding.h > 0 || p.output_padding.w > 0;
    grouped += p.groups > 1;
    batched += c.x.shape.n > 1;
    biased += !c.bias.empty();
    one_by_one += c.x.shape.h == 1 && c.x.shape.w == 1;
    wide += c.x.shape.w >= 40;
    many_channels += c.w.shape.c >= 5;
    INFO("iteration " << iter);
    check_against_scatter(c);
  }
  // The generator really produced every kind of case.
  CHECK(tested > 200);
  CHECK(with_k_below_s > 20);
  CHECK(dilated_strided > 20);
  CHECK(with_output_padding > 20);
  CHECK(grouped > 20);
  CHECK(batched > 20);
  CHECK(biased > 20);
  CHECK(one_by_one > 10);
  CHECK(wide > 20);
  CHECK(many_channels > 20);
}

TEST_CASE("fast path on channel-heavy and image-like problems (the benchmark shapes, small)", "[fast][property]") {
  std::mt19937 rng(7);
  for (const test::Case& c : test::benchmark_cases(rng)) check_against_scatter(c);
}

TEST_CASE("fast path: conv_transpose2d_fast allocates the validated shape", "[fast]") {
  Tensor4 x(Shape4{1, 2, 3, 4}, 1.0f), w(Shape4{2, 3, 2, 2}, 0.5f);
  ConvTransposeParams p;
  p.stride = {2, 3};
  const Tensor4 y = conv_transpose2d_fast(x, w, {}, p);
  CHECK(y.shape == Shape4{1, 3, 6, 11});
  CHECK(y.data == conv_transpose2d_scatter(x, w, {}, p).data);
}

TEST_CASE("fast path: instruction-set levels", "[fast]") {
  CHECK(std::string(simd_level_name(SimdLevel::automatic)) == simd_level_name(best_simd_level()));
  CHECK(std::string(simd_level_name(SimdLevel::baseline)) == "baseline");
  CHECK(default_thread_count() >= 1);
}

TEST_CASE("fast path in bands of rows: the bands together are exactly the whole", "[fast]") {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-1, 1);
  // Stride 2 with padding and groups (phases interleaved), and stride 1 (written directly).
  for (int stride : {1, 2}) {
    Tensor4 x(Shape4{2, 4, 9, 13}), w(Shape4{4, 3, 4, 3});
    for (float& e : x.data) e = u(rng);
    for (float& e : w.data) e = u(rng);
    const std::vector<float> bias{0.5f, -1.0f, 0.25f, 2.0f, 0.0f, 1.0f};
    ConvTransposeParams p;
    p.stride = {stride, stride};
    p.padding = {1, 1};
    p.groups = 2;
    const Tensor4 whole = conv_transpose2d_fast(x, w, bias, p, 1);
    Tensor4 y(whole.shape, std::numeric_limits<float>::quiet_NaN());
    // Uneven bands, one empty and one past the end (clamped), in a shuffled order.
    const std::vector<std::pair<int64_t, int64_t>> bands{{7, 12}, {0, 1}, {3, 3}, {1, 7}, {12, 1000}};
    for (size_t b = 0; b < bands.size(); ++b) {
      Tensor4 before = y;
      conv_transpose2d_fast_rows(x, w, bias, p, y, bands[b].first, bands[b].second, int(b % 3) + 1);
      // Rows outside the band are untouched (NaN stays NaN, values stay).
      for (int64_t n = 0; n < y.shape.n; ++n)
        for (int64_t c = 0; c < y.shape.c; ++c)
          for (int64_t h = 0; h < y.shape.h; ++h) {
            if (h >= bands[b].first && h < bands[b].second) continue;
            for (int64_t q = 0; q < y.shape.w; ++q) {
              const float a = before.at(n, c, h, q), z = y.at(n, c, h, q);
              REQUIRE(((a != a && z != z) || a == z));
            }
          }
    }
    INFO("stride " << stride);
    CHECK(y.data == whole.data);
  }
}
