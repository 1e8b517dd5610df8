#pragma once
// The browser build's stand-in for libepoxy: WebGL 2 is OpenGL ES 3.0, whose entry points
// Emscripten provides directly. Shared GUI files include <epoxy/gl.h>; here they get GLES3.
#include <GLES3/gl3.h>

// The shared GUI checks for OpenGL 3.3 because of what it uses from it (framebuffer objects,
// renderbuffers, the renderer's shaders); WebGL 2 has all of these, so it counts as 3.3 here.
static inline int epoxy_gl_version(void) { return 33; }
