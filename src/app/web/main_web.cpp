// tconv-lab in the browser (Emscripten): the desktop's run_gui (gui_app.cpp) over the browser's
// platform files (platform_web.cpp, paths_web.cpp). What only a page has lives here: the link's
// parameters checked before the app starts, the test hook window.tconvState() with the "copy
// link to this view" query, the "open picture..." hook and the fast path's benchmark.
// Sections: state hook | widget rectangles | benchmark | main.
//
// The page (tconv-web.js) turns the URL's query into the arguments `tconv-lab gui` takes
// (?preset=distill&view=heatmap&step=3 -> gui --preset distill --view heatmap --step 3), so both
// go through parse_gui_options and apply_gui_options and fail with the same messages.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <exception>
#include <iostream>
#include <map>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "app/gui_app.h"
#include "app/gui_options.h"
#include "app/platform/platform_web.h"
#include "core/fast.h"
#include "core/params.h"
#include "core/teaching.h"
#include "ui/app_state.h"
#include "ui/editor.h"
#include "ui/image/image_state.h"
#include "ui/views/hover.h"

namespace tconv::app {
namespace {

EM_JS(void, web_show_error, (const char* text), { if (Module.showError) Module.showError(UTF8ToString(text)); });

// ---------------------------------------------------------------- state hook
// A link to the current view: the options `tconv-lab gui` would need to show it again.
std::string view_query(const ui::AppState& s) {
  std::ostringstream q;
  const ui::EditorSettings& e = s.editor;
  if (!e.preset.empty()) q << "preset=" << e.preset << "&";
  const ui::Param params[] = {ui::Param::Input, ui::Param::Kernel, ui::Param::Stride, ui::Param::Padding,
                              ui::Param::OutputPadding, ui::Param::Dilation};
  const char* names[] = {"input", "kernel", "stride", "padding", "output-padding", "dilation"};
  for (int i = 0; i < 6; ++i) {
    const Pair v = ui::get_param(e, params[i]);
    q << names[i] << "=" << v.h;
    if (v.w != v.h) q << "," << v.w;
    q << "&";
  }
  q << "view=" << view_name(s.prefs.view);
  if (s.model) q << "&step=" << s.playback.step() + 1;
  if (s.pinned) q << "&pin-output=" << s.pinned->r << "," << s.pinned->c;
  if (s.lessons.open && !s.lessons.file.lessons.empty()) q << "&lesson=" << s.lessons.current + 1;
  if (s.prefs.light_theme) q << "&light=1";
  if (s.image_mode) q << "&mode=image";
  return q.str();
}

std::string json_string(const std::string& t) {
  std::string o = "\"";
  for (char c : t) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
      continue;
    }
    o += c;
  }
  return o + "\"";
}

std::string g_hook_text;  // NOLINT: the string handed to JavaScript lives until the next call

// FNV-1a over the values' bits (a word at a time): the tests compare results computed in different ways
// (in slices or at once, on one thread or several), which must agree to the bit.
uint32_t checksum(const Tensor4& t) {
  uint32_t h = 2166136261u;
  for (float v : t.data) {
    uint32_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    h = (h ^ b) * 16777619u;
  }
  return h;
}

}  // namespace
}  // namespace tconv::app

// Called from the page: window.tconvState() (tests) and the "copy link" button.
extern "C" EMSCRIPTEN_KEEPALIVE const char* tconv_state_json() {
  using namespace tconv;
  std::string& o = app::g_hook_text;
  const ui::AppState* state = app::platform::web_app_state();
  if (!state) return "null";
  const ui::AppState& s = *state;
  o = "{\"view\":" + app::json_string(view_name(s.prefs.view));
  o += ",\"preset\":" + app::json_string(s.editor.preset);
  o += ",\"step\":" + std::to_string(s.model ? s.playback.step() + 1 : 0);
  o += ",\"steps\":" + std::to_string(s.playback.count());
  o += std::string(",\"playing\":") + (s.playback.playing() ? "true" : "false");
  o += std::string(",\"light\":") + (s.prefs.light_theme ? "true" : "false");
  o += std::string(",\"imageMode\":") + (s.image_mode ? "true" : "false");
  if (s.model) {
    o += ",\"output\":[" + std::to_string(s.model->out_h) + "," + std::to_string(s.model->out_w) + "]";
  }
  auto cell = [](const std::optional<ui::Cell>& c) {
    return c ? "[" + std::to_string(c->r) + "," + std::to_string(c->c) + "]" : std::string("null");
  };
  o += ",\"pinned\":" + cell(s.pinned);
  o += ",\"hoverOutput\":" + cell(s.hover_output);
  if (s.model && s.pinned && ui::in_output(*s.model, *s.pinned)) {
    o += ",\"pinnedSum\":" + app::json_string(cell_sum_numeric(*s.model, s.pinned->r, s.pinned->c));
    o += ",\"pinnedValue\":" + std::to_string(s.model->output.at(s.pinned->r, s.pinned->c));
  }
  if (s.image) {
    o += ",\"image\":{\"path\":" + app::json_string(s.image->image_path);
    if (s.image->image)
      o += ",\"size\":[" + std::to_string(s.image->image->shape.h) + "," + std::to_string(s.image->image->shape.w) + "]";
    o += ",\"busy\":" + std::string(s.image->busy ? "true" : "false");
    o += ",\"busyWhat\":" + app::json_string(s.image->busy ? s.image->busy_what : std::string());
    o += ",\"progress\":" + std::to_string(s.image->progress);
    o += ",\"error\":" + app::json_string(s.image->error);
    o += ",\"resultError\":" + app::json_string(s.image->result.error);
    if (s.image->result.output) {
      const Shape4& os = s.image->result.output->shape;
      o += ",\"output\":[" + std::to_string(os.c) + "," + std::to_string(os.h) + "," + std::to_string(os.w) + "]";
    }
    o += "}";
  }
  o += ",\"lesson\":" + std::to_string(s.lessons.open ? int(s.lessons.current) + 1 : 0);
  o += ",\"status\":" + app::json_string(s.status);
  o += ",\"query\":" + app::json_string(app::view_query(s));
  o += "}";
  return o.c_str();
}

// The checksum of image mode's current output (-1: none), and of the same computed again at once
// (not in slices; every thread this page has), for the test that slicing changes nothing.
extern "C" EMSCRIPTEN_KEEPALIVE double tconv_image_checksum() {
  const tconv::ui::AppState* state = tconv::app::platform::web_app_state();
  if (!state || !state->image || !state->image->result.output) return -1;
  return tconv::app::checksum(*state->image->result.output);
}
extern "C" EMSCRIPTEN_KEEPALIVE double tconv_image_check() {
  using namespace tconv;
  const ui::AppState* state = app::platform::web_app_state();
  if (!state || !state->image || !state->image->image) return -1;
  const ui::ImageState& st = *state->image;
  const Result<ui::WeightPlan> plan = ui::settings_weights(st.settings, st.image->shape.c);
  if (!plan) return -1;
  if (!conv_transpose_output_shape(st.image->shape, plan.value().weight.shape, -1, plan.value().params)) return -1;
  try {
    return app::checksum(conv_transpose2d_fast(*st.image, plan.value().weight, {}, plan.value().params));
  } catch (const std::bad_alloc&) {
    return -1;
  }
}

// The page's "open picture" file input: the browser has written the file into the virtual file
// system at `path`; image mode opens it as if it had been dropped on the canvas.
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_open_image(const char* path) {
  if (path) tconv::app::platform::web_open_file(path);
}

// ---------------------------------------------------------------- widget rectangles
// Dear ImGui's test-engine hooks (this build compiles ImGui with IMGUI_ENABLE_TEST_ENGINE): once
// asked for, every labelled widget reports its rectangle, so a test clicks a button by its label
// (the way a user finds it) instead of by a position that moves with the layout.
namespace {
std::map<std::string, ImRect> g_item_rects;  // NOLINT: filled by ImGui's C hooks, last frame wins
struct SeenRect {
  ImRect rect;
  int frame = 0;  // ImGui's frame count when drawn
};
std::map<ImGuiID, SeenRect> g_id_rects;  // NOLINT: every item by its ID (unlabelled ones too)
}  // namespace

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  if (ctx && ctx->TestEngineHookItems) g_id_rects[id] = {bb, ctx->FrameCount};
}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID, const char* label, ImGuiItemStatusFlags) {
  if (label && ctx) g_item_rects[label] = ctx->LastItemData.Rect;
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

// [x0, y0, x1, y1] of the widget labelled `label` in CSS pixels of the canvas, or null when it has
// not been drawn since the first call (which turns the hooks on).
extern "C" EMSCRIPTEN_KEEPALIVE const char* tconv_item_rect(const char* label) {
  static std::string out;
  ImGuiContext* g = ImGui::GetCurrentContext();
  if (!g || !label) return "null";
  g->TestEngineHookItems = true;
  // By ID where ImGui 1.86's label report is wrong or missing: a tab item reports the rectangle
  // of the item before it (so tabs are looked up by their ID in each tab bar first), and an
  // InvisibleButton (the app's collapsing headers) reports none (looked up by its ID at the top
  // of each window's ID stack, as window->GetID(label) makes it; the latest drawn wins, since a
  // panel moves between windows when the layout changes).
  const ImRect* found = nullptr;
  int found_frame = -1;
  const auto by_id = [&](ImGuiID seed) {
    const auto it = g_id_rects.find(ImHashStr(label, 0, seed));
    if (it != g_id_rects.end() && it->second.frame > found_frame) {
      found = &it->second.rect;
      found_frame = it->second.frame;
    }
  };
  for (int i = 0; !found && i < g->TabBars.GetMapSize(); ++i)
    if (const ImGuiTabBar* bar = g->TabBars.TryGetMapData(i)) by_id(bar->ID);
  if (const auto it = g_item_rects.find(label); !found && it != g_item_rects.end()) found = &it->second;
  if (!found)
    for (int i = 0; i < g->Windows.Size; ++i) by_id(g->Windows[i]->ID);
  if (!found) return "null";
  const double dpr = emscripten_get_device_pixel_ratio();
  const ImRect& r = *found;
  out = "[" + std::to_string(r.Min.x / dpr) + "," + std::to_string(r.Min.y / dpr) + "," +
        std::to_string(r.Max.x / dpr) + "," + std::to_string(r.Max.y / dpr) + "]";
  return out.c_str();
}

// ---------------------------------------------------------------- benchmark
// The fast CPU path's time here, for the README's browser-vs-native figures: the cases of
// scripts/bench.py (as `tconv-lab apply --threads T --benchmark RUNS`). Returns the median
// milliseconds of `runs` timed runs, or -1 for an unknown case or too little memory. Only the
// computation is timed: the tensors are allocated and written (memory grown, pages touched)
// before. The first run of a page runs V8's baseline (Liftoff) code; later ones, once V8 has
// compiled the hot function again in the background, its optimised (TurboFan) code.
//   0: seed-large, x (1,1,4096,4096), w (1,1,3,3), stride 1
//   1: image, x (1,3,2048,2048), w (3,1,4,4), stride 2, padding 1, groups 3
//   2: warm-up, x (1,3,256,256), w (3,1,4,4), stride 2, padding 1, groups 3 (a few ms)
// threads: 1, or more where the page is cross-origin isolated (the threaded build).
namespace {
double g_bench_checksum = -1;  // NOLINT: of the last benchmark's output, read by the page
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE double tconv_bench(int which, int runs, int threads) {
  using namespace tconv;
  Shape4 xs, ws;
  ConvTransposeParams p;
  if (which == 0) {
    xs = {1, 1, 4096, 4096};
    ws = {1, 1, 3, 3};
  } else if (which == 1 || which == 2) {
    xs = which == 1 ? Shape4{1, 3, 2048, 2048} : Shape4{1, 3, 256, 256};
    ws = {3, 1, 4, 4};
    p.stride = {2, 2};
    p.padding = {1, 1};
    p.groups = 3;
  } else {
    return -1;
  }
  const Result<Shape4> ys = conv_transpose_output_shape(xs, ws, -1, p);  // -1: no bias
  if (!ys) return -1;
  try {
    Tensor4 x(xs), w(ws), y(ys.value());
    for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = float(i % 251) / 251.0f;  // any values: time only
    for (size_t i = 0; i < w.data.size(); ++i) w.data[i] = float(i + 1) / 16.0f;
    std::vector<double> ms;
    for (int r = 0; r < std::max(1, runs); ++r) {
      const double t0 = emscripten_get_now();
      conv_transpose2d_fast_into(x, w, {}, p, y, std::max(1, threads));
      ms.push_back(emscripten_get_now() - t0);
    }
    g_bench_checksum = tconv::app::checksum(y);
    std::sort(ms.begin(), ms.end());
    const size_t n = ms.size();
    return n % 2 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
  } catch (const std::bad_alloc&) {
    return -1;
  }
}
extern "C" EMSCRIPTEN_KEEPALIVE double tconv_bench_checksum() { return g_bench_checksum; }

// Threads the fast path may use on this page: 1 without cross-origin isolation (no threads).
extern "C" EMSCRIPTEN_KEEPALIVE int tconv_threads() {
#ifdef __EMSCRIPTEN_PTHREADS__
  return tconv::default_thread_count();
#else
  return 1;
#endif
}

// ---------------------------------------------------------------- main
namespace {
// A link's parameters are checked before the app starts: a wrong one is explained (the desktop's
// message) and the default view shown instead of a blank page.
bool link_is_valid(int argc, char** argv) {
  using namespace tconv;
  using namespace tconv::app;
  try {
    ParsedGuiOptions parsed = parse_gui_options(argc, argv);  // errors went to stderr: the page shows them
    if (parsed.exit_status >= 0) return false;
    ui::AppState scratch;
    if (Status st = apply_gui_options(parsed.options, scratch); !st) {
      std::cerr << "error: " << st.error().message << "\n";
      return false;
    }
    return true;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return false;
  }
}
}  // namespace

// main holds nothing with a destructor while run_gui runs: the browser's main loop leaves run_gui
// by a JavaScript exception (platform_web.cpp), and a C++ cleanup on its way would give run_gui's
// stack frame, which the loop's frame callback still uses, back to later calls.
int main(int argc, char** argv) {
  // Links name the bundled files as the desktop does from its source folder (assets/scene.png).
  if (chdir("/data") != 0) std::fputs("error: the page's data (/data) is missing; reload the page.\n", stderr);
  static char arg0[] = "tconv-lab", gui[] = "gui";
  static char* defaults[] = {arg0, gui, nullptr};
  if (!link_is_valid(argc, argv)) {
    tconv::app::web_show_error("These link parameters are not valid (see above); showing the default view instead.");
    argc = 2;
    argv = defaults;
  }
  // A link shows exactly its view: remembered settings are then neither applied nor overwritten
  // (paths_web.cpp keeps none without HOME), as with --screenshot on the desktop.
  if (argc > 2) {
    unsetenv("HOME");
    unsetenv("XDG_CONFIG_HOME");
  }
  const int status = tconv::app::run_gui(argc, argv);  // returns only when the app could not start
  if (status != 0) tconv::app::web_show_error("tconv-lab could not start (see above). Reload the page.");
  return status;
}
