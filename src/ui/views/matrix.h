#pragma once
// Data of the matrix view (panel_matrix.cpp): the transposed convolution as y = C^T x, C the
// forward convolution's matrix.
#include <cstdint>
#include <vector>

#include "core/teaching.h"

namespace tconv::ui {

// Largest C^T we try to draw (rows x cols entries).
constexpr int64_t kMaxDrawnMatrixEntries = 64 * 1024;
struct MatrixData {
  int64_t rows = 0, cols = 0;  // rows = out_h*out_w (output cells), cols = in_h*in_w (inputs)
  std::vector<float> v;        // C^T, row-major; empty when too big
  bool too_big = false;
  float at(int64_t r, int64_t c) const { return v[static_cast<size_t>(r * cols + c)]; }
};
MatrixData build_matrix_data(const TeachingModel& m);

}  // namespace tconv::ui
