#include "ui/presets.h"

#include "core/kernels.h"

namespace tconv::ui {

const char* input_fill_name(InputFill f) {
  switch (f) {
    case InputFill::Ramp: return "ramp";
    case InputFill::Ones: return "ones";
    case InputFill::RandomInts: return "random";
    case InputFill::Custom: return "custom";
  }
  return "?";
}

const char* kernel_fill_name(KernelFill f) {
  switch (f) {
    case KernelFill::Ones: return "ones";
    case KernelFill::Bilinear: return "bilinear";
    case KernelFill::Edge: return "edge";
    case KernelFill::RandomInts: return "random";
    case KernelFill::Ramp: return "ramp";
    case KernelFill::Custom: return "custom";
  }
  return "?";
}

namespace {

ConfigPreset make(const char* name, const char* title, const char* story, int64_t in, int64_t k,
                  int64_t s, int64_t p, int64_t op = 0, int64_t d = 1,
                  InputFill inf = InputFill::Ramp, KernelFill kf = KernelFill::Ones) {
  ConfigPreset c;
  c.name = name;
  c.title = title;
  c.story = story;
  c.in = {in, in};
  c.kernel = {k, k};
  c.params.stride = {s, s};
  c.params.padding = {p, p};
  c.params.output_padding = {op, op};
  c.params.dilation = {d, d};
  c.input_fill = inf;
  c.kernel_fill = kf;
  return c;
}

// The first picture most courses draw: one input row, one kernel row, one output row.
ConfigPreset one_d() {
  ConfigPreset c = make("1d", "1-D: 4 inputs, kernel 3, stride 2",
                        "One row: each input scales the kernel [1 2 3], placed 2 cells apart; where "
                        "two placements meet, they add. 1x4 -> 1x9.", 1, 1, 2, 0);
  c.in = {1, 4};
  c.kernel = {1, 3};
  c.params.stride = {1, 2};
  c.kernel_fill = KernelFill::Ramp;
  return c;
}

std::vector<ConfigPreset> build_presets() {
  // conv_arithmetic (Dumoulin & Visin) transposed cases: the transposed convolution of a forward
  // convolution with input i, kernel k, stride s, padding p is written here with PyTorch's
  // conv_transpose2d arguments (same k, s, p), so the output size is the forward input size i.
  return {
      make("seed", "Seed example: 3x3 input, 3x3 kernel, stride 1",
           "Every input value scales the whole kernel and adds it to the output; overlaps sum. "
           "3x3 -> 5x5.", 3, 3, 1, 0),
      make("no_padding_no_strides", "conv_arithmetic: no padding, no strides (transposed)",
           "Transpose of a 3x3 convolution of a 4x4 input without padding: 2x2 -> 4x4.", 2, 3, 1,
           0),
      make("padding", "conv_arithmetic: arbitrary padding, no strides (transposed)",
           "Transpose of a 4x4 convolution with padding 2 on a 5x5 input: padding crops the "
           "output, 6x6 -> 5x5.", 6, 4, 1, 2),
      make("same", "conv_arithmetic: half (same) padding (transposed)",
           "k=3, p=1, s=1 keeps the size: 5x5 -> 5x5; the border is cropped.", 5, 3, 1, 1),
      make("full", "conv_arithmetic: full padding (transposed)",
           "Transpose of a full-padding convolution (p = k-1 = 2): 7x7 -> 5x5.", 7, 3, 1, 2),
      make("no_padding_strides", "conv_arithmetic: no padding, strides (transposed)",
           "Stride 2 spreads the placements apart: 2x2 -> 5x5.", 2, 3, 2, 0),
      make("padding_strides", "conv_arithmetic: padding, strides (transposed)",
           "Stride 2 with padding 1 cropping the border: 3x3 -> 5x5.", 3, 3, 2, 1),
      make("padding_strides_odd", "conv_arithmetic: padding, strides, odd (transposed)",
           "A forward convolution maps both 5x5 and 6x6 to 3x3; output_padding 1 picks 6x6: "
           "3x3 -> 6x6.", 3, 3, 2, 1, 1),
      make("dcgan", "DCGAN generator layer: k4 s2 p1",
           "The classic 2x upsampling layer; k divisible by s gives even overlaps: 4x4 -> 8x8.", 4,
           4, 2, 1),
      make("unet", "U-Net up-convolution: k2 s2",
           "Placements tile the output without overlap: each output cell has exactly one term: "
           "4x4 -> 8x8.", 4, 2, 2, 0),
      make("distill", "Distill checkerboard: k3 s2",
           "k=3 is not divisible by s=2: interior cells get 1, 2 or 4 overlaps, a checkerboard: "
           "4x4 -> 9x9.", 4, 3, 2, 0, 0, 1, InputFill::Ones),
      make("bilinear", "Bilinear upsampling kernel: k4 s2 p1",
           "The FCN bilinear kernel makes the transposed convolution a 2x bilinear resize "
           "(except at the edges): 4x4 -> 8x8.", 4, 4, 2, 1, 0, 1, InputFill::Ramp,
           KernelFill::Bilinear),
      make("dilated", "Dilation 2: k3 s1 d2",
           "Dilation spreads the kernel taps apart: the kernel covers 5 cells, 3x3 -> 7x7.", 3, 3,
           1, 0, 0, 2),
      one_d(),
  };
}

}  // namespace

const std::vector<ConfigPreset>& config_presets() {
  static const std::vector<ConfigPreset> presets = build_presets();  // immutable table
  return presets;
}

std::string config_preset_names() {
  std::string s;
  for (const ConfigPreset& p : config_presets()) {
    if (!s.empty()) s += ", ";
    s += p.name;
  }
  return s;
}

Result<ConfigPreset> find_config_preset(const std::string& name) {
  for (const ConfigPreset& p : config_presets()) {
    if (p.name == name) return p;
  }
  if (name == "half") return find_config_preset("same");
  return Error{"unknown preset '" + name + "'. Use one of: " + config_preset_names() + "."};
}

uint64_t SplitMix64::next() {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int64_t SplitMix64::uniform_int(int64_t lo, int64_t hi) {
  const uint64_t span = uint64_t(hi - lo) + 1;
  return lo + int64_t(next() % span);  // the tiny modulo bias does not matter for teaching grids
}

Grid make_input_values(InputFill fill, Pair size, uint32_t seed) {
  Grid g(size.h, size.w, 1.0f);
  SplitMix64 rng(seed);
  for (size_t i = 0; i < g.v.size(); ++i) {
    switch (fill) {
      case InputFill::Ramp: g.v[i] = float(i + 1); break;
      case InputFill::RandomInts: g.v[i] = float(rng.uniform_int(0, 9)); break;
      case InputFill::Ones:
      case InputFill::Custom: g.v[i] = 1.0f; break;
    }
  }
  return g;
}

Grid make_kernel_values(KernelFill fill, Pair size, Pair stride, uint32_t seed) {
  if (fill == KernelFill::Bilinear || fill == KernelFill::Edge) {
    Result<KernelPreset> k = kernel_preset(fill == KernelFill::Bilinear ? "bilinear" : "edge", stride);
    if (k.ok()) {
      const Kernel2D& kk = k.value().kernel;
      Grid g(kk.h, kk.w);
      g.v = kk.v;
      return g;
    }
  }
  Grid g(size.h, size.w, 1.0f);
  if (fill == KernelFill::Ramp)
    for (size_t i = 0; i < g.v.size(); ++i) g.v[i] = float(i + 1);
  if (fill == KernelFill::RandomInts) {
    SplitMix64 rng(seed ^ 0x5EEDull);
    for (float& v : g.v) v = float(rng.uniform_int(-2, 2));
  }
  return g;
}

Pair kernel_fill_padding(KernelFill fill, Pair stride) {
  if (fill == KernelFill::Bilinear || fill == KernelFill::Edge) {
    Result<KernelPreset> k = kernel_preset(fill == KernelFill::Bilinear ? "bilinear" : "edge", stride);
    if (k.ok()) return k.value().default_padding;
  }
  return {-1, -1};
}

}  // namespace tconv::ui
