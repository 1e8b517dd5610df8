#pragma once
// The checkerboard explorer's computations (no GL, no ImGui): where the overlap counts of a
// transposed convolution are uneven, the comparison with resize-then-convolve (Odena, Dumoulin,
// Olah, "Deconvolution and Checkerboard Artifacts", Distill 2016) and plain bilinear resizing,
// difference images and two stacked layers. Spectra are in analysis/spectrum.h.
//
// Images are Tensor4 (N, C, H, W), row-major NCHW (core/tensor.h); one kernel (kH x kW) is applied
// to every channel separately (depthwise: weight (C, 1, kH, kW), groups = C), so colour images
// keep their colours. Maps for display are tconv::Grid (rows x cols, row-major).
#include <cstdint>
#include <string>

#include "core/kernels.h"
#include "core/params.h"
#include "core/result.h"
#include "core/teaching.h"
#include "core/tensor.h"

namespace tconv::analysis {

// Largest map (cells) the analyses build; bigger requests are refused with a message.
constexpr int64_t kMaxAnalysisCells = int64_t(1) << 26;

// ------------------------------------------------------------------ overlap patterns

struct OverlapPattern {
  // read-only results
  Grid counts;               // out_h x out_w: (input pixel, kernel tap) pairs landing on each cell
  Grid normalized;           // counts / max_count, in [0, 1] (0 = no placement reaches the cell)
  float min_count = 0, max_count = 0;        // over the whole map (min shows the edge effect)
  float interior_min = 0, interior_max = 0;  // over one period of the interior, far from borders
  int64_t period_h = 1, period_w = 1;        // period of the interior pattern (stride, or stride^2)
  // The interior is uniform (no checkerboard) exactly when these agree.
  bool uniform_interior() const { return interior_min == interior_max; }
};

// Overlap counts of the transposed convolution of an in_h x in_w image, the same size as its
// output: the outer product of tconv::overlap_profile of the two axes. Shows the edge effect
// (fewer counts near the border) and the periodic interior pattern. Errors explain impossible
// parameters (as validate_axis does) or a map larger than kMaxAnalysisCells.
Result<OverlapPattern> overlap_pattern(int64_t in_h, int64_t in_w, Pair kernel,
                                       const ConvTransposeParams& p);

// The interior pattern alone -- what an endless image would show, without the edge effect --
// tiled over the same out_h x out_w cells, in phase with overlap_pattern's interior.
Result<OverlapPattern> overlap_pattern_tiled(int64_t in_h, int64_t in_w, Pair kernel,
                                             const ConvTransposeParams& p);

// Two stacked layers with the same kernel size and parameters: counts of (pixel, tap, tap) paths
// through both (the product-like pattern of period stride^2: "how the pattern compounds").
// tiled = true gives its interior alone, as overlap_pattern_tiled does for one layer.
Result<OverlapPattern> stacked_overlap_pattern(int64_t in_h, int64_t in_w, Pair kernel,
                                               const ConvTransposeParams& p, bool tiled = false);

// --------------------------------------------------------------- upsampling methods

enum class UpsampleMethod {
  transposed,         // conv_transpose2d with the kernel: the method under study
  nearest_then_conv,  // nearest resize by the stride, then a stride-1 'same' convolution (Odena)
  bilinear_then_conv, // bilinear resize by the stride, then the same convolution
  bilinear,           // plain bilinear resize, half-pixel centres (PyTorch align_corners=False)
};
const char* upsample_method_name(UpsampleMethod m);  // "transposed convolution", ...

struct UpsampleSettings {
  Kernel2D kernel;              // kH x kW, applied to every channel
  ConvTransposeParams params;   // stride/padding/output_padding/dilation; groups is ignored
  // true: scale the kernel by (stride.h*stride.w)/sum(kernel) so a flat image keeps its level in
  // the interior whatever the kernel (kernels summing to ~0, like edge filters, stay as given);
  // false: PyTorch's numbers for the kernel as given.
  bool unit_gain = true;
  int threads = 0;              // <= 0: one per hardware thread
};

// Every method produces the transposed convolution's output size (conv_transpose_output_size
// per axis) for a fair comparison. The resize methods are aligned with the transposed
// convolution's footprints: output pixel o samples input coordinate
//   (o + padding - d(k-1)/2) / stride         (plain bilinear; = PyTorch's for the FCN
//                                               bilinear kernel with its natural padding)
//   (o + padding - ceil(d(k-1)/2)) / stride   (before the 'same' convolution, whose zero padding
//                                               splits as PyTorch's padding='same')
// The convolution after a resize uses the kernel rotated by 180 degrees (a true convolution,
// like the transposed one) divided by stride.h*stride.w, so both have the same gain on a flat
// image. Errors: impossible parameters, an empty or mismatched kernel, too large an output.
Result<Shape4> upsample_output_shape(const Shape4& image, const UpsampleSettings& s);
Result<Tensor4> upsample(const Tensor4& image, UpsampleMethod m, const UpsampleSettings& s);
// The method applied twice with the same settings (for transposed: two stacked layers).
Result<Tensor4> upsample_stacked(const Tensor4& image, UpsampleMethod m, const UpsampleSettings& s);

// ---------------------------------------------------------------------- differences

struct Difference {
  Tensor4 diff;        // a - b, the shape of a and b
  float max_abs = 0;   // max |a - b|; the display maps [-max_abs, max_abs] symmetrically
  double rms = 0;      // root mean square of a - b
};
// Error when the shapes differ (says both shapes).
Result<Difference> difference(const Tensor4& a, const Tensor4& b);

// Position of d on a symmetric (diverging) colour scale: 0 at -max_abs, 0.5 at 0, 1 at +max_abs;
// 0.5 when max_abs is 0.
float diverging_position(float d, float max_abs);

// One plane per image for heat-maps and spectra: the mean over channels of image n.
Grid channel_mean(const Tensor4& image, int64_t n = 0);

}  // namespace tconv::analysis
