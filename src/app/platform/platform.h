#pragma once
// The platform layer: the one place in tconv-lab that knows the operating system and the window
// system. A new platform (the browser, Windows) replaces the files that implement this folder's
// headers and nothing else:
//   platform.h  (this file)  the window and its GL context, the main loop's frame callback,
//                            keys, clipboard, dropped files, downloads, background codec -- desktop: platform_glfw.cpp (GLFW),
//                            browser: platform_web.cpp (Emscripten; its page hooks: platform_web.h)
//   files.h                  program folder, settings folder and files, the data folder
//                            -- Linux: paths_posix.cpp, browser: paths_web.cpp
//   data_folders.h           the data folder's lookup order, shared by every platform
// The GL contexts made without a window (compute, `tconv-lab animate`) are gpu/gl_context.h.
//
// File dialogs: tconv-lab has none. The UI asks for paths as text; dropped files (and, in a
// browser, picked files) arrive through take_dropped_files().
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/platform/files.h"
#include "core/result.h"
#include "core/tensor.h"
#include "io/image.h"
#include "ui/app_state.h"

namespace tconv::app::platform {

// ---------------------------------------------------------------- window
class Window;  // the visualizer's window, its GL context and its input queues
struct WindowDeleter {
  void operator()(Window* w) const;  // closes the window and shuts the window system down
};
using WindowPtr = std::unique_ptr<Window, WindowDeleter>;

struct WindowRequest {
  int width = 1280, height = 800;  // screen pixels
  std::string title;
  bool visible = true;  // false for --screenshot (rendered, never shown)
  bool vsync = true;    // false for --screenshot (no waiting for the display)
};

// Opens the window with an OpenGL 4.3 core context when the driver has one (image mode then
// computes on the GPU), else 3.3, and makes it current. Error saying what to do when there is no
// display or no OpenGL 3.3.
Result<WindowPtr> open_window(const WindowRequest& request);
void set_window_size(Window& w, int width, int height);  // screen pixels

// The `#version` line for Dear ImGui's OpenGL3 renderer (desktop GL 3.3; WebGL 2 in a browser).
const char* glsl_version();

// Dear ImGui's platform backend: mouse, keyboard, cursor and the clipboard (ImGui's
// SetClipboardText goes through it). Call after ImGui::CreateContext; shut it down before
// ImGui::DestroyContext. imgui_new_frame goes between the renderer's NewFrame and ImGui::NewFrame.
void init_imgui(Window& w);
void imgui_new_frame(Window& w);
void shutdown_imgui(Window& w);

// The app's state, for what a platform reaches into on its own (a browser page's test hook, its
// "copy link" button, downloads of saved files); the desktop keeps nothing. Call before the loop.
void attach_app_state(Window& w, ui::AppState& state);

// ---------------------------------------------------------------- saved files
// Where the files the app writes for the user end up. On the desktop they stay where the user
// named them. In a browser they are written into the page's in-memory file system and then
// handed to the browser as downloads (a page cannot write to the user's folders).
bool saves_are_downloads();
// A file just written for the user: a browser offers it as a download and then removes it from
// the page's file system (the next export finds nothing in its way); the desktop does nothing.
void offer_download(Window& w, const std::string& path);

// ---------------------------------------------------------------- input
// Shortcut keys pressed since the last call. They are queued as they arrive: ImGui 1.86 sees
// key states once per frame, so a press and release between two frames would be lost. Ctrl+Q
// closes the window (the main loop then ends).
std::vector<ui::Shortcut> take_shortcuts(Window& w);
// Files dropped on the window since the last call (absolute paths).
std::vector<std::string> take_dropped_files(Window& w);

// ---------------------------------------------------------------- background decoding and encoding
// Decoding and encoding pictures without holding up the frames, for a program that has no threads
// of its own (a browser page that is not cross-origin isolated): the page runs them on a Web
// Worker of its own (tconv-codec.js: io::decode_image and io::encode_image_u8 compiled alone)
// while frames go on. Where threads exist (the desktop, the threaded page) image mode decodes and
// encodes on its worker threads instead, and this is not offered. A started job's result is
// handed out once; cancel_background_job forgets one whose result is no longer wanted.
// A job's state when taken: Running; Done, its result set; RunHere, the worker failed: do the
// job yourself (io::load_image, io::encode_image_u8).
enum class BackgroundJob { Running, Done, RunHere };
// Reads the file and starts decoding it; 0 when not offered (then call io::load_image yourself).
uint64_t start_background_decode(const std::string& path, const io::ImageLimits& limits);
// Once Done, `out` holds what io::load_image(path, limits) returns (the same values and messages).
BackgroundJob take_background_decode(uint64_t ticket, std::optional<Result<Tensor4>>& out);
// Encoding interleaved 8-bit pixels in pieces: start (0 when not offered: then call
// io::encode_image_u8 yourself), hand over the rows in order (copied), finish, then take.
uint64_t start_background_encode(int width, int height, int channels, io::ImageFormat format);
void add_background_encode_rows(uint64_t ticket, const uint8_t* pixels, size_t bytes);
void finish_background_encode(uint64_t ticket);
// Once Done, `out` holds what io::encode_image_u8 returns.
BackgroundJob take_background_encode(uint64_t ticket, std::optional<Result<std::vector<uint8_t>>>& out);
void cancel_background_job(uint64_t ticket);

// ---------------------------------------------------------------- main loop
struct FrameInfo {
  int framebuffer_w = 0, framebuffer_h = 0;  // pixels
  float content_scale = 1.0f;                // the monitor's scale (HiDPI), vertical
};
struct FrameResult {
  bool stop = false;  // end the loop now (the frame is not shown)
  bool idle = false;  // nothing moves: wait for an event (at most 0.25 s) before the next frame
};
using FrameCallback = std::function<FrameResult(const FrameInfo&)>;

// Runs the frames, in the order of Dear ImGui's examples: poll events (after an idle frame, wait
// for one), sleep while minimised, then `frame` (new frame, UI, render), then swap. Returns when
// a frame says stop or the window is closed. A browser build hands the same callback to
// emscripten_set_main_loop.
void run_main_loop(Window& w, const FrameCallback& frame);

}  // namespace tconv::app::platform
