// Magnitude spectra (kissfft) and the stride-peak finder, on signals whose DFT is known by hand,
// and the end-to-end claim: the checkerboard of a transposed convolution shows as peaks that
// resize-convolution does not have.
#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "analysis/checkerboard.h"
#include "analysis/spectrum.h"

using namespace tconv;
using namespace tconv::analysis;

namespace {

const double kPi = std::acos(-1.0);

Grid make(int64_t rows, int64_t cols, double (*f)(int64_t, int64_t)) {
  Grid g(rows, cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) g.at(r, c) = static_cast<float>(f(r, c));
  return g;
}

// A smooth picture: a few low-frequency waves (no energy near the stride frequencies).
Tensor4 smooth_image(int64_t h, int64_t w) {
  Tensor4 t(Shape4{1, 1, h, w});
  for (int64_t r = 0; r < h; ++r)
    for (int64_t c = 0; c < w; ++c)
    {
      const double y = double(r) / double(h), x = double(c) / double(w);
      t.at(0, 0, r, c) = static_cast<float>(0.5 + 0.2 * std::sin(2 * kPi * y * 2 + 0.3) + 0.15 * std::cos(2 * kPi * x * 3) +
                                            0.1 * std::sin(2 * kPi * (y * double(h) + x * double(w)) / double(w)));
    }
  return t;
}

std::pair<int64_t, int64_t> argmax(const Grid& g) {
  size_t best = 0;
  for (size_t i = 1; i < g.v.size(); ++i)
    if (g.v[i] > g.v[best]) best = i;
  return {static_cast<int64_t>(best) / g.cols, static_cast<int64_t>(best) % g.cols};
}

}  // namespace

TEST_CASE("spectrum of a pure checkerboard: one peak at the Nyquist corner", "[spectrum]") {
  // x = (-1)^(r+c): its DFT is 64 at (4, 4) and 0 elsewhere; after the shift (4+4) mod 8 = 0.
  const Grid cb = make(8, 8, [](int64_t r, int64_t c) { return (r + c) % 2 ? -1.0 : 1.0; });
  const auto s = magnitude_spectrum(cb, SpectrumOptions{false});
  REQUIRE(s.ok());
  for (int64_t r = 0; r < 8; ++r)
    for (int64_t c = 0; c < 8; ++c) {
      const float expected = (r == 0 && c == 0) ? 64.0f : 0.0f;
      REQUIRE(s.value().magnitude.at(r, c) == Approx(expected).margin(1e-4));
    }
  CHECK(s.value().display.at(0, 0) == 1.0f);
  CHECK(s.value().display.at(4, 4) == 0.0f);
  CHECK(spectrum_frequency(0, 8) == -0.5);
  // The Hann window spreads the peak to its neighbours but keeps the maximum at the corner.
  const auto w = magnitude_spectrum(cb);
  REQUIRE(w.ok());
  CHECK(argmax(w.value().magnitude) == std::make_pair<int64_t, int64_t>(0, 0));
}

TEST_CASE("spectrum layout: DC centred, odd sizes, one-axis stripes and a cosine", "[spectrum]") {
  SECTION("a constant 5x3 plane: all of it at DC = (5/2, 3/2) = (2, 1), |F| = sum") {
    const Grid c = make(5, 3, [](int64_t, int64_t) { return 2.0; });
    const auto s = magnitude_spectrum(c, SpectrumOptions{false});
    REQUIRE(s.ok());
    CHECK(s.value().magnitude.at(2, 1) == Approx(30.0f));
    CHECK(argmax(s.value().magnitude) == std::make_pair<int64_t, int64_t>(2, 1));
    CHECK(s.value().magnitude.at(0, 0) == Approx(0.0f).margin(1e-5));
  }
  SECTION("columns alternating +1/-1: the peak is at vertical frequency 0, horizontal -1/2") {
    const Grid s6 = make(6, 4, [](int64_t, int64_t c) { return c % 2 ? -1.0 : 1.0; });
    const auto s = magnitude_spectrum(s6, SpectrumOptions{false});
    REQUIRE(s.ok());
    CHECK(s.value().magnitude.at(3, 0) == Approx(24.0f));
    CHECK(argmax(s.value().magnitude) == std::make_pair<int64_t, int64_t>(3, 0));
  }
  SECTION("cos(2 pi c / 4) on 16 columns: two peaks of 8*16/2 at columns 8 - 4 and 8 + 4") {
    const Grid g = make(8, 16, [](int64_t, int64_t c) { return std::cos(2 * kPi * double(c) / 4.0); });
    const auto s = magnitude_spectrum(g, SpectrumOptions{false});
    REQUIRE(s.ok());
    CHECK(s.value().magnitude.at(4, 4) == Approx(64.0f));
    CHECK(s.value().magnitude.at(4, 12) == Approx(64.0f));
    CHECK(s.value().magnitude.at(4, 8) == Approx(0.0f).margin(1e-4));
    CHECK(spectrum_frequency(12, 16) == 0.25);
  }
}

TEST_CASE("spectrum errors and the multi-channel entry point", "[spectrum]") {
  REQUIRE_FALSE(magnitude_spectrum(Grid{}).ok());
  Tensor4 rgb(Shape4{1, 3, 4, 4}, 1.0f);
  const auto s = magnitude_spectrum(rgb, SpectrumOptions{false});
  REQUIRE(s.ok());
  CHECK(s.value().magnitude.at(2, 2) == Approx(16.0f));
  REQUIRE_FALSE(magnitude_spectrum(rgb, {}, 1).ok());  // there is no image 1
}

TEST_CASE("spectra can be computed from several threads at once", "[spectrum]") {
  // One FFT plan is shared by the worker threads of each spectrum; spectra run concurrently too.
  std::vector<Grid> in;
  for (int i = 0; i < 6; ++i)
    in.push_back(make(20 + i, 33 - i, [](int64_t r, int64_t c) { return std::sin(0.3 * double(r)) + std::cos(0.7 * double(c * c)); }));
  std::vector<Spectrum> serial(in.size()), parallel(in.size());
  for (size_t i = 0; i < in.size(); ++i) serial[i] = magnitude_spectrum(in[i]).value();
  std::vector<std::thread> pool;
  for (size_t i = 0; i < in.size(); ++i)
    pool.emplace_back([&, i] {
      for (int rep = 0; rep < 20; ++rep) parallel[i] = magnitude_spectrum(in[i]).value();
    });
  for (auto& t : pool) t.join();
  for (size_t i = 0; i < in.size(); ++i) REQUIRE(parallel[i].magnitude.v == serial[i].magnitude.v);
}

TEST_CASE("stride peaks: a checkerboard-modulated image has them, a smooth one does not", "[spectrum]") {
  const Tensor4 smooth = smooth_image(64, 64);
  Tensor4 modulated = smooth;
  for (int64_t r = 0; r < 64; ++r)
    for (int64_t c = 0; c < 64; ++c) modulated.at(0, 0, r, c) *= (r % 2 ? 0.8f : 1.0f) * (c % 2 ? 0.8f : 1.0f);
  const StridePeaks a = find_stride_peaks(magnitude_spectrum(modulated).value(), Pair{2, 2});
  REQUIRE(a.peaks.size() == 3);  // (1/2, 0), (0, 1/2), (1/2, 1/2)
  CHECK(a.checkerboard);
  CHECK_THAT(a.summary, Catch::StartsWith("Peaks at 1/2 cycle per pixel"));
  CHECK_THAT(a.summary, Catch::EndsWith("the checkerboard of stride 2."));
  const StridePeaks b = find_stride_peaks(magnitude_spectrum(smooth).value(), Pair{2, 2});
  CHECK_FALSE(b.checkerboard);
  CHECK_THAT(b.summary, Catch::StartsWith("No visible peaks at the stride 2 frequencies (1/2 cycle per pixel"));
  CHECK(b.strongest < a.strongest / 20);
  const StridePeaks none = find_stride_peaks(magnitude_spectrum(smooth).value(), Pair{1, 1});
  CHECK(none.peaks.empty());
  CHECK_FALSE(none.checkerboard);
}

TEST_CASE("end to end: transposed k3 s2 shows peaks, resize-convolution does not", "[spectrum]") {
  const Tensor4 x = smooth_image(48, 48);
  UpsampleSettings s;
  s.kernel = Kernel2D{3, 3, std::vector<float>(9, 1.0f)};
  s.params.stride = {2, 2};
  s.params.padding = {1, 1};
  auto peaks = [&](UpsampleMethod m, bool stacked) {
    const Tensor4 y = (stacked ? upsample_stacked(x, m, s) : upsample(x, m, s)).value();
    return find_stride_peaks(magnitude_spectrum(y).value(), stacked ? Pair{4, 4} : Pair{2, 2});
  };
  const StridePeaks t = peaks(UpsampleMethod::transposed, false);
  INFO(t.summary);
  CHECK(t.checkerboard);
  for (auto m : {UpsampleMethod::nearest_then_conv, UpsampleMethod::bilinear_then_conv, UpsampleMethod::bilinear}) {
    const StridePeaks r = peaks(m, false);
    INFO(upsample_method_name(m) << ": " << r.summary);
    CHECK_FALSE(r.checkerboard);
    CHECK(r.strongest < t.strongest / 10);
  }
  // Two stacked layers: peaks at 1/4 as well as 1/2 cycle per pixel.
  const StridePeaks st = peaks(UpsampleMethod::transposed, true);
  INFO(st.summary);
  CHECK(st.checkerboard);
  CHECK_THAT(st.summary, Catch::StartsWith("Peaks at 1/4 and 1/2 cycle per pixel"));
  CHECK_FALSE(peaks(UpsampleMethod::nearest_then_conv, true).checkerboard);
}

TEST_CASE("spectrum equals the direct DFT sum for every kind of length", "[spectrum]") {
  // Sizes cover 1, odd and even, an odd row count (the last row goes through the FFT unpaired),
  // lengths kissfft factors itself (2, 3, 4, 5) and prime lengths 67, 131 and 1021, which the FFT
  // computes by Bluestein's chirp-z. The reference is the O(N^2) double-precision sum.
  const std::pair<int64_t, int64_t> sizes[] = {{1, 1}, {1, 7}, {7, 1}, {5, 3}, {6, 4}, {9, 10},
                                               {67, 6}, {5, 131}, {1, 1021}, {3, 67}};
  uint32_t seed = 12345;
  auto next = [&seed] {  // deterministic values in [-1, 1)
    seed = seed * 1664525u + 1013904223u;
    return static_cast<double>(seed >> 8) / double(1 << 23) - 1.0;
  };
  for (const auto& [rows, cols] : sizes) {
    Grid g(rows, cols);
    double sum_abs = 0;
    for (float& v : g.v) {
      v = static_cast<float>(next());
      sum_abs += std::fabs(v);
    }
    const auto s = magnitude_spectrum(g, SpectrumOptions{false});
    REQUIRE(s.ok());
    double worst = 0;
    for (int64_t k = 0; k < rows; ++k)
      for (int64_t l = 0; l < cols; ++l) {
        double re = 0, im = 0;
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t c = 0; c < cols; ++c) {
            const double a = -2 * kPi * (double(k * r % rows) / double(rows) + double(l * c % cols) / double(cols));
            re += double(g.at(r, c)) * std::cos(a);
            im += double(g.at(r, c)) * std::sin(a);
          }
        const double got = s.value().magnitude.at((k + rows / 2) % rows, (l + cols / 2) % cols);
        worst = std::max(worst, std::fabs(got - std::hypot(re, im)));
      }
    INFO(rows << " x " << cols << ": worst |F| error " << worst << ", sum |x| " << sum_abs);
    // |F| <= sum |x|; single-precision FFTs lose a few float epsilons (1.2e-7) per stage
    // (measured: at most 2.2e-8 sum |x| on these sizes).
    CHECK(worst <= 1e-6 * sum_abs);
  }
}
