// Sections: FFT (kissfft rows and columns, Bluestein for awkward lengths) | magnitude spectrum |
// stride peaks
#include "analysis/spectrum.h"

#include <kiss_fft.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <new>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "analysis/checkerboard.h"
#include "analysis/parallel.h"

namespace tconv::analysis {
namespace {

std::string str(int64_t v) { return std::to_string(v); }

// ------------------------------------------------------------------ FFT
// kissfft (Debian's libkissfft-dev, BSD-3-Clause) does the 1-D transforms; the 2-D transform is
// done by rows, then by columns. kissfft has radix 2, 3, 4 and 5 butterflies and an O(p^2) one for
// any other prime factor p, so a length whose direct cost would be large (a 4001-pixel-wide image)
// goes through Bluestein's chirp-z instead: a circular convolution of a fast length m >= 2n - 1.

using Cpx = kiss_fft_cpx;

struct KissFree {
  void operator()(kiss_fft_state* p) const { kiss_fft_free(p); }
};
using KissPlan = std::unique_ptr<kiss_fft_state, KissFree>;

KissPlan kiss_plan(int64_t n, bool inverse) {
  KissPlan p(kiss_fft_alloc(static_cast<int>(n), inverse ? 1 : 0, nullptr, nullptr));
  if (!p) throw std::bad_alloc();
  return p;
}

// The sum of n's prime factors: kissfft's own transform of length n takes about n times that.
double direct_cost(int64_t n) {
  double sum = 0;
  for (int64_t p = 2; p * p <= n; ++p)
    while (n % p == 0) {
      sum += static_cast<double>(p);
      n /= p;
    }
  if (n > 1) sum += static_cast<double>(n);
  return sum;
}

Cpx mul(Cpx a, Cpx b) { return Cpx{a.r * b.r - a.i * b.i, a.r * b.i + a.i * b.r}; }

// A forward DFT of one length: out[k] = sum_j in[j * stride] exp(-2 pi i j k / n). Immutable once
// made, so one plan serves every thread; each thread brings its own scratch.
class Dft {
 public:
  explicit Dft(int64_t n) : n_(n) {
    const int64_t m = kiss_fft_next_fast_size(static_cast<int>(2 * n - 1));
    const double log_m = std::log2(static_cast<double>(m));
    if (n < 3 || static_cast<double>(n) * direct_cost(n) <= 3.0 * static_cast<double>(m) * (log_m + 2.0)) {
      direct_ = kiss_plan(n, false);
      return;
    }
    m_ = m;
    forward_ = kiss_plan(m, false);
    inverse_ = kiss_plan(m, true);
    // j k = (j^2 + k^2 - (k - j)^2) / 2, so X_k = w_k sum_j (x_j w_j) conj(w_(k-j)) with
    // w_j = exp(-i pi j^2 / n): a convolution with conj(w). j^2 is reduced mod 2n (the period of
    // w) in integers, so the angle stays exact for long rows.
    const double pi = std::acos(-1.0);
    chirp_.resize(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j) {
      const double a = -pi * static_cast<double>((j * j) % (2 * n)) / static_cast<double>(n);
      chirp_[static_cast<size_t>(j)] = Cpx{static_cast<float>(std::cos(a)), static_cast<float>(std::sin(a))};
    }
    std::vector<Cpx> c(static_cast<size_t>(m), Cpx{0, 0});
    for (int64_t j = 0; j < n; ++j) {
      const Cpx w = chirp_[static_cast<size_t>(j)];
      c[static_cast<size_t>(j)] = Cpx{w.r, -w.i};
      if (j > 0) c[static_cast<size_t>(m - j)] = Cpx{w.r, -w.i};
    }
    kernel_.resize(static_cast<size_t>(m));
    kiss_fft(forward_.get(), c.data(), kernel_.data());
    const float scale = 1.0f / static_cast<float>(m);  // kissfft's inverse is unnormalised
    for (Cpx& z : kernel_) z = Cpx{z.r * scale, z.i * scale};
  }

  int64_t size() const { return n_; }

  // out must not overlap in; scratch is resized as needed.
  void run(const Cpx* in, int64_t stride, Cpx* out, std::vector<Cpx>& scratch) const {
    if (direct_) {
      kiss_fft_stride(direct_.get(), in, out, static_cast<int>(stride));
      return;
    }
    scratch.assign(static_cast<size_t>(2 * m_), Cpx{0, 0});
    Cpx* a = scratch.data();
    Cpx* f = a + m_;
    for (int64_t j = 0; j < n_; ++j) a[j] = mul(in[j * stride], chirp_[static_cast<size_t>(j)]);
    kiss_fft(forward_.get(), a, f);
    for (int64_t k = 0; k < m_; ++k) f[k] = mul(f[k], kernel_[static_cast<size_t>(k)]);
    kiss_fft(inverse_.get(), f, a);
    for (int64_t k = 0; k < n_; ++k) out[k] = mul(a[k], chirp_[static_cast<size_t>(k)]);
  }

 private:
  int64_t n_ = 0, m_ = 0;          // length; Bluestein's convolution length (0: direct)
  KissPlan direct_;                // kissfft of length n, when that is cheap enough
  KissPlan forward_, inverse_;     // length m (Bluestein)
  std::vector<Cpx> chirp_;         // w_j = exp(-i pi j^2 / n), j < n
  std::vector<Cpx> kernel_;        // DFT of the circular conj(w), divided by m
};

// The first cols/2 + 1 columns of the DFT of a real rows x cols plane (row-major, rows x half):
// the rest follow from F(k, l) = conj F(-k, -l). Two real rows go through one complex transform,
// z = x + i y, and are separated by X_l = (Z_l + conj Z_-l) / 2, Y_l = (Z_l - conj Z_-l) / 2i.
std::vector<Cpx> real_dft_2d(const std::vector<float>& plane, int64_t rows, int64_t cols) {
  const int64_t half = cols / 2 + 1;
  std::vector<Cpx> out(static_cast<size_t>(rows * half));
  const Dft row_dft(cols);
  std::optional<Dft> own_col_dft;
  if (rows != cols) own_col_dft.emplace(rows);
  const Dft& col_dft = own_col_dft ? *own_col_dft : row_dft;
  // Workers cannot throw across the join: a failed allocation is noted and rethrown here.
  std::atomic<bool> out_of_memory{false};
  auto guarded = [&](auto body) {
    return [&out_of_memory, body](int64_t begin, int64_t end) {
      try {
        body(begin, end);
      } catch (const std::bad_alloc&) {
        out_of_memory = true;
      }
    };
  };
  // Bands of at least ~64k cells, so small planes stay on the calling thread.
  const int64_t cells_per_band = int64_t(1) << 16;
  detail::parallel_bands((rows + 1) / 2, 0, std::max<int64_t>(1, cells_per_band / (2 * cols)),
                         guarded([&](int64_t begin, int64_t end) {
    std::vector<Cpx> z(static_cast<size_t>(cols)), f(static_cast<size_t>(cols)), scratch;
    for (int64_t p = begin; p < end; ++p) {
      const int64_t r0 = 2 * p;
      const bool pair = r0 + 1 < rows;
      const float* x = plane.data() + r0 * cols;
      for (int64_t c = 0; c < cols; ++c) z[static_cast<size_t>(c)] = Cpx{x[c], pair ? x[cols + c] : 0.0f};
      row_dft.run(z.data(), 1, f.data(), scratch);
      Cpx* ox = out.data() + r0 * half;
      for (int64_t l = 0; l < half; ++l) {
        const Cpx a = f[static_cast<size_t>(l)], b = f[static_cast<size_t>((cols - l) % cols)];
        ox[l] = Cpx{0.5f * (a.r + b.r), 0.5f * (a.i - b.i)};
        if (pair) ox[half + l] = Cpx{0.5f * (a.i + b.i), 0.5f * (b.r - a.r)};
      }
    }
  }));
  if (out_of_memory) throw std::bad_alloc();
  detail::parallel_bands(half, 0, std::max<int64_t>(1, cells_per_band / rows), guarded([&](int64_t begin, int64_t end) {
    std::vector<Cpx> f(static_cast<size_t>(rows)), scratch;
    for (int64_t l = begin; l < end; ++l) {
      col_dft.run(out.data() + l, half, f.data(), scratch);
      for (int64_t k = 0; k < rows; ++k) out[static_cast<size_t>(k * half + l)] = f[static_cast<size_t>(k)];
    }
  }));
  if (out_of_memory) throw std::bad_alloc();
  return out;
}

// |F| of a real rows x cols plane, full (not half) spectrum, NOT shifted: bin (k, l).
Result<std::vector<float>> dft_magnitude(const std::vector<float>& plane, int64_t rows, int64_t cols) {
  const int64_t half = cols / 2 + 1;
  std::vector<Cpx> f;
  std::vector<float> mag;
  try {
    f = real_dft_2d(plane, rows, cols);
    mag.resize(static_cast<size_t>(rows * cols));
  } catch (const std::bad_alloc&) {
    return Error{"out of memory for the " + str(rows) + " x " + str(cols) + " spectrum. Use a smaller image."};
  }
  for (int64_t k = 0; k < rows; ++k)
    for (int64_t l = 0; l < cols; ++l) {
      const int64_t kk = l < half ? k : (rows - k) % rows;
      const int64_t ll = l < half ? l : cols - l;
      const Cpx z = f[static_cast<size_t>(kk * half + ll)];
      mag[static_cast<size_t>(k * cols + l)] = std::hypot(z.r, z.i);
    }
  return mag;
}

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

std::vector<SpectrumPoint> stride_frequency_points(int64_t m, int64_t n, Pair stride, int64_t rows, int64_t cols) {
  // Along one axis: the positions of frequency k / s (the DC cell size / 2 holds frequency 0).
  auto axis = [](int64_t k, int64_t s, int64_t size) {
    const double f0 = static_cast<double>(k) / static_cast<double>(s);
    const double f = f0 - std::floor(f0 + 0.5);  // in [-1/2, 1/2)
    std::vector<double> at{static_cast<double>(size / 2) + f * static_cast<double>(size) + 0.5};
    if (at[0] <= 0.0) at = {0.0, static_cast<double>(size)};  // odd size, Nyquist: both edges
    return at;
  };
  std::vector<SpectrumPoint> out;
  if (stride.h < 1 || stride.w < 1 || rows < 1 || cols < 1) return out;
  for (double y : axis(m, stride.h, rows))
    for (double x : axis(n, stride.w, cols)) out.push_back({x, y});
  return out;
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
