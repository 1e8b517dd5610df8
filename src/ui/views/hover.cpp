#include "ui/views/hover.h"

#include <algorithm>

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

}  // namespace tconv::ui
