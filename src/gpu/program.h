#pragma once
// Compiling and linking compute-shader programs. Needs a current GL 4.3 context. A failure returns
// an Error carrying the driver's info log (never a crash), like Dear ImGui's OpenGL3 backend.
#include <string>

#include "core/result.h"

namespace tconv::gpu {

// Returns the GL program name. `name` identifies the shader in messages.
Result<unsigned> compile_compute_program(const std::string& source, const std::string& name);
void delete_program(unsigned program);

}  // namespace tconv::gpu
