#pragma once
// Data of the gather view (panel_gather.cpp): the transposed convolution as a direct convolution
// on the zero-inserted, padded input with the flipped kernel.
#include <cstdint>
#include <vector>

#include "core/teaching.h"
#include "ui/ui_types.h"

namespace tconv::ui {

enum class ZKind { Input, InsertedZero, Padding };
struct ZCell {
  ZKind kind = ZKind::Padding;
  int64_t in_r = -1, in_c = -1;  // the input element (kind == Input)
  float value = 0;
};
struct GatherData {
  int64_t rows = 0, cols = 0;  // Hz x Wz; Hz - d(kH-1) = out_h
  int64_t border_h = 0, border_w = 0;  // d(k-1) - p per axis (negative = cropped)
  std::vector<ZCell> cells;    // row-major
  Grid flipped;                // flipped(a, b) = w(kH-1-a, kW-1-b)
  const ZCell& at(int64_t r, int64_t c) const { return cells[static_cast<size_t>(r * cols + c)]; }
};
GatherData build_gather_data(const TeachingModel& m);
// Top-left z cell of the window for output (r, c) is (r, c); flipped tap (a, b) reads
// z(r + a*d_h, c + b*d_w) and is the original tap (kH-1-a, kW-1-b).
Cell flipped_to_original(const TeachingModel& m, Cell flipped_tap);

}  // namespace tconv::ui
