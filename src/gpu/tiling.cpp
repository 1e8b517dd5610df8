// Tile planning for the GPU backend (see tiling.h).
#include "gpu/tiling.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace tconv::gpu {
namespace {

int64_t floor_div(int64_t a, int64_t b) {  // b > 0
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}
int64_t ceil_div(int64_t a, int64_t b) {  // b > 0
  return -floor_div(-a, b);
}

// Upper bound of input_span(...).count for any window of `count` outputs (independent of o0).
int64_t input_span_bound(int64_t count, int64_t in, int64_t kernel, int64_t stride, int64_t dilation) {
  return std::min(in, (count - 1 + (kernel - 1) * dilation) / stride + 1);
}

// A chunk of output channels that one tile may hold.
struct ChannelChunk {
  int64_t groups_per_tile = 0;  // > 0: whole groups
  int64_t co_per_tile = 0;      // > 0 (and groups_per_tile == 0): part of one group
  int64_t co_count = 0, ci_count = 0;
};

}  // namespace

Span input_span(int64_t o0, int64_t count, int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                int64_t dilation) {
  // Output o reads input i = (o + padding - t*dilation) / stride for taps t in [0, kernel).
  const int64_t lo = std::max<int64_t>(0, ceil_div(o0 + padding - (kernel - 1) * dilation, stride));
  const int64_t hi = std::min<int64_t>(in - 1, floor_div(o0 + count - 1 + padding, stride));
  return hi < lo ? Span{0, 0} : Span{lo, hi - lo + 1};
}

Status check_shader_index_range(const Shape4& w, const ConvTransposeParams& p, const Shape4& y,
                                int64_t per_invocation) {
  constexpr int64_t kIntMax = 2147483647;  // GLSL int
  struct Axis {
    const char* name;
    int64_t out, kernel, stride, padding, dilation, span;
  };
  const Axis axes[] = {{"height", y.h, w.h, p.stride.h, p.padding.h, p.dilation.h, 1},
                       {"width", y.w, w.w, p.stride.w, p.padding.w, p.dilation.w, 64 * per_invocation + 1}};
  for (const Axis& a : axes) {
    // Each term is below 2^63 / 4 after the checks of conv_transpose_output_shape; summing the
    // ones that are each below 2^31 cannot overflow.
    const auto over = [&](int64_t v, int64_t factor) { return v > kIntMax / factor; };
    std::string culprit;
    if (over(a.padding, 1)) culprit = "padding (" + std::string(a.name) + ") " + std::to_string(a.padding);
    else if (over(a.stride, a.span)) culprit = "stride (" + std::string(a.name) + ") " + std::to_string(a.stride);
    else if (a.kernel > 1 && over(a.dilation, a.kernel - 1))
      culprit = "dilation (" + std::string(a.name) + ") " + std::to_string(a.dilation);
    else if (a.out + a.padding + a.dilation * (a.kernel - 1) + a.stride * a.span > kIntMax) {
      // Name the largest term.
      const int64_t terms[] = {a.padding, a.dilation * (a.kernel - 1), a.stride * a.span};
      const int64_t* m = std::max_element(std::begin(terms), std::end(terms));
      culprit = m == &terms[0] ? "padding (" + std::string(a.name) + ") " + std::to_string(a.padding)
                : m == &terms[1] ? "dilation (" + std::string(a.name) + ") " + std::to_string(a.dilation)
                                 : "stride (" + std::string(a.name) + ") " + std::to_string(a.stride);
    }
    if (!culprit.empty())
      return Error{"the GPU backend cannot compute this: " + culprit + " is more than its shader's "
                   "32-bit index arithmetic supports (output + padding + dilation x (kernel - 1) + " +
                   (a.span > 1 ? std::to_string(a.span) + " x stride" : std::string("stride")) +
                   " must stay below 2^31 along the " + a.name + "). Use --backend cpu, which "
                   "handles any size."};
  }
  return Ok{};
}

Result<std::vector<Tile>> plan_tiles(const Shape4& x, const Shape4& w, const ConvTransposeParams& p,
                                     const Shape4& y, const TileLimits& limits) {
  const int64_t G = p.groups, cin_g = x.c / G, cout_g = w.c;
  const int64_t taps = w.h * w.w;
  const int64_t L = limits.max_buffer_bytes / 4;  // floats per buffer
  const int64_t max_cols = limits.max_groups[0] * limits.local[0];
  const int64_t max_rows = limits.max_groups[1] * limits.local[1];
  const int64_t max_chan = limits.max_groups[2] * limits.local[2];

  // Channel chunks from largest to smallest: all groups, half of them, ..., one group, then half
  // a group, ..., one output channel.
  std::vector<ChannelChunk> chunks;
  for (int64_t gpt = G;; gpt = (gpt + 1) / 2) {
    chunks.push_back({gpt, 0, gpt * cout_g, gpt * cin_g});
    if (gpt == 1) break;
  }
  for (int64_t cpt = (cout_g + 1) / 2; cout_g > 1; cpt = (cpt + 1) / 2) {
    chunks.push_back({0, cpt, cpt, cin_g});
    if (cpt == 1) break;
  }

  ChannelChunk chosen;
  int64_t rows = 0, cols = 0;
  for (const ChannelChunk& c : chunks) {
    if (c.co_count > max_chan) continue;
    if (c.ci_count * cout_g * taps > L || c.co_count > L) continue;  // weights / bias
    auto fits = [&](int64_t r, int64_t q) {
      return c.co_count * r * q <= L &&
             c.ci_count * input_span_bound(r, x.h, w.h, p.stride.h, p.dilation.h) *
                     input_span_bound(q, x.w, w.w, p.stride.w, p.dilation.w) <=
                 L;
    };
    const int64_t q = std::min(y.w, max_cols);
    // The most rows that fit with the full width (binary search; fits() is monotone in r).
    int64_t lo = 0, hi = std::min(y.h, max_rows);
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo + 1) / 2;
      if (fits(mid, q)) lo = mid;
      else hi = mid - 1;
    }
    if (lo >= 1) {
      chosen = c;
      rows = lo;
      cols = q;
      break;
    }
    // Not even one full row: one row, as many columns as fit.
    int64_t clo = 0, chi = q;
    while (clo < chi) {
      const int64_t mid = clo + (chi - clo + 1) / 2;
      if (fits(1, mid)) clo = mid;
      else chi = mid - 1;
    }
    if (clo >= 1) {
      chosen = c;
      rows = 1;
      cols = clo;
      break;
    }
  }
  if (rows == 0)
    return Error{"the weights of one output channel (" + std::to_string(cin_g * cout_g * taps * 4) +
                 " bytes) do not fit in one GPU buffer (this driver allows " +
                 std::to_string(limits.max_buffer_bytes) +
                 " bytes). Use --backend cpu, or fewer input channels per group."};

  std::vector<Tile> tiles;
  for (int64_t n = 0; n < y.n; ++n)
    for (int64_t g0 = 0; g0 < G; g0 += std::max<int64_t>(chosen.groups_per_tile, 1)) {
      const int64_t gcount = chosen.groups_per_tile > 0 ? std::min(chosen.groups_per_tile, G - g0) : 1;
      // Output-channel sub-ranges: the whole groups, or slices of this one group.
      const int64_t step = chosen.groups_per_tile > 0 ? gcount * cout_g : chosen.co_per_tile;
      const int64_t span_end = g0 * cout_g + gcount * cout_g;
      for (int64_t co0 = g0 * cout_g; co0 < span_end; co0 += step)
        for (int64_t oh0 = 0; oh0 < y.h; oh0 += rows)
          for (int64_t ow0 = 0; ow0 < y.w; ow0 += cols) {
            Tile t;
            t.n = n;
            t.co0 = co0;
            t.co_count = std::min(step, span_end - co0);
            t.ci0 = g0 * cin_g;
            t.ci_count = gcount * cin_g;
            t.oh0 = oh0;
            t.rows = std::min(rows, y.h - oh0);
            t.ow0 = ow0;
            t.cols = std::min(cols, y.w - ow0);
            const Span sh = input_span(t.oh0, t.rows, x.h, w.h, p.stride.h, p.padding.h, p.dilation.h);
            const Span sw = input_span(t.ow0, t.cols, x.w, w.w, p.stride.w, p.padding.w, p.dilation.w);
            t.ih0 = sh.first;
            t.in_rows = sh.count;
            t.iw0 = sw.first;
            t.in_cols = sw.count;
            tiles.push_back(t);
          }
    }
  return tiles;
}

}  // namespace tconv::gpu
