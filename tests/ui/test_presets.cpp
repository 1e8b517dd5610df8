// Configuration presets, value presets and the editor that turns controls into a config.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "core/conv_transpose.h"
#include "ui/app_state.h"
#include "ui/editor.h"
#include "core/tf_padding.h"
#include "ui/presets.h"
#include "ui/shell/explain.h"
#include "ui/views/layout.h"

using namespace tconv;
using namespace tconv::ui;

TEST_CASE("every configuration preset builds a valid teaching model of the advertised size", "[presets]") {
  // name -> output size (square), worked out from out = (in-1)s - 2p + d(k-1) + op + 1.
  const std::map<std::string, int64_t> expected = {
      {"seed", 5},       {"no_padding_no_strides", 4}, {"padding", 5},          {"same", 5},
      {"full", 5},       {"no_padding_strides", 5},    {"padding_strides", 5},  {"padding_strides_odd", 6},
      {"dcgan", 8},      {"unet", 8},                  {"distill", 9},          {"bilinear", 8},
      {"dilated", 7},    {"1d", 9},
  };
  // Presets whose output is not square: name -> rows (the columns are in `expected`).
  const std::map<std::string, int64_t> rows = {{"1d", 1}};
  std::set<std::string> names;
  for (const ConfigPreset& p : config_presets()) {
    INFO("preset " << p.name);
    CHECK(names.insert(p.name).second);  // unique
    CHECK(p.name.find(' ') == std::string::npos);
    CHECK_FALSE(p.story.empty());
    EditorSettings e;
    apply_preset(e, p);
    CHECK_FALSE(e.modified);
    CHECK(e.input.rows == e.in.h);
    CHECK(e.kernel_values.rows == e.kernel.h);
    const Result<TeachingModel> m = build_teaching_model(to_config(e));
    REQUIRE(m.ok());
    REQUIRE(expected.count(p.name) == 1);
    CHECK(m.value().out_h == (rows.count(p.name) ? rows.at(p.name) : expected.at(p.name)));
    CHECK(m.value().out_w == expected.at(p.name));
  }
  CHECK(names.size() == expected.size());
  CHECK(config_presets().front().name == "seed");
}

TEST_CASE("the seed preset is the 3x3 ramp with a 3x3 ones kernel; its output is worked out", "[presets]") {
  EditorSettings e;  // the default editor state is the seed example too
  CHECK(e.input.v == std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(e.kernel_values.v == std::vector<float>(9, 1.0f));
  apply_preset(e, find_config_preset("seed").value());
  const TeachingModel m = build_teaching_model(to_config(e)).value();
  // y = sum of the 3x3 windows of the ramp, placed at each input position.
  CHECK(m.output.v == std::vector<float>{1, 3, 6, 5, 3, 5, 12, 21, 16, 9, 12, 27, 45, 33, 18,
                                        11, 24, 39, 28, 15, 7, 15, 24, 17, 9});
}

TEST_CASE("preset lookup: exact names, the 'half' alias, and an error listing the names", "[presets]") {
  CHECK(find_config_preset("dcgan").value().params.stride == Pair{2, 2});
  CHECK(find_config_preset("half").value().name == "same");
  const Result<ConfigPreset> bad = find_config_preset("nope");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("unknown preset 'nope'") != std::string::npos);
  CHECK(bad.error().message.find("padding_strides_odd") != std::string::npos);
}

TEST_CASE("value presets: ramp, ones, deterministic random integers", "[presets]") {
  CHECK(make_input_values(InputFill::Ramp, {2, 3}, 1).v == std::vector<float>{1, 2, 3, 4, 5, 6});
  CHECK(make_input_values(InputFill::Ones, {2, 2}, 1).v == std::vector<float>(4, 1.0f));
  const Grid a = make_input_values(InputFill::RandomInts, {4, 4}, 42);
  const Grid b = make_input_values(InputFill::RandomInts, {4, 4}, 42);
  const Grid c = make_input_values(InputFill::RandomInts, {4, 4}, 43);
  CHECK(a.v == b.v);
  CHECK(a.v != c.v);
  for (float v : a.v) {
    CHECK(v >= 0);
    CHECK(v <= 9);
    CHECK(v == float(int(v)));
  }
  SplitMix64 r(0);
  CHECK(r.next() == 0xE220A8397B1DCDAFull);  // SplitMix64's published first output for seed 0
}

TEST_CASE("kernel presets: bilinear follows the stride and brings its padding", "[presets]") {
  const Grid k = make_kernel_values(KernelFill::Bilinear, {3, 3}, {2, 2}, 1);
  REQUIRE(k.rows == 4);
  REQUIRE(k.cols == 4);
  // 1-D weights 0.25 0.75 0.75 0.25; 2-D = outer product.
  CHECK(k.at(0, 0) == Approx(0.0625));
  CHECK(k.at(1, 1) == Approx(0.5625));
  CHECK(k.at(0, 1) == Approx(0.1875));
  CHECK(kernel_fill_padding(KernelFill::Bilinear, {2, 2}) == Pair{1, 1});
  CHECK(kernel_fill_padding(KernelFill::Ones, {2, 2}) == Pair{-1, -1});
  EditorSettings e;
  e.params.stride = {3, 3};
  apply_kernel_fill(e, KernelFill::Bilinear);
  CHECK(e.kernel == Pair{5, 5});
  CHECK(e.params.padding == Pair{1, 1});
  CHECK(build_teaching_model(to_config(e)).ok());
  const Grid r = make_kernel_values(KernelFill::RandomInts, {3, 2}, {1, 1}, 5);
  CHECK(r.rows == 3);
  CHECK(r.cols == 2);
  for (float v : r.v) CHECK((v >= -2 && v <= 2));
}

TEST_CASE("editor: the axis lock, resizing and custom values", "[editor]") {
  EditorSettings e;
  CHECK(set_param(e, Param::Stride, Axis::W, 2));
  CHECK(e.params.stride == Pair{2, 2});  // locked: both axes
  set_lock(e, Param::Stride, false);
  CHECK(set_param(e, Param::Stride, Axis::W, 3));
  CHECK(e.params.stride == Pair{2, 3});
  set_lock(e, Param::Stride, true);  // locking copies the height's value
  CHECK(e.params.stride == Pair{2, 2});
  CHECK_FALSE(set_param(e, Param::Stride, Axis::H, 2));  // unchanged
  set_param(e, Param::Stride, Axis::H, 99);
  CHECK(e.params.stride.h == param_max(Param::Stride));  // clamped

  set_param(e, Param::Input, Axis::H, 4);  // a ramp stays a ramp
  CHECK(e.input.rows == 4);
  CHECK(e.input.v.back() == 16);
  set_input_value(e, 0, 0, 7.5f);
  CHECK(e.input_fill == InputFill::Custom);
  set_param(e, Param::Input, Axis::H, 2);  // custom values survive where the grids overlap
  CHECK(e.input.at(0, 0) == 7.5f);
  CHECK(e.input.at(1, 1) == 6);

  set_kernel_value(e, 1, 1, 3);
  set_param(e, Param::Kernel, Axis::H, 4);
  CHECK(e.kernel_values.rows == 4);
  CHECK(e.kernel_values.at(1, 1) == 3);
  CHECK(e.modified);
}

TEST_CASE("the PyTorch snippet names every parameter", "[editor]") {
  EditorSettings e;
  apply_preset(e, find_config_preset("padding_strides_odd").value());
  const std::string s = pytorch_snippet(e);
  CHECK(s.find("F.conv_transpose2d(x, w, stride=(2, 2), padding=(1, 1)") != std::string::npos);
  CHECK(s.find("output_padding=(1, 1), dilation=(1, 1))") != std::string::npos);
  CHECK(s.find("[[1, 2, 3],") != std::string::npos);
  CHECK(s.find("dtype=torch.float32") != std::string::npos);
}

TEST_CASE("the 1-D preset: one input row, kernel 1 2 3, stride 2, worked out by hand", "[presets][1d]") {
  EditorSettings e;
  apply_preset(e, find_config_preset("1d").value());
  CHECK(e.in == Pair{1, 4});
  CHECK(e.kernel == Pair{1, 3});
  const Result<TeachingModel> m = build_teaching_model(to_config(e));
  REQUIRE(m.ok());
  // x = [1 2 3 4], w = [1 2 3], placements 2 apart:
  //   1*[1 2 3] at 0, 2*[1 2 3] at 2, 3*[1 2 3] at 4, 4*[1 2 3] at 6
  //   y = [1 2 3+2 4 6+3 6 9+4 8 12] = [1 2 5 4 9 6 13 8 12]
  const std::vector<float> y = {1, 2, 5, 4, 9, 6, 13, 8, 12};
  REQUIRE(m.value().out_h == 1);
  REQUIRE(m.value().out_w == 9);
  for (int64_t c = 0; c < 9; ++c) CHECK(m.value().output.at(0, c) == y[size_t(c)]);

  // Captions read right for the single row: no "The 1 input row place their kernels".
  const AxisExplanation rows = explain_axis(axis_params(e, Axis::H), "height");
  for (const std::string& line : rows.why) {
    INFO(line);
    CHECK(line.find("1 input row") == std::string::npos);
    CHECK(line.find("together") == std::string::npos);
  }
  CHECK(rows.why.front().find("single input row places one kernel") != std::string::npos);
  for (const std::string& line : explain_round_trip(axis_params(e, Axis::H), "height").lines) {
    INFO(line);
    CHECK(line.find("1 rows") == std::string::npos);
  }
  const AxisExplanation cols = explain_axis(axis_params(e, Axis::W), "width");
  CHECK(cols.why.front().find("The 4 input columns place their kernels 2 apart") != std::string::npos);

  // Laid out as rows under each other: input, kernel, products, output; one cell size, left aligned.
  const ScatterLayout L = layout_scatter(RectF{0, 0, 900, 600}, e.in, e.kernel, Pair{1, 9}, Pair{0, 0}, 20, 80);
  REQUIRE(L.fits);
  CHECK(L.input.rect().y1 <= L.kernel.origin.y);
  CHECK(L.kernel.rect().y1 <= L.products.origin.y);
  CHECK(L.products.rect().y1 <= L.full.origin.y);
  CHECK(L.input.origin.x == L.full.origin.x);
  CHECK(L.input.cell == L.full.cell);
  CHECK(L.full.rect().inside(RectF{0, 0, 900, 600}));
  // A 2-D configuration keeps the column-plus-output layout.
  const ScatterLayout L2 = layout_scatter(RectF{0, 0, 900, 600}, Pair{3, 3}, Pair{3, 3}, Pair{5, 5}, Pair{0, 0}, 20, 80);
  CHECK(L2.full.origin.x > L2.input.rect().x1);
}

TEST_CASE("kernel fill ramp: 1, 2, 3, ... not symmetric under the 180-degree flip", "[presets]") {
  const Grid g = make_kernel_values(KernelFill::Ramp, Pair{2, 3}, Pair{1, 1}, 1);
  CHECK(g.v == std::vector<float>{1, 2, 3, 4, 5, 6});
}

namespace {
// TensorFlow's output (core's conv_transpose2d_tf) for the editor's one-channel problem.
Tensor4 tf_reference(const EditorSettings& e) {
  Tensor4 x(Shape4{1, 1, e.in.h, e.in.w}), w(Shape4{1, 1, e.kernel.h, e.kernel.w});
  x.data = e.input.v;
  w.data = e.kernel_values.v;
  TfConvTransposeParams p;
  p.padding = *e.tf;
  p.stride = e.params.stride;
  p.dilation = e.params.dilation;
  Result<Tensor4> y = conv_transpose2d_tf(x, w, {}, p, 1);
  REQUIRE(y.ok());
  return std::move(y).value();
}
}  // namespace

TEST_CASE("TensorFlow switch: PyTorch's equivalent parameters, worked out", "[editor][tf]") {
  struct Case {
    int64_t in, k, s;
    TfPadding pad;
    int64_t tf_out, padding, output_padding, extra;  // extra: rows TensorFlow crops that PyTorch keeps
  };
  // full = (in-1)s + k; same: out = in*s; valid: out = in*s + max(k-s, 0); crop = full - out,
  // floor(crop/2) before, the rest after.
  const Case cases[] = {
      {4, 4, 2, TfPadding::same, 8, 1, 0, 0},   // full 10, crop 1 + 1: padding 1
      {4, 3, 2, TfPadding::same, 8, 0, 0, 1},   // full 9, crop 0 + 1: odd, PyTorch cannot
      {4, 5, 2, TfPadding::same, 8, 1, 0, 1},   // full 11, crop 1 + 2: odd
      {4, 3, 2, TfPadding::valid, 9, 0, 0, 0},  // full 9, nothing cropped
      {4, 1, 2, TfPadding::valid, 8, 0, 1, 0},  // full 7, one row of zeros: output_padding 1
      {3, 3, 1, TfPadding::same, 3, 1, 0, 0},   // full 5, crop 1 + 1
  };
  for (const Case& c : cases) {
    INFO("in " << c.in << " k " << c.k << " s " << c.s << " " << tf_padding_name(c.pad));
    EditorSettings e;
    set_param(e, Param::Input, Axis::H, c.in);
    set_param(e, Param::Kernel, Axis::H, c.k);
    set_param(e, Param::Stride, Axis::H, c.s);
    set_tf_padding(e, c.pad);
    REQUIRE(e.tf);
    CHECK(e.params.padding == Pair{c.padding, c.padding});
    CHECK(e.params.output_padding == Pair{c.output_padding, c.output_padding});
    const TfAxisView v = tf_axis_view(e, Axis::H);
    REQUIRE(v.plan);
    CHECK(v.plan->out == c.tf_out);
    CHECK(v.extra_kept() == c.extra);
    CHECK(bool(v.plan->pytorch) == (c.extra == 0));
    // The grids on screen (PyTorch's convention with these parameters) hold TensorFlow's output
    // in their top-left tf_out x tf_out cells, and `extra` more rows and columns.
    const Result<TeachingModel> m = build_teaching_model(to_config(e));
    REQUIRE(m.ok());
    CHECK(m.value().out_h == c.tf_out + c.extra);
    const Tensor4 y = tf_reference(e);
    REQUIRE(y.shape.h == c.tf_out);
    REQUIRE(y.shape.w == c.tf_out);
    for (int64_t r = 0; r < c.tf_out; ++r)
      for (int64_t q = 0; q < c.tf_out; ++q) CHECK(m.value().output.at(r, q) == y.at(0, 0, r, q));
  }
}

TEST_CASE("TensorFlow switch follows size edits; editing padding returns to PyTorch's convention", "[editor][tf]") {
  EditorSettings e;
  set_tf_padding(e, TfPadding::same);
  set_param(e, Param::Stride, Axis::H, 2);  // 3x3 input, k3, s2: full 7, same 6: crop 0 + 1
  CHECK(e.tf);
  CHECK(tf_axis_view(e, Axis::H).extra_kept() == 1);
  set_param(e, Param::Kernel, Axis::H, 4);  // full 8: crop 1 + 1, padding 1
  CHECK(e.params.padding == Pair{1, 1});
  CHECK(tf_axis_view(e, Axis::W).plan->pytorch);
  set_param(e, Param::Padding, Axis::H, 0);
  CHECK_FALSE(e.tf);
  set_tf_padding(e, TfPadding::valid);
  apply_preset(e, find_config_preset("seed").value());
  CHECK_FALSE(e.tf);  // a preset is a PyTorch configuration
  // Different axes: rows exact, columns not.
  set_lock(e, Param::Kernel, false);
  set_param(e, Param::Stride, Axis::H, 2);
  set_param(e, Param::Kernel, Axis::H, 4);
  set_param(e, Param::Kernel, Axis::W, 3);
  set_tf_padding(e, TfPadding::same);
  CHECK(e.params.padding == Pair{1, 0});
  CHECK_FALSE(e.same_both[size_t(Param::Padding)]);
  CHECK(tf_axis_view(e, Axis::H).extra_kept() == 0);
  CHECK(tf_axis_view(e, Axis::W).extra_kept() == 1);
}

TEST_CASE("Direct conv gets a kernel whose flip shows, unless the user chose the kernel", "[editor]") {
  EditorSettings e;  // the seed: a 3x3 ones kernel, symmetric under the 180-degree rotation
  REQUIRE(e.kernel_fill == KernelFill::Ones);
  CHECK(use_asymmetric_kernel(e));
  CHECK(e.kernel_fill == KernelFill::Ramp);
  CHECK(e.kernel_values.v == std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK_FALSE(use_asymmetric_kernel(e));  // once is enough
  EditorSettings edited;
  set_param(edited, Param::Stride, Axis::H, 2);  // any edit: the user's configuration is kept
  CHECK_FALSE(use_asymmetric_kernel(edited));
  CHECK(edited.kernel_fill == KernelFill::Ones);
}

TEST_CASE("glossary: every term has a meaning and appears in some view's tooltip", "[explain]") {
  std::set<std::string> used;
  for (int i = 0; i < kViewCount; ++i) {
    const std::string tip = view_tooltip(View(i));
    CHECK(tip.rfind(view_help(View(i)), 0) == 0);  // the view's help first
    for (const GlossaryTerm& t : view_glossary(View(i))) {
      used.insert(t.term);
      CHECK(tip.find(std::string(t.term) + ": " + t.meaning) != std::string::npos);
    }
  }
  for (const char* term : {"tap", "placement", "phase", "adjoint", "N -> M", "C^T"}) {
    INFO(term);
    CHECK(used.count(term) == 1);
  }
  for (const GlossaryTerm& t : glossary()) CHECK(std::string(t.meaning).size() > 20);
}
