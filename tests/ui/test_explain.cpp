// Formula panel text, the target-size helper, the round trip, the overlap summary, option
// parsing helpers and the UI scale.
#include <catch2/catch.hpp>

#include "ui/app_state.h"
#include "ui/shell/explain.h"
#include "ui/presets.h"

using namespace tconv;
using namespace tconv::ui;

namespace {
bool has(const std::vector<std::string>& lines, const std::string& s) {
  for (const std::string& l : lines)
    if (l.find(s) != std::string::npos) return true;
  return false;
}
TeachingModel model_of(const std::string& preset) {
  EditorSettings e;
  apply_preset(e, find_config_preset(preset).value());
  return build_teaching_model(to_config(e)).value();
}
}  // namespace

TEST_CASE("formula panel, seed: the numbers and the reasons for 5", "[explain]") {
  const AxisExplanation e = explain_axis(AxisParams{3, 3, 1, 0, 1, 0}, "height");
  CHECK(e.out == 5);
  CHECK(e.substituted == "(3 - 1) x 1 - 2 x 0 + 1 x (3 - 1) + 0 + 1 = 5");
  CHECK_FALSE(e.problem);
  REQUIRE(e.why.size() == 3);
  CHECK(e.why[0] == "The 3 input rows place their kernels 1 apart: the last one starts at (3 - 1) x 1 = 2.");
  CHECK(e.why[1] == "Each kernel covers k = 3 rows, so together they cover 2 + 3 = 5 rows.");
  CHECK(e.why[2] == "Padding 0 crops nothing.");
}

TEST_CASE("formula panel: padding crops, output_padding adds, dilation spreads", "[explain]") {
  // 3 inputs, k3 s2 p1 op1 d1: last start 4, cover 7, +1 = 8, crop 2 -> 6.
  const AxisExplanation e = explain_axis(AxisParams{3, 3, 2, 1, 1, 1}, "width");
  CHECK(e.out == 6);
  CHECK(has(e.why, "cover 4 + 3 = 7 columns"));
  CHECK(has(e.why, "output_padding adds 1 column at the right: 8."));
  CHECK(has(e.why, "CROPS 1 column off each side (left and right): 8 - 2 x 1 = 6."));
  const AxisExplanation d = explain_axis(AxisParams{3, 3, 1, 0, 2, 0}, "height");
  CHECK(d.out == 7);
  CHECK(has(d.why, "d x (k - 1) + 1 = 2 x 2 + 1 = 5 rows"));
}

TEST_CASE("formula panel: an impossible axis is explained, not refused", "[explain]") {
  const AxisExplanation op = explain_axis(AxisParams{3, 3, 1, 0, 1, 1}, "height");  // op >= s and >= d
  REQUIRE(op.problem);
  CHECK(op.problem->find("output_padding") != std::string::npos);
  const AxisExplanation small = explain_axis(AxisParams{1, 1, 1, 2, 1, 0}, "width");  // out = -3
  CHECK(small.out == -3);
  REQUIRE(small.problem);
  CHECK(small.problem->find("width") != std::string::npos);
}

TEST_CASE("target size: the padding and output_padding that give a wanted size", "[explain]") {
  const AxisParams dcgan{4, 4, 2, 1, 1, 0};  // base (p = op = 0) = 3*2 + 3 + 1 = 10
  TargetHelp h = solve_target_size(dcgan, 8);
  REQUIRE(h.solutions.size() == 1);
  CHECK(h.solutions[0].padding == 1);
  CHECK(h.solutions[0].output_padding == 0);
  h = solve_target_size(dcgan, 9);  // odd: 10 + 1 - 9 = 2 -> p 1, op 1
  REQUIRE(h.solutions.size() == 1);
  CHECK(h.solutions[0].padding == 1);
  CHECK(h.solutions[0].output_padding == 1);
  h = solve_target_size(dcgan, 4);  // p 3 (op 0)
  REQUIRE(h.solutions.size() == 1);
  CHECK(h.solutions[0].padding == 3);
  h = solve_target_size(dcgan, 12);
  CHECK(h.solutions.empty());
  CHECK(h.note.find("Too big") != std::string::npos);
  h = solve_target_size(AxisParams{3, 3, 1, 0, 1, 0}, 4);  // stride 1: only odd sizes 5, 3, 1
  CHECK(h.solutions.empty());
  CHECK(h.note.find("2 cells at a time") != std::string::npos);
  CHECK(solve_target_size(AxisParams{3, 3, 1, 0, 1, 0}, 3).solutions.front().padding == 1);
  // Every solution really gives the target.
  for (int64_t t = 1; t < 14; ++t)
    for (const TargetSolution& s : solve_target_size(dcgan, t).solutions)
      CHECK(conv_transpose_output_size(4, 4, 2, s.padding, 1, s.output_padding) == t);
}

TEST_CASE("round trip: the forward convolution maps 5 and 6 to 3; output_padding picks", "[explain]") {
  const RoundTripExplanation rt = explain_round_trip(AxisParams{3, 3, 2, 1, 1, 1}, "height");
  REQUIRE(rt.trip);
  REQUIRE(rt.trip->sizes.size() == 2);
  CHECK(rt.trip->sizes[0].size == 5);
  CHECK(rt.trip->sizes[0].output_padding == 0);
  CHECK(rt.trip->sizes[1].size == 6);
  CHECK(rt.trip->n == 6);  // the current output_padding 1
  CHECK(has(rt.lines, "turns 5 and 6 rows into the same 3"));
  CHECK(has(rt.lines, "output_padding (0..1) picks it"));
  const RoundTripExplanation one = explain_round_trip(AxisParams{3, 3, 1, 0, 1, 0}, "width");
  REQUIRE(one.trip);
  REQUIRE(one.trip->sizes.size() == 1);
  CHECK(has(one.lines, "one to one"));
  // A refused output_padding (>= stride and >= dilation) still shows the sizes, and says why.
  const RoundTripExplanation refused = explain_round_trip(AxisParams{3, 3, 2, 1, 1, 2}, "height");
  REQUIRE(refused.trip);
  CHECK(refused.trip->sizes.size() == 2);
  CHECK_FALSE(refused.trip->current_is_round_trip);
  CHECK(refused.trip->text.find("PyTorch refuses it") != std::string::npos);
  // Too much padding: nothing to round-trip, and the words say to fix the parameters first.
  const RoundTripExplanation cropped = explain_round_trip(AxisParams{1, 1, 1, 3, 1, 0}, "height");
  CHECK_FALSE(cropped.trip);
  CHECK(has(cropped.lines, "Fix the parameters first"));
}

TEST_CASE("taps per phase decide the checkerboard", "[explain]") {
  CHECK(taps_per_phase(3, 2, 1) == std::vector<int64_t>{2, 1});
  CHECK(taps_per_phase(4, 2, 1) == std::vector<int64_t>{2, 2});
  CHECK(taps_per_phase(3, 2, 2) == std::vector<int64_t>{3, 0});
  CHECK(taps_per_phase(5, 3, 1) == std::vector<int64_t>{2, 2, 1});
  CHECK(taps_per_phase(3, 1, 1) == std::vector<int64_t>{3});
}

TEST_CASE("overlap summary: edge effect, checkerboard, tiling", "[explain]") {
  const OverlapSummary seed = explain_overlap(model_of("seed"));
  CHECK(seed.min == 1);
  CHECK(seed.max == 9);
  CHECK(seed.edge_effect);
  CHECK_FALSE(seed.uneven_h);
  CHECK(seed.profile_h == std::vector<int>{1, 2, 3, 2, 1});
  CHECK(has(seed.lines, "Edge effect"));
  CHECK_FALSE(has(seed.lines, "Checkerboard"));

  const OverlapSummary distill = explain_overlap(model_of("distill"));  // k3 s2
  CHECK(distill.min == 1);
  CHECK(distill.max == 4);
  CHECK(distill.uneven_h);
  CHECK(distill.uneven_w);
  CHECK(distill.profile_w == std::vector<int>{1, 1, 2, 1, 2, 1, 2, 1, 1});
  CHECK(has(distill.lines, "kernel 3 is not divisible by stride 2"));
  CHECK(has(distill.lines, "resize first"));

  const OverlapSummary dcgan = explain_overlap(model_of("dcgan"));  // k4 s2: even interior
  CHECK_FALSE(dcgan.uneven_h);
  CHECK(has(dcgan.lines, "no checkerboard"));

  const OverlapSummary unet = explain_overlap(model_of("unet"));  // k2 s2: tiles
  CHECK(unet.max == 1);
  CHECK(unet.min == 1);
  CHECK_FALSE(unet.edge_effect);
  CHECK(has(unet.lines, "without overlapping"));
}

TEST_CASE("option helpers: view names, R,C cells, WxH sizes", "[options]") {
  CHECK(parse_view("matrix").value() == View::Matrix);
  CHECK(parse_view("heatmap").value() == View::Heatmap);
  CHECK_FALSE(parse_view("Matrix").ok());
  CHECK(parse_view("x").error().message.find("scatter, gather, matrix, heatmap") != std::string::npos);
  CHECK(parse_cell("2,3", "--pin-output").value() == Cell{2, 3});
  CHECK_FALSE(parse_cell("2", "--pin-output").ok());
  CHECK_FALSE(parse_cell("-1,2", "--pin-output").ok());
  CHECK_FALSE(parse_cell("a,b", "--pin-output").ok());
  CHECK(parse_cell("2;3", "--pin-output").error().message.find("ROW,COL") != std::string::npos);
  const WindowSize w = parse_window_size("1920x1080").value();
  CHECK(w.w == 1920);
  CHECK(w.h == 1080);
  CHECK_FALSE(parse_window_size("1920").ok());
  CHECK_FALSE(parse_window_size("10x10").ok());
  CHECK_FALSE(parse_window_size("x800").ok());
}

TEST_CASE("UI scale: content scale times a step for tall windows, or the user's choice", "[options]") {
  CHECK(auto_ui_scale(800, 1) == 1.0f);
  CHECK(auto_ui_scale(1080, 1) == 1.25f);
  CHECK(auto_ui_scale(2160, 2) == 2.5f);  // high-DPI: 1080 logical pixels at scale 2
  CHECK(auto_ui_scale(600, 1) == 1.0f);
  CHECK(auto_ui_scale(5000, 1) == 2.5f);
  UiPrefs p;
  CHECK(effective_ui_scale(p, 800, 1) == 1.0f);
  p.ui_scale = 1.5f;
  CHECK(effective_ui_scale(p, 800, 2) == 3.0f);
  p.ui_scale = 3.0f;
  CHECK(effective_ui_scale(p, 800, 2) == 4.0f);  // clamped
}

TEST_CASE("step caption and the impossible-configuration state", "[explain]") {
  AppState s;
  rebuild(s);
  CHECK(step_caption(s) == "Step 1 of 9: x[0,0] = 1 scales the kernel and adds it to the output.");
  apply_preset(s.editor, find_config_preset("padding_strides").value());
  rebuild(s);
  CHECK(step_caption(s).find("(5 of 9 products fall on padding and are cropped)") != std::string::npos);
  set_param(s.editor, Param::OutputPadding, Axis::H, 2);  // >= stride 2 and dilation 1
  rebuild(s);
  CHECK_FALSE(s.model);
  REQUIRE_FALSE(s.problems.empty());
  CHECK(s.playback.count() == 0);
  CHECK(step_caption(s).find("Impossible") != std::string::npos);
  set_param(s.editor, Param::OutputPadding, Axis::H, 1);
  rebuild(s);
  CHECK(s.model);
}

TEST_CASE("keyboard shortcuts drive the playback and the pin", "[options]") {
  AppState s;
  rebuild(s);
  apply_shortcut(s, Shortcut::StepForward);
  apply_shortcut(s, Shortcut::StepForward);
  s.playback.advance(10.0);
  CHECK(s.playback.step() == 2);
  apply_shortcut(s, Shortcut::StepBack);
  s.playback.advance(10.0);
  CHECK(s.playback.step() == 1);
  apply_shortcut(s, Shortcut::Last);
  CHECK(s.playback.step() == 8);
  apply_shortcut(s, Shortcut::First);
  CHECK(s.playback.step() == 0);
  apply_shortcut(s, Shortcut::PlayPause);
  CHECK(s.playback.playing());
  apply_shortcut(s, Shortcut::PlayPause);
  CHECK_FALSE(s.playback.playing());
  s.pinned = Cell{1, 1};
  apply_shortcut(s, Shortcut::Unpin);
  CHECK_FALSE(s.pinned);
}
