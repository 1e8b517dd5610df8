#include "ui/views/hover.h"

#include <algorithm>

#include "core/conv_transpose.h"

namespace tconv::ui {

bool in_output(const TeachingModel& m, Cell c) {
  return c.r >= 0 && c.c >= 0 && c.r < m.out_h && c.c < m.out_w;
}

bool in_input(const TeachingModel& m, Cell c) {
  return c.r >= 0 && c.c >= 0 && c.r < m.config.input.rows && c.c < m.config.input.cols;
}

size_t step_of_input(const TeachingModel& m, Cell input) {
  return static_cast<size_t>(input.r * m.config.input.cols + input.c);
}

Footprint input_footprint(const TeachingModel& m, Cell input) {
  Footprint f;
  if (!in_input(m, input)) return f;
  const Placement& s = m.steps[step_of_input(m, input)];
  for (int64_t a = 0; a < m.config.kernel.rows; ++a) {
    for (int64_t b = 0; b < m.config.kernel.cols; ++b) {
      const Cell o{m.tap_row(s, a), m.tap_col(s, b)};
      if (in_output(m, o)) {
        f.kept.push_back(o);
        f.kept_taps.push_back({a, b});
      } else {
        ++f.cropped;
      }
    }
  }
  return f;
}

Sources output_sources(const TeachingModel& m, Cell out) {
  Sources s;
  if (!in_output(m, out)) return s;
  for (const Term& t : m.terms_at(out.r, out.c)) {
    const Cell in{t.in_r, t.in_c}, tap{t.k_r, t.k_c};
    if (std::find(s.inputs.begin(), s.inputs.end(), in) == s.inputs.end()) s.inputs.push_back(in);
    if (std::find(s.taps.begin(), s.taps.end(), tap) == s.taps.end()) s.taps.push_back(tap);
  }
  return s;
}

GatherView build_gather_view(const TeachingModel& m) {
  GatherView g;
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

MatrixView build_matrix_view(const TeachingModel& m) {
  MatrixView mv;
  const int64_t in_h = m.config.input.rows, in_w = m.config.input.cols;
  mv.rows = m.out_h * m.out_w;
  mv.cols = in_h * in_w;
  if (mv.rows * mv.cols > kMaxMatrixViewEntries) {
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
