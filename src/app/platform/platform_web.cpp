// The browser's window (platform.h) with Emscripten: the page's canvas and its WebGL 2 context
// through Emscripten's GLFW, ImGui's GLFW backend, keys, dropped and picked files, the browser's
// clipboard, downloads of saved files, and the main loop as requestAnimationFrame callbacks.
// Sections: page | Window | open | ImGui backend | saved files | input | main loop | page hooks.
#include "app/platform/platform_web.h"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>
#include <string>
#include <utility>
#include <vector>

#include "app/platform/glfw_keys.h"
#include "app/platform/platform.h"
#include "ui/image/image_state.h"

namespace tconv::app::platform {

namespace {

// ---------------------------------------------------------------- page
// The canvas's CSS size (the page makes it fill the window); the page's callbacks (tconv-web.js).
EM_JS(double, web_css_width, (), { return Module.canvas.getBoundingClientRect().width; });
EM_JS(double, web_css_height, (), { return Module.canvas.getBoundingClientRect().height; });
EM_JS(void, web_frame_shown, (), { if (Module.onFirstFrame) { Module.onFirstFrame(); Module.onFirstFrame = null; } });
// The browser's clipboard is asynchronous and may refuse (no focus, no permission): the page then
// shows the text to copy by hand.
EM_JS(void, web_copy_text, (const char* text), { Module.copyText(UTF8ToString(text)); });
// A file written into the page's virtual file system, offered to the user as a download.
EM_JS(void, web_download, (const char* path), { Module.downloadFile(UTF8ToString(path)); });

}  // namespace

// ---------------------------------------------------------------- Window
class Window {
 public:
  GLFWwindow* window = nullptr;
  std::vector<ui::Shortcut> keys;     // filled by the key callback
  std::vector<std::string> dropped;   // dropped on the canvas, or picked with "open picture..."
  int canvas_w = 0, canvas_h = 0;     // backing-store pixels last set
  ui::AppState* state = nullptr;      // attach_app_state: the page's hooks read it
  std::string clipboard;              // ImGui's copy of the clipboard (the browser's is async)
};

namespace {
Window* g_window = nullptr;  // NOLINT: the page's hooks and ImGui's clipboard callbacks are C functions
}  // namespace

void WindowDeleter::operator()(Window* w) const {
  if (g_window == w) g_window = nullptr;
  if (w->window) glfwDestroyWindow(w->window);
  glfwTerminate();
  delete w;
}

namespace {

Window& owner(GLFWwindow* window) { return *static_cast<Window*>(glfwGetWindowUserPointer(window)); }

void key_callback(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
  if (action == GLFW_RELEASE) return;
  // No Ctrl+Q: a page is closed by the browser.
  if (const auto k = shortcut_for_key(key, action == GLFW_REPEAT)) owner(window).keys.push_back(*k);
}

// Emscripten's GLFW writes dropped files into the virtual file system and passes their paths.
void drop_callback(GLFWwindow* window, int count, const char** paths) {
  for (int i = 0; i < count; ++i)
    if (paths[i]) owner(window).dropped.emplace_back(paths[i]);
}

// The mouse wheel, from the browser's own event: Emscripten's GLFW passes the event's raw deltas
// (pixels, positive = down), which ImGui's GLFW backend takes as notches with positive = up, so
// the panels scrolled the wrong way, a hundred lines at a time. A notch is 100 pixels in Chrome
// and Safari, 3 lines in Firefox.
EM_BOOL wheel_callback(int, const EmscriptenWheelEvent* e, void*) {
  if (!g_window || !ImGui::GetCurrentContext()) return EM_FALSE;
  const double per_notch = e->deltaMode == DOM_DELTA_PIXEL ? 100.0 : e->deltaMode == DOM_DELTA_LINE ? 3.0 : 1.0;
  ImGuiIO& io = ImGui::GetIO();
  io.MouseWheelH -= static_cast<float>(e->deltaX / per_notch);
  io.MouseWheel -= static_cast<float>(e->deltaY / per_notch);
  return EM_TRUE;  // the page itself does not scroll
}

void set_clipboard(void*, const char* text) {
  if (!g_window) return;
  g_window->clipboard = text ? text : "";
  web_copy_text(g_window->clipboard.c_str());
}
const char* get_clipboard(void*) { return g_window ? g_window->clipboard.c_str() : ""; }

// The canvas's backing store follows its CSS size times the device pixel ratio (sharp text on
// high-DPI screens); Emscripten's GLFW scales mouse positions by the same ratio.
float sync_canvas_size(Window& w) {
  const double dpr = emscripten_get_device_pixel_ratio();
  const int cw = std::max(1, static_cast<int>(std::lround(web_css_width() * dpr)));
  const int ch = std::max(1, static_cast<int>(std::lround(web_css_height() * dpr)));
  if (cw != w.canvas_w || ch != w.canvas_h) {
    glfwSetWindowSize(w.window, cw, ch);
    w.canvas_w = cw;
    w.canvas_h = ch;
  }
  return static_cast<float>(dpr);
}

}  // namespace

// ---------------------------------------------------------------- open
Result<WindowPtr> open_window(const WindowRequest& r) {
  if (!glfwInit())
    return Error{"this browser could not start the page's graphics (GLFW). Use a current Chrome, Firefox "
                 "or Safari."};
  WindowPtr w(new Window());  // from here on, the deleter terminates GLFW
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);  // WebGL 2
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // The size is the canvas's, set by every frame from the page's layout; the request's is a start.
  w->window = glfwCreateWindow(r.width, r.height, r.title.c_str(), nullptr, nullptr);
  if (!w->window)
    return Error{"this browser has no WebGL 2, which the page needs. Enable hardware acceleration, or use "
                 "a current Chrome, Firefox or Safari."};
  glfwMakeContextCurrent(w->window);
  glfwSetWindowUserPointer(w->window, w.get());
  g_window = w.get();
  return Result<WindowPtr>(std::move(w));
}

// The canvas fills the page: a remembered or requested window size does not apply.
void set_window_size(Window&, int, int) {}

const char* glsl_version() { return "#version 300 es"; }

// ---------------------------------------------------------------- ImGui backend
void init_imgui(Window& w) {
  // Ours first: ImGui's backend chains to callbacks installed before it.
  glfwSetKeyCallback(w.window, key_callback);
  glfwSetDropCallback(w.window, drop_callback);
  ImGui_ImplGlfw_InitForOpenGL(w.window, true);
  glfwSetScrollCallback(w.window, nullptr);  // the wheel comes from wheel_callback instead
  emscripten_set_wheel_callback("#canvas", nullptr, EM_TRUE, wheel_callback);
  ImGuiIO& io = ImGui::GetIO();  // after the backend, which installs GLFW's page-local clipboard
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
}

void imgui_new_frame(Window&) { ImGui_ImplGlfw_NewFrame(); }

void shutdown_imgui(Window&) { ImGui_ImplGlfw_Shutdown(); }

void attach_app_state(Window& w, ui::AppState& state) { w.state = &state; }

// ---------------------------------------------------------------- saved files
bool saves_are_downloads() { return true; }

void offer_download(Window&, const std::string& path) {
  std::error_code ec;  // the page's file system resolves from its own root, not the C library's folder
  const std::filesystem::path full = std::filesystem::absolute(path, ec);
  const std::string p = ec ? path : full.string();
  web_download(p.c_str());  // reads the file into a Blob before it returns
  std::filesystem::remove(p, ec);
}

// ---------------------------------------------------------------- input
std::vector<ui::Shortcut> take_shortcuts(Window& w) { return std::exchange(w.keys, {}); }

std::vector<std::string> take_dropped_files(Window& w) { return std::exchange(w.dropped, {}); }

// ---------------------------------------------------------------- main loop
namespace {
struct Loop {
  Window* window = nullptr;
  const FrameCallback* frame = nullptr;
  int frames = 0;
};
constexpr int kShownAfterFrames = 30;  // a page that never settles (playing) still counts as shown

void tick(void* arg) {
  Loop& loop = *static_cast<Loop*>(arg);
  Window& w = *loop.window;
  glfwPollEvents();
  FrameInfo info;
  info.content_scale = sync_canvas_size(w);
  glfwGetFramebufferSize(w.window, &info.framebuffer_w, &info.framebuffer_h);
  // Image mode's Save writes into the virtual file system; the browser then offers the file.
  const std::string saving = w.state && w.state->image ? w.state->image->save_request : std::string();
  const FrameResult r = (*loop.frame)(info);
  if (!saving.empty() && w.state->image->status == "saved " + saving) {
    std::error_code ec;  // the page's file system resolves from its own root, not the C library's folder
    const std::filesystem::path full = std::filesystem::absolute(saving, ec);
    web_download((ec ? saving : full.string()).c_str());
  }
  ++loop.frames;
  // The page is "shown" once the first frame has settled (nothing moving, image mode done): the
  // tests' screenshots and the first-frame time wait for it.
  if (r.stop || r.idle || loop.frames >= kShownAfterFrames) web_frame_shown();
  if (r.stop) emscripten_cancel_main_loop();  // the last frame stays on the canvas
  // No swap: the browser shows the canvas when the callback returns.
}
}  // namespace

void run_main_loop(Window& w, const FrameCallback& frame) {
  static Loop loop;  // lives as long as the page
  loop.window = &w;
  loop.frame = &frame;
  // simulate_infinite_loop: this call does not return (it throws a JavaScript exception up to
  // the page), so run_gui's stack frame (and `frame`, and everything it captures) stays in place
  // while the browser calls tick once per display frame. That holds only while no caller of
  // run_gui runs a C++ cleanup on the way out (main_web.cpp's main has none): Emscripten's
  // exception wrappers reset the stack to the level of the frame that catches.
  emscripten_set_main_loop_arg(tick, &loop, 0, true);
}

// ---------------------------------------------------------------- page hooks
const ui::AppState* web_app_state() { return g_window ? g_window->state : nullptr; }

void web_open_file(const std::string& path) {
  if (g_window) g_window->dropped.push_back(path);
}

}  // namespace tconv::app::platform
