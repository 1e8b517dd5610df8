#pragma once
// Image mode's app side: the one owner of its GL textures, the borrowed GPU context, the worker
// threads, dropped files, the recent-files list and saving. Everything here runs on the main
// thread (the thread of the GL context) except the workers' computations.
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "ui/app_state.h"

namespace tconv::app {

struct ImageModeOptions {
  std::string image;         // --image PATH (checked to exist before the window opens)
  std::string kernel;        // --image-kernel NAME or PATH.npy
  std::string stride, padding, output_padding, dilation;  // "N" or "H,W" (empty = defaults)
  std::string explorer;      // --explorer NAME (ui::parse_explorer)
  std::string magnify;       // --image-magnify R,C: the overlap pattern's magnifier shown at output pixel R,C
  bool start_in_image_mode = false;
  bool force_gpu = false;    // --image-gpu: use the GPU even when it is software
  bool screenshot = false;   // no recent-files writes; deterministic
};

// Checks the options that can be checked without a window (exit 2 on error): the picture
// exists, the kernel name is known, the explorer name, the parameter syntax.
Status check_image_options(const ImageModeOptions& o);

class ImageMode;
struct ImageModeDeleter {
  void operator()(ImageMode* m) const;  // joins the workers (textures: destroy_image_mode)
};
using ImageModePtr = std::unique_ptr<ImageMode, ImageModeDeleter>;
// Call after the GL context is current and ImGui is set up.
ImageModePtr create_image_mode(ui::AppState& s, const ImageModeOptions& o);
// Once per frame, before draw_app: files dropped on the window (platform::take_dropped_files),
// loads, computations, texture uploads, saving. Returns the files Save has just written (for
// platform::offer_download).
std::vector<std::string> image_mode_frame(ImageMode& m, ui::AppState& s, double dt,
                                          const std::vector<std::string>& dropped);
// A load, computation, texture upload or save is still running (screenshots wait for it).
bool image_mode_busy(const ImageMode& m);
// Must be destroyed while the GL context is still current (deletes its textures).
void destroy_image_mode(ImageModePtr& m);

}  // namespace tconv::app
