#pragma once
// TensorFlow/Keras's convention for transposed convolution: Conv2DTranspose(padding='same'|'valid')
// and tf.nn.conv2d_transpose, expressed with this project's data (NCHW, PyTorch's weight layout
// (Cin, Cout/groups, kH, kW), no flip between the two frameworks' weights).
//
// TensorFlow computes the transposed convolution as the gradient of a forward convolution whose
// input has the requested output size. Per axis, with k_eff = dilation*(kernel - 1) + 1:
//   full = (in - 1)*stride + k_eff         every cell some kernel placement reaches (PyTorch, p = 0)
//   out  = in*stride                       padding='same'
//        = in*stride + max(k_eff - stride, 0)  padding='valid'
//   total = full - out                     what TensorFlow crops
//   pad_before = floor(total/2), pad_after = total - pad_before  (the extra cell at the bottom/right)
// When total < 0 (k_eff < stride) nothing is cropped and -total cells of zeros follow the last
// placement. PyTorch crops `padding` from both sides and output_padding gives cells back at the
// bottom/right only, so an odd total crop has no PyTorch equivalent: the usual port
// (padding = pad_before + 1, output_padding = 1) has the right size but is shifted by one cell.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/tensor.h"

namespace tconv {

enum class TfPadding { same, valid };
const char* tf_padding_name(TfPadding p);                          // "same", "valid"
std::optional<TfPadding> tf_padding_from_name(const std::string& name);  // exact, lower case

// PyTorch's two cropping parameters along one axis.
struct PyTorchPadding {
  int64_t padding = 0;
  int64_t output_padding = 0;
  bool operator==(const PyTorchPadding& o) const { return padding == o.padding && output_padding == o.output_padding; }
};

// One axis of a TensorFlow transposed convolution.
struct TfAxis {
  int64_t in = 1, kernel = 1, stride = 1, dilation = 1;
  TfPadding padding = TfPadding::same;
};

struct TfAxisPlan {
  int64_t kernel_eff = 1;   // dilation*(kernel - 1) + 1
  int64_t full = 1;         // uncropped size, (in - 1)*stride + kernel_eff
  int64_t out = 1;          // TensorFlow's output size
  int64_t pad_before = 0;   // cells of `full` TensorFlow crops at the top/left (= its forward pad)
  int64_t pad_after = 0;    // cells it crops at the bottom/right (pad_before or pad_before + 1)
  int64_t zeros_after = 0;  // cells of zeros after the last placement (k_eff < stride), else 0
  std::optional<PyTorchPadding> pytorch;       // gives exactly TensorFlow's output, when one does
  std::optional<PyTorchPadding> pytorch_shifted;  // no exact one: same size, shifted by one cell
  std::string explanation;  // one line: the crop and the PyTorch equivalent, or why there is none
};

// Validates one axis (axis_name "height" or "width" appears in messages) and works it out.
Result<TfAxisPlan> tf_axis_plan(const TfAxis& a, const char* axis_name);

// TensorFlow's size formula with the numbers substituted, e.g. "4 x 2 + max(3 - 2, 0) = 9".
std::string tf_output_size_formula(const TfAxis& a);

// A whole TensorFlow-convention problem. groups is this project's extension (TensorFlow's
// transposed convolution has none); it splits channels exactly as in PyTorch.
struct TfConvTransposeParams {
  TfPadding padding = TfPadding::same;
  Pair stride{1, 1};    // >= 1
  Pair dilation{1, 1};  // >= 1
  int64_t groups = 1;   // >= 1; divides Cin and Cout
};

struct TfPlan {
  TfAxisPlan h, w;
  Shape4 output;                // (N, Cout, h.out, w.out)
  // How to compute it with a PyTorch-convention backend: these parameters (padding = pad_before,
  // output_padding = zeros_after) give TensorFlow's output plus at most one extra last row/column
  // (odd total crop), which crop_bottom_right() removes.
  ConvTransposeParams compute;
  Shape4 compute_shape;         // the output shape of `compute`
};

// Validates the whole problem like conv_transpose_output_shape (weight (Cin, Cout/groups, kH, kW),
// bias_len -1 for none) and plans it.
Result<TfPlan> tf_conv_transpose_plan(const Shape4& input, const Shape4& weight, int64_t bias_len,
                                      const TfConvTransposeParams& p);

// The top-left h x w of every plane of y (h <= y.shape.h, w <= y.shape.w): the bottom/right crop
// that PyTorch's symmetric padding cannot do.
Tensor4 crop_bottom_right(const Tensor4& y, int64_t h, int64_t w);

// TensorFlow's output: validates, computes with the fast CPU path (threads <= 0: all cores) and
// crops. bias: Cout floats or empty.
Result<Tensor4> conv_transpose2d_tf(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                    const TfConvTransposeParams& p, int threads = 0);

}  // namespace tconv
