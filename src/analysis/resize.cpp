#include "analysis/resize.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

#include "analysis/parallel.h"

namespace tconv::analysis {
namespace {

void check_sampling(const AxisSampling& a) {
  assert(a.out >= 1 && a.scale > 0 && "AxisSampling: out must be >= 1 and scale > 0");
  (void)a;
}

std::vector<int64_t> nearest_table(int64_t in, const AxisSampling& a) {
  check_sampling(a);
  std::vector<int64_t> idx(static_cast<size_t>(a.out));
  for (int64_t o = 0; o < a.out; ++o) {
    const double u = std::floor((static_cast<double>(o) + 0.5 + a.offset) / a.scale);
    idx[static_cast<size_t>(o)] = static_cast<int64_t>(std::clamp(u, 0.0, static_cast<double>(in - 1)));
  }
  return idx;
}

struct Lerp {
  int64_t i0 = 0, i1 = 0;
  float f = 0;  // weight of i1
};

std::vector<Lerp> bilinear_table(int64_t in, const AxisSampling& a) {
  check_sampling(a);
  std::vector<Lerp> t(static_cast<size_t>(a.out));
  for (int64_t o = 0; o < a.out; ++o) {
    double u = (static_cast<double>(o) + 0.5 + a.offset) / a.scale - 0.5;
    u = std::clamp(u, 0.0, static_cast<double>(in - 1));
    Lerp& l = t[static_cast<size_t>(o)];
    l.i0 = static_cast<int64_t>(std::floor(u));
    l.i1 = std::min(l.i0 + 1, in - 1);
    l.f = static_cast<float>(u - static_cast<double>(l.i0));
  }
  return t;
}

}  // namespace

AxisSampling sampling_to_size(int64_t in, int64_t out) {
  assert(in >= 1 && out >= 1 && "sampling_to_size: sizes must be >= 1");
  return AxisSampling{out, static_cast<double>(out) / static_cast<double>(in), 0.0};
}

Tensor4 resize_nearest(const Tensor4& x, const AxisSampling& h, const AxisSampling& w, int threads) {
  const auto rows = nearest_table(x.shape.h, h);
  const auto cols = nearest_table(x.shape.w, w);
  Tensor4 y(Shape4{x.shape.n, x.shape.c, h.out, w.out});
  const int64_t planes = x.shape.n * x.shape.c;
  // Output rows of all planes form one index space for the threads.
  detail::parallel_bands(planes * h.out, threads, 64, [&](int64_t begin, int64_t end) {
    for (int64_t pr = begin; pr < end; ++pr) {
      const int64_t p = pr / h.out, o = pr % h.out;
      const float* srow = x.data.data() + (p * x.shape.h + rows[static_cast<size_t>(o)]) * x.shape.w;
      float* drow = y.data.data() + pr * w.out;
      for (int64_t c = 0; c < w.out; ++c) drow[c] = srow[cols[static_cast<size_t>(c)]];
    }
  });
  return y;
}

Tensor4 resize_bilinear(const Tensor4& x, const AxisSampling& h, const AxisSampling& w, int threads) {
  const auto rows = bilinear_table(x.shape.h, h);
  const auto cols = bilinear_table(x.shape.w, w);
  Tensor4 y(Shape4{x.shape.n, x.shape.c, h.out, w.out});
  const int64_t planes = x.shape.n * x.shape.c;
  detail::parallel_bands(planes * h.out, threads, 64, [&](int64_t begin, int64_t end) {
    for (int64_t pr = begin; pr < end; ++pr) {
      const int64_t p = pr / h.out, o = pr % h.out;
      const Lerp& r = rows[static_cast<size_t>(o)];
      const float* src = x.data.data() + p * x.shape.h * x.shape.w;
      const float* s0 = src + r.i0 * x.shape.w;
      const float* s1 = src + r.i1 * x.shape.w;
      float* drow = y.data.data() + pr * w.out;
      for (int64_t c = 0; c < w.out; ++c) {
        const Lerp& l = cols[static_cast<size_t>(c)];
        // Same order of operations as PyTorch's CPU kernel (rows then columns, lambda form).
        const float a = (1.0f - l.f) * s0[l.i0] + l.f * s0[l.i1];
        const float b = (1.0f - l.f) * s1[l.i0] + l.f * s1[l.i1];
        drow[c] = (1.0f - r.f) * a + r.f * b;
      }
    }
  });
  return y;
}

Tensor4 resize_nearest(const Tensor4& x, int64_t out_h, int64_t out_w) {
  return resize_nearest(x, sampling_to_size(x.shape.h, out_h), sampling_to_size(x.shape.w, out_w));
}

Tensor4 resize_bilinear(const Tensor4& x, int64_t out_h, int64_t out_w) {
  return resize_bilinear(x, sampling_to_size(x.shape.h, out_h), sampling_to_size(x.shape.w, out_w));
}

Tensor4 convolve_same(const Tensor4& x, const Kernel2D& k, Pair dilation, int threads) {
  assert(k.h >= 1 && k.w >= 1 && static_cast<int64_t>(k.v.size()) == k.h * k.w &&
         "convolve_same: kernel must be h*w values");
  assert(dilation.h >= 1 && dilation.w >= 1 && "convolve_same: dilation must be >= 1");
  const int64_t H = x.shape.h, W = x.shape.w;
  const int64_t top = dilation.h * (k.h - 1) / 2, left = dilation.w * (k.w - 1) / 2;
  Tensor4 y(x.shape);
  const int64_t planes = x.shape.n * x.shape.c;
  // Rows of all planes form one index space, so small images with many channels also split.
  detail::parallel_bands(planes * H, threads, 64, [&](int64_t begin, int64_t end) {
    for (int64_t pr = begin; pr < end; ++pr) {
      const int64_t p = pr / H, o = pr % H;
      const float* src = x.data.data() + p * H * W;
      float* drow = y.data.data() + pr * W;
      for (int64_t a = 0; a < k.h; ++a) {
        const int64_t r = o - top + a * dilation.h;
        if (r < 0 || r >= H) continue;
        const float* srow = src + r * W;
        for (int64_t b = 0; b < k.w; ++b) {
          // True convolution: tap (a, b) of the correlation uses the rotated kernel's value.
          const float wv = k.v[static_cast<size_t>((k.h - 1 - a) * k.w + (k.w - 1 - b))];
          if (wv == 0.0f) continue;
          const int64_t shift = b * dilation.w - left;  // drow[c] += wv * srow[c + shift]
          const int64_t c0 = std::max<int64_t>(0, -shift), c1 = std::min<int64_t>(W, W - shift);
          for (int64_t c = c0; c < c1; ++c) drow[c] += wv * srow[c + shift];
        }
      }
    }
  });
  return y;
}

}  // namespace tconv::analysis
