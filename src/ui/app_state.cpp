#include "ui/app_state.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/text.h"

namespace tconv::ui {

namespace {
const char* const kViewTitles[kViewCount] = {"Scatter", "Direct conv", "Matrix C^T", "Heat-map", "Regular conv", "Conv & C^T"};
const char* const kViewHelp[kViewCount] = {
    "Step through the placements: each input scales the kernel and adds it to the output.",
    "The same result as an ordinary convolution: insert zeros, pad, flip the kernel, slide.",
    "The same result as a matrix product y = C^T x: C is the forward convolution.",
    "How many products land on each output cell: edge effect and checkerboard.",
    "The regular (forward) convolution of the same input and kernel: dot products that shrink the grid.",
    "The convolution N -> M and the transposed convolution M -> N side by side: sizes and <Cx,y> = <x,C^T y>."};

std::string cell_name(const char* v, int64_t r, int64_t c) {
  return std::string(v) + "[" + std::to_string(r) + "," + std::to_string(c) + "]";
}
}  // namespace

const char* shading_name(Shading s) {
  switch (s) {
    case Shading::None: return "none";
    case Shading::Value: return "value";
    case Shading::Overlap: return "overlap";
  }
  return "?";
}
const char* view_title(View v) { return kViewTitles[int(v)]; }
const char* view_help(View v) { return kViewHelp[int(v)]; }

Result<View> parse_view(const std::string& name) {
  for (int i = 0; i < kViewCount; ++i)
    if (name == view_name(View(i))) return View(i);
  return Error{"unknown view '" + name + "'. Use one of: scatter, gather, matrix, heatmap, forward, paired."};
}

Result<Cell> parse_cell(const std::string& text, const char* option) {
  const std::optional<Pair> rc = text::parse_cell(text);
  if (rc && rc->h >= 0 && rc->w >= 0) return Cell{rc->h, rc->w};
  return Error{std::string(option) + " expects ROW,COL (0-based, e.g. 2,3), got '" + text + "'."};
}

Result<WindowSize> parse_window_size(const std::string& text) {
  if (const std::optional<Pair> wh = text::parse_size(text)) {  // written width first
    const int64_t w = wh->h, h = wh->w;
    if (w < 200 || h < 200 || w > 16384 || h > 16384)
      return Error{"--window " + text + " is out of range: width and height must be 200..16384."};
    return WindowSize{int(w), int(h)};
  }
  return Error{"--window expects WIDTHxHEIGHT in pixels (e.g. 1280x800), got '" + text + "'."};
}

void rebuild(AppState& s) {
  ++s.revision;
  s.problems.clear();
  const AxisParams ah = axis_params(s.editor, Axis::H), aw = axis_params(s.editor, Axis::W);
  s.axis[0] = explain_axis(ah, "height");
  s.axis[1] = explain_axis(aw, "width");
  for (const AxisExplanation& e : s.axis)
    if (e.problem) s.problems.push_back(*e.problem);
  s.round[0] = explain_round_trip(ah, "height");
  s.round[1] = explain_round_trip(aw, "width");
  s.model.reset();
  if (s.problems.empty()) {
    Result<TeachingModel> m = build_teaching_model(to_config(s.editor));
    if (m.ok()) {
      s.model = std::move(m).value();
    } else {
      s.problems.push_back(m.error().message);
    }
  }
  if (s.model) {
    s.gather = build_gather_data(*s.model);
    s.matrix = build_matrix_data(*s.model);
    s.overlap = explain_overlap(*s.model);
    s.playback.set_count(s.model->steps.size());
    if (s.pinned && !in_output(*s.model, *s.pinned)) s.pinned.reset();
    for (int a = 0; a < 2; ++a)
      if (s.target[size_t(a)] <= 0) s.target[size_t(a)] = s.axis[size_t(a)].out;
  } else {
    s.gather = GatherData{};
    s.matrix = MatrixData{};
    s.overlap = OverlapSummary{};
    s.playback.set_count(0);
    s.pinned.reset();
  }
  s.hover_input.reset();
  s.hover_output.reset();
  const TeachingConfig config = to_config(s.editor);
  s.forward = build_forward_data(config);
  s.paired = build_paired_data(config, s.model ? std::string()
                                               : s.problems.empty() ? std::string("impossible configuration")
                                                                    : s.problems.front());
  sync_view_playback(s);  // the step count follows the view
}

size_t view_step_count(const AppState& s) {
  if (s.prefs.view == View::Forward) return s.forward.model ? s.forward.model->steps.size() : 0;
  return s.model ? s.model->steps.size() : 0;
}

void sync_view_playback(AppState& s) {
  const size_t n = view_step_count(s);
  if (s.playback.count() != n) s.playback.set_count(n);
}

void apply_shortcut(AppState& s, Shortcut k) {
  switch (k) {
    case Shortcut::PlayPause: s.playback.toggle(); break;
    case Shortcut::StepForward: s.playback.step_forward(); break;
    case Shortcut::StepBack: s.playback.step_back(); break;
    case Shortcut::First: s.playback.home(); break;
    case Shortcut::Last: s.playback.end(); break;
    case Shortcut::Unpin: s.pinned.reset(); break;
  }
}

std::string step_caption(const AppState& s) {
  if (s.prefs.view == View::Forward) return forward_step_caption(s.forward, s.playback.step());
  if (!s.model) return "Impossible configuration: see the explanation on the right.";
  const TeachingModel& m = *s.model;
  const size_t k = s.playback.step();
  const Placement& p = m.steps[k];
  std::string t = "Step " + std::to_string(k + 1) + " of " + std::to_string(m.steps.size()) + ": " +
                  cell_name("x", p.in_r, p.in_c) + " = " + format_number(p.value) +
                  " scales the kernel and adds it to the output";
  const int64_t taps = m.config.kernel.rows * m.config.kernel.cols;
  if (p.kept_taps < taps) {
    t += " (" + std::to_string(taps - p.kept_taps) + " of " + std::to_string(taps) +
         " products fall on padding and are cropped)";
  }
  return t + ".";
}

std::string hint_line(const AppState& s) {
  if (!s.model) return "Change a parameter on the left; the panel on the right says which rule is broken.";
  return "Space: play/pause   Left/Right: step   Home/End   Click an output cell: its sum";
}

}  // namespace tconv::ui

namespace tconv::ui {
float auto_ui_scale(float framebuffer_height, float content_scale) {
  const float cs = content_scale > 0.25f ? content_scale : 1.0f;
  const float logical = framebuffer_height / cs;
  const float steps = std::floor(logical / 760.0f * 4.0f) / 4.0f;
  return cs * std::clamp(steps, 1.0f, 2.5f);
}

float effective_ui_scale(const UiPrefs& prefs, float framebuffer_height, float content_scale) {
  const float cs = content_scale > 0.25f ? content_scale : 1.0f;
  const float s = prefs.ui_scale > 0.0f ? prefs.ui_scale * cs : auto_ui_scale(framebuffer_height, cs);
  return std::clamp(s, 0.5f, 4.0f);
}
}  // namespace tconv::ui
