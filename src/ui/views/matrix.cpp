#include "ui/views/matrix.h"

#include "core/conv_transpose.h"

namespace tconv::ui {

MatrixData build_matrix_data(const TeachingModel& m) {
  MatrixData mv;
  const int64_t in_h = m.config.input.rows, in_w = m.config.input.cols;
  mv.rows = m.out_h * m.out_w;
  mv.cols = in_h * in_w;
  if (mv.rows * mv.cols > kMaxDrawnMatrixEntries) {
    mv.too_big = true;
    return mv;
  }
  // C maps an out_h x out_w image to an in_h x in_w one (the forward convolution).
  const DenseMatrix c = forward_conv_matrix(in_h, in_w, m.out_h, m.out_w, m.config.kernel.v,
                                            m.config.kernel.rows, m.config.kernel.cols,
                                            m.config.params);
  mv.v.assign(static_cast<size_t>(mv.rows * mv.cols), 0.0f);
  for (int64_t i = 0; i < c.rows; ++i)
    for (int64_t o = 0; o < c.cols; ++o) mv.v[static_cast<size_t>(o * mv.cols + i)] = c.at(i, o);
  return mv;
}

}  // namespace tconv::ui
