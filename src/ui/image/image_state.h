#pragma once
// Image mode's state and its computation pipeline (window-free; no GL, no ImGui).
// The panel (panel_image.cpp) edits ImageSettings and sets the request flags; the app
// (src/app/gui_image.cpp) owns the worker, the GL textures and the files, and fills the
// read-only results. Images are Tensor4 (1, C, H, W) in [0, 1] (io/image.h).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/checkerboard.h"
#include "core/kernels.h"
#include "core/params.h"
#include "core/result.h"
#include "core/tensor.h"
#include "ui/image/viewport.h"

namespace tconv::ui {

enum class KernelSource { Preset, Custom, Weights };
enum class ImageTab { Upsample, Explorer };
// Explorer panels. Methods: the four upsampling methods side by side.
enum class ExplorerPanel { Pattern, Methods, Difference, Spectrum, Stacked };
constexpr int kExplorerPanelCount = 5;
const char* explorer_panel_title(ExplorerPanel p);

// --explorer NAME: transposed|nearest_conv|bilinear_conv|bilinear (Methods panel, that method
// chosen), pattern, difference, spectrum, stacked.
struct ExplorerChoice {
  ExplorerPanel panel = ExplorerPanel::Pattern;
  std::optional<analysis::UpsampleMethod> method;
};
Result<ExplorerChoice> parse_explorer(const std::string& name);
const char* method_short_name(analysis::UpsampleMethod m);  // "transposed", "nearest_conv", ...

// Pictures the panel shows; the app uploads each as a texture when its version changes.
enum class Slot { Input, Output, Pattern, MethodNearest, MethodBilinearConv, MethodBilinear, Difference,
                  SpectrumTransposed, SpectrumMethod, Stacked, StackedPattern };
constexpr int kSlotCount = 11;

struct DisplayImage {
  int64_t w = 0, h = 0;
  std::vector<uint8_t> rgba;  // w*h*4, row-major, top row first
  uint64_t version = 0;       // bumps on every change (0 = empty)
  void* texture = nullptr;    // ImTextureID, set by the app after uploading
};

// Tensor (1, C, H, W) -> RGBA8: C = 1 or 2 grey (first channel), 3 RGB, 4 RGBA shown opaque,
// more: the mean of the channels as grey. Values clamp to [0, 1].
void to_display(const Tensor4& t, DisplayImage& d);
// A Grid through viridis (t in [lo, hi]).
void grid_to_display(const Grid& g, float lo, float hi, DisplayImage& d);
// A signed image through a diverging scale (blue < 0 < orange; white at 0), |max_abs| at the ends.
void diverging_to_display(const Grid& g, float max_abs, DisplayImage& d);

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
  bool prefer_gpu = true;                // large images on the GPU when one (not software) is there
  ImageTab tab = ImageTab::Upsample;
  ExplorerPanel panel = ExplorerPanel::Pattern;
  analysis::UpsampleMethod method = analysis::UpsampleMethod::nearest_then_conv;  // compared with transposed
  float pattern_alpha = 0.45f;           // overlay strength of the overlap pattern
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

// Image mode refuses outputs bigger than this (the CLI has no such limit).
constexpr int64_t kMaxImageModeSide = 8192;
constexpr int64_t kMaxImageModePixels = int64_t(1) << 25;

struct ImageRequest {
  std::shared_ptr<const Tensor4> image;
  ImageSettings settings;
  std::shared_ptr<const Tensor4> precomputed;  // the output from the GPU, when it made it
  std::string backend;                         // words for the status line
};

struct ImageResult {
  std::string error;                              // empty = fine
  std::vector<std::pair<Slot, DisplayImage>> images;
  std::shared_ptr<const Tensor4> output;          // for Save
  int64_t clipped = 0;                            // output values outside [0, 1]
  std::string pattern_text, methods_text, difference_text, stacked_text;
  std::string spectrum_text, spectrum_method_text;  // find_stride_peaks summaries
  bool checkerboard = false, checkerboard_method = false;
  struct PeakMark {
    int64_t row = 0, col = 0;   // display cell of the spectrum (see analysis/spectrum.h)
    bool significant = false;
  };
  std::vector<PeakMark> peaks, peaks_method;     // where the stride's frequencies are, to circle them
  std::string backend;
  double seconds = 0;
};

// Runs the whole request (output, overlap pattern, and what the current tab/panel shows).
// Stops early (returning an empty result) when ctl says a newer request superseded it.
ImageResult compute_image(const ImageRequest& r, const JobControl& ctl);

struct ImageState {
  // settings
  ImageSettings settings;
  ImageViewport view;
  std::vector<std::string> recent;        // newest first
  std::string path_box;                   // the text fields: picture to open, file to save
  std::string save_box = "upsampled.png";
  std::string confirm_path;               // waiting for "replace?" confirmation
  bool select_tab = true;                 // the tab bar should show settings.tab (next frame)

  // read-only results (filled by the app)
  std::string image_path;                 // loaded picture (empty = none)
  std::shared_ptr<const Tensor4> image;
  std::array<DisplayImage, kSlotCount> slots;
  ImageResult result;                     // latest finished computation (images moved to slots)
  std::string error;                      // last loading/saving error (shown until the next action)
  std::string notice;                     // e.g. "GPU: ..." or "CPU: no OpenGL 4.3 ..."
  bool gpu_available = false;
  bool busy = false;                      // a computation or a load is running
  float progress = 0;                     // of the running computation, 0..1
  double busy_seconds = 0;                // how long it has been running
  std::string busy_what;                  // "loading ...", "computing ..."
  std::vector<std::string> samples;       // bundled sample pictures (paths)

  // requests from the panel to the app (consumed by the app)
  bool dirty = true;                      // settings changed: recompute
  std::string open_request;               // load this picture
  std::string weights_request;            // load this .npy
  std::string save_request;               // save the output here (confirmed)
  std::string status;                     // transient message ("saved ...")
  double status_age = 0;
};

DisplayImage& slot(ImageState& s, Slot k);
const DisplayImage& slot(const ImageState& s, Slot k);

}  // namespace tconv::ui
