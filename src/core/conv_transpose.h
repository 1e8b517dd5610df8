#pragma once
// The formulations of conv_transpose2d. All take the same arguments and must agree:
//   scatter  -- for each input element x, add x*K at its stride offset (the animation's picture);
//   direct   -- zero-insert the input, pad by d(k-1)-p, convolve with the 180-degree-flipped kernel;
//   matrix   -- y = C^T x, C the sparse matrix of the forward convolution (small sizes only);
//   fast     -- phase (sub-pixel) decomposition, multi-threaded and vectorised (fast.h).
// Precondition for all of them: conv_transpose_output_shape(x.shape, w.shape, bias, p) is ok.
// A violated precondition is an assert (a programming error), not a user error.
#include <cstdint>
#include <vector>

#include "core/params.h"
#include "core/tensor.h"

namespace tconv {

Tensor4 conv_transpose2d_scatter(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                 const ConvTransposeParams& p);

Tensor4 conv_transpose2d_direct(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p);

Tensor4 conv_transpose2d_matrix(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p);

// --- Pieces of the "equivalent direct convolution" view (also drawn by the UI) ---

// The input with stride-1 zeros inserted between elements and padded by d(k-1)-p on the
// top/left and d(k-1)-p+output_padding on the bottom/right. When d(k-1)-p is negative the
// border is cropped instead. Shape (N, Cin, Hz, Wz) with Hz - d(kH-1) = Hout.
Tensor4 zero_insert_and_pad(const Tensor4& x, const Shape4& weight, const ConvTransposeParams& p);

// The kernel rotated by 180 degrees with in/out channels swapped per group:
// (Cin, Cout/g, kH, kW) -> (Cout, Cin/g, kH, kW), the weight of the equivalent convolution.
Tensor4 flip_kernel(const Tensor4& w, int64_t groups);

// Plain forward convolution (cross-correlation, PyTorch conv2d) with weight (Cout, Cin/g, kH, kW),
// stride 1 and no padding; used by the direct formulation.
Tensor4 conv2d_valid(const Tensor4& x, const Tensor4& w, const Pair& dilation, int64_t groups);

// --- The matrix view (one channel, one image) ---

// Dense matrix C of the forward convolution that maps an out_h x out_w image to an in_h x in_w
// one with the same kernel, stride, padding and dilation: rows = in_h*in_w, cols = out_h*out_w,
// row-major. The transposed convolution of a single-channel x is y = C^T x.
struct DenseMatrix {
  int64_t rows = 0, cols = 0;
  std::vector<float> v;  // rows*cols, row-major
  float at(int64_t r, int64_t c) const { return v[static_cast<size_t>(r * cols + c)]; }
};
DenseMatrix forward_conv_matrix(int64_t in_h, int64_t in_w, int64_t out_h, int64_t out_w,
                                const std::vector<float>& kernel, int64_t kh, int64_t kw,
                                const ConvTransposeParams& p);

// Largest C (rows*cols) conv_transpose2d_matrix will build; it is a teaching tool.
constexpr int64_t kMaxMatrixEntries = int64_t(1) << 26;

}  // namespace tconv
