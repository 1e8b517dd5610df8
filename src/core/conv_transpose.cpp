// The reference formulations of conv_transpose2d (see conv_transpose.h). Clarity over speed:
// these are what the tests and the animation trust; the fast path lives in fast.cpp.
//
// Sections: preconditions | scatter | direct (zero-insert + flipped kernel) | matrix (C^T x)
#include "core/conv_transpose.h"

#include <cassert>

namespace tconv {
namespace {

struct Dims {
  int64_t N, Cin, H, W;      // input
  int64_t G, cin_g, cout_g;  // groups, channels per group
  int64_t Cout, kH, kW;
  Shape4 out;
};

Dims check(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, const ConvTransposeParams& p) {
  auto shape = conv_transpose_output_shape(x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p);
  assert(shape.ok() && "conv_transpose2d called with an invalid problem: validate with conv_transpose_output_shape first");
  assert(x.data.size() == static_cast<size_t>(x.shape.count()) && w.data.size() == static_cast<size_t>(w.shape.count()) &&
         "tensor data size does not match its shape");
  Dims d{x.shape.n, x.shape.c, x.shape.h, x.shape.w, p.groups, x.shape.c / p.groups, w.shape.c,
         w.shape.c * p.groups, w.shape.h, w.shape.w, shape.value()};
  return d;
}

void add_bias(Tensor4& y, const std::vector<float>& bias) {
  if (bias.empty()) return;
  const int64_t plane = y.shape.h * y.shape.w;
  for (int64_t n = 0; n < y.shape.n; ++n)
    for (int64_t c = 0; c < y.shape.c; ++c) {
      float* dst = &y.data[y.index(n, c, 0, 0)];
      for (int64_t i = 0; i < plane; ++i) dst[i] += bias[static_cast<size_t>(c)];
    }
}

}  // namespace

// ---------------------------------------------------------------- scatter
Tensor4 conv_transpose2d_scatter(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                 const ConvTransposeParams& p) {
  const Dims d = check(x, w, bias, p);
  Tensor4 y(d.out);
  for (int64_t n = 0; n < d.N; ++n)
    for (int64_t ci = 0; ci < d.Cin; ++ci) {
      const int64_t g = ci / d.cin_g;
      for (int64_t i = 0; i < d.H; ++i)
        for (int64_t j = 0; j < d.W; ++j) {
          const float xv = x.at(n, ci, i, j);
          // Place xv * K with tap (0,0) at (i*s - p, j*s - p); taps are d apart; crop outside.
          for (int64_t co = 0; co < d.cout_g; ++co)
            for (int64_t a = 0; a < d.kH; ++a) {
              const int64_t oh = i * p.stride.h - p.padding.h + a * p.dilation.h;
              if (oh < 0 || oh >= d.out.h) continue;
              for (int64_t b = 0; b < d.kW; ++b) {
                const int64_t ow = j * p.stride.w - p.padding.w + b * p.dilation.w;
                if (ow < 0 || ow >= d.out.w) continue;
                y.at(n, g * d.cout_g + co, oh, ow) += xv * w.at(ci, co, a, b);
              }
            }
        }
    }
  add_bias(y, bias);
  return y;
}

// ---------------------------------------------------------------- direct
Tensor4 zero_insert_and_pad(const Tensor4& x, const Shape4& weight, const ConvTransposeParams& p) {
  // q = d(k-1) - p zeros on the top/left, q + output_padding on the bottom/right; a negative q
  // crops instead. Input element i lands at i*s + q.
  const int64_t qh = p.dilation.h * (weight.h - 1) - p.padding.h;
  const int64_t qw = p.dilation.w * (weight.w - 1) - p.padding.w;
  const int64_t Hz = (x.shape.h - 1) * p.stride.h + 1 + 2 * qh + p.output_padding.h;
  const int64_t Wz = (x.shape.w - 1) * p.stride.w + 1 + 2 * qw + p.output_padding.w;
  assert(Hz >= 1 && Wz >= 1 && "zero_insert_and_pad: validate the problem first");
  Tensor4 z(Shape4{x.shape.n, x.shape.c, Hz, Wz});
  for (int64_t n = 0; n < x.shape.n; ++n)
    for (int64_t c = 0; c < x.shape.c; ++c)
      for (int64_t i = 0; i < x.shape.h; ++i) {
        const int64_t zi = i * p.stride.h + qh;
        if (zi < 0 || zi >= Hz) continue;
        for (int64_t j = 0; j < x.shape.w; ++j) {
          const int64_t zj = j * p.stride.w + qw;
          if (zj < 0 || zj >= Wz) continue;
          z.at(n, c, zi, zj) = x.at(n, c, i, j);
        }
      }
  return z;
}

Tensor4 flip_kernel(const Tensor4& w, int64_t groups) {
  const int64_t cin_g = w.shape.n / groups, cout_g = w.shape.c;
  Tensor4 f(Shape4{cout_g * groups, cin_g, w.shape.h, w.shape.w});
  for (int64_t ci = 0; ci < w.shape.n; ++ci) {
    const int64_t g = ci / cin_g;
    for (int64_t co = 0; co < cout_g; ++co)
      for (int64_t a = 0; a < w.shape.h; ++a)
        for (int64_t b = 0; b < w.shape.w; ++b)
          f.at(g * cout_g + co, ci % cin_g, w.shape.h - 1 - a, w.shape.w - 1 - b) = w.at(ci, co, a, b);
  }
  return f;
}

Tensor4 conv2d_valid(const Tensor4& x, const Tensor4& w, const Pair& dilation, int64_t groups) {
  const int64_t Cout = w.shape.n, cin_g = w.shape.c, cout_g = Cout / groups;
  const int64_t Ho = x.shape.h - dilation.h * (w.shape.h - 1), Wo = x.shape.w - dilation.w * (w.shape.w - 1);
  assert(Ho >= 1 && Wo >= 1 && x.shape.c == cin_g * groups && "conv2d_valid: shapes do not fit");
  Tensor4 y(Shape4{x.shape.n, Cout, Ho, Wo});
  for (int64_t n = 0; n < x.shape.n; ++n)
    for (int64_t co = 0; co < Cout; ++co) {
      const int64_t g = co / cout_g;
      for (int64_t oh = 0; oh < Ho; ++oh)
        for (int64_t ow = 0; ow < Wo; ++ow) {
          float acc = 0;  // the dot product of the kernel with the patch under it
          for (int64_t ci = 0; ci < cin_g; ++ci)
            for (int64_t a = 0; a < w.shape.h; ++a)
              for (int64_t b = 0; b < w.shape.w; ++b)
                acc += x.at(n, g * cin_g + ci, oh + a * dilation.h, ow + b * dilation.w) * w.at(co, ci, a, b);
          y.at(n, co, oh, ow) = acc;
        }
    }
  return y;
}

Tensor4 conv_transpose2d_direct(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p) {
  [[maybe_unused]] const Dims d = check(x, w, bias, p);
  Tensor4 y = conv2d_valid(zero_insert_and_pad(x, w.shape, p), flip_kernel(w, p.groups), p.dilation, p.groups);
  assert(y.shape == d.out && "direct formulation produced the wrong shape");
  add_bias(y, bias);
  return y;
}

// ---------------------------------------------------------------- matrix
DenseMatrix forward_conv_matrix(int64_t in_h, int64_t in_w, int64_t out_h, int64_t out_w,
                                const std::vector<float>& kernel, int64_t kh, int64_t kw,
                                const ConvTransposeParams& p) {
  // Row (i, j) of C is the forward convolution's output element (i, j): the dot product of the
  // kernel with the out_h x out_w image's patch whose tap (a, b) sits at (i*s - p + a*d, j*s - p + b*d).
  DenseMatrix m;
  m.rows = in_h * in_w;
  m.cols = out_h * out_w;
  assert(m.rows * m.cols <= kMaxMatrixEntries && "forward_conv_matrix: too large to build densely");
  m.v.assign(static_cast<size_t>(m.rows * m.cols), 0.0f);
  for (int64_t i = 0; i < in_h; ++i)
    for (int64_t j = 0; j < in_w; ++j)
      for (int64_t a = 0; a < kh; ++a)
        for (int64_t b = 0; b < kw; ++b) {
          const int64_t r = i * p.stride.h - p.padding.h + a * p.dilation.h;
          const int64_t c = j * p.stride.w - p.padding.w + b * p.dilation.w;
          if (r < 0 || r >= out_h || c < 0 || c >= out_w) continue;  // the padding ring of the forward conv
          m.v[static_cast<size_t>((i * in_w + j) * m.cols + r * out_w + c)] += kernel[static_cast<size_t>(a * kw + b)];
        }
  return m;
}

Tensor4 conv_transpose2d_matrix(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p) {
  const Dims d = check(x, w, bias, p);
  Tensor4 y(d.out);
  std::vector<float> k(static_cast<size_t>(d.kH * d.kW));
  for (int64_t ci = 0; ci < d.Cin; ++ci) {
    const int64_t g = ci / d.cin_g;
    for (int64_t co = 0; co < d.cout_g; ++co) {
      for (int64_t t = 0; t < d.kH * d.kW; ++t) k[static_cast<size_t>(t)] = w.at(ci, co, t / d.kW, t % d.kW);
      const DenseMatrix C = forward_conv_matrix(d.H, d.W, d.out.h, d.out.w, k, d.kH, d.kW, p);
      for (int64_t n = 0; n < d.N; ++n) {
        // y += C^T x: column c of C^T is row c of C.
        const float* xp = &x.data[x.index(n, ci, 0, 0)];
        float* yp = &y.data[y.index(n, g * d.cout_g + co, 0, 0)];
        for (int64_t r = 0; r < C.rows; ++r)
          for (int64_t c = 0; c < C.cols; ++c) yp[c] += C.at(r, c) * xp[r];
      }
    }
  }
  add_bias(y, bias);
  return y;
}

}  // namespace tconv
