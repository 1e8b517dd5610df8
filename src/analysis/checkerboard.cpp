// Sections: overlap patterns | upsampling methods | differences
#include "analysis/checkerboard.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/resize.h"
#include "core/fast.h"

namespace tconv::analysis {
namespace {

std::string str(int64_t v) { return std::to_string(v); }

AxisParams axis_of(int64_t in, int64_t kernel, const ConvTransposeParams& p, bool height) {
  AxisParams a;
  a.in = in;
  a.kernel = kernel;
  a.stride = height ? p.stride.h : p.stride.w;
  a.padding = height ? p.padding.h : p.padding.w;
  a.dilation = height ? p.dilation.h : p.dilation.w;
  a.output_padding = height ? p.output_padding.h : p.output_padding.w;
  return a;
}

// ------------------------------------------------------------------ overlap patterns

// One more layer of the 1-D count profile: every count is scattered through the kernel's taps.
std::vector<double> scatter_profile(const std::vector<double>& in, AxisParams a) {
  a.in = static_cast<int64_t>(in.size());
  const int64_t out = conv_transpose_output_size(a);
  std::vector<double> next(static_cast<size_t>(std::max<int64_t>(out, 0)), 0.0);
  for (int64_t i = 0; i < a.in; ++i)
    for (int64_t t = 0; t < a.kernel; ++t) {
      const int64_t o = i * a.stride - a.padding + t * a.dilation;
      if (o >= 0 && o < out) next[static_cast<size_t>(o)] += in[static_cast<size_t>(i)];
    }
  return next;
}

// 1-D counts of `layers` (1 or 2) stacked layers, via tconv::overlap_profile for the first.
std::vector<double> profile(const AxisParams& a, int layers) {
  const std::vector<int> first = overlap_profile(a);
  std::vector<double> p(first.begin(), first.end());
  if (layers == 2) p = scatter_profile(p, a);
  return p;
}

int64_t floor_mod(int64_t v, int64_t m) { return ((v % m) + m) % m; }

// Counts of an endless input (no borders), as a function of the UNCROPPED position u = o + padding:
//   one layer : #{t : u - t*d is a multiple of s}, which depends on u mod s only;
//   two layers: sum over taps t with u - t*d = s*v of the first layer's count at kept cell v,
//               i.e. at uncropped position v + padding; depends on u mod s^2 only.
// Each count costs O(kernel), so maps and periods cost O(length * kernel) whatever the stride.
class InteriorCounts {
 public:
  InteriorCounts(const AxisParams& a, int layers) : a_(a), layers_(layers), phase_(static_cast<size_t>(a.stride), 0.0) {
    for (int64_t f = 0; f < a.stride; ++f)
      for (int64_t t = 0; t < a.kernel; ++t)
        if (floor_mod(f - t * a.dilation, a.stride) == 0) phase_[static_cast<size_t>(f)] += 1.0;
  }
  int64_t period() const { return layers_ == 2 ? a_.stride * a_.stride : a_.stride; }
  double at_kept(int64_t o) const { return layers_ == 2 ? two(o + a_.padding) : one(o + a_.padding); }

 private:
  double one(int64_t u) const { return phase_[static_cast<size_t>(floor_mod(u, a_.stride))]; }
  double two(int64_t u) const {
    double sum = 0;
    for (int64_t t = 0; t < a_.kernel; ++t) {
      const int64_t v = u - t * a_.dilation;
      if (floor_mod(v, a_.stride) == 0) sum += one(v / a_.stride + a_.padding);
    }
    return sum;
  }
  AxisParams a_;
  int layers_;
  std::vector<double> phase_;  // one layer's count per phase u mod s
};

struct Interior {
  std::vector<double> tiled;  // kept positions [0, out)
  double lo = 0, hi = 0;      // over one period (or its first 2^20 positions, for huge strides)
  int64_t period = 1;
};

Interior interior_profile(const AxisParams& a, int64_t out, int layers) {
  const InteriorCounts counts(a, layers);
  Interior r;
  r.period = counts.period();
  r.tiled.resize(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) r.tiled[static_cast<size_t>(o)] = counts.at_kept(o);
  r.lo = r.hi = counts.at_kept(0);
  const int64_t span = std::min<int64_t>(r.period, int64_t(1) << 20);
  for (int64_t o = 1; o < span; ++o) {
    const double v = counts.at_kept(o);
    r.lo = std::min(r.lo, v);
    r.hi = std::max(r.hi, v);
  }
  return r;
}

Status check_axes(const AxisParams& ah, const AxisParams& aw, int layers) {
  if (auto e = validate_axis(ah, "height")) return *e;
  if (auto e = validate_axis(aw, "width")) return *e;
  int64_t out_h = conv_transpose_output_size(ah), out_w = conv_transpose_output_size(aw);
  if (layers == 2) {
    AxisParams h2 = ah, w2 = aw;
    h2.in = out_h;
    w2.in = out_w;
    if (auto e = validate_axis(h2, "height")) return Error{"second layer: " + e->message};
    if (auto e = validate_axis(w2, "width")) return Error{"second layer: " + e->message};
    out_h = conv_transpose_output_size(h2);
    out_w = conv_transpose_output_size(w2);
  }
  if (out_h > kMaxAnalysisCells / out_w)
    return Error{"the overlap map would have " + str(out_h) + " x " + str(out_w) + " cells, more than the " +
                 str(kMaxAnalysisCells) + " the explorer builds. Use a smaller image or stride."};
  return Ok{};
}

OverlapPattern outer(const std::vector<double>& ph, const std::vector<double>& pw) {
  OverlapPattern r;
  const int64_t rows = static_cast<int64_t>(ph.size()), cols = static_cast<int64_t>(pw.size());
  r.counts = Grid(rows, cols);
  r.normalized = Grid(rows, cols);
  double lo = ph[0] * pw[0], hi = lo;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j) {
      const double v = ph[static_cast<size_t>(i)] * pw[static_cast<size_t>(j)];
      r.counts.at(i, j) = static_cast<float>(v);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  r.min_count = static_cast<float>(lo);
  r.max_count = static_cast<float>(hi);
  if (hi > 0)
    for (size_t k = 0; k < r.counts.v.size(); ++k)
      r.normalized.v[k] = static_cast<float>(r.counts.v[k] / hi);
  return r;
}

Result<OverlapPattern> pattern(int64_t in_h, int64_t in_w, Pair kernel, const ConvTransposeParams& p,
                               int layers, bool tiled) {
  const AxisParams ah = axis_of(in_h, kernel.h, p, true), aw = axis_of(in_w, kernel.w, p, false);
  if (Status s = check_axes(ah, aw, layers); !s) return s.error();
  const std::vector<double> ph = profile(ah, layers), pw = profile(aw, layers);
  const Interior ih = interior_profile(ah, static_cast<int64_t>(ph.size()), layers);
  const Interior iw = interior_profile(aw, static_cast<int64_t>(pw.size()), layers);
  OverlapPattern r = tiled ? outer(ih.tiled, iw.tiled) : outer(ph, pw);
  // Counts are non-negative, so the extremes of an outer product are products of extremes.
  r.interior_min = static_cast<float>(ih.lo * iw.lo);
  r.interior_max = static_cast<float>(ih.hi * iw.hi);
  r.period_h = ih.period;
  r.period_w = iw.period;
  return r;
}

// --------------------------------------------------------------- upsampling methods

Tensor4 depthwise_weight(const Kernel2D& k, int64_t channels, float scale) {
  Tensor4 w(Shape4{channels, 1, k.h, k.w});
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t i = 0; i < k.h * k.w; ++i)
      w.data[static_cast<size_t>(c * k.h * k.w + i)] = k.v[static_cast<size_t>(i)] * scale;
  return w;
}

// Factor that gives the transposed convolution unit gain on a flat image (1 when disabled or
// when the kernel sums to about zero, e.g. an edge filter).
float gain_scale(const UpsampleSettings& s) {
  if (!s.unit_gain) return 1.0f;
  double sum = 0, abs_sum = 0;
  for (float v : s.kernel.v) {
    sum += v;
    abs_sum += std::fabs(v);
  }
  if (std::fabs(sum) <= 1e-6 * abs_sum || abs_sum == 0) return 1.0f;
  return static_cast<float>(static_cast<double>(s.params.stride.h * s.params.stride.w) / sum);
}

// Output pixel o samples input coordinate (o + padding - centre) / stride (see the header).
AxisSampling aligned(int64_t out, int64_t stride, int64_t padding, double centre) {
  return AxisSampling{out, static_cast<double>(stride),
                      static_cast<double>(padding) + 0.5 * static_cast<double>(stride - 1) - centre};
}

Result<Tensor4> upsample_once(const Tensor4& x, UpsampleMethod m, const UpsampleSettings& s) {
  Result<Shape4> shape = upsample_output_shape(x.shape, s);
  if (!shape) return shape.error();
  const Shape4 out = shape.value();
  const ConvTransposeParams& p = s.params;
  const float g = gain_scale(s);
  const int64_t span_h = p.dilation.h * (s.kernel.h - 1), span_w = p.dilation.w * (s.kernel.w - 1);
  switch (m) {
    case UpsampleMethod::transposed: {
      ConvTransposeParams q = p;
      q.groups = x.shape.c;
      return conv_transpose2d_fast(x, depthwise_weight(s.kernel, x.shape.c, g), {}, q, s.threads);
    }
    case UpsampleMethod::nearest_then_conv:
    case UpsampleMethod::bilinear_then_conv: {
      const AxisSampling sh = aligned(out.h, p.stride.h, p.padding.h, static_cast<double>((span_h + 1) / 2));
      const AxisSampling sw = aligned(out.w, p.stride.w, p.padding.w, static_cast<double>((span_w + 1) / 2));
      const Tensor4 r = m == UpsampleMethod::nearest_then_conv ? resize_nearest(x, sh, sw, s.threads)
                                                                 : resize_bilinear(x, sh, sw, s.threads);
      Kernel2D k = s.kernel;
      const float scale = g / static_cast<float>(p.stride.h * p.stride.w);
      for (float& v : k.v) v *= scale;
      return convolve_same(r, k, p.dilation, s.threads);
    }
    case UpsampleMethod::bilinear: {
      const AxisSampling sh = aligned(out.h, p.stride.h, p.padding.h, 0.5 * static_cast<double>(span_h));
      const AxisSampling sw = aligned(out.w, p.stride.w, p.padding.w, 0.5 * static_cast<double>(span_w));
      return resize_bilinear(x, sh, sw, s.threads);
    }
  }
  return Error{"unknown upsampling method. Pick one of the four the explorer lists."};
}

}  // namespace

Result<OverlapPattern> overlap_pattern(int64_t in_h, int64_t in_w, Pair kernel, const ConvTransposeParams& p) {
  return pattern(in_h, in_w, kernel, p, 1, false);
}

Result<OverlapPattern> overlap_pattern_tiled(int64_t in_h, int64_t in_w, Pair kernel,
                                             const ConvTransposeParams& p) {
  return pattern(in_h, in_w, kernel, p, 1, true);
}

Result<OverlapPattern> stacked_overlap_pattern(int64_t in_h, int64_t in_w, Pair kernel,
                                               const ConvTransposeParams& p, bool tiled) {
  return pattern(in_h, in_w, kernel, p, 2, tiled);
}

const char* upsample_method_name(UpsampleMethod m) {
  switch (m) {
    case UpsampleMethod::transposed: return "transposed convolution";
    case UpsampleMethod::nearest_then_conv: return "nearest resize + convolution";
    case UpsampleMethod::bilinear_then_conv: return "bilinear resize + convolution";
    case UpsampleMethod::bilinear: return "bilinear resize";
  }
  return "?";
}

Result<Shape4> upsample_output_shape(const Shape4& image, const UpsampleSettings& s) {
  if (image.n < 1 || image.c < 1 || image.h < 1 || image.w < 1)
    return Error{"the image is empty (" + str(image.n) + " x " + str(image.c) + " x " + str(image.h) + " x " +
                 str(image.w) + "). Load an image with at least one pixel and one channel."};
  if (s.kernel.h < 1 || s.kernel.w < 1 || static_cast<int64_t>(s.kernel.v.size()) != s.kernel.h * s.kernel.w)
    return Error{"the kernel is " + str(s.kernel.h) + " x " + str(s.kernel.w) + " but holds " +
                 str(static_cast<int64_t>(s.kernel.v.size())) + " values. Pick a kernel preset or give kH*kW values."};
  ConvTransposeParams q = s.params;
  q.groups = image.c;
  return conv_transpose_output_shape(image, Shape4{image.c, 1, s.kernel.h, s.kernel.w}, -1, q);
}

Result<Tensor4> upsample(const Tensor4& image, UpsampleMethod m, const UpsampleSettings& s) {
  return upsample_once(image, m, s);
}

Result<Tensor4> upsample_stacked(const Tensor4& image, UpsampleMethod m, const UpsampleSettings& s) {
  Result<Tensor4> first = upsample_once(image, m, s);
  if (!first) return first;
  Result<Tensor4> second = upsample_once(first.value(), m, s);
  if (!second) return Error{"second layer: " + second.error().message};
  return second;
}

// ---------------------------------------------------------------------- differences

Result<Difference> difference(const Tensor4& a, const Tensor4& b) {
  if (a.shape != b.shape) {
    auto s = [](const Shape4& x) {
      return "(" + str(x.n) + ", " + str(x.c) + ", " + str(x.h) + ", " + str(x.w) + ")";
    };
    return Error{"cannot subtract images of different shapes " + s(a.shape) + " and " + s(b.shape) +
                 ". Compare results computed from the same image with the same stride and kernel size."};
  }
  Difference d;
  d.diff = Tensor4(a.shape);
  double sq = 0;
  float mx = 0;
  for (size_t i = 0; i < a.data.size(); ++i) {
    const float v = a.data[i] - b.data[i];
    d.diff.data[i] = v;
    mx = std::max(mx, std::fabs(v));
    sq += static_cast<double>(v) * static_cast<double>(v);
  }
  d.max_abs = mx;
  d.rms = a.data.empty() ? 0.0 : std::sqrt(sq / static_cast<double>(a.data.size()));
  return d;
}

float diverging_position(float d, float max_abs) {
  if (!(max_abs > 0)) return 0.5f;
  return std::clamp(0.5f + 0.5f * d / max_abs, 0.0f, 1.0f);
}

Grid channel_mean(const Tensor4& image, int64_t n) {
  const Shape4& s = image.shape;
  Grid g(s.h, s.w);
  if (s.c < 1) return g;
  const float inv = 1.0f / static_cast<float>(s.c);
  for (int64_t c = 0; c < s.c; ++c) {
    const float* src = image.data.data() + image.index(n, c, 0, 0);
    for (int64_t i = 0; i < s.h * s.w; ++i) g.v[static_cast<size_t>(i)] += src[i];
  }
  for (float& v : g.v) v *= inv;
  return g;
}

}  // namespace tconv::analysis
