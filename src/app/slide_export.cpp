// Offscreen slides and the animation export. Sections: sizes | SlideRenderer | AnimationExport.
#include "app/slide_export.h"

#include <epoxy/gl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <system_error>

#include "app/cli.h"
#include "app/platform/files.h"
#include "io/file.h"
#include "io/image.h"
#include "ui/lessons/lesson_state.h"
#include "ui/shell/window.h"
#include "ui/export/slide.h"

namespace tconv::app {

// ---------------------------------------------------------------- sizes
float slide_scale(int height) {
  return std::clamp(std::round(float(height) / 576.0f * 4.0f) / 4.0f, 0.75f, 4.0f);
}

Result<SlideSettings> parse_slide_size(const std::string& text, const std::string& option) {
  const std::optional<Pair> wh = text::parse_size(text);  // written width first
  if (!wh)
    return Error{option + " '" + text + "' is not a size. Write WIDTHxHEIGHT in pixels, e.g. " + option +
                 " 1280x720 (a 16:9 slide) or 1024x768."};
  const std::pair<const char*, int64_t> sides[] = {{" width", wh->h}, {" height", wh->w}};
  for (const auto& [side, v] : sides)
    if (v < 64 || v > 8192)
      return Error{option + side + " is " + std::to_string(v) + ", but it must be between 64 and 8192."};
  SlideSettings s;
  s.width = int(wh->h);
  s.height = int(wh->w);
  return s;
}

// ---------------------------------------------------------------- SlideRenderer
struct SlideRenderer::Impl {
  SlideSettings settings;
  ImGuiContext* ctx = nullptr;
  GLuint fbo = 0, color = 0;
  std::vector<uint8_t> rows;  // read-back buffer (bottom-up)

  // Makes our ImGui context current for the scope and restores the caller's afterwards.
  struct Use {
    ImGuiContext* prev;
    explicit Use(ImGuiContext* c) : prev(ImGui::GetCurrentContext()) { ImGui::SetCurrentContext(c); }
    ~Use() { ImGui::SetCurrentContext(prev); }
    Use(const Use&) = delete;
    Use& operator=(const Use&) = delete;
  };

  ~Impl() {
    if (ctx) {
      {
        Use use(ctx);
        ImGui_ImplOpenGL3_Shutdown();
      }
      ImGuiContext* prev = ImGui::GetCurrentContext();
      ImGui::DestroyContext(ctx);  // makes no context current when ctx was current
      if (prev != ctx) ImGui::SetCurrentContext(prev);
    }
    if (color) glDeleteTextures(1, &color);
    if (fbo) glDeleteFramebuffers(1, &fbo);
  }
};

SlideRenderer::SlideRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SlideRenderer::~SlideRenderer() = default;

Result<std::unique_ptr<SlideRenderer>> SlideRenderer::create(const SlideSettings& s) {
  if (epoxy_gl_version() < 33)
    return Error{"the OpenGL context is version " + std::to_string(epoxy_gl_version() / 10) + "." +
                 std::to_string(epoxy_gl_version() % 10) + "; slides need 3.3. Update the graphics driver."};
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (s.width > max_size || s.height > max_size)
    return Error{"the slide size " + std::to_string(s.width) + "x" + std::to_string(s.height) +
                 " is larger than this driver can render (" + std::to_string(max_size) + " pixels a side). Use a smaller --size."};
  auto impl = std::make_unique<Impl>();
  impl->settings = s;

  // Framebuffer object with one RGBA8 colour texture of the slide's size.
  GLint prev_fbo = 0, prev_tex = 0;
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
  glGenTextures(1, &impl->color);
  glBindTexture(GL_TEXTURE_2D, impl->color);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, s.width, s.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glGenFramebuffers(1, &impl->fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, impl->fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, impl->color, 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(prev_fbo));
  glBindTexture(GL_TEXTURE_2D, GLuint(prev_tex));
  if (status != GL_FRAMEBUFFER_COMPLETE || glGetError() != GL_NO_ERROR)
    return Error{"could not create a " + std::to_string(s.width) + "x" + std::to_string(s.height) +
                 " offscreen framebuffer (out of graphics memory?). Use a smaller --size."};

  // An ImGui context of our own: the slide's display size, fonts and style.
  ImGuiContext* prev = ImGui::GetCurrentContext();
  impl->ctx = ImGui::CreateContext();
  ImGui::SetCurrentContext(impl->ctx);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = ImVec2(float(s.width), float(s.height));
  io.DisplayFramebufferScale = ImVec2(1, 1);
  const float scale = s.scale > 0 ? s.scale : slide_scale(s.height);
  ui::UiPrefs prefs;
  prefs.light_theme = s.light;
  ui::build_fonts(scale, platform::ui_font_bytes());
  ui::apply_style(prefs, scale);
#ifdef __EMSCRIPTEN__
  const bool ok = ImGui_ImplOpenGL3_Init("#version 300 es");  // WebGL 2 (the browser build)
#else
  const bool ok = ImGui_ImplOpenGL3_Init("#version 330 core");
#endif
  ImGui::SetCurrentContext(prev);
  if (!ok) return Error{"the OpenGL 3.3 drawing of the slides could not start (shader or loader failure). Update the graphics driver."};
  return std::unique_ptr<SlideRenderer>(new SlideRenderer(std::move(impl)));
}

Result<analysis::ImageRGBA8> SlideRenderer::render(ui::AppState& state, ui::View view) {
  Impl& m = *impl_;
  const int w = m.settings.width, h = m.settings.height;
  Impl::Use use(m.ctx);
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = 1.0f / 60.0f;
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ImGui_ImplOpenGL3_NewFrame();  // uploads the font texture the first time
  ImGui::NewFrame();
  const bool shot = state.screenshot_mode;
  state.screenshot_mode = true;  // no hover, deterministic
  ui::draw_presentation(state, view);
  state.screenshot_mode = shot;
  ImGui::Render();

  GLint prev_fbo = 0, prev_read = 0, vp[4] = {0, 0, 0, 0};
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
  glGetIntegerv(GL_READ_BUFFER, &prev_read);
  glGetIntegerv(GL_VIEWPORT, vp);
  glBindFramebuffer(GL_FRAMEBUFFER, m.fbo);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  m.rows.resize(size_t(w) * size_t(h) * 4);
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, m.rows.data());
  const GLenum err = glGetError();
  glBindFramebuffer(GL_FRAMEBUFFER, GLuint(prev_fbo));
  if (prev_fbo == 0) glReadBuffer(GLenum(prev_read));
  glViewport(vp[0], vp[1], vp[2], vp[3]);
  if (err != GL_NO_ERROR)
    return Error{"reading the rendered slide back failed (OpenGL error " + std::to_string(err) +
                 "). Try a smaller --size or another driver."};
  analysis::ImageRGBA8 img;
  img.width = w;
  img.height = h;
  img.pixels.resize(m.rows.size());
  const size_t row = size_t(w) * 4;
  for (int y = 0; y < h; ++y)  // GL's rows run bottom-up
    std::copy_n(m.rows.data() + size_t(h - 1 - y) * row, row, img.pixels.data() + size_t(y) * row);
  for (size_t i = 3; i < img.pixels.size(); i += 4) img.pixels[i] = 255;  // slides are opaque
  return img;
}

// ---------------------------------------------------------------- AnimationExport
std::string frame_prefix(const std::string& gif_path) {
  const std::string stem = std::filesystem::path(gif_path).stem().string();
  return stem.empty() ? "frame" : stem;
}

struct AnimationExport::Impl {
  AnimationRequest req;
  ui::AppState state;
  std::vector<analysis::AnimationFrame> plan;
  std::unique_ptr<SlideRenderer> renderer;
  std::optional<analysis::GifWriter> gif;
  size_t next = 0;
  bool finished = false;
  bool created_dir = false;
  size_t gif_bytes = 0;
  std::vector<std::string> pngs;

  ~Impl() {
    if (finished) return;
    std::error_code ec;
    for (const std::string& p : pngs) std::filesystem::remove(p, ec);
    if (created_dir) std::filesystem::remove(req.frames_dir, ec);  // only when empty
  }
};

AnimationExport::AnimationExport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AnimationExport::~AnimationExport() = default;
size_t AnimationExport::done() const { return impl_->next; }
size_t AnimationExport::total() const { return impl_->plan.size(); }
const std::vector<std::string>& AnimationExport::png_paths() const { return impl_->pngs; }
size_t AnimationExport::gif_bytes() const { return impl_->gif_bytes; }

Result<std::unique_ptr<AnimationExport>> AnimationExport::start(const ui::AppState& config, const AnimationRequest& r) {
  namespace fs = std::filesystem;
  if (!config.model)
    return Error{"this configuration is impossible, so there is nothing to animate: " +
                 (config.problems.empty() ? std::string("change a parameter.") : config.problems.front())};
  auto impl = std::make_unique<Impl>();
  impl->req = r;
  impl->state = config;
  impl->state.hover_input.reset();
  impl->state.hover_output.reset();
  impl->state.screenshot_mode = true;
  impl->state.export_ui = {};

  // The view decides what a step is (the forward view steps through output cells).
  impl->state.prefs.view = r.view;
  ui::sync_view_playback(impl->state);
  Result<std::vector<analysis::AnimationFrame>> plan = analysis::plan_frames(impl->state.playback.count(), r.plan);
  if (!plan) return Error{"the animation cannot be planned: " + plan.error().message};
  impl->plan = std::move(plan).value();

  // Every target is checked before anything is rendered or written.
  if (io::lower_extension(r.gif_path) != ".gif")
    return Error{"the animation file '" + r.gif_path + "' must end in .gif, e.g. --output anim.gif."};
  std::error_code ec;
  if (!r.overwrite && fs::exists(r.gif_path, ec))
    return Error{r.gif_path + " exists already. Choose another name, or add --force to replace it."};
  analysis::GifOptions go;
  go.fps = r.plan.fps;
  go.overwrite = r.overwrite;
  if (r.slide.light) {
    go.background[0] = go.background[1] = go.background[2] = 255;
  } else {
    go.background[0] = go.background[1] = go.background[2] = 0;
  }
  Result<analysis::GifWriter> gif = analysis::GifWriter::create(r.gif_path, r.slide.width, r.slide.height, go);
  if (!gif) return gif.error();
  impl->gif.emplace(std::move(gif).value());

  if (!r.frames_dir.empty()) {
    if (fs::exists(r.frames_dir, ec) && !fs::is_directory(r.frames_dir, ec))
      return Error{"--frames-dir " + r.frames_dir + " is a file, not a folder. Give a folder for the PNG frames."};
    const std::string prefix = frame_prefix(r.gif_path);
    if (!r.overwrite) {
      for (size_t k = 0; k < impl->plan.size(); ++k) {
        const fs::path p = fs::path(r.frames_dir) / analysis::png_frame_name(prefix, k, impl->plan.size());
        if (fs::exists(p, ec))
          return Error{p.string() + " exists already. Choose another --frames-dir, or add --force to replace the frames."};
      }
    }
  }

  Result<std::unique_ptr<SlideRenderer>> renderer = SlideRenderer::create(r.slide);
  if (!renderer) return renderer.error();
  impl->renderer = std::move(renderer).value();

  if (!r.frames_dir.empty() && !fs::exists(r.frames_dir, ec)) {
    if (!fs::create_directories(r.frames_dir, ec) || ec)
      return Error{"could not create the folder " + r.frames_dir + " for the PNG frames (" + ec.message() +
                   "). Check the path and its permissions."};
    impl->created_dir = true;
  }
  return std::unique_ptr<AnimationExport>(new AnimationExport(std::move(impl)));
}

Status AnimationExport::render_next() {
  Impl& m = *impl_;
  const analysis::AnimationFrame& f = m.plan[m.next];
  m.state.playback.show_frame(f.step, f.motion);
  Result<analysis::ImageRGBA8> img = m.renderer->render(m.state, m.req.view);
  if (!img) return img.error();
  if (Status st = m.gif->add_frame(img.value()); !st) return st;
  if (!m.req.frames_dir.empty()) {
    const std::string path = (std::filesystem::path(m.req.frames_dir) /
                              analysis::png_frame_name(frame_prefix(m.req.gif_path), m.next, m.plan.size()))
                                 .string();
    const analysis::ImageRGBA8& im = img.value();
    // RGB: the slides are opaque, and RGB PNGs are smaller.
    std::vector<uint8_t> rgb(size_t(im.width) * size_t(im.height) * 3);
    for (size_t i = 0, j = 0; i < rgb.size(); i += 3, j += 4) {
      rgb[i] = im.pixels[j];
      rgb[i + 1] = im.pixels[j + 1];
      rgb[i + 2] = im.pixels[j + 2];
    }
    if (Status st = io::save_image_u8(path, im.width, im.height, 3, rgb.data()); !st) return st;
    m.pngs.push_back(path);
  }
  ++m.next;
  return Ok{};
}

Status AnimationExport::finish() {
  Impl& m = *impl_;
  m.gif_bytes = m.gif->encoded_bytes();
  if (Status st = m.gif->finish(); !st) return st;
  m.finished = true;
  std::error_code ec;
  m.gif_bytes = size_t(std::filesystem::file_size(m.req.gif_path, ec));
  return Ok{};
}

}  // namespace tconv::app
