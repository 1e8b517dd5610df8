// The parts of gl_context.h that are the same on every system; each system's
// create_offscreen_context(request, use) is in egl_context.cpp or offscreen_windows.cpp.
#include <utility>

#include "gpu/gl_context.h"
#include "gpu/gl_context_detail.h"

namespace tconv::gpu {

Error no_context_error(const ContextRequest& req, const std::string& tried, const std::string& driver_hint) {
  std::string msg = "no OpenGL " + std::to_string(req.major) + "." + std::to_string(req.minor) + " context";
  if (!req.purpose.empty()) msg += " " + req.purpose;
  msg += " could be created. Tried:" + tried + "\n" + driver_hint;
  msg += req.alternative.empty() ? "." : ", or " + req.alternative + ".";
  return Error{msg};
}

Result<std::unique_ptr<GlContext>> create_offscreen_context(const ContextRequest& req) {
  std::unique_ptr<GlContext> kept;
  const Status st = create_offscreen_context(req, [&](std::unique_ptr<GlContext> c) -> Status {
    kept = std::move(c);
    return Ok{};
  });
  if (!st) return st.error();
  return Result<std::unique_ptr<GlContext>>(std::move(kept));
}

}  // namespace tconv::gpu
