#include "ui/shell/explain.h"

#include <algorithm>
#include <functional>

namespace tconv::ui {

namespace {
std::string n_str(int64_t v) { return std::to_string(v); }
std::string plural(int64_t n, const char* one, const char* many) {
  return n_str(n) + " " + (n == 1 ? one : many);
}
bool is_height(const char* axis_name) { return std::string(axis_name) == "height"; }
}  // namespace

AxisExplanation explain_axis(const AxisParams& a, const char* axis_name) {
  AxisExplanation e;
  const bool h = is_height(axis_name);
  const char* one = h ? "row" : "column";
  const char* many = h ? "rows" : "columns";
  e.out = conv_transpose_output_size(a);
  e.general = "out = (in - 1) x s - 2 x p + d x (k - 1) + op + 1";
  e.substituted = output_size_formula(a);
  if (std::optional<Error> err = validate_axis(a, axis_name)) e.problem = err->message;

  const int64_t last_start = (a.in - 1) * a.stride;
  const int64_t span = a.dilation * (a.kernel - 1) + 1;
  const int64_t covered = last_start + span;
  e.why.push_back("The " + plural(a.in, ("input " + std::string(one)).c_str(),
                                  ("input " + std::string(many)).c_str()) +
                  " place their kernels " + n_str(a.stride) + " apart: the last one starts at (" +
                  n_str(a.in) + " - 1) x " + n_str(a.stride) + " = " + n_str(last_start) + ".");
  std::string span_text = a.dilation == 1
      ? "Each kernel covers k = " + plural(span, one, many)
      : "Each kernel covers d x (k - 1) + 1 = " + n_str(a.dilation) + " x " + n_str(a.kernel - 1) +
            " + 1 = " + plural(span, one, many) + " (dilation spreads the taps)";
  e.why.push_back(span_text + ", so together they cover " + n_str(last_start) + " + " +
                  n_str(span) + " = " + plural(covered, one, many) + ".");
  int64_t total = covered;
  if (a.output_padding > 0) {
    total += a.output_padding;
    e.why.push_back("output_padding adds " + plural(a.output_padding, one, many) + " at the " +
                    (h ? "bottom" : "right") + ": " + n_str(total) + ".");
  }
  if (a.padding > 0) {
    e.why.push_back("Padding " + n_str(a.padding) + " CROPS " + plural(a.padding, one, many) +
                    " off each side (" + (h ? "top and bottom" : "left and right") + "): " +
                    n_str(total) + " - 2 x " + n_str(a.padding) + " = " + n_str(total - 2 * a.padding) +
                    ".");
  } else {
    e.why.push_back("Padding 0 crops nothing.");
  }
  return e;
}

TargetHelp solve_target_size(const AxisParams& a, int64_t target) {
  TargetHelp h;
  const int64_t base = (a.in - 1) * a.stride + a.dilation * (a.kernel - 1) + 1;  // p = op = 0
  const int64_t max_op = std::max(a.stride, a.dilation) - 1;
  if (target < 1) {
    h.note = "The output needs at least 1 cell.";
    return h;
  }
  for (int64_t op = 0; op <= max_op; ++op) {
    const int64_t twice_p = base + op - target;
    if (twice_p < 0 || twice_p % 2 != 0) continue;
    h.solutions.push_back({twice_p / 2, op});
  }
  std::sort(h.solutions.begin(), h.solutions.end(), [](const TargetSolution& x, const TargetSolution& y) {
    return x.padding != y.padding ? x.padding < y.padding : x.output_padding < y.output_padding;
  });
  if (h.solutions.empty()) {
    if (target > base + max_op) {
      h.note = "Too big: with padding 0 and the largest allowed output_padding (" + n_str(max_op) +
               ") the output has only " + n_str(base + max_op) +
               " cells. Increase the stride, the kernel size or the input size.";
    } else {
      h.note = "No padding reaches it exactly with output_padding below the stride: padding "
               "removes 2 cells at a time. Raise the stride to 2 or more to get odd steps.";
    }
  } else {
    h.note = "out = " + n_str(base) + " - 2 x padding + output_padding with padding >= 0 and "
             "output_padding < " + n_str(max_op + 1) + ".";
  }
  return h;
}

RoundTripExplanation explain_round_trip(const AxisParams& a, const char* axis_name) {
  RoundTripExplanation e;
  const char* many = is_height(axis_name) ? "rows" : "columns";
  AxisParams no_op = a;
  no_op.output_padding = 0;
  const int64_t out0 = conv_transpose_output_size(no_op);
  if (out0 < 1 || validate_axis(no_op, axis_name)) {
    e.lines.push_back(out0 < 1 ? "Fix the parameters first: the output size is below 1." : "Fix the parameters first.");
    return e;
  }
  e.trip = round_trip(a, axis_name);
  const RoundTrip& rt = *e.trip;
  const int64_t max_op = std::max(a.stride, a.dilation) - 1;
  const std::string conv = "Conv2d(k=" + n_str(a.kernel) + ", s=" + n_str(a.stride) +
                           ", p=" + n_str(a.padding) +
                           (a.dilation > 1 ? ", d=" + n_str(a.dilation) : std::string()) + ")";
  if (rt.sizes.size() >= 2) {
    std::string list;
    for (size_t i = 0; i < rt.sizes.size(); ++i) {
      list += (i == 0 ? "" : (i + 1 == rt.sizes.size() ? " and " : ", ")) + n_str(rt.sizes[i].size);
    }
    e.lines.push_back("The forward " + conv + " turns " + list + " " + many + " into the same " +
                      n_str(a.in) + ": it rounds down.");
    e.lines.push_back("Going back, the transposed convolution cannot know which size it came "
                      "from; output_padding (0.." + n_str(std::min<int64_t>(max_op, int64_t(rt.sizes.size()) - 1)) +
                      ") picks it.");
  } else {
    e.lines.push_back("The forward " + conv + " maps " + n_str(out0) + " " + many + " back to " +
                      n_str(conv_output_size(out0, a.kernel, a.stride, a.padding, a.dilation)) +
                      ": with stride 1 sizes match one to one and output_padding stays 0.");
  }
  return e;
}

std::vector<int64_t> taps_per_phase(int64_t kernel, int64_t stride, int64_t dilation) {
  std::vector<int64_t> cnt(static_cast<size_t>(std::max<int64_t>(stride, 1)), 0);
  for (int64_t t = 0; t < kernel; ++t) cnt[static_cast<size_t>((t * dilation) % stride)]++;
  return cnt;
}

namespace {
bool uneven(const std::vector<int64_t>& c) {
  return std::adjacent_find(c.begin(), c.end(), std::not_equal_to<int64_t>()) != c.end();
}
std::string join(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + n_str(v[i]);
  return s;
}
}  // namespace

OverlapSummary explain_overlap(const TeachingModel& m) {
  OverlapSummary s;
  const ConvTransposeParams& p = m.config.params;
  AxisParams ah{m.config.input.rows, m.config.kernel.rows, p.stride.h, p.padding.h, p.dilation.h,
                p.output_padding.h};
  AxisParams aw{m.config.input.cols, m.config.kernel.cols, p.stride.w, p.padding.w, p.dilation.w,
                p.output_padding.w};
  s.profile_h = overlap_profile(ah);
  s.profile_w = overlap_profile(aw);
  if (m.overlap.empty()) return s;
  s.min = *std::min_element(m.overlap.begin(), m.overlap.end());
  s.max = *std::max_element(m.overlap.begin(), m.overlap.end());
  int border_min = s.max;
  for (int64_t r = 0; r < m.out_h; ++r)
    for (int64_t c = 0; c < m.out_w; ++c)
      if (r == 0 || c == 0 || r == m.out_h - 1 || c == m.out_w - 1)
        border_min = std::min(border_min, m.overlap_at(r, c));
  s.edge_effect = border_min < s.max;

  const std::vector<int64_t> ph = taps_per_phase(ah.kernel, ah.stride, ah.dilation);
  const std::vector<int64_t> pw = taps_per_phase(aw.kernel, aw.stride, aw.dilation);
  s.uneven_h = uneven(ph);
  s.uneven_w = uneven(pw);

  s.lines.push_back("Each output cell is a sum of between " + n_str(s.min) + " and " +
                    plural(s.max, "product", "products") + " x*w (the Heat-map tab shows each cell's count).");
  if (s.max <= 1) {
    s.lines.push_back("No cell gets more than one product: the placements tile the output "
                      "without overlapping.");
  }
  if (s.edge_effect) {
    s.lines.push_back("Edge effect: cells near the border are reached by fewer placements (as "
                      "few as " + n_str(border_min) + ", against up to " + n_str(s.max) +
                      " inside), so with equal inputs their sums come out smaller: a darker frame.");
  }
  auto axis_line = [&](const char* axis, const AxisParams& a, const std::vector<int64_t>& ph_cnt,
                       bool bad) {
    if (a.stride == 1) return;
    if (bad) {
      std::string what = a.dilation == 1
          ? "kernel " + n_str(a.kernel) + " is not divisible by stride " + n_str(a.stride)
          : "the taps (k " + n_str(a.kernel) + ", d " + n_str(a.dilation) +
                ") do not spread evenly over stride " + n_str(a.stride);
      s.lines.push_back("Checkerboard along the " + std::string(axis) + ": " + what +
                        ", so inside the output neighbouring cells get " + join(ph_cnt) +
                        " taps in turn (the pattern repeats every " + n_str(a.stride) + " cells).");
    } else {
      s.lines.push_back("Along the " + std::string(axis) + ", every phase gets " +
                        n_str(ph_cnt[0]) + " taps (kernel " + n_str(a.kernel) +
                        (a.dilation == 1 ? std::string(" divisible by stride ") + n_str(a.stride)
                                         : std::string(" spread evenly over stride ") + n_str(a.stride)) +
                        "): no checkerboard there.");
    }
  };
  if (ah.kernel == aw.kernel && ah.stride == aw.stride && ah.dilation == aw.dilation) {
    axis_line("height and the width", ah, ph, s.uneven_h);  // one line when both axes agree
  } else {
    axis_line("height", ah, ph, s.uneven_h);
    axis_line("width", aw, pw, s.uneven_w);
  }
  if (s.uneven_h || s.uneven_w) {
    s.lines.push_back("An uneven pattern like this prints a checkerboard into generated images "
                      "(Odena et al., Distill 2016). Fix: a kernel size divisible by the stride, or "
                      "resize first and then use a stride-1 convolution.");
  }
  if (s.min == 0) {
    s.lines.push_back("Cells with 0 are reached by no placement: they stay 0 whatever the input.");
  }
  s.lines.push_back("Each count is (row count) x (column count): the 2-D map is the outer product "
                    "of the two 1-D profiles.");
  return s;
}

}  // namespace tconv::ui
