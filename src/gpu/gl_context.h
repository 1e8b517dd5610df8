#pragma once
// An OpenGL core context without a visible window, made the same way for the compute backend
// (4.3, gpu.h) and for rendering slides offscreen (`tconv-lab animate`, 3.3).
//
// Order of attempts: the EGL device platform (each GPU the driver lists, e.g. NVIDIA's), Mesa's
// surfaceless platform (render node or llvmpipe), EGL's default display, then -- if built with the
// GUI -- an invisible GLFW window (needs a display). Each EGL display is initialised once and
// terminated when its last context goes, so contexts on one display never pull it from under
// each other.
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"

namespace tconv::gpu {

// Owns one GL context; destroying it destroys the context (GL objects made in it must go first).
class GlContext {
 public:
  virtual ~GlContext() = default;
  virtual bool make_current() = 0;           // on the calling thread
  virtual std::string describe() const = 0;  // how it was made, e.g. "EGL surfaceless platform"
};

struct ContextRequest {
  int major = 3, minor = 3;  // core profile of at least this version
  bool debug = false;        // ask for a KHR_debug context (driver messages)
  std::string purpose;       // for the error: "with compute shaders", "to draw the slides"
  std::string alternative;   // for the error: what else the user can do, e.g. "use --backend cpu"
};

// Offers each context that can be made, current on this thread, to `use`, which keeps it (and
// returns Ok) or returns why it cannot use it (then the context is destroyed and the next one is
// tried). Error, listing every attempt and what to install, when none was kept.
using ContextUse = std::function<Status(std::unique_ptr<GlContext>)>;
Status create_offscreen_context(const ContextRequest& request, const ContextUse& use);

// The first context that can be made, current on this thread.
Result<std::unique_ptr<GlContext>> create_offscreen_context(const ContextRequest& request);

}  // namespace tconv::gpu
