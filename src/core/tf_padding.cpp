#include "core/tf_padding.h"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "core/fast.h"

namespace tconv {
namespace {

std::string str(int64_t v) { return std::to_string(v); }

struct AxisWords {
  const char* before;  // "top"
  const char* after;   // "bottom"
  const char* cell;    // "row"
  const char* drop;    // Python slice that drops the last one
};
AxisWords words(const char* axis_name) {
  if (std::strcmp(axis_name, "width") == 0) return {"left", "right", "column", "y[..., :-1]"};
  return {"top", "bottom", "row", "y[..., :-1, :]"};
}

std::string cells(int64_t n) { return str(n) + (n == 1 ? " cell" : " cells"); }

std::string pytorch_text(const PyTorchPadding& p) {
  return "padding=" + str(p.padding) + ", output_padding=" + str(p.output_padding);
}

// PyTorch's output starts `padding` cells into the full output and is
// full - 2*padding + output_padding long; output_padding must be < stride or < dilation.
std::optional<PyTorchPadding> pytorch_with_padding(const TfAxis& a, const TfAxisPlan& t, int64_t padding) {
  const PyTorchPadding p{padding, t.out - (t.full - 2 * padding)};
  if (p.output_padding < 0 || (p.output_padding >= a.stride && p.output_padding >= a.dilation)) return std::nullopt;
  return p;
}

}  // namespace

const char* tf_padding_name(TfPadding p) { return p == TfPadding::same ? "same" : "valid"; }

std::optional<TfPadding> tf_padding_from_name(const std::string& name) {
  if (name == "same") return TfPadding::same;
  if (name == "valid") return TfPadding::valid;
  return std::nullopt;
}

Result<TfAxisPlan> tf_axis_plan(const TfAxis& a, const char* axis_name) {
  // The uncropped size is PyTorch's with no padding; its checks (sizes >= 1, not too large) apply.
  const AxisParams full_axis{a.in, a.kernel, a.stride, 0, a.dilation, 0};
  if (auto e = validate_axis(full_axis, axis_name)) return *e;
  TfAxisPlan t;
  t.kernel_eff = a.dilation * (a.kernel - 1) + 1;
  t.full = conv_transpose_output_size(full_axis);
  // Bounded: full <= kMaxElements was checked, so (in - 1)*stride and k_eff are too; in*stride
  // adds one more stride, itself bounded unless in == 1.
  t.out = a.in * a.stride + (a.padding == TfPadding::valid ? std::max<int64_t>(t.kernel_eff - a.stride, 0) : 0);
  if (t.out > kMaxElements)
    return Error{"output " + std::string(axis_name) + " would be " + str(t.out) + " cells, more than this tool allocates (" +
                 str(kMaxElements) + " elements in all). Use a smaller input or stride."};
  const int64_t total = t.full - t.out;
  if (total >= 0) {
    t.pad_before = total / 2;
    t.pad_after = total - t.pad_before;
  } else {
    t.zeros_after = -total;
  }
  t.pytorch = pytorch_with_padding(a, t, t.pad_before);
  if (!t.pytorch) t.pytorch_shifted = pytorch_with_padding(a, t, t.pad_before + 1);

  const AxisWords wd = words(axis_name);
  std::ostringstream o;
  if (t.zeros_after > 0) {
    o << "the kernel spans " << t.kernel_eff << (t.kernel_eff == 1 ? " cell" : " cells") << ", less than the stride "
      << a.stride << ", so TensorFlow adds " << cells(t.zeros_after) << " of zeros at the " << wd.after;
  } else if (total == 0) {
    o << "TensorFlow keeps all " << cells(t.full) << " (nothing to crop)";
  } else {
    o << "TensorFlow crops " << total << " of the " << cells(t.full) << ", " << t.pad_before << " at the " << wd.before
      << " and " << t.pad_after << " at the " << wd.after;
  }
  if (t.pytorch) {
    o << ": PyTorch " << pytorch_text(*t.pytorch) << ".";
  } else {
    o << "; PyTorch crops both sides equally, so no padding/output_padding gives this";
    if (t.pytorch_shifted)
      o << " (" << pytorch_text(*t.pytorch_shifted) << " has the same size but is shifted by one " << wd.cell << ")";
    o << ": use padding=" << t.pad_before << " and drop the last " << wd.cell << " (" << wd.drop << ").";
  }
  t.explanation = o.str();
  return t;
}

std::string tf_output_size_formula(const TfAxis& a) {
  const int64_t k_eff = a.dilation * (a.kernel - 1) + 1;
  std::ostringstream o;
  o << a.in << " x " << a.stride;
  int64_t out = a.in * a.stride;
  if (a.padding == TfPadding::valid) {
    o << " + max(" << k_eff << " - " << a.stride << ", 0)";
    out += std::max<int64_t>(k_eff - a.stride, 0);
  }
  o << " = " << out;
  return o.str();
}

Result<TfPlan> tf_conv_transpose_plan(const Shape4& input, const Shape4& weight, int64_t bias_len,
                                      const TfConvTransposeParams& p) {
  auto h = tf_axis_plan(TfAxis{input.h, weight.h, p.stride.h, p.dilation.h, p.padding}, "height");
  if (!h) return h.error();
  auto w = tf_axis_plan(TfAxis{input.w, weight.w, p.stride.w, p.dilation.w, p.padding}, "width");
  if (!w) return w.error();
  TfPlan plan;
  plan.h = std::move(h).value();
  plan.w = std::move(w).value();
  plan.compute.stride = p.stride;
  plan.compute.dilation = p.dilation;
  plan.compute.groups = p.groups;
  plan.compute.padding = Pair{plan.h.pad_before, plan.w.pad_before};
  plan.compute.output_padding = Pair{plan.h.zeros_after, plan.w.zeros_after};
  // Channels, groups, bias and total size are checked exactly as for PyTorch's convention.
  auto shape = conv_transpose_output_shape(input, weight, bias_len, plan.compute);
  if (!shape) return shape.error();
  plan.compute_shape = shape.value();
  plan.output = Shape4{plan.compute_shape.n, plan.compute_shape.c, plan.h.out, plan.w.out};
  assert(plan.compute_shape.h - plan.h.out == plan.h.pad_after - plan.h.pad_before &&
         plan.compute_shape.w - plan.w.out == plan.w.pad_after - plan.w.pad_before &&
         "tf_conv_transpose_plan: compute parameters must give the TF output plus at most one cell");
  return plan;
}

Tensor4 crop_bottom_right(const Tensor4& y, int64_t h, int64_t w) {
  assert(h >= 1 && w >= 1 && h <= y.shape.h && w <= y.shape.w && "crop_bottom_right: the crop must fit inside y");
  if (h == y.shape.h && w == y.shape.w) return y;
  Tensor4 out(Shape4{y.shape.n, y.shape.c, h, w});
  float* dst = out.data.data();
  for (int64_t plane = 0; plane < y.shape.n * y.shape.c; ++plane)
    for (int64_t r = 0; r < h; ++r) {
      const float* src = y.data.data() + (plane * y.shape.h + r) * y.shape.w;
      std::copy(src, src + w, dst);
      dst += w;
    }
  return out;
}

Result<Tensor4> conv_transpose2d_tf(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                    const TfConvTransposeParams& p, int threads) {
  auto plan = tf_conv_transpose_plan(x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p);
  if (!plan) return plan.error();
  const TfPlan& t = plan.value();
  return crop_bottom_right(conv_transpose2d_fast(x, w, bias, t.compute, threads), t.output.h, t.output.w);
}

}  // namespace tconv
