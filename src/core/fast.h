#pragma once
// Fast CPU path: decomposes the output by phase (the sub-pixel view: output cell i only gets taps
// k with (i + padding - k*dilation) divisible by the stride), so no zeros are inserted, no column
// buffer is built, every multiply is useful and each output element is written once.
// Multi-threaded over (image, output channel, row band). Checked against
// conv_transpose2d_scatter in tests/core/test_fast.cpp.
#include <vector>

#include "core/params.h"
#include "core/tensor.h"

namespace tconv {

// threads <= 0 means std::thread::hardware_concurrency().
Tensor4 conv_transpose2d_fast(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                              const ConvTransposeParams& p, int threads = 0);

// Same, writing into an already-sized output (shape must be the validated output shape).
void conv_transpose2d_fast_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p, Tensor4& y, int threads = 0);

// Only output rows [row_begin, row_end) of every image and channel; the rest of y stays as it is.
// Long computations run in slices this way (a browser page without threads computes a band of
// rows per frame); all bands together give exactly conv_transpose2d_fast_into's y.
void conv_transpose2d_fast_rows(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p, Tensor4& y, int64_t row_begin, int64_t row_end,
                                int threads = 1);

int default_thread_count();

// Vector instruction set of the inner loops. The binary runs on any x86-64: the variants are
// compiled side by side and chosen at run time (automatic = the best this CPU supports).
// Forcing a level is for tests and benchmarks; a level the CPU lacks falls back to the best it has.
enum class SimdLevel { automatic, baseline, avx2, avx512 };
SimdLevel best_simd_level();
const char* simd_level_name(SimdLevel level);  // "baseline", "avx2", "avx512"

// conv_transpose2d_fast_into with a forced instruction set (tests compare every level).
void conv_transpose2d_fast_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                const ConvTransposeParams& p, Tensor4& y, int threads,
                                SimdLevel simd);

}  // namespace tconv
