// The browser's window (platform.h) with Emscripten: the page's canvas and its WebGL 2 context
// through Emscripten's GLFW, ImGui's GLFW backend, keys, dropped and picked files, the browser's
// clipboard, downloads of saved files, pictures decoded and encoded on a Web Worker (without
// threads), and the main loop as requestAnimationFrame callbacks.
// Sections: page | Window | open | ImGui backend | saved files | input | background decoding and
// encoding | main loop | page hooks.
#include "app/platform/platform_web.h"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <emscripten/threading.h>
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

// ---------------------------------------------------------------- background decoding and encoding
// A page without threads decodes and encodes pictures on a Web Worker of its own, tconv-codec.js
// (built from src/app/web/codec_worker.cpp: io::decode_image and io::encode_image_u8 alone, so
// the same codecs give the same values, bytes and messages). A decode reads the file here
// (read_file's messages) and posts its bytes; an encode gathers the pixels band by band in a
// buffer on the page's side (one copy of 50 MB at once held a frame for 0.19 s) and posts it.
// The result comes back into a buffer made for it here. Without Worker support, or once the
// worker has failed (its script missing, out of memory), the job runs on this thread instead:
// slower frames, the same result.
namespace {
struct Job {
  bool encode = false;
  std::string path;  // decode: for its messages
  Tensor4 incoming;  // filled by the page (tconv_decode_buffer)
  std::optional<Result<Tensor4>> decoded;
  int width = 0, height = 0, channels = 0;  // encode
  io::ImageFormat format = io::ImageFormat::Png;
  size_t added = 0;            // pixel bytes handed over so far
  std::vector<uint8_t> bytes;  // filled by the page (tconv_encode_buffer)
  std::optional<Result<std::vector<uint8_t>>> encoded;
  bool fallback = false;  // the worker failed: run it here
};
std::map<uint32_t, Job> g_jobs;  // NOLINT: the worker's replies arrive through C functions
uint32_t g_next_job = 0;         // NOLINT

// The codec worker, made on first use next to the program's script: 1, or 0 where the page has
// none (no Worker, or it failed before).
EM_JS(int, web_codec_ready, (), {
  if (Module.tconvCodecFailed || typeof Worker === 'undefined') return 0;
  if (Module.tconvCodec) return 1;
  let w;
  try { w = new Worker(locateFile('tconv-codec.js')); } catch (e) { Module.tconvCodecFailed = true; return 0; }
  Module.tconvCodec = w;
  Module.tconvCodecJobs = new Set();
  Module.tconvCodecPixels = new Map();  // encodes being gathered: id -> Uint8Array
  w.onmessage = (e) => {
    const m = e.data;
    if (!Module.tconvCodecJobs.delete(m.id)) return;
    if (m.error !== undefined) {
      const n = lengthBytesUTF8(m.error) + 1, p = _malloc(n);
      stringToUTF8(m.error, p, n);
      _tconv_codec_failed(m.id, p);
      _free(p);
    } else if (m.bytes !== undefined) {
      // Pointers above 2 GiB arrive negative: >>> 0 makes them unsigned.
      const p = _tconv_encode_buffer(m.id, m.bytes.length) >>> 0;
      if (p) {
        HEAPU8.set(m.bytes, p);  // HEAPU8 after the call: the heap may have grown
        _tconv_encode_done(m.id);
      }
    } else {
      const p = _tconv_decode_buffer(m.id, m.c, m.h, m.w) >>> 0;
      if (p) {
        HEAPF32.set(m.data, p >>> 2);
        _tconv_decode_done(m.id);
      }
    }
  };
  w.onerror = (e) => {  // the script did not load, or the codec died: run on the page
    e.preventDefault();
    console.warn('tconv-lab: the picture codec worker failed (' + (e.message || 'no message') + '); decoding and encoding on the page');
    Module.tconvCodecFailed = true;
    for (const id of Module.tconvCodecJobs) _tconv_codec_fallback(id);
    Module.tconvCodecJobs.clear();
  };
  return 1;
});
// A decode: the file's bytes, copied and handed over.
EM_JS(void, web_codec_decode, (uint32_t id, const uint8_t* data, double size, double max_side, double max_elements), {
  const bytes = HEAPU8.slice(data >>> 0, (data >>> 0) + size);
  Module.tconvCodecJobs.add(id);
  Module.tconvCodec.postMessage({op: 'decode', id: id, bytes: bytes, maxSide: max_side, maxElements: max_elements},
                                [bytes.buffer]);
});
// An encode: a buffer for the pixels, filled band by band, then handed over.
EM_JS(void, web_codec_encode_begin, (uint32_t id, double size), {
  Module.tconvCodecPixels.set(id, new Uint8Array(size));
});
EM_JS(void, web_codec_encode_add, (uint32_t id, const uint8_t* data, double size, double offset), {
  const buf = Module.tconvCodecPixels.get(id);
  if (buf) buf.set(HEAPU8.subarray(data >>> 0, (data >>> 0) + size), offset);
});
EM_JS(void, web_codec_encode_post, (uint32_t id, int w, int h, int c, int format), {
  const buf = Module.tconvCodecPixels.get(id);
  if (!buf) return;
  Module.tconvCodecPixels.delete(id);
  if (Module.tconvCodecFailed) { _tconv_codec_fallback(id); return; }
  Module.tconvCodecJobs.add(id);
  Module.tconvCodec.postMessage({op: 'encode', id: id, pixels: buf, w: w, h: h, c: c, format: format}, [buf.buffer]);
});
EM_JS(void, web_codec_forget, (uint32_t id), {
  if (Module.tconvCodecPixels) Module.tconvCodecPixels.delete(id);
  if (Module.tconvCodecJobs) Module.tconvCodecJobs.delete(id);
});

// A job's result into `out` once back (Done, the job forgotten); Running; or RunHere where the
// worker failed or the ticket is not a job of this kind.
template <class T>
BackgroundJob take_job(uint32_t id, bool encode, std::optional<Result<T>> Job::*result, std::optional<Result<T>>& out) {
  auto it = g_jobs.find(id);
  if (it == g_jobs.end() || it->second.encode != encode || it->second.fallback) {
    if (it != g_jobs.end()) g_jobs.erase(it);
    return BackgroundJob::RunHere;
  }
  if (!(it->second.*result)) return BackgroundJob::Running;
  out = std::move(it->second.*result);
  g_jobs.erase(it);
  return BackgroundJob::Done;
}

Job* find_job(uint32_t id) {
  auto it = g_jobs.find(id);
  return it == g_jobs.end() ? nullptr : &it->second;  // null: cancelled meanwhile
}
}  // namespace

// The worker's replies (called by the page's onmessage above).
extern "C" EMSCRIPTEN_KEEPALIVE float* tconv_decode_buffer(uint32_t id, int c, int h, int w) {
  Job* j = find_job(id);
  if (!j) return nullptr;
  try {
    j->incoming = Tensor4(Shape4{1, c, h, w});
  } catch (const std::bad_alloc&) {
    j->decoded = Error{"cannot read '" + j->path + "': the browser tab has no memory left for a " + std::to_string(w) +
                       " x " + std::to_string(h) + " picture. Close other tabs, or use a smaller picture or the desktop app."};
    return nullptr;
  }
  return j->incoming.data.data();
}
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_decode_done(uint32_t id) {
  if (Job* j = find_job(id)) j->decoded = std::move(j->incoming);
}
extern "C" EMSCRIPTEN_KEEPALIVE uint8_t* tconv_encode_buffer(uint32_t id, double size) {
  Job* j = find_job(id);
  if (!j) return nullptr;
  try {
    j->bytes.assign(size_t(size), 0);
  } catch (const std::bad_alloc&) {
    j->encoded = Error{"the browser tab has no memory left for the file. Close other tabs, or save from the desktop app."};
    return nullptr;
  }
  return j->bytes.data();
}
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_encode_done(uint32_t id) {
  if (Job* j = find_job(id)) j->encoded = std::move(j->bytes);
}
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_codec_failed(uint32_t id, const char* message) {
  Job* j = find_job(id);
  if (!j) return;
  if (j->encode) j->encoded = Error{message};
  else j->decoded = Error{"cannot read '" + j->path + "': " + message};
}
extern "C" EMSCRIPTEN_KEEPALIVE void tconv_codec_fallback(uint32_t id) {
  if (Job* j = find_job(id)) j->fallback = true;
}

// Only the page's main thread posts to the worker and receives its replies (between frames). The
// threaded page's loader and saver threads never ask (they run their steps at once), and would
// be told no: a reply could not reach a thread that never returns to its event loop.
uint64_t start_background_decode(const std::string& path, const io::ImageLimits& limits) {
  if (!emscripten_is_main_runtime_thread() || !web_codec_ready()) return 0;
  const uint32_t id = ++g_next_job;
  Job& j = g_jobs[id];
  j.path = path;
  Result<std::vector<uint8_t>> bytes = io::read_file(path, io::kMaxImageFileBytes);
  if (!bytes) j.decoded = bytes.error();  // load_image's message for a missing or unreadable file
  else web_codec_decode(id, bytes.value().data(), double(bytes.value().size()), double(limits.max_side),
                        double(limits.max_elements));
  return id;
}

BackgroundJob take_background_decode(uint64_t ticket, std::optional<Result<Tensor4>>& out) {
  return take_job(uint32_t(ticket), false, &Job::decoded, out);
}

uint64_t start_background_encode(int width, int height, int channels, io::ImageFormat format) {
  if (!emscripten_is_main_runtime_thread() || !web_codec_ready()) return 0;
  const uint32_t id = ++g_next_job;
  Job& j = g_jobs[id];
  j.encode = true;
  j.width = width;
  j.height = height;
  j.channels = channels;
  j.format = format;
  web_codec_encode_begin(id, double(width) * double(height) * double(channels));
  return id;
}

void add_background_encode_rows(uint64_t ticket, const uint8_t* pixels, size_t bytes) {
  Job* j = find_job(uint32_t(ticket));
  if (!j) return;
  web_codec_encode_add(uint32_t(ticket), pixels, double(bytes), double(j->added));
  j->added += bytes;
}

void finish_background_encode(uint64_t ticket) {
  if (const Job* j = find_job(uint32_t(ticket)))
    web_codec_encode_post(uint32_t(ticket), j->width, j->height, j->channels, int(j->format));
}

BackgroundJob take_background_encode(uint64_t ticket, std::optional<Result<std::vector<uint8_t>>>& out) {
  return take_job(uint32_t(ticket), true, &Job::encoded, out);
}

void cancel_background_job(uint64_t ticket) {
  g_jobs.erase(uint32_t(ticket));
  web_codec_forget(uint32_t(ticket));
}

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
  const FrameResult r = (*loop.frame)(info);
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
