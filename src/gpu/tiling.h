#pragma once
// Splitting one conv_transpose2d problem into tiles ("bands") that fit the GPU's limits: each
// tile is one image, a range of output channels, a window of output rows and columns, and the
// input window those outputs read. Pure arithmetic (no GL), so it is tested on its own.
#include <cstdint>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/tensor.h"

namespace tconv::gpu {

struct Tile {
  int64_t n = 0;                       // image
  int64_t co0 = 0, co_count = 0;       // output channels: whole groups, or part of one group
  int64_t ci0 = 0, ci_count = 0;       // input channels of those groups (whole groups)
  int64_t oh0 = 0, rows = 0;           // output rows [oh0, oh0 + rows)
  int64_t ow0 = 0, cols = 0;           // output columns [ow0, ow0 + cols)
  int64_t ih0 = 0, in_rows = 0;        // input rows they read, clipped to the input (may be 0)
  int64_t iw0 = 0, in_cols = 0;        // input columns they read, clipped (may be 0)
};

struct TileLimits {
  int64_t max_buffer_bytes = 0;           // per buffer (GL_MAX_SHADER_STORAGE_BLOCK_SIZE)
  int64_t max_groups[3] = {65535, 65535, 65535};  // GL_MAX_COMPUTE_WORK_GROUP_COUNT
  int64_t local[3] = {1, 1, 1};           // the shader's local_size_x/y/z
};

// Tiles covering every output element of y exactly once. Error (with a fix) when even a single
// output channel's weights do not fit one buffer.
Result<std::vector<Tile>> plan_tiles(const Shape4& x, const Shape4& w, const ConvTransposeParams& p,
                                     const Shape4& y, const TileLimits& limits);

// The shader's index arithmetic is 32-bit (GLSL int). Per axis it reaches about
//   output + padding + dilation*(kernel - 1) + stride*span,
// span = 1 for rows and 64*per_invocation + 1 for columns (an invocation's columns lie
// 64*stride apart). Checked in 64 bits on the host before anything is allocated: an Error names
// the value that is too large for the shader (and suggests the CPU backend) when that reaches
// 2^31 - 1. Huge strides, paddings and dilations give tiny outputs, which the CPU paths compute.
Status check_shader_index_range(const Shape4& w, const ConvTransposeParams& p, const Shape4& y,
                                int64_t per_invocation);

// The input rows (or columns) that outputs [o0, o0 + count) read along one axis, clipped to
// [0, in): first index and count (0 when none is in range).
struct Span {
  int64_t first = 0, count = 0;
};
Span input_span(int64_t o0, int64_t count, int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                int64_t dilation);

}  // namespace tconv::gpu
