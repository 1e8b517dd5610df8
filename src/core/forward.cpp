// The forward-convolution teaching model (see forward.h).
// Sections: helpers | output size | model | taps and text | round trip | adjoint check | paired view
#include "core/forward.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/conv_transpose.h"
#include "core/text.h"

namespace tconv {

// ---------------------------------------------------------------- helpers
namespace {

// User-given sizes can be huge; keep products and sums far from int64 overflow (as params.cpp).
constexpr int64_t kHuge = int64_t(1) << 60;
int64_t sat(int64_t v) { return v > kHuge ? kHuge : (v < -kHuge ? -kHuge : v); }
int64_t sat_mul(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  if (std::llabs(a) > kHuge / std::llabs(b)) return (a < 0) != (b < 0) ? -kHuge : kHuge;
  return a * b;
}
int64_t sat_add(int64_t a, int64_t b) { return sat(sat(a) + sat(b)); }
int64_t floor_div(int64_t a, int64_t b) {  // b > 0
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}
std::string str(int64_t v) { return std::to_string(v); }

std::string paren_if_negative(float v) {
  const std::string s = format_number(v);
  return v < 0 ? "(" + s + ")" : s;
}

// Doubles in the adjoint text: integers exactly, others with 6 significant digits.
std::string format_double(double v) { return text::number_text(v); }

std::string size_text(int64_t h, int64_t w) { return str(h) + "x" + str(w); }

AxisParams forward_axis(int64_t in, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation) {
  return AxisParams{in, kernel, stride, padding, dilation, 0};
}

bool grid_consistent(const Grid& g) {
  return g.rows >= 0 && g.cols >= 0 && g.v.size() == static_cast<size_t>(g.rows * g.cols);
}

}  // namespace

// ---------------------------------------------------------------- output size
int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation) {
  // out = floor((in + 2*padding - dilation*(kernel - 1) - 1) / stride) + 1
  if (stride < 1) return 0;  // validate_conv_axis explains; avoid dividing by zero
  const int64_t num = sat_add(sat_add(in, sat_mul(2, padding)), -sat_add(sat_mul(dilation, kernel - 1), 1));
  return floor_div(num, stride) + 1;
}

int64_t conv_output_size(const AxisParams& a) {
  return conv_output_size(a.in, a.kernel, a.stride, a.padding, a.dilation);
}

std::string conv_output_size_formula(const AxisParams& a) {
  std::ostringstream o;
  o << "floor((" << a.in << " + 2 x " << a.padding << " - " << a.dilation << " x (" << a.kernel << " - 1) - 1) / "
    << a.stride << ") + 1 = " << conv_output_size(a);
  return o.str();
}

std::optional<Error> validate_conv_axis(const AxisParams& a, const char* axis_name) {
  const std::string ax = axis_name;
  if (auto e = validate_axis_basics(a, ax, "Stride 1 visits every input position; stride 2 skips every other one.",
                                    "In a convolution padding adds rings of zeros around the input; use 0 for none."))
    return e;
  if (a.in > kMaxElements || a.padding > kMaxElements || a.kernel > kMaxElements)
    return Error{"the " + ax + " sizes are larger than this tool handles (" + str(kMaxElements) + " cells). Use smaller sizes."};
  const int64_t out = conv_output_size(a);
  if (out < 1) {
    const int64_t span = sat_add(sat_mul(a.dilation, a.kernel - 1), 1);
    const int64_t padded = sat_add(a.in, sat_mul(2, a.padding));
    const int64_t need = (span - a.in + 1) / 2;  // smallest padding with in + 2p >= span
    return Error{"output " + ax + " would be " + conv_output_size_formula(a) +
                 ", which is too small (it must be at least 1): the kernel spans " + str(span) +
                 " cells (dilation x (kernel - 1) + 1) but the padded input has only " + str(padded) +
                 ". Use padding " + str(need) + " or more, or a smaller kernel or dilation."};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- model
Grid conv2d_forward(const Grid& x, const Grid& k, const ConvTransposeParams& p) {
  const int64_t oh = conv_output_size(x.rows, k.rows, p.stride.h, p.padding.h, p.dilation.h);
  const int64_t ow = conv_output_size(x.cols, k.cols, p.stride.w, p.padding.w, p.dilation.w);
  assert(oh >= 1 && ow >= 1 && "conv2d_forward: impossible sizes; call validate_conv_axis first");
  Grid y(oh, ow);
  for (int64_t r = 0; r < oh; ++r)
    for (int64_t c = 0; c < ow; ++c) {
      float acc = 0;
      for (int64_t a = 0; a < k.rows; ++a) {
        const int64_t i = r * p.stride.h - p.padding.h + a * p.dilation.h;
        if (i < 0 || i >= x.rows) continue;  // padding row: adds 0
        for (int64_t b = 0; b < k.cols; ++b) {
          const int64_t j = c * p.stride.w - p.padding.w + b * p.dilation.w;
          if (j < 0 || j >= x.cols) continue;
          acc += x.at(i, j) * k.at(a, b);
        }
      }
      y.at(r, c) = acc;
    }
  return y;
}

Result<ForwardModel> build_forward_model(const ForwardConfig& cfg) {
  const Grid& x = cfg.input;
  const Grid& k = cfg.kernel;
  if (!grid_consistent(x) || !grid_consistent(k))
    return Error{"the input or kernel grid's values do not match its size. Re-enter the grid."};
  const ConvTransposeParams& p = cfg.params;
  const AxisParams ah = forward_axis(x.rows, k.rows, p.stride.h, p.padding.h, p.dilation.h);
  const AxisParams aw = forward_axis(x.cols, k.cols, p.stride.w, p.padding.w, p.dilation.w);
  if (auto e = validate_conv_axis(ah, "height")) return *e;
  if (auto e = validate_conv_axis(aw, "width")) return *e;
  const int64_t oh = conv_output_size(ah), ow = conv_output_size(aw);
  const int64_t padded_h = x.rows + 2 * p.padding.h, padded_w = x.cols + 2 * p.padding.w;
  const int64_t limit = kMaxTeachingElements;
  if (x.rows * x.cols > limit || sat_mul(oh, ow) > limit || sat_mul(padded_h, padded_w) > 4 * limit ||
      k.rows * k.cols > limit)
    return Error{"the teaching grids are limited to " + str(limit) + " cells; this convolution has a " +
                 size_text(x.rows, x.cols) + " input (" + size_text(padded_h, padded_w) + " padded) and a " +
                 size_text(oh, ow) + " output. Use a smaller input or padding (image mode handles large inputs)."};
  if (sat_mul(sat_mul(oh, ow), k.rows * k.cols) > (int64_t(1) << 26))
    return Error{"this convolution takes " + str(sat_mul(sat_mul(oh, ow), k.rows * k.cols)) +
                 " multiplications, too many to animate. Use a smaller kernel or a larger stride."};

  ForwardModel m;
  m.config = cfg;
  m.config.params.output_padding = {0, 0};
  m.config.params.groups = 1;
  m.out_h = oh;
  m.out_w = ow;
  m.padded_h = padded_h;
  m.padded_w = padded_w;
  m.output = conv2d_forward(x, k, p);
  m.steps.reserve(static_cast<size_t>(oh * ow));
  for (int64_t r = 0; r < oh; ++r)
    for (int64_t c = 0; c < ow; ++c) {
      ForwardStep s;
      s.out_r = r;
      s.out_c = c;
      s.top = r * p.stride.h;
      s.left = c * p.stride.w;
      s.value = m.output.at(r, c);
      // Taps on padding: rows on padding times all columns, plus columns on padding in kept rows.
      int64_t rows_in = 0, cols_in = 0;
      for (int64_t a = 0; a < k.rows; ++a) {
        const int64_t i = m.tap_row(s, a) - p.padding.h;
        rows_in += (i >= 0 && i < x.rows);
      }
      for (int64_t b = 0; b < k.cols; ++b) {
        const int64_t j = m.tap_col(s, b) - p.padding.w;
        cols_in += (j >= 0 && j < x.cols);
      }
      s.padding_taps = k.rows * k.cols - rows_in * cols_in;
      m.steps.push_back(s);
    }
  return m;
}

Grid forward_partial_output(const ForwardModel& m, size_t steps_done) {
  Grid y(m.out_h, m.out_w);
  const size_t n = std::min(steps_done, m.steps.size());
  for (size_t t = 0; t < n; ++t) y.v[t] = m.steps[t].value;  // steps are in row-major cell order
  return y;
}

Grid padded_input(const ForwardModel& m) {
  const Grid& x = m.config.input;
  const Pair& p = m.config.params.padding;
  Grid g(m.padded_h, m.padded_w);
  for (int64_t i = 0; i < x.rows; ++i)
    for (int64_t j = 0; j < x.cols; ++j) g.at(i + p.h, j + p.w) = x.at(i, j);
  return g;
}

// ---------------------------------------------------------------- taps and text
std::vector<ForwardTap> forward_taps(const ForwardModel& m, size_t step) {
  assert(step < m.steps.size() && "forward_taps: step out of range; use 0 <= step < steps.size()");
  const ForwardStep& s = m.steps[step];
  const Grid& x = m.config.input;
  const Grid& k = m.config.kernel;
  const Pair& pad = m.config.params.padding;
  std::vector<ForwardTap> taps;
  taps.reserve(k.v.size());
  for (int64_t a = 0; a < k.rows; ++a)
    for (int64_t b = 0; b < k.cols; ++b) {
      ForwardTap t;
      t.k_r = a;
      t.k_c = b;
      t.in_r = m.tap_row(s, a) - pad.h;
      t.in_c = m.tap_col(s, b) - pad.w;
      t.on_padding = t.in_r < 0 || t.in_r >= x.rows || t.in_c < 0 || t.in_c >= x.cols;
      t.x = t.on_padding ? 0.0f : x.at(t.in_r, t.in_c);
      t.w = k.at(a, b);
      taps.push_back(t);
    }
  return taps;
}

std::vector<Term> forward_input_uses(const ForwardModel& m, int64_t i, int64_t j) {
  std::vector<Term> uses;
  const Grid& x = m.config.input;
  const Grid& k = m.config.kernel;
  if (i < 0 || i >= x.rows || j < 0 || j >= x.cols) return uses;
  const ConvTransposeParams& p = m.config.params;
  // Input i is read by output r through tap a when r*s - pad + a*d == i.
  for (int64_t a = 0; a < k.rows; ++a) {
    const int64_t nr = i + p.padding.h - a * p.dilation.h;
    if (nr < 0 || nr % p.stride.h != 0 || nr / p.stride.h >= m.out_h) continue;
    for (int64_t b = 0; b < k.cols; ++b) {
      const int64_t nc = j + p.padding.w - b * p.dilation.w;
      if (nc < 0 || nc % p.stride.w != 0 || nc / p.stride.w >= m.out_w) continue;
      uses.push_back(Term{nr / p.stride.h, nc / p.stride.w, a, b, x.at(i, j), k.at(a, b)});
    }
  }
  return uses;
}

namespace {
std::string padding_note(int64_t n) {
  if (n == 0) return "";
  return n == 1 ? " (1 tap on padding adds 0)" : " (" + str(n) + " taps on padding add 0)";
}
}  // namespace

std::string forward_cell_sum_symbolic(const ForwardModel& m, int64_t r, int64_t c) {
  const size_t step = static_cast<size_t>(r * m.out_w + c);
  const ForwardStep& s = m.steps[step];
  const std::string name = "y[" + str(r) + "," + str(c) + "]";
  const std::vector<ForwardTap> taps = forward_taps(m, step);
  if (s.padding_taps == static_cast<int64_t>(taps.size()))
    return name + " = 0 (all " + str(s.padding_taps) + " taps on padding)";
  std::ostringstream o;
  o << name << " = ";
  bool first = true;
  for (const ForwardTap& t : taps) {
    if (t.on_padding) continue;
    o << (first ? "" : " + ") << "x[" << t.in_r << "," << t.in_c << "]*w[" << t.k_r << "," << t.k_c << "]";
    first = false;
  }
  o << " = " << format_number(s.value) << padding_note(s.padding_taps);
  return o.str();
}

std::string forward_cell_sum_numeric(const ForwardModel& m, int64_t r, int64_t c) {
  const size_t step = static_cast<size_t>(r * m.out_w + c);
  std::ostringstream o;
  o << "= ";
  bool first = true;
  for (const ForwardTap& t : forward_taps(m, step)) {
    if (t.on_padding) continue;
    o << (first ? "" : " + ") << paren_if_negative(t.x) << "*" << paren_if_negative(t.w);
    first = false;
  }
  if (first) return "= 0";
  o << " = " << format_number(m.steps[step].value);
  return o.str();
}

// ---------------------------------------------------------------- round trip
namespace {
std::string or_list(const std::vector<std::string>& items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i)
    s += (i == 0 ? "" : (i + 1 == items.size() ? " or " : ", ")) + items[i];
  return s;
}
}  // namespace

RoundTrip round_trip(const AxisParams& a, const char* axis_name) {
  // output_padding only picks among the sizes: a refused one is explained in the text, not asserted.
  assert(!validate_axis(AxisParams{a.in, a.kernel, a.stride, a.padding, a.dilation, 0}, axis_name) &&
         "round_trip: invalid transposed axis; call validate_axis first");
  RoundTrip rt;
  rt.transposed = a;
  rt.m = a.in;
  rt.n = conv_transpose_output_size(a);
  const int64_t n0 = conv_transpose_output_size(a.in, a.kernel, a.stride, a.padding, a.dilation, 0);
  for (int64_t j = 0; j < a.stride; ++j) {
    const int64_t size = n0 + j;
    if (size < 1) continue;  // heavy padding: the smallest sizes do not exist
    assert(conv_output_size(size, a.kernel, a.stride, a.padding, a.dilation) == a.in);
    rt.sizes.push_back(RoundTripSize{size, j});
    if (size == rt.n) rt.current_is_round_trip = true;
  }
  std::vector<std::string> sizes, restores;
  for (const RoundTripSize& s : rt.sizes) {
    sizes.push_back(str(s.size));
    restores.push_back("to " + str(s.size) + " with output_padding " + str(s.output_padding));
  }
  std::ostringstream o;
  o << axis_name << ": a convolution with kernel " << a.kernel << ", stride " << a.stride << ", padding " << a.padding
    << ", dilation " << a.dilation << " maps ";
  if (rt.sizes.size() == 1) {
    o << "only " << sizes[0] << " to " << rt.m << ", and the transposed convolution with the same parameters maps "
      << rt.m << " back to " << sizes[0] << "; output_padding stays 0.";
  } else {
    o << or_list(sizes) << " to " << rt.m << " (the floor in its formula drops the remainder). "
      << "The transposed convolution maps " << rt.m << " back " << or_list(restores)
      << ": output_padding picks which one.";
  }
  if (!rt.current_is_round_trip) {
    o << " Now output_padding " << a.output_padding << " gives " << rt.n << ", which the convolution maps to "
      << conv_output_size(rt.n, a.kernel, a.stride, a.padding, a.dilation) << ", not " << rt.m
      << (a.output_padding < a.dilation ? " (PyTorch allows it because output_padding < dilation " + str(a.dilation) +
                                              ", but it is no longer a round trip)."
                                        : " (PyTorch refuses it: output_padding must be smaller than the stride or "
                                          "the dilation).");
  } else if (rt.sizes.size() > 1) {
    o << " Now output_padding " << a.output_padding << " gives " << rt.n << ".";
  }
  rt.text = o.str();
  return rt;
}

// ---------------------------------------------------------------- adjoint check
namespace {
// "<C x, y> = 12*1 + 21*2 + ... = 456": products of a and b elementwise; long sums elided.
std::string inner_product_text(const char* name, const Grid& a, const Grid& b, double value) {
  const size_t n = a.v.size();
  std::ostringstream o;
  o << name << " = ";
  auto term = [&](size_t i) { return paren_if_negative(a.v[i]) + "*" + paren_if_negative(b.v[i]); };
  if (n <= 8) {
    for (size_t i = 0; i < n; ++i) o << (i ? " + " : "") << term(i);
  } else {
    o << term(0) << " + " << term(1) << " + " << term(2) << " + ... + " << term(n - 2) << " + " << term(n - 1);
  }
  o << " = " << format_double(value);
  if (n > 8) o << " (" << n << " terms)";
  return o.str();
}

double dot(const Grid& a, const Grid& b) {
  double s = 0;
  for (size_t i = 0; i < a.v.size(); ++i) s += static_cast<double>(a.v[i]) * static_cast<double>(b.v[i]);
  return s;
}
}  // namespace

Result<AdjointCheck> adjoint_check(const Grid& x, const Grid& y, const Grid& kernel, const ConvTransposeParams& p) {
  if (!grid_consistent(x) || !grid_consistent(y) || !grid_consistent(kernel))
    return Error{"a grid's values do not match its size. Re-enter the grid."};
  const AxisParams fh = forward_axis(x.rows, kernel.rows, p.stride.h, p.padding.h, p.dilation.h);
  const AxisParams fw = forward_axis(x.cols, kernel.cols, p.stride.w, p.padding.w, p.dilation.w);
  if (auto e = validate_conv_axis(fh, "height")) return *e;
  if (auto e = validate_conv_axis(fw, "width")) return *e;
  const int64_t mh = conv_output_size(fh), mw = conv_output_size(fw);
  if (y.rows != mh || y.cols != mw)
    return Error{"y is " + size_text(y.rows, y.cols) + ", but the convolution maps x (" + size_text(x.rows, x.cols) +
                 ") to " + size_text(mh, mw) + ". Give y of size " + size_text(mh, mw) + "."};
  const AxisParams th{y.rows, kernel.rows, p.stride.h, p.padding.h, p.dilation.h, p.output_padding.h};
  const AxisParams tw{y.cols, kernel.cols, p.stride.w, p.padding.w, p.dilation.w, p.output_padding.w};
  if (auto e = validate_axis(th, "height")) return *e;
  if (auto e = validate_axis(tw, "width")) return *e;
  const int64_t nh = conv_transpose_output_size(th), nw = conv_transpose_output_size(tw);
  if (nh != x.rows || nw != x.cols) {
    const int64_t oph = x.rows - conv_transpose_output_size(y.rows, kernel.rows, p.stride.h, p.padding.h, p.dilation.h, 0);
    const int64_t opw = x.cols - conv_transpose_output_size(y.cols, kernel.cols, p.stride.w, p.padding.w, p.dilation.w, 0);
    return Error{"the transposed convolution of y gives " + size_text(nh, nw) + ", not x's size " +
                 size_text(x.rows, x.cols) + ". Use output_padding " + str(oph) + "," + str(opw) +
                 " so that it restores x's size."};
  }
  if (x.v.size() > static_cast<size_t>(kMaxTeachingElements) || y.v.size() > static_cast<size_t>(kMaxTeachingElements))
    return Error{"the adjoint check is limited to " + str(kMaxTeachingElements) + " cells per grid. Use smaller grids."};

  AdjointCheck r;
  r.cx = conv2d_forward(x, kernel, p);
  Tensor4 yt(Shape4{1, 1, y.rows, y.cols});
  yt.data = y.v;
  Tensor4 wt(Shape4{1, 1, kernel.rows, kernel.cols});
  wt.data = kernel.v;
  ConvTransposeParams tp = p;
  tp.groups = 1;
  const Tensor4 ct = conv_transpose2d_scatter(yt, wt, {}, tp);
  r.cty = Grid(nh, nw);
  r.cty.v = ct.data;
  r.lhs = dot(r.cx, y);
  r.rhs = dot(x, r.cty);
  std::ostringstream o;
  o << inner_product_text("<C x, y>", r.cx, y, r.lhs) << "\n" << inner_product_text("<x, C^T y>", x, r.cty, r.rhs);
  const double scale = std::max({1.0, std::fabs(r.lhs), std::fabs(r.rhs)});
  if (std::fabs(r.lhs - r.rhs) <= 1e-5 * scale)
    o << "\nThe two are equal: every product x[i]*w*y[j] appears once in each sum, so the transposed "
         "convolution is the adjoint (the matrix transpose) of the convolution, and therefore its "
         "gradient with respect to the input.";
  r.text = o.str();
  return r;
}

// ---------------------------------------------------------------- paired view
Result<PairedView> build_paired_view(const TeachingConfig& tcfg, const Grid& x_in) {
  auto tm = build_teaching_model(tcfg);
  if (!tm.ok()) return tm.error();
  PairedView v;
  v.transposed = std::move(tm).value();
  const ConvTransposeParams& p = v.transposed.config.params;
  const Grid& k = v.transposed.config.kernel;
  const Grid& y = v.transposed.config.input;
  v.h = round_trip(AxisParams{y.rows, k.rows, p.stride.h, p.padding.h, p.dilation.h, p.output_padding.h}, "height");
  v.w = round_trip(AxisParams{y.cols, k.cols, p.stride.w, p.padding.w, p.dilation.w, p.output_padding.w}, "width");
  Grid x = x_in;
  if (x.rows == 0) {
    x = Grid(v.transposed.out_h, v.transposed.out_w);
    for (size_t i = 0; i < x.v.size(); ++i) x.v[i] = static_cast<float>(i + 1);
  } else if (x.rows != v.transposed.out_h || x.cols != v.transposed.out_w || !grid_consistent(x)) {
    return Error{"the forward side's input is " + size_text(x.rows, x.cols) + ", but the transposed convolution's output is " +
                 size_text(v.transposed.out_h, v.transposed.out_w) + ". Give an x of that size (or none for the ramp 1, 2, 3, ...)."};
  }
  auto fm = build_forward_model(ForwardConfig{x, k, p});
  if (!fm.ok()) return fm.error();
  v.forward = std::move(fm).value();
  if (v.h.current_is_round_trip && v.w.current_is_round_trip) {
    auto adj = adjoint_check(x, y, k, p);
    if (adj.ok())
      v.adjoint = std::move(adj).value();
    else
      v.adjoint_unavailable = adj.error().message;
  } else {
    v.adjoint_unavailable = "output_padding is not smaller than the stride, so the convolution of the " +
                            size_text(v.transposed.out_h, v.transposed.out_w) + " output does not give back " +
                            size_text(y.rows, y.cols) + ": the two are no longer each other's transpose. Use output_padding below the stride.";
  }
  return v;
}

}  // namespace tconv
