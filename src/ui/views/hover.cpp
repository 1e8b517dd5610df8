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

// ---------------------------------------------------------------- the size formula's terms

std::vector<Span> size_term_spans(const AxisParams& a, SizeTerm t) {
  const int64_t last_origin = (a.in - 1) * a.stride;
  const int64_t reach = a.dilation * (a.kernel - 1);
  const int64_t full = last_origin + reach + 1 + a.output_padding;
  std::vector<Span> r;
  auto add = [&](int64_t b, int64_t e) {
    if (e > b) r.push_back({b, e});
  };
  switch (t) {
    case SizeTerm::None: break;
    case SizeTerm::Stride: add(0, last_origin); break;
    case SizeTerm::Kernel: add(last_origin, last_origin + reach); break;
    case SizeTerm::One: add(last_origin + reach, last_origin + reach + 1); break;
    case SizeTerm::OutputPadding: add(full - a.output_padding, full); break;
    case SizeTerm::Padding:
      add(0, a.padding);
      add(full - a.padding, full);
      break;
  }
  return r;
}

const char* size_term_text(SizeTerm t) {
  switch (t) {
    case SizeTerm::None: return "";
    case SizeTerm::Stride: return "(in - 1) x s";
    case SizeTerm::Padding: return "- 2 x p";
    case SizeTerm::Kernel: return "+ d x (k - 1)";
    case SizeTerm::OutputPadding: return "+ op";
    case SizeTerm::One: return "+ 1";
  }
  return "";
}

const char* size_term_name(SizeTerm t) {
  switch (t) {
    case SizeTerm::None: return "none";
    case SizeTerm::Stride: return "stride";
    case SizeTerm::Padding: return "padding";
    case SizeTerm::Kernel: return "kernel";
    case SizeTerm::OutputPadding: return "output_padding";
    case SizeTerm::One: return "one";
  }
  return "none";
}

std::optional<SizeTerm> parse_size_term(const std::string& name) {
  for (SizeTerm t : {SizeTerm::Stride, SizeTerm::Padding, SizeTerm::Kernel, SizeTerm::OutputPadding, SizeTerm::One})
    if (name == size_term_name(t)) return t;
  return std::nullopt;
}

std::string size_term_caption(const AxisParams& a, SizeTerm t, bool rows, bool with_count) {
  int64_t n = 0;
  for (const Span& sp : size_term_spans(a, t)) n += sp.end - sp.begin;
  const char* unit = rows ? (n == 1 ? "row" : "rows") : (n == 1 ? "column" : "columns");
  const std::string count = with_count ? " = " + std::to_string(n) + " " + unit : std::string();
  switch (t) {
    case SizeTerm::None: return "";
    case SizeTerm::Stride: return "(in - 1) x s" + count + ": first to last kernel origin";
    case SizeTerm::Kernel: return "d x (k - 1)" + count + ": the last kernel past its origin";
    case SizeTerm::One: return "+ 1: the final " + std::string(rows ? "row" : "column") + " it reaches";
    case SizeTerm::OutputPadding:
      return "+ op" + count + (with_count ? " added" : ": added") + " at the " + (rows ? "bottom" : "right");
    case SizeTerm::Padding: return "- 2 x p" + count + (with_count ? " cropped" : ": cropped") + ", p on each side";
  }
  return "";
}

}  // namespace tconv::ui
