#pragma once
// Options of `tconv-lab gui`, parsed and applied to the UI state before any window exists (so a
// bad option exits 2 even without a display).
#include <string>

#include "core/result.h"
#include "ui/app_state.h"

namespace tconv::app {

struct GuiOptions {
  std::string screenshot;      // PATH: render, write the image, exit (empty = interactive)
  std::string layout_report;   // PATH: with --screenshot, the layout audit as JSON lines (text without room)
  std::string text_dump;       // PATH: with --screenshot, every line of text drawn, "window<TAB>text"
  std::string preset;          // configuration preset name (empty = seed, or remembered)
  int step = 1;                // 1-based step to show
  bool step_given = false;     // --step was on the command line
  std::string view;            // scatter|gather|matrix|heatmap (empty = remembered/scatter)
  std::string pin;             // "R,C": pinned output cell
  std::string window;          // "WxH" window size in screen pixels
  // Sizes and parameters on top of the preset, "N" or "H,W" (empty = the preset's).
  std::string input, kernel, stride, padding, output_padding, dilation;
  float scale = 0;             // UI scale (0 = remembered or automatic)
  // The channels view's counts (0 = none of them given: the default 2 -> 2, groups 1).
  int in_channels = 0, out_channels = 0, groups = 0;
  std::string tf_padding;      // --tf-padding same|valid: TensorFlow's convention (empty = PyTorch's)
  bool light = false;          // light theme
  bool overlay = false;        // overlap colours on the scatter view's output
  int lesson = 0;              // --lesson N: open lesson N (1-based) of assets/lessons.txt (0 = none)
  std::string lesson_answer;   // --lesson-answer TEXT: answer the lesson's question (shows feedback)
  // image mode (see app/gui_image.h)
  std::string image;           // --image PATH: open the picture in image mode
  std::string image_kernel;    // --image-kernel NAME|PATH.npy
  std::string explorer;        // --explorer NAME: the checkerboard explorer's view
  std::string image_magnify;   // --image-magnify R,C: the overlap pattern's magnifier at output pixel R,C
  std::string mode;            // --mode teach|image
  bool image_gpu = false;      // --image-gpu: large pictures on the GPU even when it is software
  // derived
  ui::WindowSize window_size;  // from `window` (default 1280x800)
};

// Parses argv (as given to main). Returns the options, or the exit status to return at once
// (0 after --help, 2 after printing "error: ..." to stderr).
struct ParsedGuiOptions {
  GuiOptions options;
  int exit_status = -1;  // >= 0: exit with it now
};
ParsedGuiOptions parse_gui_options(int argc, char** argv);

// Builds the state the options ask for (preset, step, pin); errors say what to change.
Status apply_gui_options(const GuiOptions& o, ui::AppState& s);
// The options that override remembered preferences (view, scale, theme, overlay).
void apply_gui_overrides(const GuiOptions& o, ui::AppState& s);
// Image mode's part of the options (app/gui_image.h).
struct ImageModeOptions;
ImageModeOptions image_mode_options(const GuiOptions& o);

}  // namespace tconv::app
