#pragma once
// Internal to tconv_gl: what each system's create_offscreen_context (egl_context.cpp,
// offscreen_windows.cpp) shares, implemented once in gl_context.cpp.
#include <string>

#include "core/result.h"
#include "gpu/gl_context.h"

namespace tconv::gpu {

// "no OpenGL M.N context <purpose> could be created. Tried:<tried>\n<driver_hint>[, or <alternative>]."
Error no_context_error(const ContextRequest& req, const std::string& tried, const std::string& driver_hint);

}  // namespace tconv::gpu
