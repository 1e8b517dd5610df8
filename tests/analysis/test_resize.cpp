// Resizing and the 'same' convolution: hand-worked cases, PyTorch 1.13 values
// (F.interpolate, align_corners=False), and agreement with the transposed convolution at stride 1.
#include <catch2/catch.hpp>

#include <random>

#include "analysis/resize.h"
#include "core/conv_transpose.h"

using namespace tconv;
using namespace tconv::analysis;

namespace {

Tensor4 plane(int64_t h, int64_t w, std::vector<float> v) {
  Tensor4 t(Shape4{1, 1, h, w});
  t.data = std::move(v);
  return t;
}

Tensor4 random_tensor(Shape4 s, std::mt19937& rng) {
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  Tensor4 t(s);
  for (float& v : t.data) v = d(rng);
  return t;
}

void require_close(const Tensor4& a, const std::vector<float>& expected, float tol = 1e-5f) {
  REQUIRE(a.data.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("element " << i);
    CHECK(a.data[i] == Approx(expected[i]).margin(tol));
  }
}

}  // namespace

TEST_CASE("nearest resize 2x2 -> 4x4 repeats each pixel as a 2x2 block", "[resize]") {
  const Tensor4 y = resize_nearest(plane(2, 2, {1, 2,
                                                3, 4}), 4, 4);
  REQUIRE(y.shape == (Shape4{1, 1, 4, 4}));
  require_close(y, {1, 1, 2, 2,
                    1, 1, 2, 2,
                    3, 3, 4, 4,
                    3, 3, 4, 4}, 0.0f);
}

TEST_CASE("nearest resize to a non-integer size matches PyTorch's nearest-exact", "[resize]") {
  // F.interpolate(y, size=(3,5), mode='nearest-exact') with y = [[0,1,4],[2,8,3]]
  const Tensor4 y = resize_nearest(plane(2, 3, {0, 1, 4,
                                                2, 8, 3}), 3, 5);
  require_close(y, {0, 0, 1, 4, 4,
                    2, 2, 8, 3, 3,
                    2, 2, 8, 3, 3}, 0.0f);
}

TEST_CASE("bilinear resize matches PyTorch (align_corners=False)", "[resize]") {
  SECTION("2x2 -> 4x4: edge rows and columns repeat, inner ones interpolate at 1/4 and 3/4") {
    const Tensor4 y = resize_bilinear(plane(2, 2, {1, 2,
                                                   3, 4}), 4, 4);
    require_close(y, {1.0f, 1.25f, 1.75f, 2.0f,
                      1.5f, 1.75f, 2.25f, 2.5f,
                      2.5f, 2.75f, 3.25f, 3.5f,
                      3.0f, 3.25f, 3.75f, 4.0f});
  }
  SECTION("2x3 -> 3x5 (non-integer scales)") {
    const Tensor4 y = resize_bilinear(plane(2, 3, {0, 1, 4,
                                                   2, 8, 3}), 3, 5);
    require_close(y, {0.0f, 0.4f, 1.0f, 2.8f, 4.0f,
                      1.0f, 2.4f, 4.5f, 3.9f, 3.5f,
                      2.0f, 4.4f, 8.0f, 5.0f, 3.0f});
  }
  SECTION("2x3 -> 5x2 (down in width, up in height)") {
    const Tensor4 y = resize_bilinear(plane(2, 3, {0, 1, 4,
                                                   2, 8, 3}), 5, 2);
    require_close(y, {0.25f, 3.25f,
                      0.575f, 3.35f,
                      1.875f, 3.75f,
                      3.175f, 4.15f,
                      3.5f, 4.25f});
  }
}

TEST_CASE("bilinear resize keeps a constant constant and a ramp a ramp", "[resize]") {
  SECTION("constant, odd scales and an offset") {
    Tensor4 x(Shape4{1, 2, 5, 7}, 0.625f);
    const Tensor4 y = resize_bilinear(x, AxisSampling{13, 2.6, 0.75}, AxisSampling{20, 3.0, -1.5});
    REQUIRE(y.shape == (Shape4{1, 2, 13, 20}));
    for (float v : y.data) REQUIRE(v == Approx(0.625f).margin(1e-6));
  }
  SECTION("ramp 2i + 3j, scale 2: interior samples the ramp at u = (o + 0.5)/2 - 0.5") {
    const int64_t H = 6, W = 5;
    Tensor4 x(Shape4{1, 1, H, W});
    for (int64_t i = 0; i < H; ++i)
      for (int64_t j = 0; j < W; ++j) x.at(0, 0, i, j) = float(2 * i + 3 * j);
    const Tensor4 y = resize_bilinear(x, 2 * H, 2 * W);
    // Rows/columns 1 .. 2n-2 have u inside [0, n-1]; 0 and 2n-1 clamp (edge pixels repeat).
    for (int64_t o = 1; o < 2 * H - 1; ++o)
      for (int64_t c = 1; c < 2 * W - 1; ++c) {
        const double u = (double(o) + 0.5) / 2 - 0.5, v = (double(c) + 0.5) / 2 - 0.5;
        REQUIRE(y.at(0, 0, o, c) == Approx(2 * u + 3 * v).margin(1e-5));
      }
    CHECK(y.at(0, 0, 0, 0) == 0.0f);  // clamped corner: the corner pixel itself
  }
}

TEST_CASE("convolve_same: hand-worked shift and zero padding", "[resize]") {
  // One tap right of the centre: a true convolution moves the image one column to the right.
  const Tensor4 x = plane(3, 3, {1, 2, 3,
                                 4, 5, 6,
                                 7, 8, 9});
  const Kernel2D k{3, 3, {0, 0, 0,
                          0, 0, 1,
                          0, 0, 0}};
  require_close(convolve_same(x, k, Pair{1, 1}), {0, 1, 2,
                                                  0, 4, 5,
                                                  0, 7, 8}, 0.0f);
  // Box 2x2 (even size): padding 0 top/left, 1 bottom/right as PyTorch's padding='same';
  // rotated box = box, so y[r][c] = x[r][c] + x[r][c+1] + x[r+1][c] + x[r+1][c+1].
  const Kernel2D box{2, 2, {1, 1, 1, 1}};
  require_close(convolve_same(x, box, Pair{1, 1}), {12, 16, 9,
                                                    24, 28, 15,
                                                    15, 17, 9}, 0.0f);
}

TEST_CASE("convolve_same equals the stride-1 transposed convolution with padding d(k-1)/2", "[resize]") {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 20; ++trial) {
    std::uniform_int_distribution<int64_t> side(1, 9), half(0, 2), dil(1, 2), ch(1, 3);
    const int64_t kh = 2 * half(rng) + 1, kw = 2 * half(rng) + 1;
    ConvTransposeParams p;
    p.dilation = {dil(rng), dil(rng)};
    p.padding = {p.dilation.h * (kh - 1) / 2, p.dilation.w * (kw - 1) / 2};
    const int64_t C = ch(rng);
    p.groups = C;
    const Tensor4 x = random_tensor(Shape4{1, C, side(rng), side(rng)}, rng);
    const Tensor4 kt = random_tensor(Shape4{1, 1, kh, kw}, rng);
    Tensor4 w(Shape4{C, 1, kh, kw});
    for (int64_t c = 0; c < C; ++c)
      std::copy(kt.data.begin(), kt.data.end(), w.data.begin() + c * kh * kw);
    const Tensor4 ref = conv_transpose2d_scatter(x, w, {}, p);
    const Tensor4 got = convolve_same(x, Kernel2D{kh, kw, kt.data}, p.dilation, trial % 3);
    INFO("trial " << trial);
    REQUIRE(got.shape == ref.shape);
    for (size_t i = 0; i < ref.data.size(); ++i) REQUIRE(got.data[i] == Approx(ref.data[i]).margin(1e-5));
  }
}
