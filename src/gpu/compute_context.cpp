// Where the compute backend's GL context comes from: made offscreen (gl_context.h), or borrowed
// from the GUI's window.
#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <cstdlib>
#include <string>

#include "gpu/gl_context.h"
#include "gpu/gpu.h"
#include "gpu/platform.h"

namespace tconv::gpu {
namespace {

// TCONV_GL_DEBUG=1 asks for a debug context, so GL errors carry the driver's explanation.
bool debug_requested() {
  const char* v = std::getenv("TCONV_GL_DEBUG");
  return v && *v && std::string(v) != "0";
}

}  // namespace

Result<std::unique_ptr<ComputeContext>> create_headless_context() {
  ContextRequest req;
  req.major = 4;
  req.minor = 3;
  req.debug = debug_requested();
  req.purpose = "with compute shaders";
  req.alternative = "use --backend cpu";
  // A context whose driver cannot build the compute program is refused; the next one is tried.
  std::unique_ptr<ComputeContext> compute;
  const Status st = create_offscreen_context(req, [&](std::unique_ptr<GlContext> context) -> Status {
    Result<std::unique_ptr<ComputeContext>> c = create_gl_compute(std::move(context));
    if (!c) return c.error();
    compute = std::move(c).value();
    return Ok{};
  });
  if (!st) return st.error();
  return Result<std::unique_ptr<ComputeContext>>(std::move(compute));
}

Result<std::unique_ptr<ComputeContext>> borrow_current_context() {
  // An EGL context (Wayland, or ours), else whatever glGetString sees (GLX windows).
  const bool egl_current = epoxy_has_egl() && eglGetCurrentContext() != EGL_NO_CONTEXT;
  if (!egl_current && glGetString(GL_VERSION) == nullptr)
    return Error{"no OpenGL context is current on this thread. Make the window's context current "
                 "on this thread before borrowing it."};
  return create_gl_compute(nullptr);
}

}  // namespace tconv::gpu
