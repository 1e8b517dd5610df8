#pragma once
// Named kernel presets (the CLI's --kernel NAME, the GUI's kernel presets).
#include <cstdint>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"

namespace tconv {

struct Kernel2D {
  int64_t h = 0, w = 0;
  std::vector<float> v;  // h*w, row-major
};

// FCN bilinear upsampling kernel for stride s: size 2s - s%2, 1-D weights 1 - |i - c|/f,
// 2-D = outer product. Its natural padding is bilinear_padding(s) = ceil((s-1)/2).
Kernel2D bilinear_kernel(int64_t stride);
int64_t bilinear_padding(int64_t stride);
// s x s ones, padding 0: nearest-neighbour upsampling.
Kernel2D nearest_kernel(int64_t stride);

struct KernelPreset {
  Kernel2D kernel;
  Pair default_padding;  // used when the user gives no --padding
};

// Names: bilinear, nearest, ones3 (3x3 ones), edge (3x3 Laplacian-like), box (3x3 averaging),
// identity (1x1 one). stride is per axis. Unknown name -> Error listing the known ones.
Result<KernelPreset> kernel_preset(const std::string& name, Pair stride);
std::vector<std::string> kernel_preset_names();

}  // namespace tconv
