// The visualizer's window: GLFW + OpenGL 3.3 core + Dear ImGui, in the order of ImGui's
// example_glfw_opengl3 (setup; loop: poll, sleep while minimised, new frame, UI, render, swap;
// shutdown in reverse). This file owns every gl* call of the GUI: clearing, and reading the back
// buffer for --screenshot.
// Sections: GLFW errors | settings file | screenshot | run_gui.
#include "app/gui_app.h"

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "app/gui_export.h"
#include "app/gui_image.h"
#include "app/gui_options.h"
#include "io/image.h"
#include "ui/shell/window.h"

namespace tconv::app {

namespace {

// ---------------------------------------------------------------- GLFW errors
// GLFW reports errors through a C callback; the last message is kept for the user-facing error.
std::string g_glfw_error;  // NOLINT: written only by the callback, read right after the failing call
void glfw_error_callback(int code, const char* description) {
  g_glfw_error = std::string(description ? description : "unknown error") + " (GLFW error " +
                 std::to_string(code) + ")";
}

// ---------------------------------------------------------------- settings file
// imgui.ini lives in the user's config directory, never next to the binary.
std::string settings_path() {
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) {
    dir = fs::path(x) / "tconv-lab";
  } else if (const char* h = std::getenv("HOME"); h && *h) {
    dir = fs::path(h) / ".config" / "tconv-lab";
  } else {
    return {};
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return {};  // settings are a convenience: run without them
  return (dir / "imgui.ini").string();
}

// ---------------------------------------------------------------- screenshot
Status write_screenshot(const std::string& path, int w, int h) {
  std::vector<uint8_t> pixels(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR)
    return Error{"could not read the window's pixels (glReadPixels failed). Try another --window size."};
  // GL's rows run bottom-up; images top-down.
  const size_t row = static_cast<size_t>(w) * 3;
  std::vector<uint8_t> flipped(pixels.size());
  for (int y = 0; y < h; ++y)
    std::copy_n(pixels.data() + static_cast<size_t>(h - 1 - y) * row, row, flipped.data() + static_cast<size_t>(y) * row);
  return io::save_image_u8(path, w, h, 3, flipped.data());
}

constexpr int kScreenshotFrames = 4;  // ImGui settles auto-sized items within two frames

// ---------------------------------------------------------------- keys
// Shortcuts are queued from GLFW's key callback (ImGui's backend chains to it): ImGui 1.86 only
// sees key states once per frame, so a press and release between two frames would be lost.
struct KeyQueue {
  std::vector<ui::Shortcut> keys;
  bool quit = false;
};

void key_callback(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
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
    case GLFW_KEY_Q: if (mods & GLFW_MOD_CONTROL) q->quit = true; break;
    default: break;
  }
}

}  // namespace

// ---------------------------------------------------------------- run_gui
int run_gui(int argc, char** argv) {
  ParsedGuiOptions parsed = parse_gui_options(argc, argv);
  if (parsed.exit_status >= 0) return parsed.exit_status;
  const GuiOptions& opt = parsed.options;
  const bool screenshot = !opt.screenshot.empty();

  ui::AppState state;
  state.screenshot_mode = screenshot;
  if (Status st = apply_gui_options(opt, state); !st) {
    std::cerr << "error: " << st.error().message << "\n";
    return 2;
  }

  // Window and GL context.
  glfwSetErrorCallback(glfw_error_callback);
  if (!glfwInit()) {
    std::cerr << "error: cannot open the visualizer window: " << g_glfw_error
              << ". It needs a graphical display: run it on a desktop session, or under a virtual "
                 "display with 'xvfb-run -a tconv-lab gui'. The command line (tconv-lab apply, "
                 "tconv-lab size) works without one.\n";
    return 2;
  }
  // OpenGL 4.3 when the driver has it (image mode then computes on the GPU), else 3.3 below.
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 4);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  if (screenshot) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* window = glfwCreateWindow(opt.window_size.w, opt.window_size.h,
                                        "tconv-lab - transposed convolution, step by step", nullptr, nullptr);
  if (!window) {  // no 4.3: the teaching views need only 3.3 (image mode says it uses the CPU)
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    window = glfwCreateWindow(opt.window_size.w, opt.window_size.h,
                              "tconv-lab - transposed convolution, step by step", nullptr, nullptr);
  }
  if (!window) {
    std::cerr << "error: cannot create an OpenGL 3.3 core window: " << g_glfw_error
              << ". The visualizer needs OpenGL 3.3: update the graphics driver (or use Mesa's "
                 "llvmpipe: LIBGL_ALWAYS_SOFTWARE=1). The command line works without it.\n";
    glfwTerminate();
    return 2;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(screenshot ? 0 : 1);  // vsync: 60 fps without spinning
  if (epoxy_gl_version() < 33) {
    std::cerr << "error: the OpenGL context is version " << epoxy_gl_version() / 10 << "."
              << epoxy_gl_version() % 10
              << ", the visualizer needs 3.3. Update the graphics driver.\n";
    glfwDestroyWindow(window);
    glfwTerminate();
    return 2;
  }

  // Dear ImGui.
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  const std::string ini = screenshot ? std::string() : settings_path();
  io.IniFilename = ini.empty() ? nullptr : ini.c_str();
  ui::register_settings_handler(&state);
  if (!ini.empty()) ImGui::LoadIniSettingsFromDisk(ini.c_str());  // prefs decide the font size
  apply_gui_overrides(opt, state);
  if (opt.window.empty() && state.prefs.window_w >= 200 && state.prefs.window_h >= 200)
    glfwSetWindowSize(window, state.prefs.window_w, state.prefs.window_h);  // the remembered size
  KeyQueue keys;
  glfwSetWindowUserPointer(window, &keys);
  glfwSetKeyCallback(window, key_callback);  // before ImGui's backend, which chains to it
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  ImageModePtr image_mode = create_image_mode(window, state, image_mode_options(opt));

  float applied_scale = -1.0f;
  bool applied_light = false;
  bool fonts_uploaded = false;
  int frame = 0;
  GuiExport exporter;
  int busy_frames = 3;  // keep drawing a few frames after any activity, then wait for events
  int status = 0;
  while (!glfwWindowShouldClose(window)) {
    if (screenshot || busy_frames > 0) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(0.25);
    }
    if (glfwGetWindowAttrib(window, GLFW_ICONIFIED) != 0) {  // sleep while minimised
      glfwWaitEventsTimeout(0.1);
      continue;
    }

    // Fonts and style follow the UI scale (content scale x user scale) and the theme.
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    float cx = 1.0f, cy = 1.0f;
    glfwGetWindowContentScale(window, &cx, &cy);
    const float scale = ui::effective_ui_scale(state.prefs, float(fb_h), cy);
    if (scale != applied_scale || state.prefs.light_theme != applied_light) {
      if (scale != applied_scale) {
        if (fonts_uploaded) ImGui_ImplOpenGL3_DestroyFontsTexture();
        ui::build_fonts(scale);
        if (fonts_uploaded) ImGui_ImplOpenGL3_CreateFontsTexture();
      }
      ui::apply_style(state.prefs, scale);
      applied_scale = scale;
      applied_light = state.prefs.light_theme;
    }

    exporter.pump(state);  // "Export animation...": a few offscreen frames between two GUI frames
    ImGui_ImplOpenGL3_NewFrame();  // uploads the font texture on the first frame
    fonts_uploaded = true;
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();

    ui::handle_shortcuts(state, keys.keys);
    keys.keys.clear();
    if (keys.quit) glfwSetWindowShouldClose(window, GLFW_TRUE);
    const bool moving = state.playback.advance(screenshot ? 0.0 : double(io.DeltaTime));
    image_mode_frame(*image_mode, state, double(io.DeltaTime));  // loads, results, textures
    ui::draw_app(state);

    ImGui::Render();
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (screenshot && !image_mode_busy(*image_mode) && ++frame >= kScreenshotFrames) {  // image mode: the finished result
      if (Status st = write_screenshot(opt.screenshot, fb_w, fb_h); !st) {
        std::cerr << "error: " << st.error().message << "\n";
        status = 2;
      }
      break;
    }
    glfwSwapBuffers(window);

    const bool active = image_mode_busy(*image_mode) || exporter.busy() || state.export_ui.start_requested || moving || state.playback.moving() || io.WantTextInput || io.MouseDelta.x != 0.0f ||
                        io.MouseDelta.y != 0.0f || ImGui::IsAnyMouseDown() || io.MouseWheel != 0.0f;
    busy_frames = active ? 3 : busy_frames - 1;
  }

  // Shutdown, in reverse order of setup.
  exporter.cancel();  // its GL objects and ImGui context go while the window's context exists
  destroy_image_mode(image_mode);  // its textures and borrowed GPU context, while the context exists
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();  // saves imgui.ini (interactive runs only)
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

}  // namespace tconv::app
