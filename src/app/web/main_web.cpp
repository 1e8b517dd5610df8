// tconv-lab in the browser (Emscripten): the desktop's window loop (gui_app.cpp) as a per-frame
// callback, with the browser's canvas, URL parameters, clipboard and settings.
// Sections: canvas | clipboard | keys | settings | frame | state hook | benchmark | main.
//
// The page (shell.html) turns the URL's query into the same arguments `tconv-lab gui` takes
// (?preset=distill&view=heatmap&step=3 -> gui --preset distill --view heatmap --step 3), so both
// go through parse_gui_options and apply_gui_options and fail with the same messages.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/gui_image.h"
#include "app/gui_options.h"
#include "core/fast.h"
#include "core/params.h"
#include "core/teaching.h"
#include "ui/editor.h"
#include "ui/image_state.h"
#include "ui/panels.h"

namespace tconv::app {
namespace {

// ---------------------------------------------------------------- canvas
// The canvas's CSS size (the page makes it fill the window) and the device pixel ratio.
EM_JS(double, web_css_width, (), { return Module.canvas.getBoundingClientRect().width; });
EM_JS(double, web_css_height, (), { return Module.canvas.getBoundingClientRect().height; });
EM_JS(void, web_frame_shown, (), { if (Module.onFirstFrame) { Module.onFirstFrame(); Module.onFirstFrame = null; } });
EM_JS(void, web_show_error, (const char* text), { if (Module.showError) Module.showError(UTF8ToString(text)); });

// ---------------------------------------------------------------- clipboard
// Emscripten's GLFW keeps the clipboard inside the page; the browser's clipboard is asynchronous
// and may refuse (no focus, no permission): the page then shows the text to copy by hand.
EM_JS(void, web_copy_text, (const char* text), { Module.copyText(UTF8ToString(text)); });
std::string g_clipboard;  // NOLINT: ImGui's clipboard callbacks are C functions with no state
void set_clipboard(void*, const char* text) {
  g_clipboard = text ? text : "";
  web_copy_text(g_clipboard.c_str());
}
const char* get_clipboard(void*) { return g_clipboard.c_str(); }

// ---------------------------------------------------------------- downloads
// Image mode saves into the page's virtual file system; the browser then offers the file as a
// download (the desktop's "saved PATH").
EM_JS(void, web_download, (const char* path), { Module.downloadFile(UTF8ToString(path)); });

// ---------------------------------------------------------------- keys
struct KeyQueue {
  std::vector<ui::Shortcut> keys;
};
void key_callback(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
  auto* q = static_cast<KeyQueue*>(glfwGetWindowUserPointer(window));
  if (!q || action == GLFW_RELEASE) return;
  const bool repeat = action == GLFW_REPEAT;
  switch (key) {
    case GLFW_KEY_SPACE: if (!repeat) q->keys.push_back(ui::Shortcut::PlayPause); break;
    case GLFW_KEY_RIGHT: q->keys.push_back(ui::Shortcut::StepForward); break;
    case GLFW_KEY_LEFT: q->keys.push_back(ui::Shortcut::StepBack); break;
    case GLFW_KEY_HOME: q->keys.push_back(ui::Shortcut::First); break;
    case GLFW_KEY_END: q->keys.push_back(ui::Shortcut::Last); break;
    case GLFW_KEY_ESCAPE: q->keys.push_back(ui::Shortcut::Unpin); break;
    default: break;
  }
}

// ---------------------------------------------------------------- settings
// imgui.ini (with the app's preferences) lives in the browser's localStorage: read at start into
// memory, written back when ImGui says it changed.
EM_JS(char*, web_load_settings, (), {
  var s = null;
  try { s = window.localStorage.getItem('tconv-lab/imgui.ini'); } catch (e) {}
  if (s === null) return 0;
  var n = lengthBytesUTF8(s) + 1, p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});
EM_JS(void, web_save_settings, (const char* text), {
  try { window.localStorage.setItem('tconv-lab/imgui.ini', UTF8ToString(text)); } catch (e) {}
});

// ---------------------------------------------------------------- frame
struct WebApp {
  ui::AppState state;
  GLFWwindow* window = nullptr;
  KeyQueue keys;
  ImageModePtr image_mode;
  float applied_scale = -1.0f;
  bool applied_light = false;
  bool fonts_uploaded = false;
  bool keep_settings = true;
  int frames = 0;
  int canvas_w = 0, canvas_h = 0;  // backing-store pixels last set
};
WebApp* g_app = nullptr;  // NOLINT: the state hook and the frame callback reach the app here

// The canvas's backing store follows its CSS size times the device pixel ratio (sharp text on
// high-DPI screens); Emscripten's GLFW scales mouse positions by the same ratio.
float sync_canvas_size(WebApp& a) {
  const double dpr = emscripten_get_device_pixel_ratio();
  const int w = std::max(1, int(std::lround(web_css_width() * dpr)));
  const int h = std::max(1, int(std::lround(web_css_height() * dpr)));
  if (w != a.canvas_w || h != a.canvas_h) {
    glfwSetWindowSize(a.window, w, h);
    a.canvas_w = w;
    a.canvas_h = h;
  }
  return float(dpr);
}

void frame(void* arg) {
  WebApp& a = *static_cast<WebApp*>(arg);
  ui::AppState& state = a.state;
  ImGuiIO& io = ImGui::GetIO();
  glfwPollEvents();
  const float dpr = sync_canvas_size(a);
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(a.window, &fb_w, &fb_h);
  const float scale = ui::effective_ui_scale(state.prefs, float(fb_h), dpr);
  if (scale != a.applied_scale || state.prefs.light_theme != a.applied_light) {
    if (scale != a.applied_scale) {
      if (a.fonts_uploaded) ImGui_ImplOpenGL3_DestroyFontsTexture();
      ui::build_fonts(scale);
      if (a.fonts_uploaded) ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ui::apply_style(state.prefs, scale);
    a.applied_scale = scale;
    a.applied_light = state.prefs.light_theme;
  }

  ImGui_ImplOpenGL3_NewFrame();
  a.fonts_uploaded = true;
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  ui::handle_shortcuts(state, a.keys.keys);
  a.keys.keys.clear();
  state.playback.advance(state.screenshot_mode ? 0.0 : double(io.DeltaTime));
  const std::string saving = state.image ? state.image->save_request : std::string();
  image_mode_frame(*a.image_mode, state, double(io.DeltaTime));
  if (!saving.empty() && state.image->status == "saved " + saving) web_download(saving.c_str());
  ui::draw_app(state);
  ImGui::Render();
  glViewport(0, 0, fb_w, fb_h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

  if (a.keep_settings && io.WantSaveIniSettings) {
    web_save_settings(ImGui::SaveIniSettingsToMemory());
    io.WantSaveIniSettings = false;
  }
  // Screenshots wait until the layout has settled (and image mode has its result).
  if (++a.frames >= 4 && !image_mode_busy(*a.image_mode)) web_frame_shown();
}

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
  q << "view=" << ui::view_name(s.prefs.view);
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
  if (!app::g_app) return "null";
  const ui::AppState& s = app::g_app->state;
  o = "{\"view\":" + app::json_string(ui::view_name(s.prefs.view));
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
// system at `path`; image mode opens it as if it had been dropped.
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_open_image(const char* path) {
  using namespace tconv;
  if (!app::g_app || !app::g_app->state.image || !path) return;
  ui::AppState& s = app::g_app->state;
  s.image->open_request = path;
  s.image->path_box = path;
  s.image_mode = true;
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
  // lessons.txt and the sample pictures are preloaded into the virtual file system at /assets.
  setenv("TCONV_ASSETS_DIR", "/assets", 0);
  ParsedGuiOptions parsed = parse_gui_options(argc, argv);  // errors went to stderr: the page shows them
  if (parsed.exit_status >= 0) {
    web_show_error("These link parameters are not valid (see above); showing the default view instead.");
    char arg0[] = "tconv-lab";
    char* none[] = {arg0};
    parsed = parse_gui_options(1, none);
  }
  const GuiOptions& opt = parsed.options;

  auto* a = new WebApp;  // lives as long as the page
  g_app = a;
  // ?screenshot=NAME.png: the desktop's --screenshot state (no hover, no export tab, no saved
  // settings, playback frozen), for comparing the page with the desktop's pictures. Nothing is
  // written: the test takes the browser's own screenshot.
  a->state.screenshot_mode = !opt.screenshot.empty();
  if (Status st = apply_gui_options(opt, a->state); !st) {
    std::cerr << "error: " << st.error().message << "\n";
    web_show_error(("error: " + st.error().message).c_str());
  }

  if (!glfwInit()) {
    web_show_error("error: this browser could not start the page's graphics (GLFW). Use a current Chrome, Firefox or Safari.");
    return 2;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  a->window = glfwCreateWindow(1024, 768, "tconv-lab", nullptr, nullptr);
  if (!a->window) {
    web_show_error("error: this browser has no WebGL 2, which the page needs. Enable hardware acceleration, "
                   "or use a current Chrome, Firefox or Safari.");
    return 2;
  }
  glfwMakeContextCurrent(a->window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // saved to localStorage by frame()
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  ui::register_settings_handler(&a->state);
  // A link's parameters show exactly that view: remembered settings are then not applied (nor
  // overwritten), as with --screenshot on the desktop.
  a->keep_settings = argc <= 2 && !a->state.screenshot_mode;  // argv: program, "gui", options
  if (a->keep_settings) {
    if (char* ini = web_load_settings()) {
      ImGui::LoadIniSettingsFromMemory(ini);
      std::free(ini);
    }
  }
  apply_gui_overrides(opt, a->state);
  glfwSetWindowUserPointer(a->window, &a->keys);
  glfwSetKeyCallback(a->window, key_callback);  // before ImGui's backend, which chains to it
  ImGui_ImplGlfw_InitForOpenGL(a->window, true);
  ImGui_ImplOpenGL3_Init("#version 300 es");
  io.SetClipboardTextFn = set_clipboard;  // the GLFW backend installed its own; the browser's wins
  io.GetClipboardTextFn = get_clipboard;
  a->image_mode = create_image_mode(a->window, a->state, image_mode_options(opt));
  emscripten_set_main_loop_arg(frame, a, 0, false);
  return 0;
}
