#include "ui/editor.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace tconv::ui {

namespace {
struct ParamInfo {
  const char* label;
  const char* symbol;
  const char* help;
  int64_t lo, hi;
};
const ParamInfo kInfo[kParamCount] = {
    {"Input size", "in", "Size of the input grid x (rows x columns).", 1, 16},
    {"Kernel size", "k", "Size of the kernel w. Each input value scales the whole kernel.", 1, 8},
    {"Stride", "s", "How far apart (in output cells) two neighbouring inputs place their kernels.",
     1, 5},
    {"Padding", "p",
     "In a TRANSPOSED convolution padding CROPS p cells off each side of the output.", 0, 8},
    {"Output padding", "op",
     "Adds cells at the bottom/right of the output; must be smaller than the stride or the "
     "dilation.", 0, 4},
    {"Dilation", "d", "Spacing between kernel taps: the kernel covers d*(k-1)+1 cells.", 1, 4},
};

Pair& param_ref(EditorSettings& e, Param p) {
  switch (p) {
    case Param::Input: return e.in;
    case Param::Kernel: return e.kernel;
    case Param::Stride: return e.params.stride;
    case Param::Padding: return e.params.padding;
    case Param::OutputPadding: return e.params.output_padding;
    case Param::Dilation: return e.params.dilation;
  }
  return e.in;
}

// Keeps the old values where the grids overlap; new cells get `fill`.
Grid resized(const Grid& g, Pair size, float fill) {
  Grid out(size.h, size.w, fill);
  for (int64_t r = 0; r < std::min(g.rows, size.h); ++r)
    for (int64_t c = 0; c < std::min(g.cols, size.w); ++c) out.at(r, c) = g.at(r, c);
  return out;
}

void refresh_input(EditorSettings& e) {
  if (e.input_fill == InputFill::Custom) {
    e.input = resized(e.input, e.in, 1.0f);
  } else {
    e.input = make_input_values(e.input_fill, e.in, e.seed);
  }
}

void refresh_kernel(EditorSettings& e) {
  if (e.kernel_fill == KernelFill::Ones || e.kernel_fill == KernelFill::RandomInts || e.kernel_fill == KernelFill::Ramp) {
    e.kernel_values = make_kernel_values(e.kernel_fill, e.kernel, e.params.stride, e.seed);
  } else {
    // Bilinear/Edge have their own size: once the size is edited they become custom values.
    e.kernel_fill = KernelFill::Custom;
    e.kernel_values = resized(e.kernel_values, e.kernel, 1.0f);
  }
}
}  // namespace

const char* param_label(Param p) { return kInfo[int(p)].label; }
const char* param_symbol(Param p) { return kInfo[int(p)].symbol; }
const char* param_help(Param p) { return kInfo[int(p)].help; }
int64_t param_min(Param p) { return kInfo[int(p)].lo; }
int64_t param_max(Param p) { return kInfo[int(p)].hi; }

Pair get_param(const EditorSettings& e, Param p) {
  return param_ref(const_cast<EditorSettings&>(e), p);
}

bool set_param(EditorSettings& e, Param p, Axis axis, int64_t value) {
  value = std::clamp(value, param_min(p), param_max(p));
  Pair& v = param_ref(e, p);
  const Pair before = v;
  if (e.same_both[size_t(p)]) {
    v = {value, value};
  } else if (axis == Axis::H) {
    v.h = value;
  } else {
    v.w = value;
  }
  if (v == before) return false;
  e.modified = true;
  if (p == Param::Input) refresh_input(e);
  if (p == Param::Kernel) refresh_kernel(e);
  if (e.tf) {
    if (p == Param::Padding || p == Param::OutputPadding) {
      e.tf.reset();  // the user crops by hand: PyTorch's convention again
    } else {
      set_tf_padding(e, e.tf);
    }
  }
  return true;
}

TfAxisView tf_axis_view(const EditorSettings& e, Axis axis) {
  TfAxisView v;
  const bool h = axis == Axis::H;
  v.axis.in = h ? e.in.h : e.in.w;
  v.axis.kernel = h ? e.kernel.h : e.kernel.w;
  v.axis.stride = h ? e.params.stride.h : e.params.stride.w;
  v.axis.dilation = h ? e.params.dilation.h : e.params.dilation.w;
  v.axis.padding = e.tf.value_or(TfPadding::same);
  Result<TfAxisPlan> plan = tf_axis_plan(v.axis, h ? "height" : "width");
  if (plan) {
    v.plan = std::move(plan).value();
    v.formula = tf_output_size_formula(v.axis);
  } else {
    v.problem = plan.error().message;
  }
  return v;
}

void set_tf_padding(EditorSettings& e, std::optional<TfPadding> tf) {
  e.tf = tf;
  if (!tf) return;
  int64_t pad[2] = {0, 0}, op[2] = {0, 0};
  for (Axis a : {Axis::H, Axis::W}) {
    const TfAxisView v = tf_axis_view(e, a);
    if (!v.plan) continue;  // the configuration is impossible anyway; the explanation says why
    const size_t i = size_t(a);
    pad[i] = v.plan->pytorch ? v.plan->pytorch->padding : v.plan->pad_before;
    op[i] = v.plan->pytorch ? v.plan->pytorch->output_padding : 0;
  }
  e.params.padding = {pad[0], pad[1]};
  e.params.output_padding = {op[0], op[1]};
  e.same_both[size_t(Param::Padding)] = pad[0] == pad[1];
  e.same_both[size_t(Param::OutputPadding)] = op[0] == op[1];
  e.modified = true;
}

void set_lock(EditorSettings& e, Param p, bool same) {
  e.same_both[size_t(p)] = same;
  if (same) {
    const Pair v = param_ref(e, p);
    if (v.w != v.h) set_param(e, p, Axis::H, v.h);
  }
}

void apply_preset(EditorSettings& e, const ConfigPreset& preset) {
  e.in = preset.in;
  e.kernel = preset.kernel;
  e.params = preset.params;
  e.input_fill = preset.input_fill;
  e.kernel_fill = preset.kernel_fill;
  e.input = make_input_values(e.input_fill, e.in, e.seed);
  e.kernel_values = make_kernel_values(e.kernel_fill, e.kernel, e.params.stride, e.seed);
  e.kernel = {e.kernel_values.rows, e.kernel_values.cols};
  for (int i = 0; i < kParamCount; ++i) {
    const Pair v = get_param(e, Param(i));
    e.same_both[size_t(i)] = v.h == v.w;
  }
  e.preset = preset.name;
  e.modified = false;
  e.tf.reset();  // a preset is a PyTorch configuration
}

void apply_input_fill(EditorSettings& e, InputFill fill) {
  if (fill == InputFill::RandomInts) e.seed = uint32_t(SplitMix64(e.seed).next());
  e.input_fill = fill;
  e.input = make_input_values(fill, e.in, e.seed);
  e.modified = true;
}

void apply_kernel_fill(EditorSettings& e, KernelFill fill) {
  if (fill == KernelFill::RandomInts) e.seed = uint32_t(SplitMix64(e.seed + 7).next());
  e.kernel_fill = fill;
  e.kernel_values = make_kernel_values(fill, e.kernel, e.params.stride, e.seed);
  e.kernel = {e.kernel_values.rows, e.kernel_values.cols};
  const Pair pad = kernel_fill_padding(fill, e.params.stride);
  if (pad.h >= 0) {
    e.tf.reset();
    e.params.padding = pad;
    e.params.output_padding = {0, 0};
    e.params.dilation = {1, 1};
  }
  for (Param p : {Param::Kernel, Param::Padding, Param::OutputPadding, Param::Dilation}) {
    const Pair v = get_param(e, p);
    if (v.h != v.w) e.same_both[size_t(p)] = false;
  }
  e.modified = true;
}

bool use_asymmetric_kernel(EditorSettings& e) {
  if (e.kernel_fill != KernelFill::Ones || e.modified || e.kernel.h * e.kernel.w < 2) return false;
  e.kernel_fill = KernelFill::Ramp;
  e.kernel_values = make_kernel_values(KernelFill::Ramp, e.kernel, e.params.stride, e.seed);
  return true;
}

void set_input_value(EditorSettings& e, int64_t r, int64_t c, float v) {
  if (e.input.at(r, c) == v) return;
  e.input.at(r, c) = v;
  e.input_fill = InputFill::Custom;
  e.modified = true;
}

void set_kernel_value(EditorSettings& e, int64_t r, int64_t c, float v) {
  if (e.kernel_values.at(r, c) == v) return;
  e.kernel_values.at(r, c) = v;
  e.kernel_fill = KernelFill::Custom;
  e.modified = true;
}

TeachingConfig to_config(const EditorSettings& e) {
  TeachingConfig c;
  c.input = e.input;
  c.kernel = e.kernel_values;
  c.params = e.params;
  c.params.groups = 1;
  return c;
}

AxisParams axis_params(const EditorSettings& e, Axis axis) {
  AxisParams a;
  const bool h = axis == Axis::H;
  a.in = h ? e.in.h : e.in.w;
  a.kernel = h ? e.kernel.h : e.kernel.w;
  a.stride = h ? e.params.stride.h : e.params.stride.w;
  a.padding = h ? e.params.padding.h : e.params.padding.w;
  a.dilation = h ? e.params.dilation.h : e.params.dilation.w;
  a.output_padding = h ? e.params.output_padding.h : e.params.output_padding.w;
  return a;
}

// The shortest decimal that reads back as the same float (so PyTorch gets the exact weights).
std::string python_number(float v) {
  if (v == 0.0f) return "0";
  char buf[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return buf;
}
namespace {
std::string exact_number(float v) { return python_number(v); }
std::string grid_literal(const Grid& g) {
  std::string s = "[";
  for (int64_t r = 0; r < g.rows; ++r) {
    s += r ? ",\n      [" : "[";
    for (int64_t c = 0; c < g.cols; ++c) {
      if (c) s += ", ";
      s += exact_number(g.at(r, c));
    }
    s += "]";
  }
  return s + "]";
}
std::string pair_literal(Pair p) {
  return "(" + std::to_string(p.h) + ", " + std::to_string(p.w) + ")";
}
}  // namespace

std::string pytorch_snippet(const EditorSettings& e) {
  const ConvTransposeParams& p = e.params;
  std::string s = "import torch\nimport torch.nn.functional as F\n";
  s += "x = torch.tensor([" + grid_literal(e.input) + "], dtype=torch.float32).unsqueeze(0)  # (1, 1, H, W)\n";
  s += "w = torch.tensor([" + grid_literal(e.kernel_values) + "], dtype=torch.float32).unsqueeze(0)  # (Cin, Cout, kH, kW)\n";
  s += "conv = torch.nn.ConvTranspose2d(1, 1, kernel_size=" + pair_literal(e.kernel) + ", stride=" +
       pair_literal(p.stride) + ", padding=" + pair_literal(p.padding) + ",\n                              output_padding=" +
       pair_literal(p.output_padding) + ", dilation=" + pair_literal(p.dilation) + ", bias=False)\n";
  s += "with torch.no_grad():\n    conv.weight.copy_(w)\n    y = conv(x)\n";
  s += "print(y.shape)   # (1, 1, out_h, out_w)\nprint(y[0, 0])   # the output grid on screen\n";
  s += "# The same with the functional form:\n";
  s += "y2 = F.conv_transpose2d(x, w, stride=" + pair_literal(p.stride) + ", padding=" + pair_literal(p.padding) +
       ",\n                        output_padding=" + pair_literal(p.output_padding) + ", dilation=" +
       pair_literal(p.dilation) + ")\n";
  s += "print(torch.equal(y, y2))\n";
  return s;
}

}  // namespace tconv::ui
