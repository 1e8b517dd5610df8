#pragma once
// Rendering teaching slides offscreen and exporting the step-through animation (GIF + PNG
// frames). Used by `tconv-lab animate` (in a headless context, gpu/gl_context.h) and by the GUI's
// "Export animation..." (in the window's own context, a few frames per GUI frame).
//
// SlideRenderer owns an ImGui context of its own (fonts and style at the slide's scale, the
// OpenGL3 backend initialised in it) and a framebuffer object of the slide's size; each render()
// draws ui::draw_presentation into the FBO and reads it back. The caller's ImGui context and
// framebuffer binding are restored afterwards, so it can run between two frames of the GUI.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "analysis/frame_plan.h"
#include "analysis/gif.h"
#include "core/result.h"
#include "ui/app_state.h"

namespace tconv::app {

struct SlideSettings {
  int width = 1280, height = 720;  // pixels, 64..8192 each
  float scale = 0;                 // UI/text scale; 0 = from the height (slide_scale)
  bool light = true;               // light theme (white slides) or the dark one
};

// Text scale for a slide of this height when none is given: 1.25 at 720 px, 1.75 at 1080 px.
float slide_scale(int height);
// "WxH" -> size, each 64..8192; messages name `option`.
Result<SlideSettings> parse_slide_size(const std::string& text, const std::string& option);

class SlideRenderer {
 public:
  // Needs a current OpenGL 3.3 core context, which must outlive the renderer.
  static Result<std::unique_ptr<SlideRenderer>> create(const SlideSettings& s);
  ~SlideRenderer();
  SlideRenderer(const SlideRenderer&) = delete;
  SlideRenderer& operator=(const SlideRenderer&) = delete;

  // One slide of `state` at its current playback position.
  Result<analysis::ImageRGBA8> render(ui::AppState& state, ui::View view);

 private:
  struct Impl;
  explicit SlideRenderer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct AnimationRequest {
  std::string gif_path;
  std::string frames_dir;  // "" = no PNG frames; created when missing
  bool overwrite = false;  // replace existing files (else any existing target is an error)
  ui::View view = ui::View::Scatter;
  SlideSettings slide;
  analysis::FramePlanSettings plan;
};

// The frames in <gif stem>_NNNN.png, e.g. anim.gif -> anim_0001.png.
std::string frame_prefix(const std::string& gif_path);

// An export in progress: start() checks every target and plans the frames before anything is
// rendered; render_next() draws, encodes (and writes the PNG of) one frame; finish() writes the
// GIF atomically. Destroying an unfinished export removes the PNG frames it wrote.
class AnimationExport {
 public:
  // `config` is copied (its configuration, pin and theme); needs a current GL 3.3 context.
  static Result<std::unique_ptr<AnimationExport>> start(const ui::AppState& config, const AnimationRequest& r);
  ~AnimationExport();
  AnimationExport(const AnimationExport&) = delete;
  AnimationExport& operator=(const AnimationExport&) = delete;

  Status render_next();  // precondition: done() < total()
  Status finish();       // precondition: done() == total()
  size_t done() const;
  size_t total() const;
  const std::vector<std::string>& png_paths() const;  // written so far
  size_t gif_bytes() const;                           // after finish()

 private:
  struct Impl;
  explicit AnimationExport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tconv::app
