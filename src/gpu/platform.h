#pragma once
// Internal to src/gpu: how the compute backend is built in a context, and the GLFW last resort
// of create_offscreen_context().
#include <memory>
#include <string>

#include "gpu/gl_context.h"
#include "gpu/gpu.h"

namespace tconv::gpu {

// Builds the compute backend in the context current on this thread. `owner` is null for a
// borrowed context (which the backend then never destroys); otherwise the backend keeps it alive
// and destroys it after every GL object made in it.
Result<std::unique_ptr<ComputeContext>> create_gl_compute(std::unique_ptr<GlContext> owner);

#ifdef TCONV_GPU_HAVE_GLFW
// An invisible 1x1 GLFW window with a core context of the requested version (needs a display).
Result<std::unique_ptr<GlContext>> create_hidden_glfw_context(const ContextRequest& request);
#endif

}  // namespace tconv::gpu
