#pragma once
// A GL 3.3 core context without a window, for rendering slides (tconv-lab animate): Mesa's EGL
// surfaceless platform (or an EGL device, or the default EGL display), the approach of
// src/gpu/egl_context.cpp; falls back to a hidden GLFW window when EGL gives no desktop GL and a
// display exists. Rendering goes into a framebuffer object (slide_renderer.h).
#include <memory>
#include <string>

#include "core/result.h"

namespace tconv::app {

class OffscreenGl {
 public:
  virtual ~OffscreenGl() = default;
  virtual std::string describe() const = 0;  // "EGL surfaceless platform", "hidden GLFW window"
};

// Creates the context and makes it current on this thread. The error lists every attempt and
// says what to install.
Result<std::unique_ptr<OffscreenGl>> create_offscreen_gl();

}  // namespace tconv::app
