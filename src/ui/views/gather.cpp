#include "ui/views/gather.h"

namespace tconv::ui {

GatherData build_gather_data(const TeachingModel& m) {
  GatherData g;
  const ConvTransposeParams& p = m.config.params;
  const int64_t in_h = m.config.input.rows, in_w = m.config.input.cols;
  const int64_t kh = m.config.kernel.rows, kw = m.config.kernel.cols;
  g.border_h = p.dilation.h * (kh - 1) - p.padding.h;
  g.border_w = p.dilation.w * (kw - 1) - p.padding.w;
  g.rows = m.out_h + p.dilation.h * (kh - 1);
  g.cols = m.out_w + p.dilation.w * (kw - 1);
  g.cells.resize(static_cast<size_t>(g.rows * g.cols));
  const int64_t span_h = (in_h - 1) * p.stride.h, span_w = (in_w - 1) * p.stride.w;
  for (int64_t r = 0; r < g.rows; ++r) {
    for (int64_t c = 0; c < g.cols; ++c) {
      ZCell& z = g.cells[static_cast<size_t>(r * g.cols + c)];
      const int64_t u = r - g.border_h, v = c - g.border_w;  // zero-inserted (uncropped) coords
      if (u < 0 || v < 0 || u > span_h || v > span_w) {
        z.kind = ZKind::Padding;
      } else if (u % p.stride.h == 0 && v % p.stride.w == 0) {
        z.kind = ZKind::Input;
        z.in_r = u / p.stride.h;
        z.in_c = v / p.stride.w;
        z.value = m.config.input.at(z.in_r, z.in_c);
      } else {
        z.kind = ZKind::InsertedZero;
      }
    }
  }
  g.flipped = Grid(kh, kw);
  for (int64_t a = 0; a < kh; ++a)
    for (int64_t b = 0; b < kw; ++b) g.flipped.at(a, b) = m.config.kernel.at(kh - 1 - a, kw - 1 - b);
  return g;
}

Cell flipped_to_original(const TeachingModel& m, Cell t) {
  return {m.config.kernel.rows - 1 - t.r, m.config.kernel.cols - 1 - t.c};
}

}  // namespace tconv::ui
