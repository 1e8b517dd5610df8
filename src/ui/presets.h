#pragma once
// Configuration presets (the GUI's preset menu and `tconv-lab gui --preset NAME`) and the value
// presets for the input and kernel grids. Random values come from a fixed, portable generator so
// a seed gives the same grid on every machine.
#include <cstdint>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/teaching.h"

namespace tconv::ui {

enum class InputFill { Ramp, Ones, RandomInts, Custom };            // Ramp = 1, 2, 3, ... row-major
// Bilinear/Edge fix the size; Ramp = 1, 2, 3, ... row-major (not symmetric: the flip shows).
enum class KernelFill { Ones, Bilinear, Edge, RandomInts, Ramp, Custom };

const char* input_fill_name(InputFill f);
const char* kernel_fill_name(KernelFill f);

struct ConfigPreset {
  std::string name;    // short, for --preset NAME: "seed", "dcgan", ...
  std::string title;   // for the menu
  std::string story;   // one line: what it shows and where it comes from
  Pair in{3, 3};       // input H x W
  Pair kernel{3, 3};   // kernel kH x kW
  ConvTransposeParams params;
  InputFill input_fill = InputFill::Ramp;
  KernelFill kernel_fill = KernelFill::Ones;
};

// All presets; the first is the seed example (3x3 input 1..9, 3x3 ones kernel, s1 p0 -> 5x5).
const std::vector<ConfigPreset>& config_presets();
// Exact name, or an Error that lists the known names.
Result<ConfigPreset> find_config_preset(const std::string& name);
std::string config_preset_names();  // "seed, no_padding_no_strides, ..."

// Value presets. `seed` drives RandomInts (inputs 0..9, kernel taps -2..2).
Grid make_input_values(InputFill fill, Pair size, uint32_t seed);
// Bilinear and Edge decide the kernel's size themselves (from the stride for Bilinear); Ones and
// RandomInts use `size`. Custom returns ones of `size`.
Grid make_kernel_values(KernelFill fill, Pair size, Pair stride, uint32_t seed);
// The padding that goes with a kernel fill (bilinear: ceil((s-1)/2)); nullopt-like {-1,-1} = keep.
Pair kernel_fill_padding(KernelFill fill, Pair stride);

// A small portable PRNG (SplitMix64): same numbers on every platform and standard library.
struct SplitMix64 {
  uint64_t state;
  explicit SplitMix64(uint64_t s) : state(s) {}
  uint64_t next();
  int64_t uniform_int(int64_t lo, int64_t hi);  // inclusive
};

}  // namespace tconv::ui
