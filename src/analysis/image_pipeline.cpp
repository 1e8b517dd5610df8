// Image mode's pipeline (see image_pipeline.h). Sections: kernels and weights | compute.
#include "analysis/image_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "analysis/spectrum.h"
#include "core/fast.h"

namespace tconv::analysis {

namespace {
ImagePicture as_is(Slot slot, std::shared_ptr<const Tensor4> t) {
  ImagePicture p;
  p.slot = slot;
  p.tensor = std::move(t);
  return p;
}
ImagePicture viridis_map(Slot slot, const Grid& g, float lo, float hi) {
  ImagePicture p;
  p.slot = slot;
  p.scale = ImagePicture::Scale::Viridis;
  p.grid = g;
  p.lo = lo;
  p.hi = hi;
  return p;
}
}  // namespace

// ---------------------------------------------------------------- kernels and weights
Status check_weights_shape(const std::vector<int64_t>& shape) {
  if (shape.size() == 2 || shape.size() == 4) return Ok{};
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  s += shape.size() == 1 ? ",)" : ")";
  return Error{"the weights have shape " + s + ", but image mode takes a single kernel (kH, kW) or a "
               "ConvTranspose2d weight (Cin, Cout/groups, kH, kW). In PyTorch save "
               "layer.weight.detach().numpy() with numpy.save."};
}

Result<Kernel2D> settings_kernel(const ImageSettings& s) {
  if (s.source == KernelSource::Custom) return s.custom;
  if (s.source == KernelSource::Preset) {
    Result<KernelPreset> p = kernel_preset(s.preset, s.params.stride);
    if (!p) return p.error();
    return p.value().kernel;
  }
  const std::vector<int64_t>& sh = s.weights_shape;
  if (s.weights.empty()) return Error{"no weights loaded: open a .npy file, or choose a preset kernel."};
  Status ok = check_weights_shape(sh);
  if (!ok) return ok.error();
  const int64_t kh = sh[sh.size() - 2], kw = sh[sh.size() - 1];
  const int64_t planes = static_cast<int64_t>(s.weights.size()) / (kh * kw);
  Kernel2D k{kh, kw, std::vector<float>(static_cast<size_t>(kh * kw), 0.0f)};
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t i = 0; i < kh * kw; ++i)
      k.v[static_cast<size_t>(i)] += s.weights[static_cast<size_t>(p * kh * kw + i)] / float(planes);
  return k;
}

namespace {
bool weights_are_one_plane(const ImageSettings& s) {
  return s.source != KernelSource::Weights || s.weights_shape.size() == 2 ||
         (s.weights_shape.size() == 4 && s.weights_shape[0] == 1 && s.weights_shape[1] == 1);
}
}  // namespace

Result<WeightPlan> settings_weights(const ImageSettings& s, int64_t image_channels) {
  WeightPlan plan;
  plan.params = s.params;
  if (s.source == KernelSource::Weights) {
    if (s.weights.empty()) return Error{"no weights loaded: open a .npy file, or choose a preset kernel."};
    Status ok = check_weights_shape(s.weights_shape);
    if (!ok) return ok.error();
  }
  if (weights_are_one_plane(s)) {
    Result<Kernel2D> k = settings_kernel(s);
    if (!k) return k.error();
    const Kernel2D& kk = k.value();
    float gain = 1.0f;
    if (s.unit_gain) {
      double sum = 0, abs_sum = 0;
      for (float v : kk.v) { sum += v; abs_sum += std::fabs(v); }
      if (abs_sum > 0 && std::fabs(sum) > 1e-6 * abs_sum)
        gain = static_cast<float>(double(s.params.stride.h * s.params.stride.w) / sum);
    }
    plan.weight = Tensor4(Shape4{image_channels, 1, kk.h, kk.w});
    for (int64_t c = 0; c < image_channels; ++c)
      for (int64_t i = 0; i < kk.h * kk.w; ++i)
        plan.weight.data[static_cast<size_t>(c * kk.h * kk.w + i)] = kk.v[static_cast<size_t>(i)] * gain;
    plan.params.groups = image_channels;
    return plan;
  }
  const std::vector<int64_t>& sh = s.weights_shape;
  const int64_t g = std::max<int64_t>(1, s.weights_groups);
  if (sh[0] != image_channels)
    return Error{"the weights expect " + std::to_string(sh[0]) + " input channels (Cin = " + std::to_string(sh[0]) +
                 "), but the picture has " + std::to_string(image_channels) +
                 ". Open a picture with that many channels, or load a (kH, kW) kernel, which is applied to every channel."};
  plan.weight = Tensor4(Shape4{sh[0], sh[1], sh[2], sh[3]});
  plan.weight.data = s.weights;
  plan.params.groups = g;
  return plan;
}

// ---------------------------------------------------------------- compute
int64_t count_clipped_values(const Tensor4& t) {
  int64_t n = 0;
  for (float v : t.data) {
    const float q = std::round(255.0f * v);
    if (!(q >= 0.0f && q <= 255.0f)) ++n;  // NaN too
  }
  return n;
}

std::string output_too_large_message(const Shape4& os) {
  std::string m = "the output would be " + std::to_string(os.w) + " x " + std::to_string(os.h) + " pixels, ";
  if (kImageModeInBrowser) {
    return m + "more than image mode in the browser shows (8192 per side, 18 million in all, e.g. a 2048 x 2048 "
               "picture at stride 2: a browser tab has too little memory for more). Use a smaller picture or stride, or the desktop app "
               "(32 million pixels) or 'tconv-lab apply' on the command line, which has no such limit.";
  }
  return m + "more than image mode shows (8192 per side, 32 million in all). Use a smaller picture or stride, or "
             "'tconv-lab apply' on the command line, which has no such limit.";
}

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// count_clipped_values for rows [r0, r1) of every image and channel (the output in slices).
int64_t count_clipped(const Tensor4& y, int64_t r0, int64_t r1) {
  int64_t n = 0;
  for (int64_t p = 0; p < y.shape.n * y.shape.c; ++p) {
    const float* v = y.data.data() + (p * y.shape.h + r0) * y.shape.w;
    const float* end = v + (r1 - r0) * y.shape.w;
    for (; v < end; ++v) {
      const float q = std::round(255.0f * *v);
      if (!(q >= 0.0f && q <= 255.0f)) ++n;  // NaN too
    }
  }
  return n;
}
}  // namespace

ImagePipelineResult run_image_pipeline(const ImageRequest& r, const JobControl& ctl) {
  ImagePipelineSteps steps(r);
  for (;;) {
    std::optional<ImagePipelineResult> res = steps.step(ctl, std::numeric_limits<double>::infinity());
    if (res) return std::move(*res);
  }
}

std::optional<ImagePipelineResult> ImagePipelineSteps::step(const JobControl& ctl, double budget_ms) {
  using M = UpsampleMethod;
  const StepBudget budget(budget_ms);
  const bool unlimited = budget.unlimited();
  const ImageRequest& r = r_;
  ImagePipelineResult res;
  ImageFindings& out = res.findings;
  out.backend = r.backend;
  const bool explorer = r.settings.tab == ImageTab::Explorer;
  const int stages = 3 + (explorer ? 3 : 0);  // for the progress bar: output, pictures, (explorer)

  if (stage_ == Stage::Check) {
    t0_ = budget.start();
    if (!r.image) {
      out.error = "no picture: drop one on the window, type a path, or pick a sample.";
      return res;
    }
    const Tensor4& x = *r.image;
    Result<WeightPlan> plan = settings_weights(r.settings, x.shape.c);
    if (!plan) {
      out.error = plan.error().message;
      return res;
    }
    plan_ = std::move(plan).value();
    Result<Shape4> shape = conv_transpose_output_shape(x.shape, plan_.weight.shape, -1, plan_.params);
    if (!shape) {
      out.error = shape.error().message;
      return res;
    }
    const Shape4 os = shape.value();
    if (os.h > kMaxImageModeSide || os.w > kMaxImageModeSide || os.h * os.w > kMaxImageModePixels) {
      out.error = output_too_large_message(os);
      return res;
    }
    stage_ = Stage::Output;
    if (!r.precomputed) {
      // The memory only: its pages are first written below, a piece per step (a fresh page costs
      // the system time on first touch: 0.2 GB at once would hold a frame for long).
      y_ = std::make_shared<Tensor4>();
      y_->shape = os;
      y_->data.reserve(static_cast<size_t>(os.count()));
      stage_ = Stage::Allocate;
    }
  }

  if (stage_ == Stage::Allocate) {
    const size_t n = static_cast<size_t>(y_->shape.count());
    while (y_->data.size() < n) {
      const size_t piece = unlimited ? n : size_t(1) << 21;  // 8 MiB
      y_->data.resize(std::min(n, y_->data.size() + piece));
      if (ctl.superseded()) return ImagePipelineResult{};
      if (y_->data.size() < n && budget.spent()) return std::nullopt;
    }
    stage_ = Stage::Output;
    if (budget.spent()) return std::nullopt;
  }

  if (stage_ == Stage::Output) {
    if (!r.precomputed) {
      const Tensor4& x = *r.image;
      Tensor4& y = *y_;
      while (row_ < y.shape.h) {
        // Unlimited: all rows at once on every core. Otherwise as many rows as fit the time left
        // (the first band small, to measure the speed), on this thread.
        int64_t rows = y.shape.h - row_;
        if (!unlimited) {
          const double left = budget.left_ms();
          rows = rows_per_ms_ > 0 ? static_cast<int64_t>(rows_per_ms_ * std::max(0.0, left))
                                  : std::max<int64_t>(1, (int64_t(1) << 16) / std::max<int64_t>(1, y.shape.w * y.shape.c));
          rows = std::clamp<int64_t>(rows, 1, y.shape.h - row_);
        }
        const Clock::time_point t = Clock::now();
        conv_transpose2d_fast_rows(x, plan_.weight, {}, plan_.params, y, row_, row_ + rows, unlimited ? 0 : 1);
        clipped_ += count_clipped(y, row_, row_ + rows);
        const double ms = ms_since(t);
        if (ms > 0.05) rows_per_ms_ = double(rows) / ms;
        row_ += rows;
        ctl.set_progress(float(row_) / float(y.shape.h) / float(stages));
        if (ctl.superseded()) return ImagePipelineResult{};
        if (row_ < y.shape.h && budget.spent()) return std::nullopt;
      }
    }
    stage_ = Stage::Rest;
    if (budget.spent()) return std::nullopt;
  }

  // The rest in one go.
  const Tensor4& x = *r.image;
  const ImageSettings& s = r.settings;
  int stage = 0;
  auto next = [&] {
    ctl.set_progress(float(++stage) / float(stages));
    return !ctl.superseded();
  };

  // 1. The output.
  std::shared_ptr<const Tensor4> y = r.precomputed;
  if (y) {
    clipped_ = count_clipped(*y, 0, y->shape.h);
  } else {
    y = y_;
  }
  const Shape4 os = y->shape;
  out.output = y;
  out.clipped = clipped_;
  out.values = static_cast<int64_t>(y->data.size());
  out.unit_gain = s.unit_gain;
  if (!next()) return ImagePipelineResult{};
  res.pictures.push_back(as_is(Slot::Input, r.image));
  res.pictures.push_back(as_is(Slot::Output, y));
  if (!next()) return ImagePipelineResult{};

  if (!explorer) {  // the upsample tab needs nothing more
    ctl.set_progress(1.0f);
    out.seconds = std::chrono::duration<double>(Clock::now() - t0_).count();
    return res;
  }

  // 2. The overlap pattern (the interior's, tiled: no edge effect, in phase with the output).
  Result<Kernel2D> kernel = settings_kernel(s);
  if (!kernel) {
    out.error = kernel.error().message;
    return res;
  }
  ConvTransposeParams p1 = s.params;
  p1.groups = 1;
  const Pair ksize{kernel.value().h, kernel.value().w};
  Result<OverlapPattern> pat = overlap_pattern_tiled(x.shape.h, x.shape.w, ksize, p1);
  if (pat) {
    const OverlapPattern& P = pat.value();
    res.pictures.push_back(viridis_map(Slot::Pattern, P.counts, 0.0f, P.interior_max));
    const int64_t th = std::min(P.period_h, P.counts.rows), tw = std::min(P.period_w, P.counts.cols);
    out.pattern_tile = Grid(th, tw);
    for (int64_t i = 0; i < th; ++i)
      for (int64_t j = 0; j < tw; ++j) out.pattern_tile.v[static_cast<size_t>(i * tw + j)] = P.counts.at(i, j);
    out.pattern_max = P.interior_max;
    char b[400];
    if (P.uniform_interior()) {
      std::snprintf(b, sizeof b,
                    "Every interior output pixel receives %.0f kernel taps: the overlap is even, so this "
                    "kernel and stride print no checkerboard.", double(P.interior_max));
    } else {
      std::snprintf(b, sizeof b,
                    "Interior output pixels receive between %.0f and %.0f kernel taps, repeating every %lld x %lld "
                    "pixels: pixels with more taps come out brighter, so the picture gets a %lld x %lld checkerboard. "
                    "(Even overlap needs the kernel size divisible by the stride.)",
                    double(P.interior_min), double(P.interior_max), static_cast<long long>(P.period_h),
                    static_cast<long long>(P.period_w), static_cast<long long>(P.period_h),
                    static_cast<long long>(P.period_w));
    }
    out.pattern_text = b;
  } else {
    out.pattern_text = pat.error().message;
  }
  if (!next()) return ImagePipelineResult{};

  // 3. What the explorer panel shows.
  UpsampleSettings us;
  us.kernel = kernel.value();
  us.params = p1;
  us.unit_gain = s.unit_gain;
  const M method = s.method;
  auto run = [&](M m) -> Result<Tensor4> {
    if (m == M::transposed && weights_are_one_plane(s)) return *y;  // the output already is that
    return upsample(x, m, us);
  };
  switch (s.panel) {
    case ExplorerPanel::Pattern: break;
    case ExplorerPanel::Methods: {
      const std::pair<M, Slot> ms[] = {{M::nearest_then_conv, Slot::MethodNearest},
                                       {M::bilinear_then_conv, Slot::MethodBilinearConv},
                                       {M::bilinear, Slot::MethodBilinear}};
      for (const auto& [m, sl] : ms) {
        Result<Tensor4> u = run(m);
        if (!u) { out.methods_text = u.error().message; break; }
        res.pictures.push_back(as_is(sl, std::make_shared<const Tensor4>(std::move(u).value())));
        if (!next()) return ImagePipelineResult{};
      }
      break;
    }
    case ExplorerPanel::Difference: {
      Result<Tensor4> a = run(M::transposed);
      Result<Tensor4> b = run(method == M::transposed ? M::nearest_then_conv : method);
      if (!next()) return ImagePipelineResult{};
      if (!a || !b) { out.difference_text = (!a ? a.error() : b.error()).message; break; }
      Result<Difference> d = difference(a.value(), b.value());
      if (!d) { out.difference_text = d.error().message; break; }
      ImagePicture di;
      di.slot = Slot::Difference;
      di.scale = ImagePicture::Scale::Diverging;
      di.grid = channel_mean(d.value().diff);
      di.hi = d.value().max_abs;
      res.pictures.push_back(std::move(di));
      char buf[300];
      std::snprintf(buf, sizeof buf, "transposed minus %s: largest difference %.3f, RMS %.4f (on a 0..1 scale).",
                    upsample_method_name(method == M::transposed ? M::nearest_then_conv : method),
                    double(d.value().max_abs), d.value().rms);
      out.difference_text = buf;
      if (!next()) return ImagePipelineResult{};
      break;
    }
    case ExplorerPanel::Spectrum: {
      const std::pair<M, Slot> ms[] = {{M::transposed, Slot::SpectrumTransposed}, {method, Slot::SpectrumMethod}};
      for (const auto& [m, sl] : ms) {
        Result<Tensor4> u = run(m);
        if (!u) { out.spectrum_text = u.error().message; break; }
        Result<Spectrum> sp = magnitude_spectrum(u.value());
        if (!sp) { out.spectrum_text = sp.error().message; break; }
        const StridePeaks pk = find_stride_peaks(sp.value(), s.params.stride);
        res.pictures.push_back(viridis_map(sl, sp.value().display, 0.0f, 1.0f));
        std::string text = pk.summary.empty() ? std::string("No peaks at the stride's frequencies.") : pk.summary;
        std::vector<ImageFindings::PeakMark>& marks = sl == Slot::SpectrumTransposed ? out.peaks : out.peaks_method;
        const Grid& shown = sp.value().display;
        for (const SpectrumPeak& q : pk.peaks)
          for (const SpectrumPoint& at : stride_frequency_points(q.m, q.n, s.params.stride, shown.rows, shown.cols))
            marks.push_back({at.x, at.y, q.significant});
        if (sl == Slot::SpectrumTransposed) {
          out.spectrum_text = text;
          out.checkerboard = pk.checkerboard;
        } else {
          out.spectrum_method_text = text;
          out.checkerboard_method = pk.checkerboard;
        }
        if (!next()) return ImagePipelineResult{};
      }
      break;
    }
    case ExplorerPanel::Stacked: {
      const Shape4 two{1, 1, os.h * s.params.stride.h, os.w * s.params.stride.w};
      if (two.h * two.w > kMaxImageModePixels || two.h > kMaxImageModeSide || two.w > kMaxImageModeSide) {
        out.stacked_text = "Two stacked layers would make more than image mode shows (8192 pixels per side): use a smaller picture (e.g. the small scene).";
        break;
      }
      Result<Tensor4> u = upsample_stacked(x, M::transposed, us);
      if (!next()) return ImagePipelineResult{};
      if (!u) { out.stacked_text = u.error().message; break; }
      res.pictures.push_back(as_is(Slot::Stacked, std::make_shared<const Tensor4>(std::move(u).value())));
      Result<OverlapPattern> sp = stacked_overlap_pattern(x.shape.h, x.shape.w, ksize, p1, true);
      if (sp) {
        res.pictures.push_back(viridis_map(Slot::StackedPattern, sp.value().counts, 0.0f, sp.value().interior_max));
        char b[300];
        std::snprintf(b, sizeof b,
                      "Two layers: paths per pixel range from %.0f to %.0f and repeat every %lld x %lld pixels "
                      "(the stride squared): the pattern compounds.",
                      double(sp.value().interior_min), double(sp.value().interior_max),
                      static_cast<long long>(sp.value().period_h), static_cast<long long>(sp.value().period_w));
        out.stacked_text = b;
      } else {
        out.stacked_text = sp.error().message;
      }
      if (!next()) return ImagePipelineResult{};
      break;
    }
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - t0_).count();
  return res;
}

}  // namespace tconv::analysis
