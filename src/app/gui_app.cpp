// The visualizer: Dear ImGui over OpenGL 3.3 core in the platform's window, in the order of
// ImGui's example_glfw_opengl3 (setup; loop: poll, sleep while minimised, new frame, UI, render,
// swap; shutdown in reverse). The window, the events and the loop itself are the platform layer's
// (app/platform/platform.h); this file owns every gl* call of the GUI: clearing, and reading the
// back buffer for --screenshot.
// Sections: screenshot | run_gui.
#include "app/gui_app.h"

#include <epoxy/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "app/gui_export.h"
#include "app/gui_image.h"
#include "app/gui_options.h"
#include "app/platform/files.h"
#include "app/platform/platform.h"
#include "io/file.h"
#include "io/image.h"
#include "ui/draw/layout_audit.h"
#include "ui/shell/window.h"

namespace tconv::app {

namespace {

// ---------------------------------------------------------------- screenshot
Status write_screenshot(const std::string& path, int w, int h) {
  // GL_RGBA: the one format OpenGL ES / WebGL 2 must accept for the default framebuffer (GL_RGB is
  // refused there); the alpha channel is dropped when the rows are copied.
  const size_t width = static_cast<size_t>(w), height = static_cast<size_t>(h);
  std::vector<uint8_t> pixels(width * height * 4);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  if (glGetError() != GL_NO_ERROR)
    return Error{"could not read the window's pixels (glReadPixels failed). Try another --window size."};
  // GL's rows run bottom-up; images top-down.
  std::vector<uint8_t> rgb(width * height * 3);
  for (size_t y = 0; y < height; ++y) {
    const uint8_t* src = pixels.data() + (height - 1 - y) * width * 4;
    uint8_t* dst = rgb.data() + y * width * 3;
    for (size_t x = 0; x < width; ++x, src += 4, dst += 3) std::copy_n(src, 3, dst);
  }
  return io::save_image_u8(path, w, h, 3, rgb.data());
}

constexpr int kScreenshotFrames = 4;  // ImGui settles auto-sized items within two frames

}  // namespace

// ---------------------------------------------------------------- run_gui
int run_gui(int argc, char** argv) {
  ParsedGuiOptions parsed = parse_gui_options(argc, argv);
  if (parsed.exit_status >= 0) return parsed.exit_status;
  const GuiOptions& opt = parsed.options;
  const bool screenshot = !opt.screenshot.empty();

  ui::AppState state;
  state.screenshot_mode = screenshot;
  ui::draw::audit_enable(!opt.layout_report.empty());
  if (Status st = apply_gui_options(opt, state); !st) {
    std::cerr << "error: " << st.error().message << "\n";
    return 2;
  }

  // Window and GL context.
  platform::WindowRequest wr;
  wr.width = opt.window_size.w;
  wr.height = opt.window_size.h;
  wr.title = "tconv-lab - transposed convolution, step by step";
  wr.visible = !screenshot;
  wr.vsync = !screenshot;
  Result<platform::WindowPtr> opened = platform::open_window(wr);
  if (!opened) {
    std::cerr << "error: " << opened.error().message << "\n";
    return 2;
  }
  platform::WindowPtr window = std::move(opened).value();

  // Dear ImGui.
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  const std::string ini = screenshot ? std::string() : platform::config_file("imgui.ini");
  io.IniFilename = ini.empty() ? nullptr : ini.c_str();
  ui::register_settings_handler(&state);
  if (!ini.empty()) ImGui::LoadIniSettingsFromDisk(ini.c_str());  // prefs decide the font size
  apply_gui_overrides(opt, state);
  if (opt.window.empty() && state.prefs.window_w >= 200 && state.prefs.window_h >= 200)
    platform::set_window_size(*window, state.prefs.window_w, state.prefs.window_h);  // the remembered size
  platform::init_imgui(*window);
  platform::attach_app_state(*window, state);
  ImGui_ImplOpenGL3_Init(platform::glsl_version());
  ImageModePtr image_mode = create_image_mode(state, image_mode_options(opt));

  float applied_scale = -1.0f;
  bool applied_light = false;
  bool fonts_uploaded = false;
  int frame = 0;
  GuiExport exporter;
  state.export_ui.downloads = platform::saves_are_downloads();
  int busy_frames = 3;  // keep drawing a few frames after any activity, then wait for events
  int status = 0;
  platform::run_main_loop(*window, [&](const platform::FrameInfo& f) -> platform::FrameResult {
    // Fonts and style follow the UI scale (content scale x user scale) and the theme.
    const float scale = ui::effective_ui_scale(state.prefs, float(f.framebuffer_h), f.content_scale);
    if (scale != applied_scale || state.prefs.light_theme != applied_light) {
      if (scale != applied_scale) {
        if (fonts_uploaded) ImGui_ImplOpenGL3_DestroyFontsTexture();
        ui::build_fonts(scale, platform::ui_font_bytes());
        if (fonts_uploaded) ImGui_ImplOpenGL3_CreateFontsTexture();
      }
      ui::apply_style(state.prefs, scale);
      applied_scale = scale;
      applied_light = state.prefs.light_theme;
    }

    // "Export animation...": a few offscreen frames between two GUI frames; in a browser the
    // finished files are handed over as downloads.
    for (const std::string& file : exporter.pump(state)) platform::offer_download(*window, file);
    ImGui_ImplOpenGL3_NewFrame();  // uploads the font texture on the first frame
    fonts_uploaded = true;
    platform::imgui_new_frame(*window);
    ImGui::NewFrame();
    ui::draw::audit_clear();

    ui::handle_shortcuts(state, platform::take_shortcuts(*window));
    const bool moving = state.playback.advance(screenshot ? 0.0 : double(io.DeltaTime));
    for (const std::string& file :
         image_mode_frame(*image_mode, state, double(io.DeltaTime), platform::take_dropped_files(*window)))
      platform::offer_download(*window, file);  // image mode's Save: in a browser, a download
    ui::draw_app(state);

    ImGui::Render();
    ui::draw::audit_draw_data(ImGui::GetDrawData());
    glViewport(0, 0, f.framebuffer_w, f.framebuffer_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (screenshot && !image_mode_busy(*image_mode) && ++frame >= kScreenshotFrames) {  // image mode: the finished result
      if (Status st = write_screenshot(opt.screenshot, f.framebuffer_w, f.framebuffer_h); !st) {
        std::cerr << "error: " << st.error().message << "\n";
        status = 2;
      } else if (platform::saves_are_downloads()) {
        platform::offer_download(*window, opt.screenshot);  // a browser's --screenshot: a download
      }
      for (const auto& [path, text] : {std::pair(opt.layout_report, ui::draw::audit_json_lines()),
                                       std::pair(opt.text_dump, ui::draw::drawn_text_lines(ImGui::GetDrawData()))}) {
        if (path.empty()) continue;
        if (Status st = io::write_file_atomic(path, text.data(), text.size()); !st) {
          std::cerr << "error: " << st.error().message << "\n";
          status = 2;
        }
      }
      return platform::FrameResult{true, false};
    }
    const bool active = image_mode_busy(*image_mode) || exporter.busy() || state.export_ui.start_requested || moving || state.playback.moving() || io.WantTextInput || io.MouseDelta.x != 0.0f ||
                        io.MouseDelta.y != 0.0f || ImGui::IsAnyMouseDown() || io.MouseWheel != 0.0f;
    busy_frames = active ? 3 : busy_frames - 1;
    return platform::FrameResult{false, !screenshot && busy_frames <= 0};
  });

  // Shutdown, in reverse order of setup.
  exporter.cancel();  // its GL objects and ImGui context go while the window's context exists
  destroy_image_mode(image_mode);  // its textures and borrowed GPU context, while the context exists
  ImGui_ImplOpenGL3_Shutdown();
  platform::shutdown_imgui(*window);
  ImGui::DestroyContext();  // saves imgui.ini (interactive runs only)
  window.reset();           // closes the window and the window system
  return status;
}

}  // namespace tconv::app
