#include "core/params.h"

#include <cstdlib>
#include <sstream>

namespace tconv {
namespace {

// Products and sums of user-given sizes can overflow int64; clamp to a sentinel beyond any limit.
constexpr int64_t kHuge = int64_t(1) << 60;
int64_t sat_mul(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  if (std::llabs(a) > kHuge / std::llabs(b)) return (a < 0) != (b < 0) ? -kHuge : kHuge;
  return a * b;
}

// The output size needs more than 64 bits in between (stride 2^63-1 times in - 1, minus twice a
// padding of 2^62): compute it exactly in 128 bits, then clamp to +-kHuge. Every term is below
// 2^63 in magnitude, so no product or sum overflows 2^127.
__extension__ typedef __int128 Wide;
int64_t sat_wide(Wide v) { return v > Wide(kHuge) ? kHuge : (v < -Wide(kHuge) ? -kHuge : static_cast<int64_t>(v)); }
Wide stride_term(const AxisParams& a) { return Wide(a.in - 1) * a.stride; }
Wide kernel_term(const AxisParams& a) { return Wide(a.dilation) * (Wide(a.kernel) - 1); }

std::string str(int64_t v) { return std::to_string(v); }

}  // namespace

int64_t conv_transpose_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                                   int64_t dilation, int64_t output_padding) {
  // out = (in - 1)*stride - 2*padding + dilation*(kernel - 1) + output_padding + 1
  return sat_wide((Wide(in) - 1) * stride - Wide(2) * padding + Wide(dilation) * (Wide(kernel) - 1) +
                  output_padding + 1);
}

int64_t conv_transpose_output_size(const AxisParams& a) {
  return conv_transpose_output_size(a.in, a.kernel, a.stride, a.padding, a.dilation, a.output_padding);
}

std::optional<Error> validate_axis_basics(const AxisParams& a, const std::string& ax, const char* stride_meaning,
                                          const char* padding_meaning) {
  if (a.in < 1)
    return Error{"input " + ax + " is " + str(a.in) + ", but it must be at least 1. Give an input with at least one row and one column."};
  if (a.kernel < 1)
    return Error{"kernel " + ax + " is " + str(a.kernel) + ", but it must be at least 1. Use a kernel with at least one tap along the " + ax + "."};
  if (a.stride < 1)
    return Error{"stride (" + ax + ") is " + str(a.stride) + ", but it must be at least 1. " + stride_meaning};
  if (a.dilation < 1)
    return Error{"dilation (" + ax + ") is " + str(a.dilation) + ", but it must be at least 1. Dilation 1 means the kernel taps are adjacent."};
  if (a.padding < 0)
    return Error{"padding (" + ax + ") is " + str(a.padding) + ", but it cannot be negative (PyTorch refuses it too). " + padding_meaning};
  return std::nullopt;
}

std::optional<Error> validate_axis(const AxisParams& a, const char* axis_name) {
  const std::string ax = axis_name;
  if (auto e = validate_axis_basics(a, ax,
                                    "Stride 1 places the kernel at every output cell; stride 2 leaves one cell between placements.",
                                    "In a transposed convolution padding crops the output; use 0 for no cropping, or output_padding to add cells at the bottom/right."))
    return e;
  if (a.output_padding < 0)
    return Error{"output_padding (" + ax + ") is " + str(a.output_padding) + ", but it cannot be negative. Use 0 for none."};
  if (a.output_padding >= a.stride && a.output_padding >= a.dilation)
    return Error{"output_padding (" + ax + ") is " + str(a.output_padding) + ", but it must be smaller than the stride (" +
                 str(a.stride) + ") or the dilation (" + str(a.dilation) + "). Use output_padding " +
                 str(std::max(a.stride, a.dilation) - 1) + " or less: it only picks which of the input sizes that a strided convolution maps to the same size is restored."};
  const int64_t out = conv_transpose_output_size(a);
  if (out < 1) {
    // Smallest padding that would still give at least one output cell.
    const int64_t uncropped = conv_transpose_output_size(a.in, a.kernel, a.stride, 0, a.dilation, a.output_padding);
    const int64_t max_pad = (uncropped - 1) / 2;
    return Error{"output " + ax + " would be " + output_size_formula(a) +
                 ", which is too small (it must be at least 1): padding " + str(a.padding) +
                 " crops more than the " + str(uncropped) + " cells the kernel placements cover. Reduce padding to " +
                 str(max_pad) + " or less, or use a larger input, kernel or stride."};
  }
  if (out > kMaxElements) {
    // Name the term that makes it large: (in - 1) x stride, or dilation x (kernel - 1).
    const bool kernel_side = kernel_term(a) > stride_term(a);
    return Error{"output " + ax + " would be " + (out >= kHuge ? "more than " + str(kHuge) : str(out)) +
                 " cells, more than this tool allocates (" + str(kMaxElements) + " elements in all). " +
                 (kernel_side ? "Use a smaller kernel or dilation: dilation x (kernel - 1) alone is the larger term."
                              : "Use a smaller input or stride: (input - 1) x stride alone is the larger term.")};
  }
  return std::nullopt;
}

std::string output_size_formula(const AxisParams& a) {
  // "(in - 1) x s - 2 x p + d x (k - 1) + a + 1 = out", the numbers substituted.
  std::ostringstream o;
  o << "(" << a.in << " - 1) x " << a.stride << " - 2 x " << a.padding << " + " << a.dilation << " x (" << a.kernel
    << " - 1) + " << a.output_padding << " + 1 = " << conv_transpose_output_size(a);
  return o.str();
}

AxisParams axis_h(const Shape4& input, const Shape4& weight, const ConvTransposeParams& p) {
  return AxisParams{input.h, weight.h, p.stride.h, p.padding.h, p.dilation.h, p.output_padding.h};
}
AxisParams axis_w(const Shape4& input, const Shape4& weight, const ConvTransposeParams& p) {
  return AxisParams{input.w, weight.w, p.stride.w, p.padding.w, p.dilation.w, p.output_padding.w};
}

Result<Shape4> conv_transpose_output_shape(const Shape4& input, const Shape4& weight, int64_t bias_len,
                                           const ConvTransposeParams& p) {
  if (input.n < 1 || input.c < 1)
    return Error{"the input has " + str(input.n) + " images of " + str(input.c) +
                 " channels; it needs at least one of each. Check the input's shape (N, C, H, W)."};
  if (weight.n < 1 || weight.c < 1)
    return Error{"the weight has shape (" + str(weight.n) + ", " + str(weight.c) + ", " + str(weight.h) + ", " + str(weight.w) +
                 "); every dimension must be at least 1. A weight is (in_channels, out_channels/groups, kH, kW)."};
  if (p.groups < 1)
    return Error{"groups is " + str(p.groups) + ", but it must be at least 1. Use 1 for an ordinary convolution, or the channel count for a depthwise one."};
  if (input.c % p.groups != 0)
    return Error{"the input has " + str(input.c) + " channels, which is not divisible by groups = " + str(p.groups) +
                 ". Choose groups that divides the number of input channels (" +
                 (input.c == 1 ? std::string("with one channel, only groups = 1") : "e.g. 1 or " + str(input.c)) + ")."};
  if (weight.n != input.c)
    return Error{"the weight is for " + str(weight.n) + " input channels (its first dimension), but the input has " +
                 str(input.c) + " channels. A transposed-convolution weight is (in_channels, out_channels/groups, kH, kW), as in PyTorch; its first dimension must equal the input's channels."};
  if (auto e = validate_axis(axis_h(input, weight, p), "height")) return *e;
  if (auto e = validate_axis(axis_w(input, weight, p), "width")) return *e;
  const int64_t cout = sat_mul(weight.c, p.groups);
  if (bias_len >= 0 && bias_len != cout)
    return Error{"the bias has " + str(bias_len) + " values, but the output has " + str(cout) +
                 " channels (out_channels/groups = " + str(weight.c) + " times groups = " + str(p.groups) +
                 "). Give one bias value per output channel, or no bias."};
  Shape4 out{input.n, cout, conv_transpose_output_size(axis_h(input, weight, p)),
             conv_transpose_output_size(axis_w(input, weight, p))};
  const int64_t elements[] = {sat_mul(sat_mul(input.n, input.c), sat_mul(input.h, input.w)),
                              sat_mul(sat_mul(weight.n, weight.c), sat_mul(weight.h, weight.w))};
  for (int64_t e : elements)
    if (e > kMaxElements)
      return Error{"the input or weight has more than " + str(kMaxElements) + " elements, more than this tool handles. Use a smaller tensor."};
  if (sat_mul(sat_mul(out.n, out.c), sat_mul(out.h, out.w)) > kMaxElements)
    return Error{"the output would be (" + str(out.n) + ", " + str(out.c) + ", " + str(out.h) + ", " + str(out.w) +
                 "), more than " + str(kMaxElements) + " elements (2 GiB of floats), which this tool refuses to allocate. Use a smaller input, stride or channel count, or split the batch."};
  return out;
}

}  // namespace tconv
