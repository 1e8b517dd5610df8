#include "ui/views/channels.h"

#include "core/conv_transpose.h"
#include "core/text.h"
#include "ui/editor.h"
#include "ui/presets.h"

namespace tconv::ui {

Status validate_channels(int64_t in_channels, int64_t out_channels, int64_t groups) {
  const auto range = [](const char* what, int64_t v) -> std::string {
    if (v >= 1 && v <= kMaxViewChannels) return "";
    return std::string(what) + " is " + std::to_string(v) + ": the channels view draws 1 to " +
           std::to_string(kMaxViewChannels) + " (a real layer has hundreds; the picture is the same).";
  };
  for (const std::string& m : {range("the number of input channels", in_channels),
                               range("the number of output channels", out_channels), range("groups", groups)})
    if (!m.empty()) return Error{m};
  if (in_channels % groups != 0 || out_channels % groups != 0)
    return Error{"groups " + std::to_string(groups) + " must divide both the input channels (" +
                 std::to_string(in_channels) + ") and the output channels (" + std::to_string(out_channels) +
                 "): each group takes Cin/groups inputs to Cout/groups outputs. Use groups 1" +
                 (in_channels % 2 == 0 && out_channels % 2 == 0 ? " or 2." : ".")};
  return Ok{};
}

ChannelsData build_channels_data(const Grid& input, const Grid& kernel, const ConvTransposeParams& params,
                                 const ChannelSettings& settings) {
  ChannelsData d;
  d.settings = settings;
  d.params = params;
  d.params.groups = settings.groups;
  if (const Status ok = validate_channels(settings.in_channels, settings.out_channels, settings.groups); !ok) {
    d.problem = ok.error().message;
    return d;
  }
  const int64_t cin = settings.in_channels, cout = settings.out_channels, per_out = cout / settings.groups;
  d.x = Tensor4(Shape4{1, cin, input.rows, input.cols});
  for (int64_t c = 0; c < cin; ++c)
    for (int64_t r = 0; r < input.rows; ++r)
      for (int64_t q = 0; q < input.cols; ++q) d.x.at(0, c, r, q) = input.at(r, q) + float(c);
  d.w = Tensor4(Shape4{cin, per_out, kernel.rows, kernel.cols});
  SplitMix64 rng(0xC4A77E15ull);
  for (int64_t c = 0; c < cin; ++c)
    for (int64_t k = 0; k < per_out; ++k)
      for (int64_t a = 0; a < kernel.rows; ++a)
        for (int64_t b = 0; b < kernel.cols; ++b)
          d.w.at(c, k, a, b) = c == 0 && k == 0 ? kernel.at(a, b) : float(rng.uniform_int(-1, 2));
  if (settings.bias)
    for (int64_t o = 0; o < cout; ++o) d.bias.push_back(float((o % 2 ? -1 : 1) * (o / 2 + 1)));
  const Result<Shape4> shape = conv_transpose_output_shape(d.x.shape, d.w.shape, d.bias.empty() ? -1 : cout, d.params);
  if (!shape) {
    d.problem = shape.error().message;
    return d;
  }
  if (shape.value().count() > kMaxTeachingElements) {
    d.problem = "the output is too large to draw; make the input or the kernel smaller.";
    return d;
  }
  d.y = conv_transpose2d_scatter(d.x, d.w, d.bias, d.params);
  const int64_t per_in = cin / settings.groups;
  for (int64_t o = 0; o < cout; ++o) {
    const int64_t g = o / per_out;
    for (int64_t c = g * per_in; c < (g + 1) * per_in; ++c)
      for (int64_t r = 0; r < input.rows; ++r)
        for (int64_t q = 0; q < input.cols; ++q) d.steps.push_back(ChannelStep{false, o, c, r, q, o % per_out});
    if (!d.bias.empty()) d.steps.push_back(ChannelStep{true, o, 0, 0, 0, 0});
  }
  return d;
}

Tensor4 channels_partial_output(const ChannelsData& d, size_t steps_done) {
  Tensor4 y(d.y.shape);
  if (!d.ok()) return y;
  const ConvTransposeParams& p = d.params;
  const int64_t kh = d.w.shape.h, kw = d.w.shape.w;
  for (size_t i = 0; i < steps_done && i < d.steps.size(); ++i) {
    const ChannelStep& s = d.steps[i];
    if (s.bias) {
      for (int64_t r = 0; r < y.shape.h; ++r)
        for (int64_t c = 0; c < y.shape.w; ++c) y.at(0, s.out, r, c) += d.bias[size_t(s.out)];
      continue;
    }
    const float v = d.x.at(0, s.in, s.r, s.c);
    for (int64_t a = 0; a < kh; ++a)
      for (int64_t b = 0; b < kw; ++b) {
        const int64_t r = s.r * p.stride.h + a * p.dilation.h - p.padding.h;
        const int64_t c = s.c * p.stride.w + b * p.dilation.w - p.padding.w;
        if (r >= 0 && r < y.shape.h && c >= 0 && c < y.shape.w) y.at(0, s.out, r, c) += v * d.w.at(s.in, s.k, a, b);
      }
  }
  return y;
}

std::string channels_step_caption(const ChannelsData& d, size_t step) {
  if (!d.ok()) return "Impossible channel settings: " + d.problem;
  if (d.steps.empty()) return "";
  if (step >= d.steps.size()) step = d.steps.size() - 1;
  const ChannelStep& s = d.steps[step];
  std::string t = "Step " + std::to_string(step + 1) + " of " + std::to_string(d.steps.size()) + ": ";
  const std::string plane = "y[" + std::to_string(s.out) + "]";
  if (s.bias)
    return t + "the bias b[" + std::to_string(s.out) + "] = " + format_number(d.bias[size_t(s.out)]) +
           " is added to every cell of " + plane + ", last, after the sum over its input channels.";
  const int64_t g = d.group_of_in(s.in), first = g * d.per_group_in();
  t += "x[" + std::to_string(s.in) + "][" + std::to_string(s.r) + "," + std::to_string(s.c) + "] = " +
       format_number(d.x.at(0, s.in, s.r, s.c)) + " scales kernel w[" + std::to_string(s.in) + "," +
       std::to_string(s.k) + "] onto output plane " + plane + " (input channel " + std::to_string(s.in - first + 1) +
       " of the " + std::to_string(d.per_group_in()) + " summed into it";
  if (d.settings.groups > 1) t += ", group " + std::to_string(g);
  return t + ").";
}

namespace {
std::string tensor_literal(const Tensor4& t, int64_t n) {  // t[n] as nested lists (C, H, W)
  std::string s = "[";
  for (int64_t c = 0; c < t.shape.c; ++c) {
    s += c ? ",\n     [" : "[";
    for (int64_t r = 0; r < t.shape.h; ++r) {
      s += r ? ", [" : "[";
      for (int64_t q = 0; q < t.shape.w; ++q) s += (q ? ", " : "") + python_number(t.at(n, c, r, q));
      s += "]";
    }
    s += "]";
  }
  return s + "]";
}
std::string pair_text(Pair p) { return "(" + std::to_string(p.h) + ", " + std::to_string(p.w) + ")"; }
}  // namespace

std::string channels_pytorch_snippet(const ChannelsData& d) {
  if (!d.ok()) return "# " + d.problem + "\n";
  const ConvTransposeParams& p = d.params;
  std::string s = "import torch\n";
  s += "x = torch.tensor([" + tensor_literal(d.x, 0) + "])  # (1, Cin, H, W)\n";
  s += "w = torch.tensor([";
  for (int64_t c = 0; c < d.w.shape.n; ++c) s += (c ? ",\n    " : "") + tensor_literal(d.w, c);
  s += "])  # (Cin, Cout/groups, kH, kW)\n";
  s += "conv = torch.nn.ConvTranspose2d(" + std::to_string(d.settings.in_channels) + ", " +
       std::to_string(d.settings.out_channels) + ", kernel_size=" + pair_text({d.w.shape.h, d.w.shape.w}) +
       ", stride=" + pair_text(p.stride) + ", padding=" + pair_text(p.padding) + ",\n    output_padding=" +
       pair_text(p.output_padding) + ", groups=" + std::to_string(p.groups) + ", bias=" +
       (d.bias.empty() ? "False" : "True") + ", dilation=" + pair_text(p.dilation) + ")\n";
  s += "with torch.no_grad():\n    conv.weight.copy_(w)\n";
  if (!d.bias.empty()) {
    s += "    conv.bias.copy_(torch.tensor([";
    for (size_t o = 0; o < d.bias.size(); ++o) s += (o ? ", " : "") + python_number(d.bias[o]);
    s += "]))\n";
  }
  s += "    y = conv(x)\nprint(y.shape)   # (1, " + std::to_string(d.settings.out_channels) + ", " +
       std::to_string(d.y.shape.h) + ", " + std::to_string(d.y.shape.w) + ")\nprint(y[0])      # the output planes on screen\n";
  return s;
}

}  // namespace tconv::ui
