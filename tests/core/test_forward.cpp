// The forward-convolution teaching model: hand-worked cases, PyTorch conv2d numbers, agreement with
// an independent formulation and with the matrix C, the round trip, and the adjoint identity.
// Sections: size formula | hand-worked | PyTorch | references | steps and text | round trip | adjoint
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "core/conv_transpose.h"
#include "core/forward.h"

using namespace tconv;

namespace {

Grid grid(int64_t r, int64_t c, std::vector<float> v) {
  Grid g(r, c);
  g.v = std::move(v);
  return g;
}
Grid ramp(int64_t r, int64_t c) {
  Grid g(r, c);
  for (size_t i = 0; i < g.v.size(); ++i) g.v[i] = static_cast<float>(i + 1);
  return g;
}
ConvTransposeParams params(Pair s, Pair p, Pair d, Pair op = {0, 0}) {
  ConvTransposeParams q;
  q.stride = s;
  q.padding = p;
  q.dilation = d;
  q.output_padding = op;
  return q;
}
ForwardModel model(const Grid& x, const Grid& k, const ConvTransposeParams& p) {
  auto r = build_forward_model(ForwardConfig{x, k, p});
  REQUIRE(r.ok());
  return r.value();
}

}  // namespace

// ---------------------------------------------------------------- size formula
TEST_CASE("forward output size: floor((in + 2p - d(k-1) - 1)/s) + 1 with the numbers written out", "[forward]") {
  CHECK(conv_output_size(5, 3, 1, 0, 1) == 3);
  CHECK(conv_output_size(5, 3, 2, 0, 1) == 2);
  CHECK(conv_output_size(6, 3, 2, 1, 1) == 3);  // floor(5/2) + 1
  CHECK(conv_output_size(5, 3, 2, 1, 1) == 3);  // floor(4/2) + 1: 5 and 6 collide
  CHECK(conv_output_size(7, 3, 1, 0, 3) == 1);  // dilated span 7
  CHECK(conv_output_size(2, 3, 1, 0, 1) == 0);  // too small: validation explains
  CHECK(conv_output_size(AxisParams{5, 3, 1, 0, 1, 1}) == 3);  // output_padding is ignored
  CHECK(conv_output_size_formula(AxisParams{5, 3, 1, 0, 1, 0}) == "floor((5 + 2 x 0 - 1 x (3 - 1) - 1) / 1) + 1 = 3");
  CHECK(conv_output_size_formula(AxisParams{6, 3, 2, 1, 2, 0}) == "floor((6 + 2 x 1 - 2 x (3 - 1) - 1) / 2) + 1 = 2");
}

TEST_CASE("forward validation says what is wrong and how to fix it", "[forward]") {
  CHECK_FALSE(validate_conv_axis(AxisParams{5, 3, 1, 0, 1, 0}, "height"));
  auto small = validate_conv_axis(AxisParams{2, 3, 1, 0, 1, 0}, "height");
  REQUIRE(small);
  CHECK_THAT(small->message, Catch::Contains("output height would be floor((2 + 2 x 0 - 1 x (3 - 1) - 1) / 1) + 1 = 0"));
  CHECK_THAT(small->message, Catch::Contains("Use padding 1 or more"));
  auto dil = validate_conv_axis(AxisParams{4, 3, 1, 0, 3, 0}, "width");  // span 7 > 4
  REQUIRE(dil);
  CHECK_THAT(dil->message, Catch::Contains("spans 7 cells"));
  CHECK_THAT(dil->message, Catch::Contains("Use padding 2 or more"));
  CHECK_THAT(validate_conv_axis(AxisParams{5, 3, 0, 0, 1, 0}, "height")->message, Catch::Contains("stride (height) is 0"));
  CHECK_THAT(validate_conv_axis(AxisParams{5, 3, 1, -1, 1, 0}, "width")->message, Catch::Contains("cannot be negative"));
  CHECK_THAT(validate_conv_axis(AxisParams{0, 3, 1, 0, 1, 0}, "width")->message, Catch::Contains("input width is 0"));
  CHECK_THAT(validate_conv_axis(AxisParams{5, 0, 1, 0, 1, 0}, "width")->message, Catch::Contains("kernel width is 0"));
  CHECK_THAT(validate_conv_axis(AxisParams{5, 3, 1, 0, 0, 0}, "width")->message, Catch::Contains("dilation (width) is 0"));
  // Huge numbers are refused, not overflowed.
  CHECK(validate_conv_axis(AxisParams{int64_t(1) << 62, 3, 1, 0, 1, 0}, "height"));

  auto bad = build_forward_model(ForwardConfig{ramp(2, 2), Grid(3, 3, 1.0f), ConvTransposeParams{}});
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("too small"));
  Grid broken(2, 2);
  broken.v.pop_back();
  CHECK_FALSE(build_forward_model(ForwardConfig{broken, Grid(1, 1, 1.0f), ConvTransposeParams{}}).ok());
  auto big = build_forward_model(ForwardConfig{Grid(300, 300), Grid(1, 1, 1.0f), ConvTransposeParams{}});
  REQUIRE_FALSE(big.ok());
  CHECK_THAT(big.error().message, Catch::Contains("limited to"));
}

// ---------------------------------------------------------------- hand-worked
TEST_CASE("hand-worked: 5x5 ramp, 3x3 ones, stride 1 -> 3x3 patch sums", "[forward]") {
  // x = 1..25 row-major. y[0,0] = 1+2+3 + 6+7+8 + 11+12+13 = 63; one column right adds 9
  // (each of the 9 values grows by 1); one row down adds 45.
  const ForwardModel m = model(ramp(5, 5), Grid(3, 3, 1.0f), ConvTransposeParams{});
  CHECK(m.out_h == 3);
  CHECK(m.out_w == 3);
  CHECK(m.output.v == std::vector<float>{63, 72, 81,
                                         108, 117, 126,
                                         153, 162, 171});
  REQUIRE(m.steps.size() == 9);
  CHECK(m.steps[3].out_r == 1);
  CHECK(m.steps[3].out_c == 0);
  CHECK(m.steps[3].top == 1);
  CHECK(m.steps[3].left == 0);
  CHECK(m.steps[3].padding_taps == 0);
  CHECK(m.steps[3].value == 108);
}

TEST_CASE("hand-worked: stride 2 keeps every other patch", "[forward]") {
  const ForwardModel m = model(ramp(5, 5), Grid(3, 3, 1.0f), params({2, 2}, {0, 0}, {1, 1}));
  CHECK(m.out_h == 2);
  CHECK(m.output.v == std::vector<float>{63, 81,
                                         153, 171});
  CHECK(m.steps[3].top == 2);
  CHECK(m.steps[3].left == 2);
}

TEST_CASE("hand-worked: padding 1 keeps the size; border patches read zeros", "[forward]") {
  // x = 1..9 in a 3x3, kernel ones, padding 1: each cell sums its 3x3 neighbourhood inside x.
  // y[0,0] = 1+2+4+5 = 12, y[0,1] = 1+2+3+4+5+6 = 21, y[1,1] = 45, ...
  const ForwardModel m = model(ramp(3, 3), Grid(3, 3, 1.0f), params({1, 1}, {1, 1}, {1, 1}));
  CHECK(m.padded_h == 5);
  CHECK(m.padded_w == 5);
  CHECK(m.output.v == std::vector<float>{12, 21, 16,
                                         27, 45, 33,
                                         24, 39, 28});
  CHECK(m.steps[0].padding_taps == 5);
  CHECK(m.steps[1].padding_taps == 3);
  CHECK(m.steps[4].padding_taps == 0);
  const Grid pad = padded_input(m);
  CHECK(pad.v == std::vector<float>{0, 0, 0, 0, 0,
                                    0, 1, 2, 3, 0,
                                    0, 4, 5, 6, 0,
                                    0, 7, 8, 9, 0,
                                    0, 0, 0, 0, 0});
}

TEST_CASE("hand-worked: dilation 2 spreads the taps", "[forward]") {
  // x[r,c] = 5r + c + 1; kernel [1 2; 3 4] with dilation 2 reads x[r,c], x[r,c+2], x[r+2,c], x[r+2,c+2]:
  // y[0,0] = 1*1 + 3*2 + 11*3 + 13*4 = 92; +1 column adds 1+2+3+4 = 10; +1 row adds 50.
  const ForwardModel m = model(ramp(5, 5), grid(2, 2, {1, 2, 3, 4}), params({1, 1}, {0, 0}, {2, 2}));
  CHECK(m.out_h == 3);
  CHECK(m.output.v == std::vector<float>{92, 102, 112,
                                         142, 152, 162,
                                         192, 202, 212});
  CHECK(forward_cell_sum_symbolic(m, 0, 0) == "y[0,0] = x[0,0]*w[0,0] + x[0,2]*w[0,1] + x[2,0]*w[1,0] + x[2,2]*w[1,1] = 92");
  CHECK(forward_cell_sum_numeric(m, 0, 0) == "= 1*1 + 3*2 + 11*3 + 13*4 = 92");
}

// ---------------------------------------------------------------- PyTorch
// Generated with PyTorch 1.13 (/usr/bin/python3):
//   g = torch.Generator().manual_seed(7)
//   x = torch.randint(-3, 6, (1,1,H,W), generator=g).float(); w = torch.randint(-2, 3, (1,1,kh,kw), generator=g).float()
//   y = F.conv2d(x, w, stride=s, padding=p, dilation=d)
// for (H,W),(kh,kw),s,p,d in [((4,6),(3,2),(2,1),(1,0),(1,2)), ((7,5),(3,3),(2,3),(2,1),(2,1)),
//                             ((3,3),(2,2),(1,1),(1,1),(1,1)), ((6,7),(4,3),(3,2),(0,2),(1,1))]
TEST_CASE("forward conv matches PyTorch conv2d on non-square, strided, padded, dilated cases", "[forward][golden]") {
  struct Case {
    int64_t h, w;
    std::vector<float> x;
    int64_t kh, kw;
    std::vector<float> k;
    Pair s, p, d;
    int64_t oh, ow;
    std::vector<float> y;
  };
  const std::vector<Case> cases = {
      {4, 6, {-3, 1, 4, -1, 1, 3, 5, 2, 1, 5, 4, -2, 5, 3, -1, 1, -3, -2, 0, 3, 0, 1, 2, -3}, 3, 2, {1, 1, 1, 0, -2, 1},
       {2, 1}, {1, 0}, {1, 2}, 2, 4, {-12, 2, 6, -13, 11, 5, 6, -1}},
      {7, 5, {-3, -2, 0, -2, -2, 3, -3, 2, 5, 5, 4, 2, -3, -1, 5, 1, 4, -1, 5, -2, 0, -1, 5, 0, 0, 3, 2, -2, -2, -3, 1, -3, 5, 2, 2},
       3, 3, {-2, 1, 2, 0, 2, -1, 0, -1, -2}, {2, 3}, {2, 1}, {2, 1}, 4, 2, {-12, -11, 1, -13, 14, 9, 3, -8}},
      {3, 3, {2, 1, -3, -1, -1, 1, 1, 1, 4}, 2, 2, {-2, -1, 2, 2}, {1, 1}, {1, 1}, {1, 1}, 4, 4,
       {4, 6, -4, -6, -4, -9, 1, 8, 3, 7, 11, 6, -1, -3, -6, -8}},
      {6, 7, {2, 4, 1, -3, 3, 2, -3, 4, 4, -3, -1, 4, 5, 0, -3, 4, -1, 1, 3, 2, 2, 1, 0, 0, -1, -2, -3, 1, 1, 1, 2, 3, 1, 4, 2, 2, -2, 5, 4, 0, -1, 3},
       4, 3, {-2, -2, 2, -1, 0, -1, -1, 2, 2, 2, 0, 0}, {3, 2}, {0, 2}, {1, 1}, 1, 5, {-6, 0, 18, -19, 6}},
  };
  for (const Case& c : cases) {
    const ForwardModel m = model(grid(c.h, c.w, c.x), grid(c.kh, c.kw, c.k), params(c.s, c.p, c.d));
    INFO("input " << c.h << "x" << c.w << " kernel " << c.kh << "x" << c.kw);
    CHECK(m.out_h == c.oh);
    CHECK(m.out_w == c.ow);
    CHECK(m.output.v == c.y);  // small integers: exact
  }
}

// ---------------------------------------------------------------- references
namespace {
// An independent formulation: pad the input explicitly, run core's conv2d_valid (stride 1),
// then keep every stride-th row and column.
Grid forward_by_padding_then_subsampling(const Grid& x, const Grid& k, const ConvTransposeParams& p) {
  Tensor4 xp(Shape4{1, 1, x.rows + 2 * p.padding.h, x.cols + 2 * p.padding.w});
  for (int64_t i = 0; i < x.rows; ++i)
    for (int64_t j = 0; j < x.cols; ++j) xp.at(0, 0, i + p.padding.h, j + p.padding.w) = x.at(i, j);
  Tensor4 w(Shape4{1, 1, k.rows, k.cols});
  w.data = k.v;
  const Tensor4 full = conv2d_valid(xp, w, p.dilation, 1);
  const int64_t oh = (full.shape.h - 1) / p.stride.h + 1, ow = (full.shape.w - 1) / p.stride.w + 1;
  Grid y(oh, ow);
  for (int64_t r = 0; r < oh; ++r)
    for (int64_t c = 0; c < ow; ++c) y.at(r, c) = full.at(0, 0, r * p.stride.h, c * p.stride.w);
  return y;
}
Grid random_ints(std::mt19937& rng, int64_t r, int64_t c, int lo, int hi) {
  std::uniform_int_distribution<int> d(lo, hi);
  Grid g(r, c);
  for (float& v : g.v) v = static_cast<float>(d(rng));
  return g;
}
}  // namespace

TEST_CASE("random: forward model = pad-convolve-subsample = the matrix C, and the steps add up", "[forward][random]") {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> size(1, 9), ks(1, 4), st(1, 3), pd(0, 2), dl(1, 3);
  int tested = 0;
  for (int iter = 0; iter < 400; ++iter) {
    const Grid k = random_ints(rng, ks(rng), ks(rng), -2, 2);
    const ConvTransposeParams p = params({st(rng), st(rng)}, {pd(rng), pd(rng)}, {dl(rng), dl(rng)});
    const Grid x = random_ints(rng, size(rng), size(rng), -3, 5);
    auto r = build_forward_model(ForwardConfig{x, k, p});
    if (!r.ok()) {
      // Only a too-small output may be refused here; say so.
      CHECK_THAT(r.error().message, Catch::Contains("too small"));
      continue;
    }
    ++tested;
    const ForwardModel& m = r.value();
    const Grid ref = forward_by_padding_then_subsampling(x, k, p);
    REQUIRE(ref.rows == m.out_h);
    REQUIRE(ref.cols == m.out_w);
    CHECK(ref.v == m.output.v);
    // C maps the N-size x to the M-size y: rows = M cells, cols = N cells.
    const DenseMatrix C = forward_conv_matrix(m.out_h, m.out_w, x.rows, x.cols, k.v, k.rows, k.cols, p);
    for (int64_t row = 0; row < C.rows; ++row) {
      float acc = 0;
      for (int64_t col = 0; col < C.cols; ++col) acc += C.at(row, col) * x.v[static_cast<size_t>(col)];
      CHECK(acc == m.output.v[static_cast<size_t>(row)]);
    }
    // Each step's taps: products sum to the value; padding taps counted; footprint consistent.
    for (size_t s = 0; s < m.steps.size(); ++s) {
      const auto taps = forward_taps(m, s);
      REQUIRE(taps.size() == k.v.size());
      float acc = 0;
      int64_t on_pad = 0;
      for (const ForwardTap& t : taps) {
        acc += t.x * t.w;
        on_pad += t.on_padding;
        if (t.on_padding) continue;
        const auto uses = forward_input_uses(m, t.in_r, t.in_c);
        const bool found = std::any_of(uses.begin(), uses.end(), [&](const Term& u) {
          return u.in_r == m.steps[s].out_r && u.in_c == m.steps[s].out_c && u.k_r == t.k_r && u.k_c == t.k_c;
        });
        CHECK(found);
      }
      CHECK(acc == m.steps[s].value);
      CHECK(on_pad == m.steps[s].padding_taps);
    }
    // Every use of every input element is one tap of one step (no extras).
    size_t uses_total = 0, real_taps = 0;
    for (int64_t i = 0; i < x.rows; ++i)
      for (int64_t j = 0; j < x.cols; ++j) uses_total += forward_input_uses(m, i, j).size();
    for (const ForwardStep& s : m.steps) real_taps += static_cast<size_t>(static_cast<int64_t>(k.v.size()) - s.padding_taps);
    CHECK(uses_total == real_taps);
  }
  CHECK(tested > 200);
}

// ---------------------------------------------------------------- steps and text
TEST_CASE("steps run in row-major output order; partial output fills cells in that order", "[forward]") {
  const ForwardModel m = model(ramp(5, 5), Grid(3, 3, 1.0f), ConvTransposeParams{});
  CHECK(forward_partial_output(m, 0).v == std::vector<float>(9, 0.0f));
  CHECK(forward_partial_output(m, 4).v == std::vector<float>{63, 72, 81, 108, 0, 0, 0, 0, 0});
  CHECK(forward_partial_output(m, 99).v == m.output.v);
  CHECK(forward_cell_sum_symbolic(m, 1, 0) ==
        "y[1,0] = x[1,0]*w[0,0] + x[1,1]*w[0,1] + x[1,2]*w[0,2] + x[2,0]*w[1,0] + x[2,1]*w[1,1] + x[2,2]*w[1,2] + "
        "x[3,0]*w[2,0] + x[3,1]*w[2,1] + x[3,2]*w[2,2] = 108");
  CHECK(forward_cell_sum_numeric(m, 1, 0) == "= 6*1 + 7*1 + 8*1 + 11*1 + 12*1 + 13*1 + 16*1 + 17*1 + 18*1 = 108");
}

TEST_CASE("patch windows in padded coordinates and the taps that fall on padding", "[forward]") {
  const ForwardModel m = model(ramp(3, 3), Grid(3, 3, 1.0f), params({1, 1}, {1, 1}, {1, 1}));
  // Step 0 = y[0,0]: window top-left at padded (0,0) = input (-1,-1); taps (0,*) and (*,0) are padding.
  const auto taps = forward_taps(m, 0);
  REQUIRE(taps.size() == 9);
  CHECK(taps[0].on_padding);
  CHECK(taps[0].in_r == -1);
  CHECK(taps[0].in_c == -1);
  CHECK(taps[0].x == 0);
  CHECK_FALSE(taps[4].on_padding);
  CHECK(taps[4].in_r == 0);
  CHECK(taps[4].in_c == 0);
  CHECK(taps[4].x == 1);
  CHECK(forward_cell_sum_symbolic(m, 0, 0) ==
        "y[0,0] = x[0,0]*w[1,1] + x[0,1]*w[1,2] + x[1,0]*w[2,1] + x[1,1]*w[2,2] = 12 (5 taps on padding add 0)");
  CHECK(forward_cell_sum_numeric(m, 0, 0) == "= 1*1 + 2*1 + 4*1 + 5*1 = 12");
  CHECK(forward_cell_sum_symbolic(m, 0, 1) ==
        "y[0,1] = x[0,0]*w[1,0] + x[0,1]*w[1,1] + x[0,2]*w[1,2] + x[1,0]*w[2,0] + x[1,1]*w[2,1] + x[1,2]*w[2,2] = 21 (3 taps on padding add 0)");
  // Hover on input (0,0): read by y[1,1] tap (0,0), y[1,0] tap (0,1), y[0,1] tap (1,0), y[0,0] tap (1,1)
  // (listed in kernel-tap order).
  const auto uses = forward_input_uses(m, 0, 0);
  REQUIRE(uses.size() == 4);
  CHECK((uses[0].in_r == 1 && uses[0].in_c == 1 && uses[0].k_r == 0 && uses[0].k_c == 0));
  CHECK((uses[3].in_r == 0 && uses[3].in_c == 0 && uses[3].k_r == 1 && uses[3].k_c == 1));
  CHECK(forward_input_uses(m, -1, 0).empty());

  // A patch entirely on padding, and negative numbers in brackets.
  const ForwardModel far = model(grid(1, 1, {-2}), grid(1, 2, {3, -1}), params({1, 1}, {1, 2}, {1, 1}));
  CHECK(forward_cell_sum_symbolic(far, 0, 0) == "y[0,0] = 0 (all 2 taps on padding)");
  CHECK(forward_cell_sum_numeric(far, 0, 0) == "= 0");
  CHECK(forward_cell_sum_symbolic(far, 1, 2) == "y[1,2] = x[0,0]*w[0,0] = -6 (1 tap on padding adds 0)");
  CHECK(forward_cell_sum_numeric(far, 1, 2) == "= (-2)*3 = -6");
}

// ---------------------------------------------------------------- round trip
TEST_CASE("round trip: the sizes a strided convolution maps to the same M, and their output_padding", "[forward]") {
  // Transposed k3 s2 p1 on 3 -> 5 (op 0) or 6 (op 1); the convolution maps both 5 and 6 to 3.
  const RoundTrip rt = round_trip(AxisParams{3, 3, 2, 1, 1, 0}, "height");
  CHECK(rt.m == 3);
  CHECK(rt.n == 5);
  REQUIRE(rt.sizes.size() == 2);
  CHECK(rt.sizes[0].size == 5);
  CHECK(rt.sizes[0].output_padding == 0);
  CHECK(rt.sizes[1].size == 6);
  CHECK(rt.sizes[1].output_padding == 1);
  CHECK(rt.current_is_round_trip);
  CHECK_THAT(rt.text, Catch::StartsWith("height: a convolution with kernel 3, stride 2, padding 1, dilation 1 maps 5 or 6 to 3"));
  CHECK_THAT(rt.text, Catch::Contains("back to 5 with output_padding 0 or to 6 with output_padding 1"));

  const RoundTrip one = round_trip(AxisParams{3, 3, 1, 0, 1, 0}, "width");
  REQUIRE(one.sizes.size() == 1);
  CHECK(one.sizes[0].size == 5);
  CHECK_THAT(one.text, Catch::Contains("maps only 5 to 3"));

  const RoundTrip three = round_trip(AxisParams{2, 3, 3, 0, 1, 2}, "height");
  REQUIRE(three.sizes.size() == 3);
  CHECK(three.sizes[2].size == 8);
  CHECK(three.n == 8);
  CHECK_THAT(three.text, Catch::Contains("6, 7 or 8 to 2"));

  // Heavy padding: sizes below 1 do not exist.
  const RoundTrip cropped = round_trip(AxisParams{1, 1, 3, 1, 1, 2}, "height");
  REQUIRE(cropped.sizes.size() == 1);
  CHECK(cropped.sizes[0].size == 1);
  CHECK(cropped.sizes[0].output_padding == 2);

  // output_padding >= stride, allowed by PyTorch because it is < dilation: not a round trip.
  const RoundTrip off = round_trip(AxisParams{3, 2, 1, 0, 3, 2}, "width");
  CHECK(off.n == 8);
  CHECK_FALSE(off.current_is_round_trip);
  CHECK_THAT(off.text, Catch::Contains("maps to 5, not 3"));
}

TEST_CASE("random: the round-trip list is exactly the sizes the convolution maps to M", "[forward][random]") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> in(1, 8), ks(1, 5), st(1, 4), pd(0, 3), dl(1, 3);
  for (int iter = 0; iter < 500; ++iter) {
    AxisParams a{in(rng), ks(rng), st(rng), pd(rng), dl(rng), 0};
    if (validate_axis(a, "height")) continue;
    const RoundTrip rt = round_trip(a, "height");
    std::vector<int64_t> brute;
    for (int64_t n = 1; n < 200; ++n)
      if (conv_output_size(n, a.kernel, a.stride, a.padding, a.dilation) == a.in) brute.push_back(n);
    REQUIRE(rt.sizes.size() == brute.size());
    for (size_t i = 0; i < brute.size(); ++i) {
      CHECK(rt.sizes[i].size == brute[i]);
      AxisParams t = a;
      t.output_padding = rt.sizes[i].output_padding;
      CHECK(t.output_padding < t.stride);
      CHECK_FALSE(validate_axis(t, "height"));
      CHECK(conv_transpose_output_size(t) == brute[i]);
    }
  }
}

// ---------------------------------------------------------------- adjoint
TEST_CASE("adjoint with real numbers: <C x, y> = <x, C^T y> on the seed's sizes", "[forward]") {
  // x: 5x5 ramp, y: 3x3 ramp, kernel 3x3 ones, s1 p0. C x = the 3x3 patch sums (63 72 81 / 108 ...).
  const Grid x = ramp(5, 5), y = ramp(3, 3), k = Grid(3, 3, 1.0f);
  auto r = adjoint_check(x, y, k, ConvTransposeParams{});
  REQUIRE(r.ok());
  const AdjointCheck& a = r.value();
  // <C x, y> = 63*1 + 72*2 + 81*3 + 108*4 + 117*5 + 126*6 + 153*7 + 162*8 + 171*9
  //          = 63 + 144 + 243 + 432 + 585 + 756 + 1071 + 1296 + 1539 = 6129.
  CHECK(a.lhs == 6129);
  CHECK(a.rhs == 6129);
  CHECK(a.cx.v == std::vector<float>{63, 72, 81, 108, 117, 126, 153, 162, 171});
  CHECK(a.cty.rows == 5);
  CHECK_THAT(a.text, Catch::StartsWith("<C x, y> = 63*1 + 72*2 + 81*3 + ... + 162*8 + 171*9 = 6129 (9 terms)\n<x, C^T y> = "));
  CHECK_THAT(a.text, Catch::Contains("= 6129 (25 terms)"));
  CHECK_THAT(a.text, Catch::Contains("equal"));

  auto wrong_y = adjoint_check(x, ramp(4, 4), k, ConvTransposeParams{});
  REQUIRE_FALSE(wrong_y.ok());
  CHECK_THAT(wrong_y.error().message, Catch::Contains("Give y of size 3x3"));
  // k3 s2 p1 maps 6 to 3, but the transposed conv of 3 gives 5 unless output_padding is 1.
  auto wrong_op = adjoint_check(ramp(6, 6), ramp(3, 3), k, params({2, 2}, {1, 1}, {1, 1}));
  REQUIRE_FALSE(wrong_op.ok());
  CHECK_THAT(wrong_op.error().message, Catch::Contains("Use output_padding 1,1"));
  CHECK(adjoint_check(ramp(6, 6), ramp(3, 3), k, params({2, 2}, {1, 1}, {1, 1}, {1, 1})).ok());
}

TEST_CASE("random: the adjoint identity holds for every parameter combination", "[forward][random]") {
  std::mt19937 rng(99);
  std::uniform_int_distribution<int> size(1, 10), ks(1, 4), st(1, 3), pd(0, 2), dl(1, 2);
  int tested = 0;
  for (int iter = 0; iter < 300; ++iter) {
    const Grid k = random_ints(rng, ks(rng), ks(rng), -2, 2);
    ConvTransposeParams p = params({st(rng), st(rng)}, {pd(rng), pd(rng)}, {dl(rng), dl(rng)});
    const Grid x = random_ints(rng, size(rng), size(rng), -3, 3);
    const AxisParams fh{x.rows, k.rows, p.stride.h, p.padding.h, p.dilation.h, 0};
    const AxisParams fw{x.cols, k.cols, p.stride.w, p.padding.w, p.dilation.w, 0};
    if (validate_conv_axis(fh, "height") || validate_conv_axis(fw, "width")) continue;
    const Grid y = random_ints(rng, conv_output_size(fh), conv_output_size(fw), -3, 3);
    // The output_padding that makes C^T y come back to x's size.
    p.output_padding = {x.rows - conv_transpose_output_size(y.rows, k.rows, p.stride.h, p.padding.h, p.dilation.h, 0),
                        x.cols - conv_transpose_output_size(y.cols, k.cols, p.stride.w, p.padding.w, p.dilation.w, 0)};
    auto r = adjoint_check(x, y, k, p);
    REQUIRE(r.ok());
    ++tested;
    CHECK(r.value().lhs == r.value().rhs);  // small integers: exact in double
  }
  CHECK(tested > 150);
}

TEST_CASE("paired view: transposed M -> N, forward N -> M, round trips and the adjoint", "[forward]") {
  TeachingConfig c;
  c.input = ramp(3, 3);
  c.kernel = Grid(3, 3, 1.0f);
  c.params = params({2, 2}, {1, 1}, {1, 1}, {1, 1});  // conv_arithmetic's odd case: 3x3 -> 6x6
  auto r = build_paired_view(c, Grid());
  REQUIRE(r.ok());
  const PairedView& v = r.value();
  CHECK(v.transposed.out_h == 6);
  CHECK(v.forward.config.input.rows == 6);
  CHECK(v.forward.config.input.v[35] == 36);  // the default ramp
  CHECK(v.forward.out_h == 3);
  CHECK(v.forward.out_w == 3);
  REQUIRE(v.h.sizes.size() == 2);
  CHECK(v.h.current_is_round_trip);
  REQUIRE(v.adjoint);
  CHECK(v.adjoint->lhs == v.adjoint->rhs);

  CHECK_FALSE(build_paired_view(c, ramp(5, 5)).ok());  // x must be N-size

  // output_padding 1 with stride 1 (allowed by dilation 2): no adjoint, and a reason.
  TeachingConfig d = c;
  d.params = params({1, 1}, {0, 0}, {2, 2}, {1, 1});
  auto rd = build_paired_view(d, Grid());
  REQUIRE(rd.ok());
  CHECK_FALSE(rd.value().adjoint);
  CHECK_THAT(rd.value().adjoint_unavailable, Catch::Contains("output_padding"));
  CHECK(rd.value().forward.out_h == 4);  // 8 -> 4, not 3
}
