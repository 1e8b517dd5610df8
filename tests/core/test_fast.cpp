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
#include "golden.h"

using namespace tconv;

namespace {

Tensor4 plane(int64_t h, int64_t w, std::vector<float> v) {
  Tensor4 t(Shape4{1, 1, h, w});
  REQUIRE(v.size() == t.data.size());
  t.data = std::move(v);
  return t;
}

// Every level this CPU can run (the others fall back and would test nothing new).
std::vector<SimdLevel> runnable_levels() {
  std::vector<SimdLevel> levels{SimdLevel::baseline};
  if (static_cast<int>(best_simd_level()) >= static_cast<int>(SimdLevel::avx2)) levels.push_back(SimdLevel::avx2);
  if (best_simd_level() == SimdLevel::avx512) levels.push_back(SimdLevel::avx512);
  return levels;
}

std::string describe(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, const ConvTransposeParams& p) {
  std::ostringstream s;
  s << "x (" << x.shape.n << "," << x.shape.c << "," << x.shape.h << "," << x.shape.w << ") w (" << w.shape.n << ","
    << w.shape.c << "," << w.shape.h << "," << w.shape.w << ") bias " << bias.size() << " stride " << p.stride.h << ","
    << p.stride.w << " padding " << p.padding.h << "," << p.padding.w << " output_padding " << p.output_padding.h << ","
    << p.output_padding.w << " dilation " << p.dilation.h << "," << p.dilation.w << " groups " << p.groups;
  return s.str();
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
void check_against_scatter(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                           const ConvTransposeParams& p) {
  INFO(describe(x, w, bias, p));
  const Tensor4 ref = conv_transpose2d_scatter(x, w, bias, p);
  Tensor4 ax = x, aw = w;
  std::vector<float> ab = bias;
  for (auto* v : {&ax.data, &aw.data, &ab})
    for (float& e : *v) e = std::abs(e);
  const Tensor4 mag = conv_transpose2d_scatter(ax, aw, ab, p);
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

TEST_CASE("fast path: the seed example, 3x3 input and 3x3 ones kernel at stride 1 -> 5x5", "[fast][hand]") {
  const Tensor4 x = plane(3, 3, {1, 2, 3,
                                 4, 5, 6,
                                 7, 8, 9});
  const Tensor4 w = plane(3, 3, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  for (SimdLevel level : runnable_levels()) {
    INFO("simd " << simd_level_name(level));
    const Tensor4 y = run_fast(x, w, {}, ConvTransposeParams{}, 1, level);
    CHECK(y.shape == Shape4{1, 1, 5, 5});
    CHECK(y.data == std::vector<float>{ 1,  3,  6,  5,  3,
                                        5, 12, 21, 16,  9,
                                       12, 27, 45, 33, 18,
                                       11, 24, 39, 28, 15,
                                        7, 15, 24, 17,  9});
  }
}

TEST_CASE("fast path: stride 2, padding 1, output_padding 1, bias (phases with different tap counts)", "[fast][hand]") {
  // 2x2 input, 3x3 kernel 1..9, stride 2, padding 1, output_padding 1, bias 0.5 -> 4x4.
  // Output (o) takes tap t from input i where o = 2i - 1 + t. Even o: t = 1 (i = o/2);
  // odd o: t = 0 (i = (o+1)/2) and t = 2 (i = (o-1)/2). Row 0: o_h = 0 -> i_h = 0, t_h = 1.
  //   (0,0): x00*w11 = 1*5 = 5;  (0,1): x00*w12 + x01*w10 = 6 + 2*4 = 14;  (0,2): x01*w11 = 10;
  //   (0,3): x01*w12 = 12 (i_w = 2 is outside).  Plus 0.5 everywhere. Row 1 (odd): t_h = 0 from
  //   i_h = 1 and t_h = 2 from i_h = 0, e.g. (1,0) = x10*w01 + x00*w21 = 3*2 + 1*8 = 14.
  //   (The other rows were checked with PyTorch 1.13.)
  const Tensor4 x = plane(2, 2, {1, 2,
                                 3, 4});
  const Tensor4 w = plane(3, 3, {1, 2, 3,
                                 4, 5, 6,
                                 7, 8, 9});
  ConvTransposeParams p;
  p.stride = {2, 2};
  p.padding = {1, 1};
  p.output_padding = {1, 1};
  for (SimdLevel level : runnable_levels()) {
    INFO("simd " << simd_level_name(level));
    const Tensor4 y = run_fast(x, w, {0.5f}, p, 2, level);
    CHECK(y.shape == Shape4{1, 1, 4, 4});
    CHECK(y.data == std::vector<float>{ 5.5f, 14.5f, 10.5f, 12.5f,
                                       14.5f, 36.5f, 24.5f, 30.5f,
                                       15.5f, 34.5f, 20.5f, 24.5f,
                                       24.5f, 55.5f, 32.5f, 36.5f});
    CHECK(y.data == conv_transpose2d_scatter(x, w, {0.5f}, p).data);
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
  auto uni = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  std::uniform_real_distribution<float> val(-1, 1);
  int tested = 0, with_k_below_s = 0, dilated_strided = 0, with_output_padding = 0, grouped = 0, batched = 0,
      biased = 0, one_by_one = 0, wide = 0, many_channels = 0;
  for (int iter = 0; iter < 300; ++iter) {
    ConvTransposeParams p;
    p.groups = uni(1, 3);
    // Output channels per group up to 10, so every register block (1, 2, 4, 8) and a partial
    // last block are used.
    const int64_t cin = p.groups * uni(1, 3), coutg = uni(0, 3) == 0 ? uni(5, 10) : uni(1, 3);
    p.stride = {uni(1, 4), uni(1, 4)};
    p.dilation = {uni(1, 3), uni(1, 3)};
    p.padding = {uni(0, 3), uni(0, 3)};
    p.output_padding = {uni(0, static_cast<int>(std::max(p.stride.h, p.dilation.h)) - 1),
                        uni(0, static_cast<int>(std::max(p.stride.w, p.dilation.w)) - 1)};
    // Mostly small images; some 1x1; some wide enough for full vector chunks (64+ columns).
    const int shape_kind = static_cast<int>(uni(0, 5));
    const int64_t H = shape_kind == 0 ? 1 : uni(1, 9);
    const int64_t W = shape_kind == 0 ? 1 : shape_kind == 1 ? uni(40, 150) : uni(1, 12);
    Tensor4 x(Shape4{uni(1, 2), cin, H, W});
    Tensor4 w(Shape4{cin, coutg, uni(1, 5), uni(1, 5)});
    std::vector<float> bias;
    if (uni(0, 1)) bias.resize(static_cast<size_t>(coutg * p.groups));
    for (auto* v : {&x.data, &w.data, &bias})
      for (float& e : *v) e = val(rng);
    if (!conv_transpose_output_shape(x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p).ok())
      continue;
    ++tested;
    with_k_below_s += w.shape.h < p.stride.h || w.shape.w < p.stride.w;
    dilated_strided += (p.dilation.h > 1 && p.stride.h > 1) || (p.dilation.w > 1 && p.stride.w > 1);
    with_output_padding += p.output_padding.h > 0 || p.output_padding.w > 0;
    grouped += p.groups > 1;
    batched += x.shape.n > 1;
    biased += !bias.empty();
    one_by_one += H == 1 && W == 1;
    wide += W >= 40;
    many_channels += coutg >= 5;
    INFO("iteration " << iter);
    check_against_scatter(x, w, bias, p);
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
  std::uniform_real_distribution<float> val(-1, 1);
  auto fill = [&](Tensor4& t) {
    for (float& e : t.data) e = val(rng);
  };
  SECTION("decoder-like: 16 -> 11 channels, 4x4 kernel, stride 2, padding 1, odd width") {
    Tensor4 x(Shape4{2, 16, 9, 77}), w(Shape4{16, 11, 4, 4});
    fill(x);
    fill(w);
    std::vector<float> bias(11);
    for (float& b : bias) b = val(rng);
    ConvTransposeParams p;
    p.stride = {2, 2};
    p.padding = {1, 1};
    check_against_scatter(x, w, bias, p);
  }
  SECTION("depthwise RGB: groups 3, weight (3,1,4,4), stride 2, padding 1") {
    Tensor4 x(Shape4{1, 3, 21, 133}), w(Shape4{3, 1, 4, 4});
    fill(x);
    fill(w);
    ConvTransposeParams p;
    p.stride = {2, 2};
    p.padding = {1, 1};
    p.groups = 3;
    check_against_scatter(x, w, {}, p);
  }
  SECTION("stride 1, 3x3 kernel, one channel") {
    Tensor4 x(Shape4{1, 1, 17, 200}), w(Shape4{1, 1, 3, 3});
    fill(x);
    fill(w);
    check_against_scatter(x, w, {}, ConvTransposeParams{});
  }
  SECTION("stride 3 with dilation 2, output_padding 2, 8 output channels") {
    Tensor4 x(Shape4{1, 5, 6, 70}), w(Shape4{5, 8, 3, 4});
    fill(x);
    fill(w);
    ConvTransposeParams p;
    p.stride = {3, 3};
    p.dilation = {2, 2};
    p.padding = {2, 1};
    p.output_padding = {2, 1};
    check_against_scatter(x, w, {}, p);
  }
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
