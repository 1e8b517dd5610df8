#pragma once
// Image mode's computation: a picture through the transposed convolution of the chosen kernel or
// weights, and what the checkerboard explorer shows next to it (the overlap pattern, the other
// upsampling methods, their difference, spectra, two stacked layers). Pictures come out uncoloured
// (ImagePicture); the UI colours them for display. Images are Tensor4 (1, C, H, W) in [0, 1].
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/checkerboard.h"
#include "analysis/latest_job.h"
#include "core/kernels.h"
#include "core/params.h"
#include "core/result.h"
#include "core/tensor.h"

namespace tconv::analysis {

enum class KernelSource { Preset, Custom, Weights };
enum class ImageTab { Upsample, Explorer };
// Explorer panels. Methods: the four upsampling methods side by side.
enum class ExplorerPanel { Pattern, Methods, Difference, Spectrum, Stacked };
constexpr int kExplorerPanelCount = 5;
// The pictures image mode shows, one texture each.
enum class Slot { Input, Output, Pattern, MethodNearest, MethodBilinearConv, MethodBilinear, Difference,
                  SpectrumTransposed, SpectrumMethod, Stacked, StackedPattern };
constexpr int kSlotCount = 11;

struct ImageSettings {
  KernelSource source = KernelSource::Preset;
  std::string preset = "ones3";          // core/kernels.h names
  Kernel2D custom{3, 3, std::vector<float>(9, 1.0f)};
  std::string weights_path;              // loaded .npy (source Weights)
  std::vector<int64_t> weights_shape;    // numpy order
  std::vector<float> weights;            // C order
  int64_t weights_groups = 1;            // for (Cin, Cout/groups, kH, kW) weights
  ConvTransposeParams params{{2, 2}, {0, 0}, {0, 0}, {1, 1}, 1};
  bool unit_gain = true;                 // keep the brightness of a flat picture (kernels only)
  bool prefer_gpu = true;                // large images on the GPU when one (not software) is there (the app)
  ImageTab tab = ImageTab::Upsample;
  ExplorerPanel panel = ExplorerPanel::Pattern;
  UpsampleMethod method = UpsampleMethod::nearest_then_conv;  // compared with transposed
  float pattern_alpha = 0.45f;           // overlay strength of the overlap pattern (display only)
};

// The 2-D kernel the settings mean (preset for the stride, custom, or weights reduced to one
// plane: (kH,kW) as is, (1,1,kH,kW) as is, larger: the mean over (Cin, Cout) for the explorer).
Result<Kernel2D> settings_kernel(const ImageSettings& s);
// Full weight tensor and groups for the main output: depthwise for kernels; the loaded tensor
// for (Cin, Cout/groups, kH, kW) weights (which must match the image's channels).
struct WeightPlan {
  Tensor4 weight;
  ConvTransposeParams params;  // with groups
};
Result<WeightPlan> settings_weights(const ImageSettings& s, int64_t image_channels);
// Checks a freshly read .npy before it replaces anything: rank 2 or 4. Error says the shapes allowed.
Status check_weights_shape(const std::vector<int64_t>& shape);

// Image mode refuses outputs bigger than this (the CLI has no such limit). A browser page has less
// memory (wasm32: 4 GiB at most, less on many devices), and image mode holds the picture, the
// output, its display copy, the previous output until the new one is ready and, in the explorer,
// more outputs: there the output is limited to 18 million pixels (a 2048 x 2048 picture at
// stride 2; about 1 GiB for an RGB picture in the explorer), and pictures to 4096 x 4096 RGBA
// before they are decoded.
constexpr int64_t kMaxImageModeSide = 8192;
#ifdef __EMSCRIPTEN__
constexpr bool kImageModeInBrowser = true;
constexpr int64_t kMaxImageModePixels = 18'000'000;
constexpr int64_t kMaxImageModeInputValues = int64_t(1) << 26;  // width * height * channels
#else
constexpr bool kImageModeInBrowser = false;
constexpr int64_t kMaxImageModePixels = int64_t(1) << 25;
constexpr int64_t kMaxImageModeInputValues = kMaxElements;
#endif
// "the output would be W x H pixels, more than image mode shows (...). Use ..." for an output of
// this shape beyond the limits above.
std::string output_too_large_message(const Shape4& os);

struct ImageRequest {
  std::shared_ptr<const Tensor4> image;
  ImageSettings settings;
  std::shared_ptr<const Tensor4> precomputed;  // the output from the GPU, when it made it
  std::string backend;                         // words for the status line
};

// One picture before colouring: a tensor shown as it is (grey or RGB), a map through viridis over
// [lo, hi], or a signed map through a diverging scale with |hi| at its ends.
struct ImagePicture {
  enum class Scale { AsIs, Viridis, Diverging };
  Slot slot = Slot::Input;
  Scale scale = Scale::AsIs;
  std::shared_ptr<const Tensor4> tensor;  // AsIs
  Grid grid;                              // Viridis, Diverging
  float lo = 0, hi = 1;
};

// What the pipeline found, apart from the pictures.
struct ImageFindings {
  std::string error;                              // empty = fine
  std::shared_ptr<const Tensor4> output;          // for Save
  int64_t clipped = 0;                            // output values an 8-bit picture cannot hold
                                                  // (count_clipped_values): clipped on screen and in Save
  int64_t values = 0;                             // all output values (pixels x channels)
  bool unit_gain = true;                          // "keep brightness" as the output was computed
  std::string pattern_text, methods_text, difference_text, stacked_text;
  // One period of the tiled overlap pattern, from output pixel (0, 0): the count at (r, c) is
  // pattern_tile.at(r % rows, c % cols). The magnifier reads it; empty when there is no pattern.
  Grid pattern_tile;
  float pattern_max = 0;                          // the pattern's colour scale: viridis over [0, max]
  std::string spectrum_text, spectrum_method_text;  // find_stride_peaks summaries
  bool checkerboard = false, checkerboard_method = false;
  struct PeakMark {
    double x = 0, y = 0;        // where to circle: stride_frequency_points (spectrum picture pixels)
    bool significant = false;   // a peak stands out there (find_stride_peaks)
  };
  std::vector<PeakMark> peaks, peaks_method;     // the stride's frequencies, the same places in both
  std::string backend;
  double seconds = 0;
};

struct ImagePipelineResult {
  ImageFindings findings;
  std::vector<ImagePicture> pictures;
};

// Output values that an 8-bit picture cannot hold, after everything the settings do ("keep
// brightness" included): round(255 v) outside 0..255, or not a number. The display and Save
// (io::save_image, whose io::count_clamped_for_image uses the same rule) clamp exactly these.
int64_t count_clipped_values(const Tensor4& t);

// Runs the whole request (output, overlap pattern, and what the current tab/panel shows).
// Stops early (returning an empty result) when ctl says a newer request superseded it.
ImagePipelineResult run_image_pipeline(const ImageRequest& r, const JobControl& ctl);

// The same pipeline in steps (LatestJob::submit_steps): step() does about budget_ms of work and
// returns the result once everything is done. The output's memory is written (zeroed) in pieces,
// then computed in bands of rows (its clipped values counted with them); what the explorer shows
// next is one more step.
// run_image_pipeline runs it with an unlimited budget, so both give the same result.
class ImagePipelineSteps {
 public:
  explicit ImagePipelineSteps(ImageRequest r) : r_(std::move(r)) {}
  std::optional<ImagePipelineResult> step(const JobControl& ctl, double budget_ms);

 private:
  enum class Stage { Check, Allocate, Output, Rest };
  ImageRequest r_;
  Stage stage_ = Stage::Check;
  WeightPlan plan_;
  std::shared_ptr<Tensor4> y_;  // being computed (stage Output)
  int64_t row_ = 0;             // next output row to compute
  int64_t clipped_ = 0;         // output values outside [0, 1] so far
  double rows_per_ms_ = 0;      // measured on the previous bands
  std::chrono::steady_clock::time_point t0_;  // the first step
};

}  // namespace tconv::analysis
