#pragma once
// What the control panel edits: sizes and parameters per axis (with "same for both axes" locks)
// and the input/kernel values. Turned into a TeachingConfig for the core. The kernel value grid
// always has the kernel size and the input grid the input size (set_param keeps that true).
#include <array>
#include <cstdint>
#include <string>

#include "core/params.h"
#include "core/teaching.h"
#include "ui/presets.h"

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
void set_input_value(EditorSettings& e, int64_t r, int64_t c, float v);   // marks Custom
void set_kernel_value(EditorSettings& e, int64_t r, int64_t c, float v);  // marks Custom

TeachingConfig to_config(const EditorSettings& e);
AxisParams axis_params(const EditorSettings& e, Axis axis);

// PyTorch code for what is on screen (one channel), for the "copy as PyTorch" button.
std::string pytorch_snippet(const EditorSettings& e);

}  // namespace tconv::ui
