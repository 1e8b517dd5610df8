#pragma once
// GLSL sources embedded at build time from shaders/ (src/gpu/CMakeLists.txt generates the
// definitions), so an installed binary needs no shader files next to it.
namespace tconv::gpu::shaders {

extern const char* const conv_transpose_comp;  // shaders/conv_transpose.comp

}  // namespace tconv::gpu::shaders
