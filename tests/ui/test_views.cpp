// Hover lookup (who feeds an output cell, where an input lands) and the equivalent views:
// the gather view against the core's zero_insert_and_pad, and both views against the output.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "core/conv_transpose.h"
#include "ui/app_state.h"
#include "ui/presets.h"
#include "ui/views/canvas_action.h"
#include "ui/views/gather.h"
#include "ui/views/hover.h"
#include "ui/views/matrix.h"

using namespace tconv;
using namespace tconv::ui;

namespace {
TeachingModel model_of(const std::string& preset) {
  EditorSettings e;
  apply_preset(e, find_config_preset(preset).value());
  return build_teaching_model(to_config(e)).value();
}

std::vector<Cell> sorted(std::vector<Cell> v) {
  std::sort(v.begin(), v.end(), [](Cell a, Cell b) { return a.r != b.r ? a.r < b.r : a.c < b.c; });
  return v;
}

// Random valid configurations (the same rules as PyTorch), small enough to draw.
std::vector<TeachingModel> random_models(int count) {
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return int64_t(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  std::vector<TeachingModel> out;
  while (int(out.size()) < count) {
    TeachingConfig c;
    c.input = Grid(pick(1, 5), pick(1, 5));
    for (float& v : c.input.v) v = float(pick(-3, 5));
    c.kernel = Grid(pick(1, 4), pick(1, 4));
    for (float& v : c.kernel.v) v = float(pick(-2, 3));
    c.params.stride = {pick(1, 3), pick(1, 3)};
    c.params.dilation = {pick(1, 2), pick(1, 2)};
    c.params.padding = {pick(0, 3), pick(0, 3)};
    c.params.output_padding = {pick(0, 2), pick(0, 2)};
    Result<TeachingModel> m = build_teaching_model(c);
    if (m.ok()) out.push_back(std::move(m).value());
  }
  return out;
}
}  // namespace

TEST_CASE("hover an output cell: the inputs and taps that feed it (seed, y[1,2])", "[hover]") {
  const TeachingModel m = model_of("seed");
  const Sources s = output_sources(m, {1, 2});
  // y[1,2] = x[i,j]*w[1-i, 2-j] for i in 0..1, j in 0..2.
  CHECK(sorted(s.inputs) == std::vector<Cell>{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}});
  CHECK(sorted(s.taps) == std::vector<Cell>{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}});
  CHECK(output_sources(m, {0, 0}).inputs == std::vector<Cell>{{0, 0}});
  CHECK(output_sources(m, {5, 0}).inputs.empty());  // outside the output
}

TEST_CASE("hover an input element: its footprint, with the taps cropped by padding", "[hover]") {
  const TeachingModel seed = model_of("seed");
  const Footprint f = input_footprint(seed, {1, 1});
  CHECK(f.kept.size() == 9);
  CHECK(f.cropped == 0);
  CHECK(f.kept.front() == Cell{1, 1});
  CHECK(f.kept.back() == Cell{3, 3});
  CHECK(f.kept_taps.back() == Cell{2, 2});
  // padding_strides: 3x3 input, k3 s2 p1 -> 5x5. x[0,0]'s window starts at (-1,-1): the taps in
  // row 0 or column 0 fall on the cropped border.
  const TeachingModel ps = model_of("padding_strides");
  const Footprint g = input_footprint(ps, {0, 0});
  CHECK(sorted(g.kept) == std::vector<Cell>{{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  CHECK(g.cropped == 5);
  CHECK(step_of_input(ps, {1, 2}) == 5);
  CHECK(input_footprint(ps, {3, 0}).kept.empty());  // not an input element
}

TEST_CASE("a canvas action: hover, click toggles the pin, seek, right click unpins", "[hover]") {
  AppState s;
  rebuild(s);  // seed: 3x3 -> 5x5, 9 steps
  CanvasAction hover;
  hover.hover_output = Cell{1, 2};
  hover.hover_input = Cell{0, 1};
  const CanvasFocus f = canvas_focus(s, hover);
  CHECK(f.hover_output == Cell{1, 2});
  CHECK(f.hover_input == Cell{0, 1});
  CHECK_FALSE(s.hover_output);  // canvas_focus leaves the state alone
  apply_canvas_action(s, hover);
  CHECK(s.hover_output == Cell{1, 2});
  CHECK(s.hover_input == Cell{0, 1});
  CHECK_FALSE(s.pinned);

  CanvasAction click;
  click.toggle_pin = Cell{1, 2};
  click.seek = 4;
  apply_canvas_action(s, click);
  CHECK(s.pinned == Cell{1, 2});
  CHECK(s.playback.step() == 4);
  apply_canvas_action(s, click);  // clicking the pinned cell again unpins it
  CHECK_FALSE(s.pinned);
  click.toggle_pin = Cell{3, 3};
  click.unpin = true;  // a right click in the same frame wins
  apply_canvas_action(s, click);
  CHECK_FALSE(s.pinned);
  CHECK(canvas_focus(s, CanvasAction{}).playback.step() == 4);
}

TEST_CASE("the view focus: pinned, else hovered, else where the current step lands", "[hover]") {
  AppState s;
  rebuild(s);
  REQUIRE(s.model);
  CHECK(focus_output(*s.model, canvas_focus(s)) == Cell{0, 0});
  s.playback.seek(4);  // x[1,1]
  CHECK(current_input(*s.model, s.playback) == Cell{1, 1});
  CHECK(focus_output(*s.model, canvas_focus(s)) == Cell{1, 1});
  s.hover_output = Cell{4, 4};
  CHECK(focus_output(*s.model, canvas_focus(s)) == Cell{4, 4});
  s.pinned = Cell{2, 3};
  CHECK(focus_output(*s.model, canvas_focus(s)) == Cell{2, 3});
  // A rebuild drops a pin that no longer exists.
  set_param(s.editor, Param::Input, Axis::H, 1);
  rebuild(s);
  CHECK(s.model->out_h == 3);
  CHECK_FALSE(s.pinned);
  CHECK(s.playback.step() <= s.model->steps.size() - 1);
}

TEST_CASE("gather view, seed: 2 padding zeros around x, the flipped kernel labels", "[views]") {
  EditorSettings e;
  e.kernel_values.v = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const TeachingModel m = build_teaching_model(to_config(e)).value();
  const GatherData g = build_gather_data(m);
  CHECK(g.rows == 7);
  CHECK(g.cols == 7);
  CHECK(g.border_h == 2);
  CHECK(g.at(0, 0).kind == ZKind::Padding);
  CHECK(g.at(2, 2).kind == ZKind::Input);
  CHECK(g.at(2, 2).value == 1);
  CHECK(g.at(4, 4).value == 9);
  CHECK(g.at(4, 4).in_r == 2);
  CHECK(g.at(4, 5).kind == ZKind::Padding);
  CHECK(g.flipped.v == std::vector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1});
  CHECK(flipped_to_original(m, {0, 0}) == Cell{2, 2});
  CHECK(flipped_to_original(m, {2, 1}) == Cell{0, 1});
}

TEST_CASE("gather view, stride 2: inserted zeros between values, cropping when p > d(k-1)", "[views]") {
  const TeachingModel m = model_of("padding_strides_odd");  // 3x3, k3 s2 p1 op1 -> 6x6
  const GatherData g = build_gather_data(m);
  CHECK(g.rows == 8);  // out + d(k-1)
  CHECK(g.border_h == 1);
  CHECK(g.at(1, 1).kind == ZKind::Input);
  CHECK(g.at(1, 2).kind == ZKind::InsertedZero);
  CHECK(g.at(1, 3).kind == ZKind::Input);
  CHECK(g.at(6, 6).kind == ZKind::Padding);  // bottom border plus output_padding
  CHECK(g.at(7, 7).kind == ZKind::Padding);

  TeachingConfig c;  // p = 3 > d(k-1) = 2: the zero-inserted input is cropped by 1
  c.input = Grid(3, 3, 1.0f);
  c.kernel = Grid(3, 3, 1.0f);
  c.params.stride = {2, 2};
  c.params.padding = {3, 3};
  const TeachingModel mc = build_teaching_model(c).value();
  const GatherData gc = build_gather_data(mc);
  CHECK(gc.border_h == -1);
  CHECK(gc.at(0, 0).kind == ZKind::InsertedZero);  // x[0,0] itself is cropped away
  CHECK(gc.at(1, 1).kind == ZKind::Input);
  CHECK(gc.at(1, 1).in_r == 1);
}

TEST_CASE("gather view agrees with the core's zero_insert_and_pad and reproduces the output", "[views]") {
  for (const TeachingModel& m : random_models(60)) {
    const ConvTransposeParams& p = m.config.params;
    INFO("in " << m.config.input.rows << "x" << m.config.input.cols << " k " << m.config.kernel.rows << "x"
               << m.config.kernel.cols << " s " << p.stride.h << "," << p.stride.w << " p " << p.padding.h << ","
               << p.padding.w << " op " << p.output_padding.h << "," << p.output_padding.w << " d "
               << p.dilation.h << "," << p.dilation.w);
    const GatherData g = build_gather_data(m);
    Tensor4 x(Shape4{1, 1, m.config.input.rows, m.config.input.cols});
    x.data = m.config.input.v;
    const Tensor4 z = zero_insert_and_pad(x, Shape4{1, 1, m.config.kernel.rows, m.config.kernel.cols}, p);
    REQUIRE(z.shape.h == g.rows);
    REQUIRE(z.shape.w == g.cols);
    for (int64_t r = 0; r < g.rows; ++r)
      for (int64_t c = 0; c < g.cols; ++c) CHECK(g.at(r, c).value == z.at(0, 0, r, c));
    // Each output cell is the window sum of z with the flipped kernel (exact for small integers).
    for (int64_t r = 0; r < m.out_h; ++r)
      for (int64_t c = 0; c < m.out_w; ++c) {
        float sum = 0;
        for (int64_t a = 0; a < m.config.kernel.rows; ++a)
          for (int64_t b = 0; b < m.config.kernel.cols; ++b)
            sum += g.at(r + a * p.dilation.h, c + b * p.dilation.w).value * g.flipped.at(a, b);
        CHECK(sum == m.output.at(r, c));
      }
  }
}

TEST_CASE("matrix view: y = C^T x, one row per output cell and one column per input", "[views]") {
  const TeachingModel seed = model_of("seed");
  const MatrixData s = build_matrix_data(seed);
  REQUIRE(s.rows == 25);
  REQUIRE(s.cols == 9);
  // Row of y[0,0] has one entry: x[0,0] with w[0,0]; row of y[2,2] (index 12) has all nine.
  CHECK(std::count_if(s.v.begin(), s.v.begin() + 9, [](float v) { return v != 0; }) == 1);
  CHECK(std::count_if(s.v.begin() + 12 * 9, s.v.begin() + 13 * 9, [](float v) { return v != 0; }) == 9);
  for (const TeachingModel& m : random_models(40)) {
    const MatrixData mv = build_matrix_data(m);
    REQUIRE_FALSE(mv.too_big);
    for (int64_t r = 0; r < mv.rows; ++r) {
      float y = 0;
      for (int64_t c = 0; c < mv.cols; ++c) y += mv.at(r, c) * m.config.input.v[size_t(c)];
      CHECK(y == m.output.v[size_t(r)]);
    }
  }
  TeachingConfig big;
  big.input = Grid(16, 16, 1.0f);
  big.kernel = Grid(8, 8, 1.0f);
  big.params.stride = {4, 4};
  const MatrixData b = build_matrix_data(build_teaching_model(big).value());
  CHECK(b.too_big);
  CHECK(b.v.empty());
}
