// Command-line parsing (CLI11), help texts, value parsing, and the `size` command.
// The `apply` command lives in cli_apply.cpp.
#include "app/cli.h"

#include <CLI/CLI.hpp>

#include <initializer_list>
#include <iostream>
#include <optional>
#include <sstream>

#include "core/kernels.h"
#include "core/params.h"

namespace tconv::app {
namespace {

std::string kernel_names() {
  std::string s;
  for (const auto& n : kernel_preset_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

const char* kApplyFooter = R"(
What the parameters do (per axis, exactly PyTorch's conv_transpose2d):
  out = (in - 1)*stride - 2*padding + dilation*(kernel - 1) + output_padding + 1
  Each input value scales a copy of the kernel, which is added into the output;
  overlapping copies sum.
  --stride          distance between neighbouring kernel copies on the output:
                    stride 2 roughly doubles the size (upsampling).
  --padding         CROPS this many cells off every border of the output. It does
                    not pad the input: more padding = smaller output.
  --output-padding  adds cells at the bottom/right only. A strided convolution maps
                    several input sizes to one output size; this picks which one
                    comes back. Must be smaller than the stride or the dilation.
  --dilation        spacing between kernel taps (1 = taps side by side).
  --groups          splits the channels into independent groups; the input
                    channels and the output channels must be divisible by it.
  Values marked S|SH,SW take one number for both axes, or height,width (e.g. 2,1).

Shapes (as in PyTorch):
  input  .npy (H,W), (C,H,W) or (N,C,H,W), float32 or float64; the output keeps
         the rank, with C replaced by the output channels.
         Images (png, jpg, bmp, tga, gif) become channels of values 0..1, each
         filtered on its own, and are written back as round(255*y) clipped to 0..255.
  weight (Cin, Cout/groups, kH, kW), or (kH, kW): one kernel for each channel on
         its own (depthwise). --kernel NAME does the same with a built-in kernel.
  bias   (Cout,)

Examples:
  tconv-lab apply --input assets/sample.png --output big.png --kernel bilinear --stride 2
  tconv-lab apply --input x.npy --weight w.npy --bias b.npy --stride 2 --padding 1 --output y.npy
  tconv-lab apply --input x.npy --weight w.npy --output y.npy --benchmark 20
)";

const char* kSizeFooter = R"(
Prints the output-size formula for each axis with your numbers substituted:
  out = (in - 1)*stride - 2*padding + dilation*(kernel - 1) + output_padding + 1
Example: tconv-lab size --input 3 --kernel 3           (the 3x3 -> 5x5 example)
         tconv-lab size --input 32,48 --kernel 4 --stride 2 --padding 1
)";

const char* kMainFooter = R"(
Run 'tconv-lab COMMAND --help' for a command's options and what they do.
Errors print 'error: ...' on stderr and exit with status 2.
)";

void add_geometry_options(CLI::App* cmd, std::string& stride, std::string& padding,
                          std::string& output_padding, std::string& dilation, bool padding_default_note) {
  cmd->add_option("--stride", stride, "spacing of the kernel copies on the output (default 1)")
      ->type_name("S|SH,SW");
  cmd->add_option("--padding", padding,
                  std::string("cells cropped off each border of the output (default 0") +
                      (padding_default_note ? "; --kernel presets bring their own" : "") + ")")
      ->type_name("P|PH,PW");
  cmd->add_option("--output-padding", output_padding,
                  "extra cells at the bottom/right, < stride or dilation (default 0)")
      ->type_name("A|AH,AW");
  cmd->add_option("--dilation", dilation, "spacing between kernel taps (default 1)")->type_name("D|DH,DW");
}

void add_tf_padding_option(CLI::App* cmd, std::string& tf_padding) {
  cmd->add_option("--tf-padding", tf_padding,
                  "TensorFlow/Keras Conv2DTranspose padding instead of --padding/--output-padding: "
                  "same gives in*stride, valid in*stride + max(k_eff - stride, 0)")
      ->type_name("same|valid");
}

// --padding or --output-padding given beside --tf-padding (even as 0), or "".
std::string beside_tf_padding(const CLI::App* cmd) {
  if (cmd->count("--tf-padding") == 0) return "";
  for (const char* opt : {"--padding", "--output-padding"})
    if (cmd->count(opt) > 0) return opt;
  return "";
}

}  // namespace

Result<std::optional<TfPadding>> parse_tf_padding(const std::string& text, const std::string& beside) {
  if (!beside.empty())
    return Error{"--tf-padding and " + beside + " cannot be used together: with --tf-padding, "
                 "TensorFlow/Keras's rule decides what is cropped. Drop " + beside +
                 " to use TensorFlow's convention, or drop --tf-padding to give PyTorch's --padding/--output-padding."};
  if (text.empty()) return std::optional<TfPadding>{};
  if (auto p = tf_padding_from_name(text)) return std::optional<TfPadding>{*p};
  return Error{"--tf-padding '" + text + "' is not a TensorFlow padding. Use --tf-padding same (output = input x "
               "stride) or --tf-padding valid (nothing cropped), as in Keras's Conv2DTranspose(padding=...)."};
}

std::string usage_text() {
  return "tconv-lab: transposed convolution (exactly PyTorch's conv_transpose2d) on images and\n"
         ".npy arrays, and a visualizer of how it works.\n\n"
         "usage:\n"
         "  tconv-lab apply --input X --output Y (--weight W.npy | --kernel NAME) [--bias B.npy]\n"
         "                  [--stride S|SH,SW] [--padding P|PH,PW] [--output-padding A|AH,AW]\n"
         "                  [--dilation D|DH,DW] [--groups G] [--backend cpu|reference|gpu]\n"
         "                  [--threads T] [--benchmark R]\n"
         "  tconv-lab size --input H[,W] --kernel K[,K] [--stride ..] [--padding ..]\n"
         "                 [--output-padding ..] [--dilation ..]\n"
         "  tconv-lab [gui ...]   the interactive visualizer\n"
         "  tconv-lab animate --output anim.gif [--preset NAME] [--view V] [--size WxH] ...\n"
         "                        the step-through as an animated GIF (for slides)\n\n"
         "Try: tconv-lab apply --input assets/sample.png --output big.png --kernel bilinear --stride 2\n"
         "Run 'tconv-lab COMMAND --help' for details.\n";
}

namespace {

// Reads each option's "N" or "H,W" into its Pair, in order; the first bad one is the error.
struct PairArg {
  const std::string& text;
  const char* option;
  Pair* out;
};
std::optional<Error> parse_pairs(std::initializer_list<PairArg> args) {
  for (const PairArg& a : args) {
    Result<Pair> v = parse_pair(a.text, a.option);
    if (!v) return v.error();
    *a.out = v.value();
  }
  return std::nullopt;
}

// `size --tf-padding`: TensorFlow's size per axis, its crop, and the PyTorch equivalent or why none.
Status run_size_tf(const SizeArgs& args, std::ostream& out) {
  auto tfp = parse_tf_padding(args.tf_padding, args.padding != "0" ? "--padding"
                                               : args.output_padding != "0" ? "--output-padding" : "");
  if (!tfp) return tfp.error();
  Pair in, k, s, d;
  if (auto e = parse_pairs({{args.input, "--input", &in}, {args.kernel, "--kernel", &k},
                            {args.stride, "--stride", &s}, {args.dilation, "--dilation", &d}}))
    return *e;
  const TfPadding padding = *tfp.value();
  const TfAxis ah{in.h, k.h, s.h, d.h, padding};
  const TfAxis aw{in.w, k.w, s.w, d.w, padding};
  auto h = tf_axis_plan(ah, "height");
  if (!h) return h.error();
  auto w = tf_axis_plan(aw, "width");
  if (!w) return w.error();
  const TfAxisPlan& th = h.value();
  const TfAxisPlan& tw = w.value();
  out << "TensorFlow/Keras padding='" << tf_padding_name(padding) << "': out = in x stride"
      << (padding == TfPadding::valid ? " + max(k_eff - stride, 0)" : "")
      << ", cropped from the full (in - 1) x stride + k_eff cells (k_eff = dilation x (kernel - 1) + 1)\n"
      << "height: " << tf_output_size_formula(ah) << " (full " << th.full << ")\n  " << th.explanation << "\n"
      << "width:  " << tf_output_size_formula(aw) << " (full " << tw.full << ")\n  " << tw.explanation << "\n"
      << "output: " << th.out << " x " << tw.out << " (height x width)\n";
  if (th.pytorch && tw.pytorch) {
    out << "PyTorch: padding=(" << th.pytorch->padding << ", " << tw.pytorch->padding << "), output_padding=("
        << th.pytorch->output_padding << ", " << tw.pytorch->output_padding << ")\n";
  } else {
    const bool drop_h = !th.pytorch, drop_w = !tw.pytorch;
    out << "PyTorch: no padding/output_padding gives this; use padding=(" << th.pad_before << ", " << tw.pad_before
        << "), output_padding=(" << th.zeros_after << ", " << tw.zeros_after << ") and keep y"
        << (drop_h && drop_w ? "[..., :-1, :-1]" : drop_h ? "[..., :-1, :]" : "[..., :-1]") << "\n";
  }
  return Ok{};
}

}  // namespace

Status run_size(const SizeArgs& args, std::ostream& out) {
  if (!args.tf_padding.empty()) return run_size_tf(args, out);
  Pair in, k, s, p, a, d;
  if (auto e = parse_pairs({{args.input, "--input", &in}, {args.kernel, "--kernel", &k},
                            {args.stride, "--stride", &s}, {args.padding, "--padding", &p},
                            {args.output_padding, "--output-padding", &a}, {args.dilation, "--dilation", &d}}))
    return *e;
  const AxisParams h{in.h, k.h, s.h, p.h, d.h, a.h};
  const AxisParams w{in.w, k.w, s.w, p.w, d.w, a.w};
  if (auto e = validate_axis(h, "height")) return *e;
  if (auto e = validate_axis(w, "width")) return *e;
  out << "out = (in - 1) x stride - 2 x padding + dilation x (kernel - 1) + output_padding + 1\n"
      << "height: " << output_size_formula(h) << "\n"
      << "width:  " << output_size_formula(w) << "\n"
      << "output: " << conv_transpose_output_size(h) << " x " << conv_transpose_output_size(w)
      << " (height x width)\n";
  return Ok{};
}

int run_cli(int argc, char** argv) {
  CLI::App app{"tconv-lab: transposed convolution (exactly PyTorch's conv_transpose2d) on images "
               "and .npy arrays, and a visualizer of how it works.",
               "tconv-lab"};
  app.require_subcommand(1);
  app.footer(kMainFooter);
  app.get_formatter()->column_width(32);

  ApplyArgs a;
  CLI::App* apply = app.add_subcommand(
      "apply", "Run a transposed convolution on an image or a .npy array and write the result.");
  apply->add_option("-i,--input", a.input, "image (png, jpg, bmp, tga, gif) or .npy array")->type_name("X")->required();
  apply->add_option("-o,--output", a.output,
                    "result: .npy (exact floats) or .png, .jpg, .bmp, .tga (0..1 -> 0..255)")
      ->type_name("Y")->required();
  apply->add_option("--weight", a.weight,
                    "your kernel: (Cin, Cout/groups, kH, kW) as in PyTorch, or (kH, kW) for "
                    "each channel on its own")->type_name("W.npy");
  apply->add_option("--kernel", a.kernel,
                    "built-in kernel for each channel on its own: " + kernel_names() +
                        "; bilinear and nearest upsample by exactly the stride")->type_name("NAME");
  apply->add_option("--bias", a.bias, "one value per output channel, shape (Cout,)")->type_name("B.npy");
  add_geometry_options(apply, a.stride, a.padding, a.output_padding, a.dilation, true);
  add_tf_padding_option(apply, a.tf_padding);
  apply->add_option("--groups", a.groups,
                    "independent channel groups (default 1; depthwise kernels use C)")->type_name("G");
  apply->add_option("--backend", a.backend,
                    "cpu: fast (default); reference: the simple scatter loop; gpu: OpenGL 4.3 compute")
      ->type_name("cpu|reference|gpu");
  apply->add_option("--threads", a.threads, "CPU threads for the cpu backend (default 0 = all cores)")->type_name("T");
  apply->add_option("--benchmark", a.benchmark,
                    "run the computation R times, print the median and min time")->type_name("R");
  apply->footer(kApplyFooter);

  SizeArgs s;
  CLI::App* size = app.add_subcommand(
      "size", "Print the output size of a transposed convolution, with the formula worked out.");
  size->add_option("--input", s.input, "input height (and width)")->type_name("H[,W]")->required();
  size->add_option("--kernel", s.kernel, "kernel height (and width)")->type_name("K[,K]")->required();
  add_geometry_options(size, s.stride, s.padding, s.output_padding, s.dilation, false);
  add_tf_padding_option(size, s.tf_padding);
  size->footer(kSizeFooter);

  CLI::App* gui = app.add_subcommand("gui", "Open the interactive visualizer (also: no arguments).");
  gui->allow_extras();
  // Listed for --help only: main() runs 'animate' before this parser (see cli_animate.h).
  app.add_subcommand("animate", "Export the step-through animation as an animated GIF (and PNG frames) for slides.")
      ->allow_extras();

  if (argc >= 2 && argv[1][0] != '-') {
    const std::string cmd = argv[1];
    if (cmd == "animate") {  // main() runs it when the GUI is built
      std::cerr << "error: this tconv-lab was built without the GUI, which 'animate' draws with. "
                   "Rebuild with -DTCONV_BUILD_GUI=ON (needs libglfw3-dev, libimgui-dev, libegl-dev).\n";
      return 2;
    }
    if (cmd != "apply" && cmd != "size" && cmd != "gui") {
      std::cerr << "error: unknown command '" << cmd << "'. The commands are apply, size, gui and animate; "
                   "run 'tconv-lab --help' for what they do.\n";
      return 2;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help: prints to stdout
    std::string where = "tconv-lab";
    if (apply->parsed()) where += " apply";
    else if (size->parsed()) where += " size";
    std::string what = e.what();
    if (!what.empty() && what.back() == '.') what.pop_back();
    std::cerr << "error: " << what << ". Run '" << where << " --help' for the options.\n";
    return 2;
  }

  Status st = Ok{};
  // --tf-padding decides the crop itself: --padding/--output-padding beside it are refused, even as 0.
  const std::string beside = beside_tf_padding(apply->parsed() ? apply : size);
  if (!beside.empty()) st = parse_tf_padding(apply->parsed() ? a.tf_padding : s.tf_padding, beside).error();
  else if (apply->parsed()) st = run_apply(a, std::cout, std::cerr);
  else if (size->parsed()) st = run_size(s, std::cout);
  else st = Error{"'gui' must be the first argument: tconv-lab gui [options]."};
  if (!st) {
    std::cerr << "error: " << st.error().message << "\n";
    return 2;
  }
  return 0;
}

}  // namespace tconv::app
