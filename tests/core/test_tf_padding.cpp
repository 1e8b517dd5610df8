// TensorFlow/Keras's 'same'/'valid' convention (core/tf_padding.h). Sections:
//   1. helpers: TensorFlow's definition written out (the gradient of its forward convolution)
//   2. hand-worked axis plans: sizes, crops, the PyTorch equivalent or why there is none
//   3. hand-worked values: 1-D rows and a 2-D case, and the one-cell shift of the usual port
//   4. TensorFlow's own numbers: tests/data/golden_tf_conv_transpose.txt (TensorFlow.js)
//   5. formulas against TensorFlow's forward-convolution padding rule, and random cases
//   6. errors
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "core/conv_transpose.h"
#include "core/tf_padding.h"

using namespace tconv;

namespace {

// ---------------------------------------------------------------- 1. helpers

Tensor4 tensor(Shape4 s, std::vector<float> v) {
  Tensor4 t(s);
  REQUIRE(v.size() == t.data.size());
  t.data = std::move(v);
  return t;
}

TfConvTransposeParams tf_params(TfPadding padding, Pair s, Pair d = {1, 1}, int64_t g = 1) {
  TfConvTransposeParams p;
  p.padding = padding;
  p.stride = s;
  p.dilation = d;
  p.groups = g;
  return p;
}

Tensor4 tf(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, const TfConvTransposeParams& p) {
  auto y = conv_transpose2d_tf(x, w, bias, p, 1);
  REQUIRE(y.ok());
  return y.value();
}

// TensorFlow's forward-convolution padding for an input of `out` cells (TensorFlow's
// GetWindowedOutputSize / tfjs getPadAndOutInfo): the transposed convolution crops exactly this.
struct TfForward {
  int64_t out = 0, pad_top = 0, pad_bottom = 0;
};
TfForward tf_forward(int64_t n, int64_t k_eff, int64_t s, TfPadding padding) {
  TfForward f;
  if (padding == TfPadding::same) {
    f.out = (n + s - 1) / s;
    const int64_t total = std::max<int64_t>((f.out - 1) * s + k_eff - n, 0);
    f.pad_top = total / 2;
    f.pad_bottom = total - f.pad_top;
  } else {
    f.out = (n - k_eff + s) / s;  // ceil((n - k_eff + 1) / s)
  }
  return f;
}

// TensorFlow's transposed convolution by its definition, independent of the PyTorch-convention
// code: the adjoint of the forward convolution with TensorFlow's padding, i.e. input cell (i, j)
// adds x * w[a, b] at output (i*s + a*d - pad_top, j*s + b*d - pad_left) when that lies inside.
Tensor4 tf_by_definition(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                         const TfConvTransposeParams& p) {
  const int64_t g = p.groups, cin_g = x.shape.c / g, cout_g = w.shape.c;
  const int64_t keh = p.dilation.h * (w.shape.h - 1) + 1, kew = p.dilation.w * (w.shape.w - 1) + 1;
  const int64_t vh = p.padding == TfPadding::valid ? std::max<int64_t>(keh - p.stride.h, 0) : 0;
  const int64_t vw = p.padding == TfPadding::valid ? std::max<int64_t>(kew - p.stride.w, 0) : 0;
  const int64_t oh = x.shape.h * p.stride.h + vh, ow = x.shape.w * p.stride.w + vw;
  const TfForward fh = tf_forward(oh, keh, p.stride.h, p.padding), fw = tf_forward(ow, kew, p.stride.w, p.padding);
  REQUIRE(fh.out == x.shape.h);  // TensorFlow accepts this output size
  REQUIRE(fw.out == x.shape.w);
  Tensor4 y(Shape4{x.shape.n, cout_g * g, oh, ow});
  for (int64_t n = 0; n < x.shape.n; ++n)
    for (int64_t c = 0; c < x.shape.c; ++c)
      for (int64_t o = 0; o < cout_g; ++o)
        for (int64_t i = 0; i < x.shape.h; ++i)
          for (int64_t j = 0; j < x.shape.w; ++j)
            for (int64_t a = 0; a < w.shape.h; ++a)
              for (int64_t b = 0; b < w.shape.w; ++b) {
                const int64_t r = i * p.stride.h + a * p.dilation.h - fh.pad_top;
                const int64_t q = j * p.stride.w + b * p.dilation.w - fw.pad_top;
                if (r < 0 || r >= oh || q < 0 || q >= ow) continue;
                y.at(n, (c / cin_g) * cout_g + o, r, q) += x.at(n, c, i, j) * w.at(c, o, a, b);
              }
  if (!bias.empty())
    for (int64_t n = 0; n < y.shape.n; ++n)
      for (int64_t c = 0; c < y.shape.c; ++c)
        for (int64_t r = 0; r < oh; ++r)
          for (int64_t q = 0; q < ow; ++q) y.at(n, c, r, q) += bias[static_cast<size_t>(c)];
  return y;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(double(a[i]) - double(b[i])));
  return m;
}

TfAxisPlan plan(int64_t in, int64_t k, int64_t s, int64_t d, TfPadding padding, const char* axis = "height") {
  auto r = tf_axis_plan(TfAxis{in, k, s, d, padding}, axis);
  REQUIRE(r.ok());
  return r.value();
}

}  // namespace

// ---------------------------------------------------------------- 2. hand-worked axis plans

TEST_CASE("tf_padding: axis plans worked by hand", "[tf][hand]") {
  const auto same = TfPadding::same, valid = TfPadding::valid;
  struct Row {
    int64_t in, k, s, d;
    TfPadding padding;
    int64_t k_eff, full, out, pad_before, pad_after, zeros_after;
    std::optional<PyTorchPadding> pytorch, shifted;
  };
  using P = PyTorchPadding;
  const std::optional<P> none;
  // full = (in - 1)*s + k_eff; same: out = in*s; valid: out = in*s + max(k_eff - s, 0).
  const Row rows[] = {
      // k 3, s 2: full 7, 'same' crops 1 -- odd: none at the top, one at the bottom.
      {3, 3, 2, 1, same, 3, 7, 6, 0, 1, 0, none, P{1, 1}},
      {3, 3, 2, 1, valid, 3, 7, 7, 0, 0, 0, P{0, 0}, none},
      // k 4, s 2 (DCGAN): full 8, 'same' crops 2, one each side = PyTorch padding 1.
      {3, 4, 2, 1, same, 4, 8, 6, 1, 1, 0, P{1, 0}, none},
      {3, 4, 2, 1, valid, 4, 8, 8, 0, 0, 0, P{0, 0}, none},
      // k 2, s 3: the kernel is narrower than the stride; full 5, out 6: one zero cell appended.
      {2, 2, 3, 1, same, 2, 5, 6, 0, 0, 1, P{0, 1}, none},
      {2, 2, 3, 1, valid, 2, 5, 6, 0, 0, 1, P{0, 1}, none},
      // k 5, s 2: full 11, out 8, crop 3 = 1 + 2.
      {4, 5, 2, 1, same, 5, 11, 8, 1, 2, 0, none, P{2, 1}},
      // k 3, s 1: full 6, out 4, crop 1 + 1 (PyTorch's padding = (k-1)/2).
      {4, 3, 1, 1, same, 3, 6, 4, 1, 1, 0, P{1, 0}, none},
      // k 2, s 1: crop 1, odd; output_padding 1 is not allowed at stride 1, so not even the shifted port.
      {4, 2, 1, 1, same, 2, 5, 4, 0, 1, 0, none, none},
      // k 2, s 1, dilation 2: k_eff 3, full 6, crop 2; the shifted port would need op 1 < dilation.
      {4, 2, 1, 2, same, 3, 6, 4, 1, 1, 0, P{1, 0}, none},
      // k 3, d 2, s 2: k_eff 5, full 9, out 6, crop 3 = 1 + 2.
      {3, 3, 2, 2, same, 5, 9, 6, 1, 2, 0, none, P{2, 1}},
      {3, 3, 2, 2, valid, 5, 9, 9, 0, 0, 0, P{0, 0}, none},
      // k 2, d 2, s 4: k_eff 3 < 4; full 11, out 12.
      {3, 2, 4, 2, same, 3, 11, 12, 0, 0, 1, P{0, 1}, none},
      // k 1, s 3: full 4 (in 2), out 6: two zero cells.
      {2, 1, 3, 1, valid, 1, 4, 6, 0, 0, 2, P{0, 2}, none},
  };
  for (const Row& r : rows) {
    INFO("in " << r.in << " k " << r.k << " s " << r.s << " d " << r.d << " " << tf_padding_name(r.padding));
    const TfAxisPlan t = plan(r.in, r.k, r.s, r.d, r.padding);
    CHECK(t.kernel_eff == r.k_eff);
    CHECK(t.full == r.full);
    CHECK(t.out == r.out);
    CHECK(t.pad_before == r.pad_before);
    CHECK(t.pad_after == r.pad_after);
    CHECK(t.zeros_after == r.zeros_after);
    CHECK(t.pytorch == r.pytorch);
    CHECK(t.pytorch_shifted == r.shifted);
    // Where PyTorch has an equivalent, its own size formula agrees.
    if (t.pytorch)
      CHECK(conv_transpose_output_size(r.in, r.k, r.s, t.pytorch->padding, r.d, t.pytorch->output_padding) == t.out);
  }
}

TEST_CASE("tf_padding: the explanation says where TensorFlow crops and what PyTorch can do", "[tf][hand]") {
  const TfAxisPlan odd = plan(3, 3, 2, 1, TfPadding::same, "height");
  CHECK(odd.explanation ==
        "TensorFlow crops 1 of the 7 cells, 0 at the top and 1 at the bottom; PyTorch crops both sides equally, so no "
        "padding/output_padding gives this (padding=1, output_padding=1 has the same size but is shifted by one row): "
        "use padding=0 and drop the last row (y[..., :-1, :]).");
  const TfAxisPlan odd_w = plan(4, 2, 1, 1, TfPadding::same, "width");
  CHECK(odd_w.explanation ==
        "TensorFlow crops 1 of the 5 cells, 0 at the left and 1 at the right; PyTorch crops both sides equally, so no "
        "padding/output_padding gives this: use padding=0 and drop the last column (y[..., :-1]).");
  CHECK(plan(3, 4, 2, 1, TfPadding::same).explanation ==
        "TensorFlow crops 2 of the 8 cells, 1 at the top and 1 at the bottom: PyTorch padding=1, output_padding=0.");
  CHECK(plan(3, 3, 2, 1, TfPadding::valid).explanation ==
        "TensorFlow keeps all 7 cells (nothing to crop): PyTorch padding=0, output_padding=0.");
  CHECK(plan(2, 2, 3, 1, TfPadding::same).explanation ==
        "the kernel spans 2 cells, less than the stride 3, so TensorFlow adds 1 cell of zeros at the bottom: PyTorch "
        "padding=0, output_padding=1.");
  CHECK(tf_output_size_formula(TfAxis{4, 3, 2, 1, TfPadding::same}) == "4 x 2 = 8");
  CHECK(tf_output_size_formula(TfAxis{4, 3, 2, 2, TfPadding::valid}) == "4 x 2 + max(5 - 2, 0) = 11");
  CHECK(tf_output_size_formula(TfAxis{4, 1, 3, 1, TfPadding::valid}) == "4 x 3 + max(1 - 3, 0) = 12");
}

TEST_CASE("tf_padding: names", "[tf]") {
  CHECK(tf_padding_from_name("same") == TfPadding::same);
  CHECK(tf_padding_from_name("valid") == TfPadding::valid);
  CHECK_FALSE(tf_padding_from_name("full").has_value());
  CHECK_FALSE(tf_padding_from_name("").has_value());
  CHECK(std::string(tf_padding_name(TfPadding::same)) == "same");
  CHECK(std::string(tf_padding_name(TfPadding::valid)) == "valid");
}

// ---------------------------------------------------------------- 3. hand-worked values

TEST_CASE("tf_padding: a 1x3 row, kernel 3, stride 2, by hand", "[tf][hand]") {
  // x = [1 2 3], w = [1 10 100]. Placements start at 0, 2, 4; the full output (7 cells):
  //   [1, 10, 100+2, 20, 200+3, 30, 300] = [1 10 102 20 203 30 300]
  const Tensor4 x = tensor({1, 1, 1, 3}, {1, 2, 3});
  const Tensor4 w = tensor({1, 1, 1, 3}, {1, 10, 100});
  const Pair s{1, 2};
  // 'valid': 3*2 + max(3 - 2, 0) = 7, nothing cropped.
  const Tensor4 valid = tf(x, w, {}, tf_params(TfPadding::valid, s));
  CHECK(valid.shape == Shape4{1, 1, 1, 7});
  CHECK(valid.data == std::vector<float>{1, 10, 102, 20, 203, 30, 300});
  // 'same': 3*2 = 6; crop 1 = 0 at the left + 1 at the right: the last cell goes.
  const Tensor4 same = tf(x, w, {}, tf_params(TfPadding::same, s));
  CHECK(same.shape == Shape4{1, 1, 1, 6});
  CHECK(same.data == std::vector<float>{1, 10, 102, 20, 203, 30});
  // The usual port, PyTorch padding 1 + output_padding 1: same size, but the first cell went.
  ConvTransposeParams port;
  port.stride = s;
  port.padding = {0, 1};
  port.output_padding = {0, 1};
  const Tensor4 shifted = conv_transpose2d_scatter(x, w, {}, port);
  CHECK(shifted.shape == same.shape);
  CHECK(shifted.data == std::vector<float>{10, 102, 20, 203, 30, 300});
}

TEST_CASE("tf_padding: a 1x3 row, kernel 4 (even crop) and kernel 2 at stride 3 (zeros), by hand", "[tf][hand]") {
  // w = [1 10 100 1000], stride 2: full = [1 10 102 1020 203 2030 300 3000] (8 cells).
  const Tensor4 x = tensor({1, 1, 1, 3}, {1, 2, 3});
  const Tensor4 w4 = tensor({1, 1, 1, 4}, {1, 10, 100, 1000});
  CHECK(tf(x, w4, {}, tf_params(TfPadding::valid, {1, 2})).data ==
        std::vector<float>{1, 10, 102, 1020, 203, 2030, 300, 3000});
  // 'same': 6 cells, crop 2 = 1 + 1 (PyTorch padding 1).
  CHECK(tf(x, w4, {}, tf_params(TfPadding::same, {1, 2})).data == std::vector<float>{10, 102, 1020, 203, 2030, 300});
  // x = [1 2], w = [1 10], stride 3: placements at 0 and 3 -> [1 10 0 2 20] (5 cells); both
  // paddings give 2*3 = 6 cells: a zero follows (PyTorch output_padding 1).
  const Tensor4 x2 = tensor({1, 1, 1, 2}, {1, 2});
  const Tensor4 w2 = tensor({1, 1, 1, 2}, {1, 10});
  for (TfPadding p : {TfPadding::same, TfPadding::valid})
    CHECK(tf(x2, w2, {}, tf_params(p, {1, 3})).data == std::vector<float>{1, 10, 0, 2, 20, 0});
}

TEST_CASE("tf_padding: 2x2 input, 3x3 ones kernel, stride 2, 'same', by hand", "[tf][hand]") {
  // Full 5x5 output: rows 0-1 get x row 0, row 2 both, rows 3-4 x row 1 (same for columns):
  //   1 1  3 2 2
  //   1 1  3 2 2
  //   4 4 10 6 6
  //   3 3  7 4 4
  //   3 3  7 4 4
  // 'same' is 4x4: the last row and column are cropped (0 at the top/left, 1 at the bottom/right).
  const Tensor4 x = tensor({1, 1, 2, 2}, {1, 2, 3, 4});
  const Tensor4 w = tensor({1, 1, 3, 3}, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  const Tensor4 y = tf(x, w, {}, tf_params(TfPadding::same, {2, 2}));
  CHECK(y.shape == Shape4{1, 1, 4, 4});
  CHECK(y.data == std::vector<float>{1, 1, 3, 2,
                                     1, 1, 3, 2,
                                     4, 4, 10, 6,
                                     3, 3, 7, 4});
  // PyTorch padding 1, output_padding 1 keeps rows/columns 1-4 instead.
  ConvTransposeParams port;
  port.stride = {2, 2};
  port.padding = {1, 1};
  port.output_padding = {1, 1};
  CHECK(conv_transpose2d_scatter(x, w, {}, port).data == std::vector<float>{1, 3, 2, 2,
                                                                            4, 10, 6, 6,
                                                                            3, 7, 4, 4,
                                                                            3, 7, 4, 4});
  // 'valid' keeps the full 5x5.
  CHECK(tf(x, w, {}, tf_params(TfPadding::valid, {2, 2})).data ==
        std::vector<float>{1, 1, 3, 2, 2, 1, 1, 3, 2, 2, 4, 4, 10, 6, 6, 3, 3, 7, 4, 4, 3, 3, 7, 4, 4});
}

TEST_CASE("tf_padding: crop_bottom_right keeps the top-left of every plane", "[tf][hand]") {
  const Tensor4 y = tensor({1, 2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK(crop_bottom_right(y, 1, 2).data == std::vector<float>{1, 2, 7, 8});
  CHECK(crop_bottom_right(y, 2, 3).data == y.data);
}

// ---------------------------------------------------------------- 4. TensorFlow's own numbers

namespace {

struct TfGolden {
  std::string name, via;
  Tensor4 x, w, y;
  std::vector<float> bias;
  int64_t bias_len = -1;
  TfConvTransposeParams p;
  int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
};

std::vector<float> values(std::istringstream& in) {
  std::vector<float> v;
  double d;
  while (in >> d) v.push_back(static_cast<float>(d));
  return v;
}

std::vector<TfGolden> load_tf_golden() {
  const std::string path = std::string(TCONV_TEST_DATA_DIR) + "/golden_tf_conv_transpose.txt";
  std::ifstream f(path);
  REQUIRE(f.good());  // regenerate with tests/tools/make_tf_golden.sh
  std::vector<TfGolden> cases;
  TfGolden c;
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "case") {
      c = TfGolden{};
      in >> c.name;
    } else if (key == "shape") {
      std::string bar;
      in >> c.x.shape.n >> c.x.shape.c >> c.x.shape.h >> c.x.shape.w >> bar >> c.w.shape.n >> c.w.shape.c >>
          c.w.shape.h >> c.w.shape.w >> bar >> c.bias_len;
    } else if (key == "tf") {
      std::string padding;
      in >> padding >> c.p.stride.h >> c.p.stride.w >> c.p.dilation.h >> c.p.dilation.w >> c.p.groups;
      const auto tp = tf_padding_from_name(padding);
      REQUIRE(tp.has_value());
      c.p.padding = *tp;
    } else if (key == "tfpad") {
      in >> c.pad_top >> c.pad_bottom >> c.pad_left >> c.pad_right;
    } else if (key == "via") {
      in >> c.via;
    } else if (key == "x") {
      c.x.data = values(in);
    } else if (key == "w") {
      c.w.data = values(in);
    } else if (key == "b") {
      c.bias = values(in);
    } else if (key == "y") {
      in >> c.y.shape.n >> c.y.shape.c >> c.y.shape.h >> c.y.shape.w;
      c.y.data = values(in);
    } else if (key == "end") {
      REQUIRE(c.x.data.size() == static_cast<size_t>(c.x.shape.count()));
      REQUIRE(c.w.data.size() == static_cast<size_t>(c.w.shape.count()));
      REQUIRE(c.y.data.size() == static_cast<size_t>(c.y.shape.count()));
      REQUIRE(c.bias.size() == static_cast<size_t>(std::max<int64_t>(c.bias_len, 0)));
      cases.push_back(c);
    }
  }
  return cases;
}

// float32 sums of at most ~100 products of values in [-1, 1] (outputs up to ~10), in another order
// than TensorFlow.js (which sums in float64): a few float32 ulps of the largest output.
constexpr double kTol = 1e-5;

}  // namespace

TEST_CASE("tf_padding: sizes, crops and values equal TensorFlow's on the golden table", "[tf][golden]") {
  const auto cases = load_tf_golden();
  REQUIRE(cases.size() >= 70);
  double worst = 0;
  int odd = 0, even = 0, zeros = 0, keras = 0, strides[5] = {};
  for (const auto& c : cases) {
    INFO("tf golden case " << c.name);
    auto planned = tf_conv_transpose_plan(c.x.shape, c.w.shape, c.bias_len, c.p);
    REQUIRE(planned.ok());
    const TfPlan& t = planned.value();
    CHECK(t.output == c.y.shape);
    // TensorFlow's forward-convolution padding is the crop; when the kernel is narrower than the
    // stride it pads nothing and the zeros come from the larger output.
    CHECK(t.h.pad_before == c.pad_top);
    CHECK(t.h.pad_after == c.pad_bottom);
    CHECK(t.w.pad_before == c.pad_left);
    CHECK(t.w.pad_after == c.pad_right);
    const Tensor4 y = tf(c.x, c.w, c.bias, c.p);
    REQUIRE(y.shape == c.y.shape);
    const double diff = max_abs_diff(y.data, c.y.data);
    CHECK(diff <= kTol);
    worst = std::max(worst, diff);
    // Coverage of the table itself.
    for (const TfAxisPlan* a : {&t.h, &t.w}) {
      odd += (a->pad_before + a->pad_after) % 2 == 1;
      even += a->pad_before > 0 && a->pad_before == a->pad_after;
      zeros += a->zeros_after > 0;
    }
    keras += c.via == "keras";
    if (c.p.stride.h <= 4) ++strides[c.p.stride.h];
  }
  CHECK(odd > 10);
  CHECK(even > 10);
  CHECK(zeros > 10);
  CHECK(keras >= 50);
  for (int s = 1; s <= 4; ++s) CHECK(strides[s] >= 10);
  std::cout << "tf golden: " << cases.size() << " TensorFlow.js configurations, max abs diff " << worst << "\n";
}

TEST_CASE("tf_padding: the PyTorch equivalent gives TensorFlow's output exactly; the usual port is shifted", "[tf][golden]") {
  int exact = 0, shifted = 0;
  for (const auto& c : load_tf_golden()) {
    INFO("tf golden case " << c.name);
    auto planned = tf_conv_transpose_plan(c.x.shape, c.w.shape, c.bias_len, c.p);
    REQUIRE(planned.ok());
    const TfPlan& t = planned.value();
    const TfAxisPlan* axes[] = {&t.h, &t.w};
    const bool has_exact = t.h.pytorch && t.w.pytorch;
    // Exactly when every crop is even (or zeros are appended) does an equivalent exist.
    for (const TfAxisPlan* a : axes) CHECK(a->pytorch.has_value() == ((a->pad_before + a->pad_after) % 2 == 0));
    ConvTransposeParams q;
    q.stride = c.p.stride;
    q.dilation = c.p.dilation;
    q.groups = c.p.groups;
    if (has_exact) {
      q.padding = {t.h.pytorch->padding, t.w.pytorch->padding};
      q.output_padding = {t.h.pytorch->output_padding, t.w.pytorch->output_padding};
      const Tensor4 y = conv_transpose2d_scatter(c.x, c.w, c.bias, q);
      REQUIRE(y.shape == c.y.shape);
      CHECK(max_abs_diff(y.data, c.y.data) <= kTol);
      ++exact;
    } else {
      // The port with padding + 1 and output_padding 1 on the odd axes: TensorFlow's size, but its
      // cell (i, j) is TensorFlow's (i + dh, j + dw) -- the first row/column is lost.
      bool possible = true;
      const PyTorchPadding* chosen[2];
      for (int i = 0; i < 2; ++i) {
        chosen[i] = axes[i]->pytorch ? &*axes[i]->pytorch : (axes[i]->pytorch_shifted ? &*axes[i]->pytorch_shifted : nullptr);
        possible = possible && chosen[i] != nullptr;
      }
      if (!possible) continue;  // stride 1 and dilation 1 on an odd axis: PyTorch cannot even match the size
      q.padding = {chosen[0]->padding, chosen[1]->padding};
      q.output_padding = {chosen[0]->output_padding, chosen[1]->output_padding};
      const Tensor4 y = conv_transpose2d_scatter(c.x, c.w, c.bias, q);
      REQUIRE(y.shape == c.y.shape);
      const int64_t dh = t.h.pytorch ? 0 : 1, dw = t.w.pytorch ? 0 : 1;
      double diff_shifted = 0;
      for (int64_t n = 0; n < y.shape.n; ++n)
        for (int64_t ch = 0; ch < y.shape.c; ++ch)
          for (int64_t r = 0; r + dh < y.shape.h; ++r)
            for (int64_t col = 0; col + dw < y.shape.w; ++col)
              diff_shifted = std::max(diff_shifted, std::abs(double(y.at(n, ch, r, col)) - c.y.at(n, ch, r + dh, col + dw)));
      CHECK(diff_shifted <= kTol);
      CHECK(max_abs_diff(y.data, c.y.data) > 1e-3);  // and it is not TensorFlow's output
      ++shifted;
    }
  }
  CHECK(exact >= 20);
  CHECK(shifted >= 10);
}

// ---------------------------------------------------------------- 5. formulas and random cases

TEST_CASE("tf_padding: sizes and crops follow TensorFlow's forward-convolution rule, dilation included", "[tf]") {
  for (int64_t in = 1; in <= 7; ++in)
    for (int64_t k = 1; k <= 6; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t d = 1; d <= 3; ++d)
          for (TfPadding padding : {TfPadding::same, TfPadding::valid}) {
            INFO("in " << in << " k " << k << " s " << s << " d " << d << " " << tf_padding_name(padding));
            const TfAxisPlan t = plan(in, k, s, d, padding);
            // TensorFlow accepts the output size: its forward convolution maps it back to `in`,
            const TfForward f = tf_forward(t.out, t.kernel_eff, s, padding);
            CHECK(f.out == in);
            // and the forward convolution's padding is exactly what is cropped.
            CHECK(t.pad_before == f.pad_top);
            CHECK(t.pad_after == f.pad_bottom);
            CHECK(t.full - t.pad_before - t.pad_after + t.zeros_after == t.out);
          }
}

TEST_CASE("tf_padding: random configurations equal TensorFlow's definition", "[tf][random]") {
  std::mt19937 rng(20261201);
  std::uniform_int_distribution<int> small(1, 4);
  std::uniform_real_distribution<float> val(-1, 1);
  double worst = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const int64_t g = small(rng) <= 2 ? 1 : small(rng) % 2 + 1;
    const int64_t cin = g * small(rng), coutg = small(rng);
    TfConvTransposeParams p = tf_params(trial % 2 ? TfPadding::same : TfPadding::valid, {small(rng), small(rng)},
                                        {small(rng) <= 3 ? 1 : 2, small(rng) <= 3 ? 1 : 3}, g);
    Tensor4 x(Shape4{small(rng) <= 3 ? 1 : 2, cin, small(rng) + 1, small(rng) + 2});
    Tensor4 w(Shape4{cin, coutg, small(rng) + (trial % 3 == 0), small(rng)});
    for (float& v : x.data) v = val(rng);
    for (float& v : w.data) v = val(rng);
    std::vector<float> bias;
    if (trial % 4 == 0)
      for (int64_t c = 0; c < coutg * g; ++c) bias.push_back(val(rng));
    INFO("trial " << trial);
    const Tensor4 y = tf(x, w, bias, p);
    const Tensor4 ref = tf_by_definition(x, w, bias, p);
    REQUIRE(y.shape == ref.shape);
    const double diff = max_abs_diff(y.data, ref.data);
    CHECK(diff <= 1e-5);
    worst = std::max(worst, diff);
  }
  INFO("max abs diff " << worst);
  SUCCEED();
}

// ---------------------------------------------------------------- 6. errors

TEST_CASE("tf_padding: impossible parameters are errors that say what to fix", "[tf][errors]") {
  auto bad_axis = [](TfAxis a) {
    auto r = tf_axis_plan(a, "width");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK_THAT(bad_axis({3, 3, 0, 1, TfPadding::same}), Catch::Contains("stride (width) is 0"));
  CHECK_THAT(bad_axis({3, 0, 2, 1, TfPadding::same}), Catch::Contains("kernel width is 0"));
  CHECK_THAT(bad_axis({0, 3, 2, 1, TfPadding::valid}), Catch::Contains("input width is 0"));
  CHECK_THAT(bad_axis({3, 3, 2, 0, TfPadding::same}), Catch::Contains("dilation (width) is 0"));
  // The full output fits, but TensorFlow's 'same' size (in*stride) is too large.
  CHECK_THAT(bad_axis({1, 1, kMaxElements + 1, 1, TfPadding::same}), Catch::Contains("more than this tool allocates"));
  CHECK_THAT(bad_axis({kMaxElements, 3, 2, 1, TfPadding::valid}), Catch::Contains("more than this tool allocates"));

  const TfConvTransposeParams p = tf_params(TfPadding::same, {2, 2}, {1, 1}, 2);
  auto whole = [&](Shape4 x, Shape4 w, int64_t bias_len) {
    auto r = tf_conv_transpose_plan(x, w, bias_len, p);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
  };
  CHECK_THAT(whole({1, 3, 4, 4}, {3, 1, 3, 3}, -1), Catch::Contains("not divisible by groups = 2"));
  CHECK_THAT(whole({1, 4, 4, 4}, {2, 1, 3, 3}, -1), Catch::Contains("the weight is for 2 input channels"));
  CHECK_THAT(whole({1, 4, 4, 4}, {4, 3, 3, 3}, 5), Catch::Contains("the bias has 5 values, but the output has 6"));
  // And the compute function returns the same errors instead of computing.
  auto r = conv_transpose2d_tf(Tensor4({1, 3, 2, 2}), Tensor4({3, 1, 3, 3}), {}, p, 1);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("groups"));
}
