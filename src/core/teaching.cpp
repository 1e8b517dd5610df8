// The teaching model (see teaching.h): the placements, overlap counts and per-cell terms the
// visualizer draws. Sections: build | partial output | cell sums | 1-D profile | number format
#include "core/teaching.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace tconv {

// ---------------------------------------------------------------- build
Result<TeachingModel> build_teaching_model(const TeachingConfig& cfg) {
  const Grid& x = cfg.input;
  const Grid& k = cfg.kernel;
  if (x.v.size() != static_cast<size_t>(x.rows * x.cols) || k.v.size() != static_cast<size_t>(k.rows * k.cols))
    return Error{"the input or kernel grid's values do not match its size. Re-enter the grid."};
  ConvTransposeParams p = cfg.params;
  p.groups = 1;
  auto shape = conv_transpose_output_shape(Shape4{1, 1, x.rows, x.cols}, Shape4{1, 1, k.rows, k.cols}, -1, p);
  if (!shape.ok()) return shape.error();
  const Shape4 out = shape.value();
  if (x.rows * x.cols > kMaxTeachingElements || out.h * out.w > kMaxTeachingElements)
    return Error{"the teaching grids are limited to " + std::to_string(kMaxTeachingElements) +
                 " cells; this output has " + std::to_string(out.h * out.w) +
                 ". Use a smaller input or stride (image mode handles large inputs)."};

  TeachingModel m;
  m.config = cfg;
  m.config.params.groups = 1;
  m.out_h = out.h;
  m.out_w = out.w;
  m.full_h = conv_transpose_output_size(x.rows, k.rows, p.stride.h, 0, p.dilation.h, p.output_padding.h);
  m.full_w = conv_transpose_output_size(x.cols, k.cols, p.stride.w, 0, p.dilation.w, p.output_padding.w);
  const size_t cells = static_cast<size_t>(out.h * out.w);
  m.overlap.assign(cells, 0);
  m.terms.assign(cells, {});
  m.output = Grid(out.h, out.w);
  for (int64_t i = 0; i < x.rows; ++i)
    for (int64_t j = 0; j < x.cols; ++j) {
      Placement s;
      s.in_r = i;
      s.in_c = j;
      s.value = x.at(i, j);
      s.top = i * p.stride.h - p.padding.h;
      s.left = j * p.stride.w - p.padding.w;
      for (int64_t a = 0; a < k.rows; ++a)
        for (int64_t b = 0; b < k.cols; ++b) {
          const int64_t r = m.tap_row(s, a), c = m.tap_col(s, b);
          if (r < 0 || r >= out.h || c < 0 || c >= out.w) continue;  // cropped by padding
          ++s.kept_taps;
          const size_t idx = static_cast<size_t>(r * out.w + c);
          ++m.overlap[idx];
          m.terms[idx].push_back(Term{i, j, a, b, s.value, k.at(a, b)});
          m.output.v[idx] += s.value * k.at(a, b);
        }
      m.steps.push_back(s);
    }
  return m;
}

// ---------------------------------------------------------------- partial output
Grid partial_output(const TeachingModel& m, size_t steps_done) {
  Grid y(m.out_h, m.out_w);
  const Grid& k = m.config.kernel;
  const size_t n = std::min(steps_done, m.steps.size());
  for (size_t t = 0; t < n; ++t) {
    const Placement& s = m.steps[t];
    for (int64_t a = 0; a < k.rows; ++a)
      for (int64_t b = 0; b < k.cols; ++b) {
        const int64_t r = m.tap_row(s, a), c = m.tap_col(s, b);
        if (r < 0 || r >= m.out_h || c < 0 || c >= m.out_w) continue;
        y.at(r, c) += s.value * k.at(a, b);
      }
  }
  return y;
}

// ---------------------------------------------------------------- cell sums
namespace {
std::string cell_name(int64_t r, int64_t c) { return "y[" + std::to_string(r) + "," + std::to_string(c) + "]"; }
std::string paren_if_negative(float v) {
  const std::string s = format_number(v);
  return v < 0 ? "(" + s + ")" : s;
}
}  // namespace

std::string cell_sum_symbolic(const TeachingModel& m, int64_t r, int64_t c) {
  const auto& terms = m.terms_at(r, c);
  const float value = m.output.at(r, c);
  if (terms.empty()) return cell_name(r, c) + " = 0 (no placement reaches it)";
  std::ostringstream o;
  o << cell_name(r, c) << " = ";
  for (size_t t = 0; t < terms.size(); ++t) {
    const Term& e = terms[t];
    o << (t ? " + " : "") << "x[" << e.in_r << "," << e.in_c << "]*w[" << e.k_r << "," << e.k_c << "]";
  }
  o << " = " << format_number(value);
  return o.str();
}

std::string cell_sum_numeric(const TeachingModel& m, int64_t r, int64_t c) {
  const auto& terms = m.terms_at(r, c);
  if (terms.empty()) return "= 0";
  std::ostringstream o;
  o << "= ";
  for (size_t t = 0; t < terms.size(); ++t)
    o << (t ? " + " : "") << paren_if_negative(terms[t].x) << "*" << paren_if_negative(terms[t].w);
  o << " = " << format_number(m.output.at(r, c));
  return o.str();
}

// ---------------------------------------------------------------- 1-D profile
std::vector<int> overlap_profile(const AxisParams& a) {
  const int64_t out = conv_transpose_output_size(a);
  std::vector<int> prof(static_cast<size_t>(std::max<int64_t>(out, 0)), 0);
  for (int64_t i = 0; i < a.in; ++i)
    for (int64_t t = 0; t < a.kernel; ++t) {
      const int64_t o = i * a.stride - a.padding + t * a.dilation;
      if (o >= 0 && o < out) ++prof[static_cast<size_t>(o)];
    }
  return prof;
}

}  // namespace tconv
