#pragma once
// The browser build's stand-in for libepoxy: WebGL 2 is OpenGL ES 3.0, whose entry points
// Emscripten provides directly. Shared GUI files include <epoxy/gl.h>; here they get GLES3.
#include <GLES3/gl3.h>
