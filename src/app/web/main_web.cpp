// tconv-lab in the browser (Emscripten): the desktop's run_gui (gui_app.cpp) over the browser's
// platform files (platform_web.cpp, paths_web.cpp). What only a page has lives here: the link's
// parameters checked before the app starts, the test hook window.tconvState() with the "copy
// link to this view" query, the "open picture..." hook and the fast path's benchmark.
// Sections: state hook | benchmark | main.
//
// The page (tconv-web.js) turns the URL's query into the arguments `tconv-lab gui` takes
// (?preset=distill&view=heatmap&step=3 -> gui --preset distill --view heatmap --step 3), so both
// go through parse_gui_options and apply_gui_options and fail with the same messages.
#include <emscripten.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
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
    o += ",\"error\":" + app::json_string(s.image->error) + "}";
  }
  o += ",\"lesson\":" + std::to_string(s.lessons.open ? int(s.lessons.current) + 1 : 0);
  o += ",\"status\":" + app::json_string(s.status);
  o += ",\"query\":" + app::json_string(app::view_query(s));
  o += "}";
  return o.c_str();
}

// The page's "open picture" file input: the browser has written the file into the virtual file
// system at `path`; image mode opens it as if it had been dropped on the canvas.
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_open_image(const char* path) {
  if (path) tconv::app::platform::web_open_file(path);
}

// ---------------------------------------------------------------- benchmark
// The fast CPU path's time here, for the README's browser-vs-native figures: the cases of
// scripts/bench.py, on one thread (as `tconv-lab apply --threads 1 --benchmark RUNS`). Returns the
// median milliseconds of `runs` timed runs, or -1 for an unknown case or too little memory.
//   0: seed-large, x (1,1,4096,4096), w (1,1,3,3), stride 1
//   1: image, x (1,3,2048,2048), w (3,1,4,4), stride 2, padding 1, groups 3
extern "C" EMSCRIPTEN_KEEPALIVE double tconv_bench(int which, int runs) {
  using namespace tconv;
  Shape4 xs, ws;
  ConvTransposeParams p;
  if (which == 0) {
    xs = {1, 1, 4096, 4096};
    ws = {1, 1, 3, 3};
  } else if (which == 1) {
    xs = {1, 3, 2048, 2048};
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
      conv_transpose2d_fast_into(x, w, {}, p, y, 1);
      ms.push_back(emscripten_get_now() - t0);
    }
    std::sort(ms.begin(), ms.end());
    const size_t n = ms.size();
    return n % 2 ? ms[n / 2] : 0.5 * (ms[n / 2 - 1] + ms[n / 2]);
  } catch (const std::bad_alloc&) {
    return -1;
  }
}

// ---------------------------------------------------------------- main
int main(int argc, char** argv) {
  using namespace tconv;
  using namespace tconv::app;
  // Links name the bundled files as the desktop does from its source folder (assets/scene.png).
  if (chdir("/data") != 0) std::cerr << "error: the page's data (/data) is missing; reload the page.\n";
  // A link's parameters are checked first: a wrong one is explained (the desktop's message) and
  // the default view shown instead of a blank page.
  bool valid = parse_gui_options(argc, argv).exit_status < 0;  // errors went to stderr: the page shows them
  if (valid) {
    ui::AppState scratch;
    if (Status st = apply_gui_options(parse_gui_options(argc, argv).options, scratch); !st) {
      std::cerr << "error: " << st.error().message << "\n";
      valid = false;
    }
  }
  char arg0[] = "tconv-lab", gui[] = "gui";
  char* defaults[] = {arg0, gui, nullptr};
  if (!valid) {
    web_show_error("These link parameters are not valid (see above); showing the default view instead.");
    argc = 2;
    argv = defaults;
  }
  // A link shows exactly its view: remembered settings are then neither applied nor overwritten
  // (paths_web.cpp keeps none without HOME), as with --screenshot on the desktop.
  if (argc > 2) {
    unsetenv("HOME");
    unsetenv("XDG_CONFIG_HOME");
  }
  try {
    const int status = run_gui(argc, argv);  // returns only when the app could not start
    if (status != 0) web_show_error("tconv-lab could not start (see above). Reload the page.");
    return status;
  } catch (const std::bad_alloc&) {
    web_show_error("error: out of memory. Close other tabs and reload the page.");
  } catch (const std::exception& e) {
    web_show_error((std::string("error: ") + e.what()).c_str());
  }
  return 2;
}
