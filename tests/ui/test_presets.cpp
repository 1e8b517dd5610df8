// Configuration presets, value presets and the editor that turns controls into a config.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "core/conv_transpose.h"
#include "ui/app_state.h"
#include "ui/editor.h"
#include "ui/presets.h"

using namespace tconv;
using namespace tconv::ui;

TEST_CASE("every configuration preset builds a valid teaching model of the advertised size", "[presets]") {
  // name -> output size (square), worked out from out = (in-1)s - 2p + d(k-1) + op + 1.
  const std::map<std::string, int64_t> expected = {
      {"seed", 5},       {"no_padding_no_strides", 4}, {"padding", 5},          {"same", 5},
      {"full", 5},       {"no_padding_strides", 5},    {"padding_strides", 5},  {"padding_strides_odd", 6},
      {"dcgan", 8},      {"unet", 8},                  {"distill", 9},          {"bilinear", 8},
      {"dilated", 7},
  };
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
    CHECK(m.value().out_h == expected.at(p.name));
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
