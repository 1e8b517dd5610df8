// The bundled sample scenes (made by scripts/make_scene.py) load and have their documented sizes.
#include <catch2/catch.hpp>

#include "analysis/checkerboard.h"
#include "analysis/spectrum.h"
#include "io/image.h"

using namespace tconv;

TEST_CASE("bundled scenes load as RGB images of the documented sizes", "[scene]") {
  const auto big = io::load_image(std::string(TCONV_ASSETS_DIR) + "/scene.png");
  REQUIRE(big.ok());
  CHECK(big.value().shape == (Shape4{1, 3, 384, 512}));
  const auto small = io::load_image(std::string(TCONV_ASSETS_DIR) + "/scene_small.png");
  REQUIRE(small.ok());
  CHECK(small.value().shape == (Shape4{1, 3, 96, 128}));
  // Not blank: both dark and bright pixels (sky, hills, lines, letters).
  float lo = 1, hi = 0;
  for (float v : big.value().data) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  CHECK(lo < 0.15f);
  CHECK(hi > 0.85f);
}

TEST_CASE("on the scene, k3 s2 prints a checkerboard that resize-convolution does not", "[scene]") {
  // What the image mode is for, on the bundled picture: stride 2 with a 3x3 kernel shows the
  // checkerboard and its spectrum peaks; switching to resize-convolution makes them vanish.
  const auto img = io::load_image(std::string(TCONV_ASSETS_DIR) + "/scene_small.png");
  REQUIRE(img.ok());
  analysis::UpsampleSettings s;
  s.kernel = Kernel2D{3, 3, std::vector<float>(9, 1.0f)};
  s.params.stride = {2, 2};
  s.params.padding = {1, 1};
  auto verdict = [&](analysis::UpsampleMethod m) {
    const auto y = analysis::upsample(img.value(), m, s);
    REQUIRE(y.ok());
    const auto spec = analysis::magnitude_spectrum(y.value());
    REQUIRE(spec.ok());
    return analysis::find_stride_peaks(spec.value(), s.params.stride);
  };
  const auto t = verdict(analysis::UpsampleMethod::transposed);
  INFO(t.summary);
  CHECK(t.checkerboard);
  CHECK(t.strongest > 0.05);
  for (auto m : {analysis::UpsampleMethod::nearest_then_conv, analysis::UpsampleMethod::bilinear_then_conv,
                 analysis::UpsampleMethod::bilinear}) {
    const auto r = verdict(m);
    INFO(analysis::upsample_method_name(m) << ": " << r.summary);
    CHECK_FALSE(r.checkerboard);
    CHECK(r.strongest < t.strongest / 50);
  }
}
