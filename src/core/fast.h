#pragma once
// Fast CPU path: decomposes the output by phase (sub-pixel view, see REFERENCES.md), so no zeros
// are inserted, no column buffer is built, every multiply is useful and each output element is
// written once. Multi-threaded over (image, output channel, row band). Checked against
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

int default_thread_count();

}  // namespace tconv
