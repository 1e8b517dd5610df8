// The browser's window (platform.h) with Emscripten: the page's canvas and its WebGL 2 context
// through Emscripten's GLFW, ImGui's GLFW backend, keys, dropped and picked files, the browser's
// clipboard, downloads of saved files, pictures decoded on a Web Worker (without threads), and
// the main loop as requestAnimationFrame callbacks.
// Sections: page | Window | open | ImGui backend | saved files | input | background decoding |
// main loop | page hooks.
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
#include <cstdint>
#include <filesystem>
#include <map>
#include <new>
#include <system_error>
#include <string>
#include <utility>
#include <vector>

#include "app/platform/glfw_keys.h"
#include "app/platform/platform.h"
#include "io/file.h"
#include "io/image.h"
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

// ---------------------------------------------------------------- background decoding
// A page without threads decodes pictures on a Web Worker of its own, tconv-decode.js (built from
// src/app/web/decode_worker.cpp: io::decode_image alone, so the same decoders give the same
// values and messages). The file is read here (read_file's messages), its bytes are posted to the
// worker, and the decoded floats come back into a tensor made for them. Without Worker support,
// or once the worker has failed (its script missing, out of memory), decoding falls back to
// io::load_image on this thread: slower frames, the same result.
namespace {
struct Decode {
  std::string path;
  io::ImageLimits limits;
  Tensor4 incoming;                       // being filled by the page (tconv_decode_buffer)
  std::optional<Result<Tensor4>> result;  // back from the worker
  bool fallback = false;                  // the worker failed: decode here
};
std::map<uint32_t, Decode> g_decodes;  // NOLINT: the worker's replies arrive through C functions
uint32_t g_next_decode = 0;            // NOLINT

// Posts the file's bytes to the decode worker (made on first use, next to the program's script);
// 0 when the page cannot (no Worker, or the worker failed before).
EM_JS(int, web_decode_post, (uint32_t id, const uint8_t* data, double size, double max_side, double max_elements), {
  if (Module.tconvDecodeFailed || typeof Worker === 'undefined') return 0;
  if (!Module.tconvDecoder) {
    let w;
    try { w = new Worker(locateFile('tconv-decode.js')); } catch (e) { Module.tconvDecodeFailed = true; return 0; }
    Module.tconvDecoder = w;
    Module.tconvDecoding = new Set();
    w.onmessage = (e) => {
      const m = e.data;
      if (!Module.tconvDecoding.delete(m.id)) return;
      if (m.error !== undefined) {
        const n = lengthBytesUTF8(m.error) + 1, p = _malloc(n);
        stringToUTF8(m.error, p, n);
        _tconv_decode_failed(m.id, p);
        _free(p);
        return;
      }
      const p = _tconv_decode_buffer(m.id, m.c, m.h, m.w);
      if (p) {
        HEAPF32.set(m.data, p >> 2);  // HEAPF32 after the call: the heap may have grown
        _tconv_decode_done(m.id);
      }
    };
    w.onerror = (e) => {  // the script did not load, or the decoder died: decode on the page
      e.preventDefault();
      console.warn('tconv-lab: the decode worker failed (' + (e.message || 'no message') + '); decoding on the page');
      Module.tconvDecodeFailed = true;
      for (const id of Module.tconvDecoding) _tconv_decode_fallback(id);
      Module.tconvDecoding.clear();
    };
  }
  const bytes = HEAPU8.slice(data, data + size);  // a copy, handed over to the worker
  Module.tconvDecoding.add(id);
  Module.tconvDecoder.postMessage({id: id, bytes: bytes, maxSide: max_side, maxElements: max_elements}, [bytes.buffer]);
  return 1;
});
}  // namespace

// The worker's replies (called by the page's onmessage above).
extern "C" EMSCRIPTEN_KEEPALIVE float* tconv_decode_buffer(uint32_t id, int c, int h, int w) {
  auto it = g_decodes.find(id);
  if (it == g_decodes.end()) return nullptr;  // cancelled meanwhile
  try {
    it->second.incoming = Tensor4(Shape4{1, c, h, w});
  } catch (const std::bad_alloc&) {
    it->second.result = Error{"cannot read '" + it->second.path + "': the browser tab has no memory left for a " +
                              std::to_string(w) + " x " + std::to_string(h) +
                              " picture. Close other tabs, or use a smaller picture or the desktop app."};
    return nullptr;
  }
  return it->second.incoming.data.data();
}
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_decode_done(uint32_t id) {
  auto it = g_decodes.find(id);
  if (it != g_decodes.end()) it->second.result = std::move(it->second.incoming);
}
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_decode_failed(uint32_t id, const char* message) {
  auto it = g_decodes.find(id);
  if (it != g_decodes.end()) it->second.result = Error{"cannot read '" + it->second.path + "': " + message};
}
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_decode_fallback(uint32_t id) {
  auto it = g_decodes.find(id);
  if (it != g_decodes.end()) it->second.fallback = true;
}

uint64_t start_background_decode(const std::string& path, const io::ImageLimits& limits) {
  // (The threaded page never asks: image mode's loader thread decodes at once. It ships no
  // tconv-decode.js, so the worker would fail and decoding fall back to this thread.)
  const uint32_t id = ++g_next_decode;
  Decode& d = g_decodes[id];
  d.path = path;
  d.limits = limits;
  Result<std::vector<uint8_t>> bytes = io::read_file(path, io::kMaxImageFileBytes);
  if (!bytes) {
    d.result = bytes.error();  // load_image's message for a missing or unreadable file
  } else if (!web_decode_post(id, bytes.value().data(), double(bytes.value().size()), double(limits.max_side),
                              double(limits.max_elements))) {
    g_decodes.erase(id);
    return 0;
  }
  return id;
}

std::optional<Result<Tensor4>> take_background_decode(uint64_t ticket) {
  auto it = g_decodes.find(uint32_t(ticket));
  if (it == g_decodes.end()) return Result<Tensor4>(Error{"internal: unknown picture decode (please report it)"});
  if (it->second.fallback) {
    Decode d = std::move(it->second);
    g_decodes.erase(it);
    return io::load_image(d.path, d.limits);
  }
  if (!it->second.result) return std::nullopt;
  std::optional<Result<Tensor4>> r = std::move(it->second.result);
  g_decodes.erase(it);
  return r;
}

void cancel_background_decode(uint64_t ticket) { g_decodes.erase(uint32_t(ticket)); }

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
