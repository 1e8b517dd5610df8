#pragma once
// Internal to src/gpu: who owns the GL context, and how the compute backend is built in it.
#include <memory>
#include <string>

#include "gpu/gpu.h"

namespace tconv::gpu {

// A GL context this backend made (EGL headless, or a hidden GLFW window). The compute backend
// keeps it alive and destroys it after every GL object made in it.
class PlatformContext {
 public:
  virtual ~PlatformContext() = default;
  virtual bool make_current() = 0;           // on the calling thread
  virtual std::string describe() const = 0;  // e.g. "EGL, Mesa surfaceless platform"
};

// Builds the compute backend in the context current on this thread. `owner` is null for a
// borrowed context (which the backend then never destroys).
Result<std::unique_ptr<ComputeContext>> create_gl_compute(std::unique_ptr<PlatformContext> owner);

#ifdef TCONV_GPU_HAVE_GLFW
// Last resort for create_headless_context(): an invisible 1x1 GLFW window (needs a display).
Result<std::unique_ptr<PlatformContext>> create_hidden_glfw_context();
#endif

}  // namespace tconv::gpu
