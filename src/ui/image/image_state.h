#pragma once
// Image mode's state (window-free; no GL, no ImGui): settings, results coloured for display, and
// the requests from the panel to the app. The panel (panel_image.cpp) edits ImageSettings and sets
// the request flags; the app (src/app/gui_image.cpp) owns the worker, the GL textures and the
// files, and fills the read-only results. The computation is analysis/image_pipeline.h.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/image_pipeline.h"
#include "analysis/latest_job.h"
#include "core/result.h"
#include "core/tensor.h"
#include "ui/image/recent_files.h"
#include "ui/image/viewport.h"

namespace tconv::ui {

// The pipeline's settings and requests are analysis types; image mode names them as its own.
using analysis::check_weights_shape;
using analysis::ExplorerPanel;
using analysis::ImageRequest;
using analysis::ImageSettings;
using analysis::ImageTab;
using analysis::JobControl;
using analysis::kExplorerPanelCount;
using analysis::KernelSource;
using analysis::kMaxImageModePixels;
using analysis::kMaxImageModeSide;
using analysis::kSlotCount;
using analysis::LatestJob;
using analysis::settings_kernel;
using analysis::settings_weights;
using analysis::Slot;
using analysis::WeightPlan;

const char* explorer_panel_title(ExplorerPanel p);

// --explorer NAME: transposed|nearest_conv|bilinear_conv|bilinear (Methods panel, that method
// chosen), pattern, difference, spectrum, stacked.
struct ExplorerChoice {
  ExplorerPanel panel = ExplorerPanel::Pattern;
  std::optional<analysis::UpsampleMethod> method;
};
Result<ExplorerChoice> parse_explorer(const std::string& name);
const char* method_short_name(analysis::UpsampleMethod m);  // "transposed", "nearest_conv", ...

// One texture holding rows [y0, y1) of a picture (ImTextureID). Large pictures are held as
// several bands, so that the app can hand each to the GPU in a frame of its own.
struct TextureBand {
  void* texture = nullptr;
  int64_t y0 = 0, y1 = 0;
};
struct DisplayImage {
  int64_t w = 0, h = 0;
  std::vector<uint8_t> rgba;        // w*h*4, row-major, top row first
  uint64_t version = 0;             // bumps on every change (0 = empty)
  std::vector<TextureBand> bands;   // set by the app after uploading: what is drawn, top to bottom
};

// Tensor (1, C, H, W) -> RGBA8: C = 1 or 2 grey (first channel), 3 RGB, 4 RGBA shown opaque,
// more: the mean of the channels as grey. Values clamp to [0, 1].
void to_display(const Tensor4& t, DisplayImage& d);
// Rows [row_begin, row_end) of the same (in slices; row_begin 0 sizes d first, and the version
// changes only with the last row).
void to_display_rows(const Tensor4& t, DisplayImage& d, int64_t row_begin, int64_t row_end);
// A Grid through viridis (t in [lo, hi]).
void grid_to_display(const Grid& g, float lo, float hi, DisplayImage& d);
// A signed image through a diverging scale (blue < 0 < orange; white at 0), |max_abs| at the ends.
void diverging_to_display(const Grid& g, float max_abs, DisplayImage& d);

// The pipeline's findings and its pictures coloured for display.
struct ImageResult : analysis::ImageFindings {
  std::vector<std::pair<Slot, DisplayImage>> images;
};

// Runs the pipeline (analysis/image_pipeline.h) and colours its pictures; the app runs it on its
// LatestJob worker. An empty result when ctl says a newer request superseded it.
ImageResult compute_image(const ImageRequest& r, const JobControl& ctl);
// The same in steps (LatestJob::submit_steps): the pipeline's steps, then the pictures coloured,
// large ones in bands of rows; compute_image runs it with an unlimited budget.
class ImageJobSteps {
 public:
  explicit ImageJobSteps(ImageRequest r) : pipeline_(std::move(r)) {}
  std::optional<ImageResult> step(const JobControl& ctl, double budget_ms);

 private:
  analysis::ImagePipelineSteps pipeline_;
  std::optional<analysis::ImagePipelineResult> done_;  // the pipeline's result, being coloured
  ImageResult out_;
  size_t picture_ = 0;  // next picture to colour
  int64_t row_ = 0;     // its next row (pictures shown as they are go in bands)
};

// The overlap count of output pixel (row, col) in the explorer's pattern (the tiled interior
// pattern), or nullopt outside the output or when there is no pattern.
std::optional<float> overlap_count_at(const ImageResult& r, int64_t row, int64_t col);

// The status line about clipped values: how many of the output's values (counted after "keep
// brightness", with the rule Save uses: analysis::count_clipped_values) fall outside 0..1, that
// the screen and the saved file both clip them, and why "keep brightness" does not prevent it.
std::string clipped_values_text(const ImageResult& r);

struct ImageState {
  // settings
  ImageSettings settings;
  ImageViewport view;
  std::vector<std::string> recent;        // newest first
  std::string path_box;                   // the text fields: picture to open, file to save
  std::string save_box = "upsampled.png";
  std::string confirm_path;               // waiting for "replace?" confirmation
  bool select_tab = true;                 // the tab bar should show settings.tab (next frame)
  bool magnifier = false;                 // keep the overlap pattern's magnifier shown (not only on hover)
  double magnify_row = 0, magnify_col = 0;  // output pixel it shows (the last hovered, or --image-magnify)

  // read-only results (filled by the app)
  std::string image_path;                 // loaded picture (empty = none)
  std::shared_ptr<const Tensor4> image;
  std::array<DisplayImage, kSlotCount> slots;
  ImageResult result;                     // latest finished computation (images moved to slots)
  std::string error;                      // last loading/saving error (shown until the next action)
  std::string notice;                     // e.g. "GPU: ..." or "CPU: no OpenGL 4.3 ..."
  bool gpu_available = false;
  bool busy = false;                      // a load, computation, upload or save is running
  bool saving = false;                    // Save is writing the output (a second Save waits)
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
