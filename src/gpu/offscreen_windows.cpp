// create_offscreen_context() on Windows, which has no EGL: the only way to a GL context without a
// visible window is an invisible GLFW window (glfw_fallback.cpp). It needs the desktop, which a
// Windows program always has; a Windows build therefore always builds the GUI (and GLFW).
#include <string>

#include "gpu/gl_context.h"
#include "gpu/gl_context_detail.h"
#include "gpu/platform.h"

namespace tconv::gpu {

Status create_offscreen_context(const ContextRequest& req, const ContextUse& use) {
  std::string why;
#ifdef TCONV_GPU_HAVE_GLFW
  Result<std::unique_ptr<GlContext>> window = create_hidden_glfw_context(req);
  if (window) {
    std::unique_ptr<GlContext> context = std::move(window).value();
    const std::string how = context->describe();
    const Status st = use(std::move(context));
    if (st) return Ok{};
    why = how + ": " + st.error().message;
  } else {
    why = "hidden GLFW window: " + window.error().message;
  }
#else
  why = "this build has no GLFW (build with the GUI)";
#endif
  return no_context_error(req, "\n  " + why,
                          "Install or update the graphics driver from the GPU maker (Windows' own driver may "
                          "offer only old OpenGL)");
}

}  // namespace tconv::gpu
