// Image mode's names, display colouring, the worker's task and status words. Sections: names |
// display conversion | compute | status text.
#include "ui/image/image_state.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <limits>

#include "analysis/spectrum.h"
#include "core/fast.h"
#include "ui/draw/colormap.h"

namespace tconv::ui {

// ---------------------------------------------------------------- names
const char* explorer_panel_title(ExplorerPanel p) {
  switch (p) {
    case ExplorerPanel::Pattern: return "Overlap pattern";
    case ExplorerPanel::Methods: return "Methods";
    case ExplorerPanel::Difference: return "Difference";
    case ExplorerPanel::Spectrum: return "Spectrum";
    case ExplorerPanel::Stacked: return "Two layers";
  }
  return "";
}

const char* method_short_name(analysis::UpsampleMethod m) {
  switch (m) {
    case analysis::UpsampleMethod::transposed: return "transposed";
    case analysis::UpsampleMethod::nearest_then_conv: return "nearest_conv";
    case analysis::UpsampleMethod::bilinear_then_conv: return "bilinear_conv";
    case analysis::UpsampleMethod::bilinear: return "bilinear";
  }
  return "";
}

Result<ExplorerChoice> parse_explorer(const std::string& name) {
  using M = analysis::UpsampleMethod;
  for (M m : {M::transposed, M::nearest_then_conv, M::bilinear_then_conv, M::bilinear})
    if (name == method_short_name(m)) return ExplorerChoice{ExplorerPanel::Methods, m};
  if (name == "pattern") return ExplorerChoice{ExplorerPanel::Pattern, std::nullopt};
  if (name == "difference") return ExplorerChoice{ExplorerPanel::Difference, std::nullopt};
  if (name == "spectrum") return ExplorerChoice{ExplorerPanel::Spectrum, std::nullopt};
  if (name == "stacked") return ExplorerChoice{ExplorerPanel::Stacked, std::nullopt};
  return Error{"unknown explorer view '" + name +
               "': use pattern, transposed, nearest_conv, bilinear_conv, bilinear, difference, spectrum or stacked."};
}

DisplayImage& slot(ImageState& s, Slot k) { return s.slots[static_cast<size_t>(k)]; }
const DisplayImage& slot(const ImageState& s, Slot k) { return s.slots[static_cast<size_t>(k)]; }

// ---------------------------------------------------------------- display conversion
namespace {
uint8_t q8(float v) {
  if (!(v > 0.0f)) return 0;  // also NaN
  if (v >= 1.0f) return 255;
  return static_cast<uint8_t>(std::lround(v * 255.0f));
}
void put(DisplayImage& d, size_t i, Rgba c) {
  d.rgba[i * 4 + 0] = q8(c.r);
  d.rgba[i * 4 + 1] = q8(c.g);
  d.rgba[i * 4 + 2] = q8(c.b);
  d.rgba[i * 4 + 3] = 255;
}
}  // namespace

void to_display(const Tensor4& t, DisplayImage& d) { to_display_rows(t, d, 0, t.shape.h); }

void to_display_rows(const Tensor4& t, DisplayImage& d, int64_t row_begin, int64_t row_end) {
  if (row_begin == 0) {
    d.w = t.shape.w;
    d.h = t.shape.h;
    d.rgba.clear();
    d.rgba.reserve(static_cast<size_t>(d.w * d.h) * 4);  // its pages are first written band by band
  }
  d.rgba.resize(static_cast<size_t>(row_end * d.w) * 4, 255);
  const size_t n = static_cast<size_t>(d.w * d.h);
  const int64_t c = t.shape.c;
  const float* p = t.data.data();
  for (size_t i = static_cast<size_t>(row_begin * d.w), end = static_cast<size_t>(row_end * d.w); i < end; ++i) {
    float r = 0, g = 0, b = 0;
    if (c == 3 || c == 4) {
      r = p[i];
      g = p[n + i];
      b = p[2 * n + i];
    } else if (c <= 2) {
      r = g = b = p[i];
    } else {
      float sum = 0;
      for (int64_t k = 0; k < c; ++k) sum += p[static_cast<size_t>(k) * n + i];
      r = g = b = sum / float(c);
    }
    d.rgba[i * 4 + 0] = q8(r);
    d.rgba[i * 4 + 1] = q8(g);
    d.rgba[i * 4 + 2] = q8(b);
  }
  if (row_end >= t.shape.h) ++d.version;
}

void grid_to_display(const Grid& g, float lo, float hi, DisplayImage& d) {
  d.w = g.cols;
  d.h = g.rows;
  d.rgba.assign(static_cast<size_t>(d.w * d.h) * 4, 255);
  const float span = hi > lo ? hi - lo : 1.0f;
  // viridis through a 1024-entry table: the display has 8 bits per channel anyway, and large
  // maps (an output of 24 million pixels) would otherwise spend seconds in viridis().
  constexpr int kLut = 1024;
  std::vector<Rgba> lut(kLut);
  for (int k = 0; k < kLut; ++k) lut[size_t(k)] = viridis(float(k) / float(kLut - 1));
  for (size_t i = 0; i < g.v.size(); ++i) {
    const float t = std::clamp((g.v[i] - lo) / span, 0.0f, 1.0f);  // NaN -> 0 below
    const int k = t == t ? int(t * float(kLut - 1) + 0.5f) : 0;
    put(d, i, lut[size_t(k)]);
  }
  ++d.version;
}

void diverging_to_display(const Grid& g, float max_abs, DisplayImage& d) {
  d.w = g.cols;
  d.h = g.rows;
  d.rgba.assign(static_cast<size_t>(d.w * d.h) * 4, 255);
  const Rgba neg = palette::kBlue, pos = palette::kVermillion;
  for (size_t i = 0; i < g.v.size(); ++i) {
    const float t = analysis::diverging_position(g.v[i], max_abs) * 2.0f - 1.0f;  // -1 .. 1
    const Rgba e = t < 0 ? neg : pos;
    const float a = std::min(1.0f, std::fabs(t));
    put(d, i, Rgba{1.0f + (e.r - 1.0f) * a, 1.0f + (e.g - 1.0f) * a, 1.0f + (e.b - 1.0f) * a, 1});
  }
  ++d.version;
}

// ---------------------------------------------------------------- compute
ImageResult compute_image(const ImageRequest& r, const JobControl& ctl) {
  ImageJobSteps steps(r);
  for (;;) {
    std::optional<ImageResult> res = steps.step(ctl, std::numeric_limits<double>::infinity());
    if (res) return std::move(*res);
  }
}

std::optional<ImageResult> ImageJobSteps::step(const JobControl& ctl, double budget_ms) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  auto spent_ms = [&] { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); };
  constexpr float kPipelineShare = 0.8f;  // of the progress bar; colouring the pictures fills the rest
  if (!done_) {
    done_ = pipeline_.step(ctl.part(0.0f, kPipelineShare), budget_ms);
    if (!done_) return std::nullopt;
    static_cast<analysis::ImageFindings&>(out_) = std::move(done_->findings);
    if (ctl.superseded()) return ImageResult{};
    if (spent_ms() >= budget_ms) return std::nullopt;
  }
  const std::vector<analysis::ImagePicture>& pics = done_->pictures;
  const JobControl colour = ctl.part(kPipelineShare, 1.0f);
  while (picture_ < pics.size()) {
    if (ctl.superseded()) return ImageResult{};
    const analysis::ImagePicture& pic = pics[picture_];
    if (row_ == 0) out_.images.emplace_back(pic.slot, DisplayImage{});
    DisplayImage& d = out_.images.back().second;
    switch (pic.scale) {
      case analysis::ImagePicture::Scale::AsIs: {
        // Bands of about a million pixels, until the budget is spent.
        const int64_t h = pic.tensor->shape.h;
        const int64_t band = std::max<int64_t>(1, (int64_t(1) << 20) / std::max<int64_t>(1, pic.tensor->shape.w));
        while (row_ < h) {
          const int64_t end = std::min(h, row_ + band);
          to_display_rows(*pic.tensor, d, row_, end);
          row_ = end;
          colour.set_progress((float(picture_) + float(row_) / float(h)) / float(pics.size()));
          if (row_ < h && spent_ms() >= budget_ms) return std::nullopt;
        }
        break;
      }
      case analysis::ImagePicture::Scale::Viridis: grid_to_display(pic.grid, pic.lo, pic.hi, d); break;
      case analysis::ImagePicture::Scale::Diverging: diverging_to_display(pic.grid, pic.hi, d); break;
    }
    ++picture_;
    row_ = 0;
    colour.set_progress(float(picture_) / float(pics.size()));
    if (picture_ < pics.size() && spent_ms() >= budget_ms) return std::nullopt;
  }
  ctl.set_progress(1.0f);
  return std::move(out_);
}

std::optional<float> overlap_count_at(const ImageResult& r, int64_t row, int64_t col) {
  const Grid& t = r.pattern_tile;
  if (!r.output || t.rows < 1 || t.cols < 1 || row < 0 || col < 0 || row >= r.output->shape.h || col >= r.output->shape.w)
    return std::nullopt;
  return t.at(row % t.rows, col % t.cols);
}

// ---------------------------------------------------------------- status text
std::string clipped_values_text(const ImageResult& r) {
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f%%", r.values > 0 ? 100.0 * double(r.clipped) / double(r.values) : 0.0);
  std::string t = std::to_string(r.clipped) + " of the output's " + std::to_string(r.values) + " values (" + pct +
                  ") fall outside 0..1 " + (r.unit_gain ? "with \"keep brightness\" on" : "(\"keep brightness\" is off)") +
                  ": they are clipped, on screen and in the saved file. ";
  t += r.unit_gain ? "Keep brightness only keeps the AVERAGE level of a flat picture: pixels where more kernel taps "
                     "overlap still come out brighter than white."
                   : "Tick \"keep brightness\" to scale the kernel to the picture's level.";
  return t;
}

}  // namespace tconv::ui
