// Sections: FFT (plans under a mutex) | magnitude spectrum | stride peaks
#include "analysis/spectrum.h"

#ifndef TCONV_NO_SPECTRUM
#include <fftw3.h>
#endif

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <sstream>
#include <utility>

#include "analysis/checkerboard.h"

namespace tconv::analysis {
namespace {

std::string str(int64_t v) { return std::to_string(v); }

// ------------------------------------------------------------------ FFT

#ifdef TCONV_NO_SPECTRUM
Result<std::vector<float>> dft_magnitude(const std::vector<float>&, int64_t, int64_t) {
  return Error{"the spectrum is not part of this build (it was built without an FFT library, "
               "TCONV_SPECTRUM=OFF). The other explorer views work; the desktop app shows spectra."};
}
#else
// FFTW's planner is not thread-safe (fftw_execute is): every plan is made and destroyed under
// this lock, so the GUI's worker threads and the CLI may transform at the same time. A library
// invariant, not application state.
std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

struct FftwFree {
  void operator()(void* p) const { fftwf_free(p); }
};

// |F| of a real rows x cols plane, full (not half) spectrum, NOT shifted: bin (k, l).
Result<std::vector<float>> dft_magnitude(const std::vector<float>& plane, int64_t rows, int64_t cols) {
  const int64_t half = cols / 2 + 1;
  std::unique_ptr<float, FftwFree> in(fftwf_alloc_real(static_cast<size_t>(rows * cols)));
  std::unique_ptr<fftwf_complex, FftwFree> out(fftwf_alloc_complex(static_cast<size_t>(rows * half)));
  if (!in || !out)
    return Error{"out of memory for the " + str(rows) + " x " + str(cols) + " spectrum. Use a smaller image."};
  fftwf_plan plan;
  {
    std::lock_guard<std::mutex> lock(planner_mutex());
    // FFTW_ESTIMATE: plans without running trial transforms, so it neither takes long nor
    // touches the arrays.
    plan = fftwf_plan_dft_r2c_2d(static_cast<int>(rows), static_cast<int>(cols), in.get(), out.get(), FFTW_ESTIMATE);
  }
  if (plan == nullptr)
    return Error{"FFTW could not plan a " + str(rows) + " x " + str(cols) + " transform. Use a smaller image."};
  std::copy(plane.begin(), plane.end(), in.get());
  fftwf_execute(plan);
  {
    std::lock_guard<std::mutex> lock(planner_mutex());
    fftwf_destroy_plan(plan);
  }
  std::vector<float> mag(static_cast<size_t>(rows * cols));
  const fftwf_complex* f = out.get();
  for (int64_t k = 0; k < rows; ++k)
    for (int64_t l = 0; l < cols; ++l) {
      // The r2c output holds columns 0..cols/2; the rest follow from F(k, l) = conj F(-k, -l).
      const int64_t kk = l < half ? k : (rows - k) % rows;
      const int64_t ll = l < half ? l : cols - l;
      const fftwf_complex& z = f[kk * half + ll];
      mag[static_cast<size_t>(k * cols + l)] = std::hypot(z[0], z[1]);
    }
  return mag;
}
#endif  // TCONV_NO_SPECTRUM

std::vector<float> hann(int64_t n) {
  std::vector<float> w(static_cast<size_t>(n), 1.0f);
  if (n < 2) return w;
  const double pi = std::acos(-1.0);
  // Periodic Hann: its DFT has exactly three non-zero bins, so a pure tone stays 3 bins wide.
  for (int64_t i = 0; i < n; ++i)
    w[static_cast<size_t>(i)] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * pi * static_cast<double>(i) / static_cast<double>(n)));
  return w;
}

int64_t wrap(int64_t i, int64_t n) { return ((i % n) + n) % n; }

// ------------------------------------------------------------------ stride peaks

std::string fraction(int64_t num, int64_t den) {
  const int64_t g = std::gcd(num, den);
  return str(num / g) + "/" + str(den / g);
}

std::string join_words(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += (i + 1 == items.size()) ? " and " : ", ";
    s += items[i];
  }
  return s;
}

// 0.163 -> "16%", 0.00059 -> "0.059%": two significant digits.
std::string percent_text(double share) {
  if (share * 100.0 < 0.01) return "under 0.01%";
  std::ostringstream o;
  o.precision(2);
  o << share * 100.0 << "%";
  return o.str();
}

}  // namespace

Result<Spectrum> magnitude_spectrum(const Grid& plane, const SpectrumOptions& o) {
  const int64_t rows = plane.rows, cols = plane.cols;
  if (rows < 1 || cols < 1)
    return Error{"the plane is empty (" + str(rows) + " x " + str(cols) + "). Compute the spectrum of an image with at least one pixel."};
  if (rows > kMaxSpectrumCells / cols || rows > 1 << 30 || cols > 1 << 30)
    return Error{"the image is " + str(rows) + " x " + str(cols) + " pixels; spectra are limited to " +
                 str(kMaxSpectrumCells) + " pixels. Use a smaller image or a crop of it."};
  std::vector<float> in = plane.v;
  if (o.hann_window) {
    const std::vector<float> wr = hann(rows), wc = hann(cols);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c) in[static_cast<size_t>(r * cols + c)] *= wr[static_cast<size_t>(r)] * wc[static_cast<size_t>(c)];
  }
  Result<std::vector<float>> mag = dft_magnitude(in, rows, cols);
  if (!mag) return mag.error();
  Spectrum s;
  s.magnitude = Grid(rows, cols);
  s.display = Grid(rows, cols);
  for (int64_t k = 0; k < rows; ++k)
    for (int64_t l = 0; l < cols; ++l)
      s.magnitude.at((k + rows / 2) % rows, (l + cols / 2) % cols) = mag.value()[static_cast<size_t>(k * cols + l)];
  float lo = 0, hi = 0;
  for (size_t i = 0; i < s.magnitude.v.size(); ++i) {
    const float v = std::log1p(s.magnitude.v[i]);
    s.display.v[i] = v;
    if (i == 0 || v < lo) lo = v;
    if (i == 0 || v > hi) hi = v;
  }
  for (float& v : s.display.v) v = hi > lo ? (v - lo) / (hi - lo) : 0.0f;
  return s;
}

Result<Spectrum> magnitude_spectrum(const Tensor4& image, const SpectrumOptions& o, int64_t n) {
  if (image.shape.c < 1 || n < 0 || n >= image.shape.n)
    return Error{"there is no image " + str(n) + " with channels to transform. Load an image first."};
  return magnitude_spectrum(channel_mean(image, n), o);
}

double spectrum_frequency(int64_t index, int64_t size) {
  return static_cast<double>(index - size / 2) / static_cast<double>(size);
}

StridePeaks find_stride_peaks(const Spectrum& s, Pair stride, const PeakCriteria& criteria) {
  StridePeaks out;
  const Grid& g = s.magnitude;
  const int64_t rows = g.rows, cols = g.cols;
  auto unshifted = [&](int64_t k, int64_t l) {  // bin (k, l) of the unshifted DFT, wrapping
    return g.at((wrap(k, rows) + rows / 2) % rows, (wrap(l, cols) + cols / 2) % cols);
  };
  const std::string stride_text =
      stride.h == stride.w ? "stride " + str(stride.h) : "stride " + str(stride.h) + " x " + str(stride.w);
  if (rows < 1 || cols < 1 || stride.h < 1 || stride.w < 1) {
    out.summary = "No spectrum to search.";
    return out;
  }
  float global_max = 0;
  double power = 0;
  for (float v : g.v) {
    global_max = std::max(global_max, v);
    power += static_cast<double>(v) * static_cast<double>(v);
  }
  const double root_power = std::sqrt(power);
  const int64_t rh = std::min<int64_t>(8, (rows - 1) / 2), rw = std::min<int64_t>(8, (cols - 1) / 2);
  for (int64_t m = 0; m < stride.h; ++m)
    for (int64_t n = 0; n < stride.w; ++n) {
      if (m == 0 && n == 0) continue;
      const int64_t k0 = static_cast<int64_t>(std::llround(static_cast<double>(m * rows) / static_cast<double>(stride.h)));
      const int64_t l0 = static_cast<int64_t>(std::llround(static_cast<double>(n * cols) / static_cast<double>(stride.w)));
      SpectrumPeak p;
      p.m = m;
      p.n = n;
      float peak = -1;
      for (int64_t dk = -1; dk <= 1; ++dk)
        for (int64_t dl = -1; dl <= 1; ++dl) {
          const float v = unshifted(k0 + dk, l0 + dl);
          if (v > peak) {
            peak = v;
            p.row = (wrap(k0 + dk, rows) + rows / 2) % rows;
            p.col = (wrap(l0 + dl, cols) + cols / 2) % cols;
          }
        }
      std::vector<float> ring;
      for (int64_t dk = -rh; dk <= rh; ++dk)
        for (int64_t dl = -rw; dl <= rw; ++dl)
          if (std::max(std::abs(dk), std::abs(dl)) >= 3) ring.push_back(unshifted(k0 + dk, l0 + dl));
      if (ring.empty())  // tiny plane: compare with everything
        for (float v : g.v) ring.push_back(v);
      std::nth_element(ring.begin(), ring.begin() + static_cast<std::ptrdiff_t>(ring.size() / 2), ring.end());
      const double median = ring[ring.size() / 2];
      const double floor_v = 1e-6 * static_cast<double>(global_max) + 1e-30;
      p.ratio = static_cast<double>(peak) / std::max(median, floor_v);
      p.share = root_power > 0 ? static_cast<double>(peak) / root_power : 0.0;
      p.significant = p.ratio >= criteria.min_ratio && p.share >= criteria.min_share;
      out.peaks.push_back(p);
    }
  std::stable_sort(out.peaks.begin(), out.peaks.end(),
                   [](const SpectrumPeak& a, const SpectrumPeak& b) { return a.share > b.share; });
  if (out.peaks.empty()) {
    out.summary = "Stride 1 places the kernel at every pixel: there is no checkerboard frequency to look for.";
    return out;
  }
  out.strongest = out.peaks.front().share;
  for (const SpectrumPeak& p : out.peaks) out.checkerboard = out.checkerboard || p.significant;
  // The frequencies in words, folded to [0, 1/2] (a real image's spectrum is symmetric).
  auto frequencies = [&](bool significant_only) {
    std::set<std::pair<double, std::string>> f;
    for (const SpectrumPeak& p : out.peaks) {
      if (significant_only && !p.significant) continue;
      const int64_t mm = std::min(p.m, stride.h - p.m), nn = std::min(p.n, stride.w - p.n);
      if (mm > 0) f.insert({static_cast<double>(mm) / static_cast<double>(stride.h), fraction(mm, stride.h)});
      if (nn > 0) f.insert({static_cast<double>(nn) / static_cast<double>(stride.w), fraction(nn, stride.w)});
    }
    std::vector<std::string> words;
    for (const auto& e : f) words.push_back(e.second);
    return join_words(words);
  };
  double strongest_significant = 0;
  for (const SpectrumPeak& p : out.peaks)
    if (p.significant) strongest_significant = std::max(strongest_significant, p.share);
  if (out.checkerboard)
    out.summary = "Peaks at " + frequencies(true) + " cycle per pixel, " + percent_text(strongest_significant) +
                  " as strong as the picture: the checkerboard of " + stride_text + ".";
  else
    out.summary = "No visible peaks at the " + stride_text + " frequencies (" + frequencies(false) +
                  " cycle per pixel; the strongest is " + percent_text(out.strongest) + " of the picture): no checkerboard.";
  return out;
}

}  // namespace tconv::analysis
