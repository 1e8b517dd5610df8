#include <catch2/catch.hpp>

#include "core/conv_transpose.h"
#include "core/kernels.h"

using namespace tconv;

TEST_CASE("bilinear kernel weights match the FCN initialisation", "[kernels]") {
  const Kernel2D k2 = bilinear_kernel(2);
  REQUIRE(k2.h == 4);
  REQUIRE(k2.w == 4);
  // 1-D: 0.25 0.75 0.75 0.25; the 2-D kernel is the outer product.
  const float w1[4] = {0.25f, 0.75f, 0.75f, 0.25f};
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b) CHECK(k2.v[static_cast<size_t>(a * 4 + b)] == Approx(w1[a] * w1[b]));
  const Kernel2D k3 = bilinear_kernel(3);
  REQUIRE(k3.h == 5);
  const float w3[5] = {1.0f / 3, 2.0f / 3, 1.0f, 2.0f / 3, 1.0f / 3};
  for (int b = 0; b < 5; ++b) CHECK(k3.v[static_cast<size_t>(2 * 5 + b)] == Approx(w3[b]));
  CHECK(bilinear_padding(1) == 0);
  CHECK(bilinear_padding(2) == 1);
  CHECK(bilinear_padding(3) == 1);
  CHECK(bilinear_padding(4) == 2);
}

TEST_CASE("bilinear preset upsamples exactly s times and interpolates the interior", "[kernels]") {
  for (int64_t s : {2, 3, 4}) {
    auto preset = kernel_preset("bilinear", Pair{s, s});
    REQUIRE(preset.ok());
    const Kernel2D& k = preset.value().kernel;
    ConvTransposeParams p;
    p.stride = {s, s};
    p.padding = preset.value().default_padding;
    // A horizontal ramp x[j] = j: bilinear interpolation with half-pixel centres keeps it a ramp
    // of slope 1/s in the interior.
    Tensor4 x(Shape4{1, 1, 4, 6});
    for (int64_t i = 0; i < 4; ++i)
      for (int64_t j = 0; j < 6; ++j) x.at(0, 0, i, j) = static_cast<float>(j);
    Tensor4 w(Shape4{1, 1, k.h, k.w});
    w.data = k.v;
    const Tensor4 y = conv_transpose2d_scatter(x, w, {}, p);
    CHECK(y.shape.h == 4 * s);
    CHECK(y.shape.w == 6 * s);
    const int64_t row = 2 * s;  // an interior row
    for (int64_t c = s + 1; c + s + 1 < y.shape.w; ++c)
      CHECK(y.at(0, 0, row, c + 1) - y.at(0, 0, row, c) == Approx(1.0 / static_cast<double>(s)).margin(1e-5));
  }
}

TEST_CASE("nearest preset repeats each pixel s x s times", "[kernels]") {
  auto preset = kernel_preset("nearest", Pair{2, 2});
  REQUIRE(preset.ok());
  Tensor4 x(Shape4{1, 1, 2, 2});
  x.data = {1, 2, 3, 4};
  Tensor4 w(Shape4{1, 1, 2, 2});
  w.data = preset.value().kernel.v;
  ConvTransposeParams p;
  p.stride = {2, 2};
  const Tensor4 y = conv_transpose2d_scatter(x, w, {}, p);
  const std::vector<float> expected = {1, 1, 2, 2,
                                       1, 1, 2, 2,
                                       3, 3, 4, 4,
                                       3, 3, 4, 4};
  CHECK(y.data == expected);
}

TEST_CASE("unknown kernel names list the known ones", "[kernels]") {
  auto r = kernel_preset("gaussian", Pair{2, 2});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("unknown kernel 'gaussian'") && Catch::Contains("bilinear") &&
                                    Catch::Contains("--weight"));
  for (const auto& name : kernel_preset_names()) CHECK(kernel_preset(name, Pair{2, 3}).ok());
}
