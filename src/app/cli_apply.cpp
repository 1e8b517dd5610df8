// The `apply` command. Sections:
//   1. parsing the option values into a Job (all checks before any file is read)
//   2. loading the input, weight and bias; depthwise expansion of 2-D kernels
//   3. computing on the chosen backend, with the optional benchmark
//   4. writing the output (rank kept, format by extension) and saying what was written
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <vector>

#include "app/cli.h"
#include "core/conv_transpose.h"
#include "core/fast.h"
#include "core/kernels.h"
#include "core/params.h"
#include "core/tf_padding.h"
#include "io/file.h"
#include "io/image.h"
#include "io/npy.h"
#ifdef TCONV_HAVE_GPU
#include "gpu/gpu.h"
#endif

namespace tconv::app {
namespace {

// ---------------------------------------------------------------- 1. parsing

enum class Backend { Cpu, Reference, Gpu };
const char* backend_name(Backend b) {
  switch (b) {
    case Backend::Cpu: return "cpu";
    case Backend::Reference: return "reference";
    case Backend::Gpu: return "gpu";
  }
  return "?";
}

enum class OutKind { Npy, Image };

struct Job {
  ConvTransposeParams params;
  bool padding_given = false;
  bool groups_given = false;
  Backend backend = Backend::Cpu;
  int threads = 0;         // 0: all cores
  int64_t benchmark = 0;   // 0: no benchmark
  OutKind out_kind = OutKind::Npy;
  io::ImageFormat out_format = io::ImageFormat::Png;
  std::optional<TfPadding> tf_padding;  // TensorFlow/Keras's crop instead of params' padding
};

Result<Job> parse_job(const ApplyArgs& a) {
  Job job;
  if (a.weight.empty() == a.kernel.empty())
    return Error{a.weight.empty()
                     ? "apply needs a kernel: give --weight W.npy (your own weights, e.g. from "
                       "PyTorch) or --kernel NAME (a built-in one, e.g. --kernel bilinear)."
                     : "give either --weight or --kernel, not both: --weight loads your own "
                       "weights, --kernel picks a built-in one."};
  auto stride = parse_pair(a.stride, "--stride");
  if (!stride) return stride.error();
  job.params.stride = stride.value();
  if (!a.padding.empty()) {
    auto padding = parse_pair(a.padding, "--padding");
    if (!padding) return padding.error();
    job.params.padding = padding.value();
    job.padding_given = true;
  }
  auto op = parse_pair(a.output_padding, "--output-padding");
  if (!op) return op.error();
  job.params.output_padding = op.value();
  auto tfp = parse_tf_padding(a.tf_padding, a.tf_padding.empty()    ? ""
                                             : !a.padding.empty()      ? "--padding"
                                             : a.output_padding != "0" ? "--output-padding" : "");
  if (!tfp) return tfp.error();
  job.tf_padding = tfp.value();
  auto dilation = parse_pair(a.dilation, "--dilation");
  if (!dilation) return dilation.error();
  job.params.dilation = dilation.value();
  if (!a.groups.empty()) {
    auto g = parse_int(a.groups, "--groups", 1, kMaxElements);
    if (!g) return g.error();
    job.params.groups = g.value();
    job.groups_given = true;
  }
  if (a.backend == "cpu") job.backend = Backend::Cpu;
  else if (a.backend == "reference") job.backend = Backend::Reference;
  else if (a.backend == "gpu") job.backend = Backend::Gpu;
  else
    return Error{"unknown backend '" + a.backend + "'. Use --backend cpu (fast, the default), "
                 "reference (the simple scatter loop) or gpu (OpenGL 4.3 compute)."};
#ifndef TCONV_HAVE_GPU
  if (job.backend == Backend::Gpu)
    return Error{"this tconv-lab was built without GPU support, so --backend gpu is not "
                 "available. Use --backend cpu, or rebuild with -DTCONV_BUILD_GPU=ON (needs "
                 "libepoxy-dev and libegl-dev)."};
#endif
  auto threads = parse_int(a.threads, "--threads", 0, 1024);
  if (!threads) return Error{threads.error().message + " Use 0 for all cores."};
  job.threads = static_cast<int>(threads.value());
  if (!a.benchmark.empty()) {
    auto r = parse_int(a.benchmark, "--benchmark", 1, 1000000);
    if (!r) return Error{r.error().message + " It is the number of timed runs, e.g. --benchmark 10."};
    job.benchmark = r.value();
  }
  // Output: a place to put it and a format by extension, checked before any work.
  if (auto st = io::check_output_path(a.output); !st) return st.error();
  const std::string ext = io::lower_extension(a.output);
  if (ext == ".npy") {
    job.out_kind = OutKind::Npy;
  } else if (auto f = io::image_format_from_path(a.output)) {
    job.out_kind = OutKind::Image;
    job.out_format = *f;
  } else {
    return Error{"cannot tell what to write from the output name '" + a.output + "'" +
                 (ext.empty() ? std::string(" (it has no extension)") : " (extension '" + ext + "')") +
                 ". Use .npy for the exact floats, or an image: " +
                 io::supported_image_output_extensions() + "."};
  }
  return job;
}

// ---------------------------------------------------------------- 2. loading

struct Input {
  Tensor4 x;
  int rank = 4;        // of the .npy (2, 3, 4); images count as 3: (C, H, W)
  bool image = false;
};

// Takes the array's data (no copy: inputs can be gigabytes).
Tensor4 tensor_from(io::NpyArray&& a, int64_t n, int64_t c, int64_t h, int64_t w) {
  Tensor4 t;
  t.shape = Shape4{n, c, h, w};
  t.data = std::move(a.data);
  return t;
}

Result<Input> from_npy(const std::string& path, io::NpyArray&& arr) {
  Input in;
  const std::vector<int64_t> s = arr.shape;
  in.rank = static_cast<int>(s.size());
  if (s.size() == 2) in.x = tensor_from(std::move(arr), 1, 1, s[0], s[1]);
  else if (s.size() == 3) in.x = tensor_from(std::move(arr), 1, s[0], s[1], s[2]);
  else if (s.size() == 4) in.x = tensor_from(std::move(arr), s[0], s[1], s[2], s[3]);
  else
    return Error{"the input '" + path + "' has shape " + io::shape_to_string(s) +
                 "; an input must be (H, W), (C, H, W) or (N, C, H, W). For one row of values, "
                 "save a.reshape(1, -1)."};
  return in;
}

Input from_image(Tensor4 x) {
  Input in;
  in.x = std::move(x);
  in.rank = 3;  // written as (C, H, W) when the output is .npy
  in.image = true;
  return in;
}

Result<Input> load_input(const std::string& path, std::ostream& notes) {
  if (io::lower_extension(path) == ".npy") {
    auto arr = io::read_npy(path);
    if (!arr) return arr.error();
    if (const std::string n = io::conversion_note(arr.value(), "the input '" + path + "'"); !n.empty())
      notes << "note: " << n << "\n";
    return from_npy(path, std::move(arr).value());
  }
  if (io::is_image_input_path(path)) {
    auto img = io::load_image(path);
    if (!img) return img.error();
    return from_image(std::move(img).value());
  }
  // No telling extension: read it once (it may be a pipe) and look at the content.
  auto bytes = io::read_file(path, 12 + io::kMaxNpyHeaderBytes + 8 * uint64_t(kMaxElements));
  if (!bytes) return bytes.error();
  const auto& b = bytes.value();
  if (b.size() >= 6 && std::memcmp(b.data(), "\x93NUMPY", 6) == 0) {
    auto arr = io::parse_npy(b.data(), b.size());
    if (!arr) return Error{"cannot read '" + path + "': " + arr.error().message};
    if (const std::string n = io::conversion_note(arr.value(), "the input '" + path + "'"); !n.empty())
      notes << "note: " << n << "\n";
    return from_npy(path, std::move(arr).value());
  }
  auto img = io::decode_image(b.data(), b.size());
  if (!img) return Error{"cannot read '" + path + "': " + img.error().message};
  return from_image(std::move(img).value());
}

// One kH x kW kernel applied to each of `channels` channels on its own: weight (C, 1, kH, kW),
// groups = C.
Result<Tensor4> depthwise_weight(const std::vector<float>& k, int64_t kh, int64_t kw,
                                 int64_t channels, Job& job, const std::string& source) {
  if (job.groups_given && job.params.groups != channels)
    return Error{source + " is one kernel applied to each of the input's " + std::to_string(channels) +
                 " channels on its own (groups = " + std::to_string(channels) + "), so --groups " +
                 std::to_string(job.params.groups) + " does not fit. Drop --groups, or give a 4-D "
                 "weight (Cin, Cout/groups, kH, kW)."};
  job.params.groups = channels;
  if (channels * kh * kw > kMaxElements)
    return Error{"the depthwise weight (" + std::to_string(channels) + ", 1, " + std::to_string(kh) +
                 ", " + std::to_string(kw) + ") would be too large. Use a smaller kernel."};
  Tensor4 w(Shape4{channels, 1, kh, kw});
  for (int64_t c = 0; c < channels; ++c)
    std::copy(k.begin(), k.end(), w.data.begin() + static_cast<std::ptrdiff_t>(c * kh * kw));
  return w;
}

struct Weights {
  Tensor4 w;
  std::vector<float> bias;
  bool has_bias = false;
  std::string describe;  // "kernel bilinear 4x4" or "weight (3, 1, 4, 4)"
};

Result<Weights> load_weights(const ApplyArgs& a, int64_t channels, Job& job, std::ostream& notes) {
  Weights out;
  if (!a.kernel.empty()) {
    auto preset = kernel_preset(a.kernel, job.params.stride);
    if (!preset) return preset.error();
    const Kernel2D& k = preset.value().kernel;
    if (!job.padding_given) job.params.padding = preset.value().default_padding;
    auto w = depthwise_weight(k.v, k.h, k.w, channels, job, "--kernel " + a.kernel);
    if (!w) return w.error();
    out.w = std::move(w).value();
    out.describe = "kernel " + a.kernel + " " + std::to_string(k.h) + "x" + std::to_string(k.w);
  } else {
    auto arr = io::read_npy(a.weight);
    if (!arr) return arr.error();
    if (const std::string n = io::conversion_note(arr.value(), "the weight '" + a.weight + "'"); !n.empty())
      notes << "note: " << n << "\n";
    const auto& s = arr.value().shape;
    if (s.size() == 2) {
      auto w = depthwise_weight(arr.value().data, s[0], s[1], channels, job,
                                "the weight '" + a.weight + "' " + io::shape_to_string(s));
      if (!w) return w.error();
      out.w = std::move(w).value();
    } else if (s.size() == 4) {
      out.w = tensor_from(std::move(arr).value(), s[0], s[1], s[2], s[3]);
    } else {
      return Error{"the weight '" + a.weight + "' has shape " + io::shape_to_string(s) +
                   "; a weight must be (Cin, Cout/groups, kH, kW) as in PyTorch's "
                   "conv_transpose2d, or (kH, kW) for one kernel applied to each channel. For a "
                   "single input channel, save w.reshape(1, *w.shape)."};
    }
    out.describe = "weight " + io::shape_to_string(s);
  }
  if (!a.bias.empty()) {
    auto b = io::read_npy(a.bias);
    if (!b) return b.error();
    if (const std::string n = io::conversion_note(b.value(), "the bias '" + a.bias + "'"); !n.empty())
      notes << "note: " << n << "\n";
    if (b.value().shape.size() != 1)
      return Error{"the bias '" + a.bias + "' has shape " + io::shape_to_string(b.value().shape) +
                   "; a bias is 1-D with one value per output channel, shape (Cout,). Save "
                   "b.reshape(-1)."};
    out.bias = std::move(b).value().data;
    out.has_bias = true;
  }
  return out;
}

// ---------------------------------------------------------------- 3. computing

class Runner {
 public:
  static Result<std::unique_ptr<Runner>> create(const Job& job) {
    auto r = std::unique_ptr<Runner>(new Runner(job));
#ifdef TCONV_HAVE_GPU
    if (job.backend == Backend::Gpu) {
      auto ctx = gpu::create_headless_context();
      if (!ctx) return ctx.error();
      r->gpu_ = std::move(ctx).value();
    }
#endif
    return r;
  }
  // Computes into y, which already has the output shape: repeated --benchmark runs reuse it, so they
  // time the computation rather than the operating system handing out fresh pages.
  Status run_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, Tensor4& y) {
    switch (job_.backend) {
      case Backend::Cpu: conv_transpose2d_fast_into(x, w, bias, job_.params, y, job_.threads); return Ok{};
      case Backend::Reference: y = conv_transpose2d_scatter(x, w, bias, job_.params); return Ok{};
      case Backend::Gpu:
#ifdef TCONV_HAVE_GPU
        return gpu_->conv_transpose2d_into(x, w, bias, job_.params, y);
#else
        break;
#endif
    }
    return Error{"this tconv-lab was built without GPU support. Use --backend cpu."};
  }
  int threads() const {
    if (job_.backend != Backend::Cpu) return 1;
    return job_.threads > 0 ? job_.threads : default_thread_count();
  }

 private:
  explicit Runner(const Job& job) : job_(job) {}
  Job job_;
#ifdef TCONV_HAVE_GPU
  std::unique_ptr<gpu::ComputeContext> gpu_;
#endif
};

std::string format_ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms);
  return buf;
}

// ---------------------------------------------------------------- 4. writing

const char* channel_words(int64_t c) {
  switch (c) {
    case 1: return "gray";
    case 2: return "gray+alpha";
    case 3: return "RGB";
    case 4: return "RGBA";
  }
  return "?";
}

// The .npy shape of the output: the input's rank, C replaced by Cout. A 2-D input with several
// output channels cannot stay 2-D and becomes (Cout, H, W).
std::vector<int64_t> output_npy_shape(const Shape4& y, int input_rank) {
  if (input_rank == 4) return {y.n, y.c, y.h, y.w};
  if (input_rank == 2 && y.c == 1) return {y.h, y.w};
  return {y.c, y.h, y.w};
}

std::string pair_text(const Pair& p) {
  return p.h == p.w ? std::to_string(p.h) : std::to_string(p.h) + "," + std::to_string(p.w);
}

}  // namespace

Status run_apply(const ApplyArgs& args, std::ostream& out, std::ostream& notes) {
  auto parsed = parse_job(args);
  if (!parsed) return parsed.error();
  Job job = parsed.value();

  auto input = load_input(args.input, notes);
  if (!input) return input.error();
  const Input& in = input.value();
  auto weights = load_weights(args, in.x.shape.c, job, notes);
  if (!weights) return weights.error();
  const Weights& wt = weights.value();

  const int64_t bias_len = wt.has_bias ? static_cast<int64_t>(wt.bias.size()) : -1;
  // TensorFlow's convention: compute with the PyTorch parameters its plan gives, then crop.
  std::optional<TfPlan> tf_plan;
  std::optional<Error> tf_error;
  if (job.tf_padding) {
    TfConvTransposeParams tp;
    tp.padding = *job.tf_padding;
    tp.stride = job.params.stride;
    tp.dilation = job.params.dilation;
    tp.groups = job.params.groups;
    auto t = tf_conv_transpose_plan(in.x.shape, wt.w.shape, bias_len, tp);
    if (t) tf_plan = std::move(t).value();
    else tf_error = t.error();
    if (tf_plan) job.params = tf_plan->compute;
  }
  auto shape = tf_error ? Result<Shape4>(*tf_error)
                        : conv_transpose_output_shape(in.x.shape, wt.w.shape, bias_len, job.params);
  if (!shape) {
    std::string msg = shape.error().message;
    if (in.image)
      msg += " (The image '" + args.input + "' has " + std::to_string(in.x.shape.c) + " channel" +
             (in.x.shape.c == 1 ? "" : "s") + ": " + channel_words(in.x.shape.c) + ".)";
    return Error{msg};
  }
  const Shape4 y_shape = shape.value();
  if (job.out_kind == OutKind::Image) {
    if (auto st = io::check_image_savable(tf_plan ? tf_plan->output : y_shape, job.out_format); !st)
      return Error{"cannot write '" + args.output + "': " + st.error().message};
  }

  auto runner = Runner::create(job);
  if (!runner) return runner.error();
  Tensor4 y(y_shape);
  const int64_t runs = std::max<int64_t>(job.benchmark, 1);
  std::vector<double> ms;
  for (int64_t r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    if (auto st = runner.value()->run_into(in.x, wt.w, wt.bias, y); !st) return st.error();
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  if (job.benchmark > 0) {
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    const double median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    out << "compute: median " << format_ms(median) << " ms, min " << format_ms(sorted.front())
        << " ms (" << runs << " runs, " << backend_name(job.backend) << ", "
        << runner.value()->threads() << " threads)\n";
  }
  if (tf_plan && y.shape != tf_plan->output) y = crop_bottom_right(y, tf_plan->output.h, tf_plan->output.w);
  const Tensor4& result = y;

  const std::string how = " (" + wt.describe + ", stride " + pair_text(job.params.stride) +
                          (job.tf_padding ? std::string(", tf-padding ") + tf_padding_name(*job.tf_padding)
                                          : ", padding " + pair_text(job.params.padding)) +
                          ", " + backend_name(job.backend) + ")";
  if (job.out_kind == OutKind::Npy) {
    const std::vector<int64_t> npy_shape = output_npy_shape(result.shape, in.rank);
    if (auto st = io::write_npy(args.output, npy_shape, result.data); !st) return st;
    out << "wrote " << io::output_display_name(args.output) << ": float32 array " << io::shape_to_string(npy_shape) << how << "\n";
    if (in.rank == 2 && npy_shape.size() == 3)
      notes << "note: the input was 2-D (H, W) but the weight gives " << result.shape.c
            << " output channels, so the output is 3-D (C, H, W).\n";
  } else {
    if (auto st = io::save_image(args.output, result); !st) return st;
    const int64_t c = result.shape.c;
    const bool alpha_dropped = (c == 2 || c == 4) && !io::image_keeps_alpha(job.out_format, c);
    out << "wrote " << io::output_display_name(args.output) << ": " << result.shape.w << "x"
        << result.shape.h << " " << channel_words(alpha_dropped ? c - 1 : c) << " "
        << io::image_format_name(job.out_format) << (alpha_dropped ? " (alpha dropped)" : "")
        << " from " << in.x.shape.w << "x" << in.x.shape.h << how << "\n";
    if (alpha_dropped)
      notes << "note: the result has " << channel_words(c) << " channels, but this "
            << io::image_format_name(job.out_format) << " file cannot hold alpha"
            << (job.out_format == io::ImageFormat::Bmp ? " with gray" : "")
            << ", so the alpha channel was dropped. Write .png or .tga to keep it.\n";
    const int64_t clamped = io::count_clamped_for_image(result);
    if (clamped > 0) {
      char pct[32];
      std::snprintf(pct, sizeof pct, "%.1f%%",
                    100.0 * static_cast<double>(clamped) / static_cast<double>(result.data.size()));
      notes << "note: " << clamped << " of " << result.data.size() << " values (" << pct
            << ") were outside 0..1 and were clipped in the image; write .npy to keep the exact "
               "values.\n";
    }
  }
  return Ok{};
}

}  // namespace tconv::app
