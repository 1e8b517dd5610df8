// The desktop window (platform.h) with GLFW: window and GL context, ImGui's GLFW backend, keys,
// drops and the main loop. Sections: errors | Window | open | ImGui backend | input | main loop.
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <string>
#include <utility>
#include <vector>

#include "app/platform/glfw_keys.h"
#include "app/platform/platform.h"

namespace tconv::app::platform {

namespace {

// ---------------------------------------------------------------- errors
// GLFW reports errors through a C callback; the last message is kept for the user-facing error.
std::string g_glfw_error;  // NOLINT: written only by the callback, read right after the failing call
void glfw_error_callback(int code, const char* description) {
  g_glfw_error = std::string(description ? description : "unknown error") + " (GLFW error " +
                 std::to_string(code) + ")";
}

}  // namespace

// ---------------------------------------------------------------- Window
class Window {
 public:
  GLFWwindow* window = nullptr;
  std::vector<ui::Shortcut> keys;     // filled by the key callback
  std::vector<std::string> dropped;   // filled by the drop callback
};

void WindowDeleter::operator()(Window* w) const {
  if (w->window) glfwDestroyWindow(w->window);
  glfwTerminate();
  delete w;
}

namespace {

Window& owner(GLFWwindow* window) { return *static_cast<Window*>(glfwGetWindowUserPointer(window)); }

void key_callback(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
  if (action == GLFW_RELEASE) return;
  if (key == GLFW_KEY_Q && (mods & GLFW_MOD_CONTROL)) glfwSetWindowShouldClose(window, GLFW_TRUE);
  if (const auto k = shortcut_for_key(key, action == GLFW_REPEAT)) owner(window).keys.push_back(*k);
}

// Called from glfwPollEvents on the main thread.
void drop_callback(GLFWwindow* window, int count, const char** paths) {
  for (int i = 0; i < count; ++i)
    if (paths[i]) owner(window).dropped.emplace_back(paths[i]);
}

}  // namespace

// ---------------------------------------------------------------- open
Result<WindowPtr> open_window(const WindowRequest& r) {
  glfwSetErrorCallback(glfw_error_callback);
  if (!glfwInit())
    return Error{"cannot open the visualizer window: " + g_glfw_error +
                 ". It needs a graphical display: run it on a desktop session, or under a virtual display "
                 "with 'xvfb-run -a tconv-lab gui'. The command line (tconv-lab apply, tconv-lab size) works "
                 "without one."};
  WindowPtr w(new Window());  // from here on, the deleter terminates GLFW
  // OpenGL 4.3 when the driver has it (image mode then computes on the GPU), else 3.3 below.
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 4);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  if (!r.visible) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  w->window = glfwCreateWindow(r.width, r.height, r.title.c_str(), nullptr, nullptr);
  if (!w->window) {  // no 4.3: the teaching views need only 3.3 (image mode says it uses the CPU)
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    w->window = glfwCreateWindow(r.width, r.height, r.title.c_str(), nullptr, nullptr);
  }
  if (!w->window)
    return Error{"cannot create an OpenGL 3.3 core window: " + g_glfw_error +
                 ". The visualizer needs OpenGL 3.3: update the graphics driver (or use Mesa's llvmpipe: "
                 "LIBGL_ALWAYS_SOFTWARE=1). The command line works without it."};
  glfwMakeContextCurrent(w->window);
  glfwSwapInterval(r.vsync ? 1 : 0);  // vsync: 60 fps without spinning
  if (epoxy_gl_version() < 33)
    return Error{"the OpenGL context is version " + std::to_string(epoxy_gl_version() / 10) + "." +
                 std::to_string(epoxy_gl_version() % 10) +
                 ", the visualizer needs 3.3. Update the graphics driver."};
  glfwSetWindowUserPointer(w->window, w.get());
  return Result<WindowPtr>(std::move(w));
}

void set_window_size(Window& w, int width, int height) { glfwSetWindowSize(w.window, width, height); }

const char* glsl_version() { return "#version 330 core"; }

// ---------------------------------------------------------------- ImGui backend
void init_imgui(Window& w) {
  // Ours first: ImGui's backend chains to callbacks installed before it.
  glfwSetKeyCallback(w.window, key_callback);
  glfwSetDropCallback(w.window, drop_callback);
  ImGui_ImplGlfw_InitForOpenGL(w.window, true);
}

void imgui_new_frame(Window&) { ImGui_ImplGlfw_NewFrame(); }

void shutdown_imgui(Window&) { ImGui_ImplGlfw_Shutdown(); }

void attach_app_state(Window&, ui::AppState&) {}  // the desktop needs no reach into it

// Saved files stay where the user named them.
bool saves_are_downloads() { return false; }
void offer_download(Window&, const std::string&) {}

// ---------------------------------------------------------------- input
std::vector<ui::Shortcut> take_shortcuts(Window& w) { return std::exchange(w.keys, {}); }

std::vector<std::string> take_dropped_files(Window& w) { return std::exchange(w.dropped, {}); }

// ---------------------------------------------------------------- background decoding and encoding
// Not offered: the desktop has threads, and image mode decodes and encodes on its worker threads.
uint64_t start_background_decode(const std::string&, const io::ImageLimits&) { return 0; }
BackgroundJob take_background_decode(uint64_t, std::optional<Result<Tensor4>>&) { return BackgroundJob::RunHere; }
uint64_t start_background_encode(int, int, int, io::ImageFormat) { return 0; }
void add_background_encode_rows(uint64_t, const uint8_t*, size_t) {}
void finish_background_encode(uint64_t) {}
BackgroundJob take_background_encode(uint64_t, std::optional<Result<std::vector<uint8_t>>>&) {
  return BackgroundJob::RunHere;
}
void cancel_background_job(uint64_t) {}

// ---------------------------------------------------------------- main loop
void run_main_loop(Window& w, const FrameCallback& frame) {
  bool idle = false;
  while (!glfwWindowShouldClose(w.window)) {
    if (idle) {
      glfwWaitEventsTimeout(0.25);
    } else {
      glfwPollEvents();
    }
    if (glfwGetWindowAttrib(w.window, GLFW_ICONIFIED) != 0) {  // sleep while minimised
      glfwWaitEventsTimeout(0.1);
      continue;
    }
    FrameInfo info;
    glfwGetFramebufferSize(w.window, &info.framebuffer_w, &info.framebuffer_h);
    float cx = 1.0f;
    glfwGetWindowContentScale(w.window, &cx, &info.content_scale);
    const FrameResult r = frame(info);
    if (r.stop) return;
    glfwSwapBuffers(w.window);
    idle = r.idle;
  }
}

}  // namespace tconv::app::platform
