#pragma once
// What the control panel edits: sizes and parameters per axis (with "same for both axes" locks)
// and the input/kernel values. Turned into a TeachingConfig for the core. The kernel value grid
// always has the kernel size and the input grid the input size (set_param keeps that true).
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/params.h"
#include "core/teaching.h"
#include "core/tf_padding.h"
#include "ui/presets.h"
#include "ui/views/channels.h"

namespace tconv::ui {

enum class Param { Input, Kernel, Stride, Padding, OutputPadding, Dilation };
constexpr int kParamCount = 6;
const char* param_label(Param p);   // "Input size", "Kernel size", ...
const char* param_symbol(Param p);  // "in", "k", "s", "p", "op", "d"
const char* param_help(Param p);    // one line for the tooltip
int64_t param_min(Param p);
int64_t param_max(Param p);         // input 1..16, kernel 1..8, stride 1..5, padding 0..8, ...

enum class Axis { H = 0, W = 1 };

struct EditorSettings {
  // settings
  Pair in{3, 3};
  Pair kernel{3, 3};
  ConvTransposeParams params;
  std::array<bool, kParamCount> same_both{{true, true, true, true, true, true}};  // axis lock
  Grid input = make_input_values(InputFill::Ramp, {3, 3}, 1);  // in.h x in.w values (1..9)
  Grid kernel_values = Grid(3, 3, 1.0f);                        // kernel.h x kernel.w values
  InputFill input_fill = InputFill::Ramp;
  KernelFill kernel_fill = KernelFill::Ones;
  uint32_t seed = 1;                // for the random value presets
  ChannelSettings channels;         // the channels view's counts (views/channels.h)
  // TensorFlow/Keras's convention (nullopt: PyTorch's). When set, padding and output_padding are
  // derived from it (set_tf_padding) and follow every size edit; editing them switches it off.
  std::optional<TfPadding> tf;
  std::string preset = "seed";      // last configuration preset applied ("" = none)
  bool modified = false;            // edited since the preset was applied
};

Pair get_param(const EditorSettings& e, Param p);
// Sets one axis (or both when the lock is on), clamps to the range, resizes and refills the
// value grids when a size changes. Returns whether anything changed.
bool set_param(EditorSettings& e, Param p, Axis axis, int64_t value);
// Turning the lock on copies the height value to the width.
void set_lock(EditorSettings& e, Param p, bool same);

void apply_preset(EditorSettings& e, const ConfigPreset& preset);
void apply_input_fill(EditorSettings& e, InputFill fill);    // RandomInts draws a new seed
void apply_kernel_fill(EditorSettings& e, KernelFill fill);  // Bilinear/Edge may set size/padding
// "Direct conv" shows the 180-degree flip, invisible on a symmetric kernel: an untouched ones
// kernel becomes the ramp 1, 2, 3, ... Returns whether it changed anything.
bool use_asymmetric_kernel(EditorSettings& e);
void set_input_value(EditorSettings& e, int64_t r, int64_t c, float v);   // marks Custom
void set_kernel_value(EditorSettings& e, int64_t r, int64_t c, float v);  // marks Custom

// TensorFlow's convention on (same/valid) or off. On: each axis gets PyTorch's exact equivalent
// when there is one; where TensorFlow crops unevenly there is none, and the grid shows
// padding = pad_before with output_padding 0: TensorFlow's output plus the last row/column it crops.
void set_tf_padding(EditorSettings& e, std::optional<TfPadding> tf);
// One axis under TensorFlow's convention (valid only while e.tf is set).
struct TfAxisView {
  TfAxis axis;
  std::optional<TfAxisPlan> plan;  // empty: problem says why
  std::string problem;
  std::string formula;             // "4 x 2 + max(3 - 2, 0) = 9"
  // Cells of the uncropped output TensorFlow crops but PyTorch's nearest parameters keep (at the
  // bottom/right): 1 when the total crop is odd, else 0.
  int64_t extra_kept() const { return plan && !plan->pytorch ? plan->pad_after - plan->pad_before : 0; }
};
TfAxisView tf_axis_view(const EditorSettings& e, Axis axis);

TeachingConfig to_config(const EditorSettings& e);
AxisParams axis_params(const EditorSettings& e, Axis axis);

// The shortest decimal that reads back as the same float, for Python code ("0.25", "-1").
std::string python_number(float v);

// PyTorch code for what is on screen (one channel), for the "copy as PyTorch" button.
std::string pytorch_snippet(const EditorSettings& e);

}  // namespace tconv::ui
