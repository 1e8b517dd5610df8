#pragma once
// Image resizing and 'same' convolution for the checkerboard explorer's comparisons
// (standard C++ only: a few dozen lines each, so no dependency on stb_image_resize, whose
// filters and edge modes differ from PyTorch's and would need their own tests anyway).
//
// Coordinates, stated once: along an axis, output pixel o covers the input interval that starts
// at (o + offset) / scale, so its centre lies at the input coordinate
//     u(o) = (o + 0.5 + offset) / scale - 0.5        (input pixel i is centred at u = i).
//   nearest : takes input pixel floor(u + 0.5) = floor((o + 0.5 + offset) / scale), clamped;
//   bilinear: interpolates between floor(u) and floor(u) + 1, with u clamped to [0, in - 1]
//             (edge pixels repeat, as in PyTorch).
// With offset 0 and scale = out / in these are PyTorch's interpolate(..., align_corners=False)
// 'bilinear' and 'nearest-exact' (which equals 'nearest' for integer upscale factors).
// Images are Tensor4 (N, C, H, W); every plane is resized the same way.
#include <cstdint>

#include "core/kernels.h"
#include "core/params.h"
#include "core/tensor.h"

namespace tconv::analysis {

struct AxisSampling {
  int64_t out = 1;     // output length (>= 1)
  double scale = 1.0;  // output pixels per input pixel (> 0)
  double offset = 0;   // shift in output pixels (see the coordinate note above)
};

// PyTorch's size-based sampling: scale = out / in, offset 0.
AxisSampling sampling_to_size(int64_t in, int64_t out);

// threads <= 0: one per hardware thread.
Tensor4 resize_nearest(const Tensor4& x, const AxisSampling& h, const AxisSampling& w, int threads = 0);
Tensor4 resize_bilinear(const Tensor4& x, const AxisSampling& h, const AxisSampling& w, int threads = 0);

// Convenience: to a given size, PyTorch's conventions.
Tensor4 resize_nearest(const Tensor4& x, int64_t out_h, int64_t out_w);
Tensor4 resize_bilinear(const Tensor4& x, int64_t out_h, int64_t out_w);

// Stride-1 'same' convolution of every plane with one 2-D kernel, zero padding split as PyTorch's
// padding='same' does (top/left floor(d(k-1)/2), the rest bottom/right). It is a true convolution
// (the kernel is rotated by 180 degrees), so that for an odd kernel it equals the stride-1
// transposed convolution with padding d(k-1)/2. threads <= 0: one per hardware thread.
Tensor4 convolve_same(const Tensor4& x, const Kernel2D& k, Pair dilation, int threads = 0);

}  // namespace tconv::analysis
