#pragma once
// Parameters of a 2-D transposed convolution, their validation and the output-size formula.
// Semantics are exactly PyTorch's torch.nn.functional.conv_transpose2d.
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/tensor.h"

namespace tconv {

struct Pair {
  int64_t h = 0, w = 0;
  bool operator==(const Pair& o) const { return h == o.h && w == o.w; }
  bool operator!=(const Pair& o) const { return !(*this == o); }
};

struct ConvTransposeParams {
  Pair stride{1, 1};          // >= 1; spacing of the kernel placements on the output
  Pair padding{0, 0};         // >= 0; CROPS this many cells off each side of the output
  Pair output_padding{0, 0};  // >= 0, < stride or < dilation; extra cells at bottom/right
  Pair dilation{1, 1};        // >= 1; spacing between kernel taps
  int64_t groups = 1;         // >= 1; divides Cin and Cout
};

// Largest tensor we agree to allocate (elements); bigger requests are refused with a message
// instead of failing to allocate. 2^29 floats = 2 GiB.
constexpr int64_t kMaxElements = int64_t(1) << 29;

// The output-size formula, one axis:
//   out = (in - 1)*stride - 2*padding + dilation*(kernel - 1) + output_padding + 1
// May return values < 1 for impossible parameters; validate_axis() explains those.
int64_t conv_transpose_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                                   int64_t dilation, int64_t output_padding);

// One axis of the problem, as the formula sees it.
struct AxisParams {
  int64_t in = 1, kernel = 1, stride = 1, padding = 0, dilation = 1, output_padding = 0;
};
int64_t conv_transpose_output_size(const AxisParams& a);

// Explains, in words, why an axis is impossible (and how to fix it); nullopt when it is fine.
// axis_name is "height" or "width" and appears in the message.
std::optional<Error> validate_axis(const AxisParams& a, const char* axis_name);

// The checks validate_axis and the forward convolution's validate_conv_axis share: input,
// kernel, stride, dilation >= 1 and padding >= 0, in that order. What stride and padding mean
// differs between the two, so each passes its own sentence, appended to the message.
std::optional<Error> validate_axis_basics(const AxisParams& a, const std::string& axis_name,
                                          const char* stride_meaning, const char* padding_meaning);

// The formula with numbers substituted, e.g. "(3 - 1) x 1 - 2 x 0 + 1 x (3 - 1) + 0 + 1 = 5".
std::string output_size_formula(const AxisParams& a);

// Axis views of a full problem.
AxisParams axis_h(const Shape4& input, const Shape4& weight, const ConvTransposeParams& p);
AxisParams axis_w(const Shape4& input, const Shape4& weight, const ConvTransposeParams& p);

// Validates a whole problem and returns the output shape (N, Cout, Hout, Wout).
// weight is (Cin, Cout/groups, kH, kW); bias_len is the bias length, or -1 for no bias.
Result<Shape4> conv_transpose_output_shape(const Shape4& input, const Shape4& weight,
                                           int64_t bias_len, const ConvTransposeParams& p);

}  // namespace tconv
