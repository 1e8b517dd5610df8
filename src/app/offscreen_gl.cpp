// Headless GL 3.3 core context for slide rendering. Sections: EGL | GLFW fallback | create.
// Order of attempts (as src/gpu/egl_context.cpp): EGL devices, Mesa's surfaceless platform, the
// default EGL display, then a hidden GLFW window (needs a display).
#include "app/offscreen_gl.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace tconv::app {
namespace {

// ---------------------------------------------------------------- EGL
class EglGl final : public OffscreenGl {
 public:
  EglGl(EGLDisplay d, EGLContext c, std::string how) : dpy_(d), ctx_(c), how_(std::move(how)) {}
  ~EglGl() override {
    eglMakeCurrent(dpy_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(dpy_, ctx_);
    eglTerminate(dpy_);
  }
  EglGl(const EglGl&) = delete;
  EglGl& operator=(const EglGl&) = delete;
  std::string describe() const override { return how_; }

 private:
  EGLDisplay dpy_;
  EGLContext ctx_;
  std::string how_;
};

std::unique_ptr<OffscreenGl> try_egl(EGLDisplay dpy, const std::string& how, std::string& why) {
  auto fail = [&](const std::string& r) {
    why += "\n  " + how + ": " + r;
    return nullptr;
  };
  if (dpy == EGL_NO_DISPLAY) return fail("no display");
  EGLint major = 0, minor = 0;
  if (eglInitialize(dpy, &major, &minor) != EGL_TRUE) return fail("eglInitialize failed");
  auto give_up = [&](const std::string& r) {
    eglTerminate(dpy);
    return fail(r);
  };
  if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) return give_up("desktop OpenGL is not supported");
  if (!epoxy_has_egl_extension(dpy, "EGL_KHR_surfaceless_context"))
    return give_up("EGL_KHR_surfaceless_context is missing");
  EGLConfig config = EGL_NO_CONFIG_KHR;
  if (!epoxy_has_egl_extension(dpy, "EGL_KHR_no_config_context") &&
      !epoxy_has_egl_extension(dpy, "EGL_MESA_configless_context")) {
    const EGLint want[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, 0, EGL_NONE};
    EGLint found = 0;
    if (eglChooseConfig(dpy, want, &config, 1, &found) != EGL_TRUE || found < 1)
      return give_up("no EGL config supports desktop OpenGL");
  }
  const EGLint attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                            EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
  const EGLContext ctx = eglCreateContext(dpy, config, EGL_NO_CONTEXT, attribs);
  if (ctx == EGL_NO_CONTEXT) return give_up("no OpenGL 3.3 core context");
  if (eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx) != EGL_TRUE) {
    eglDestroyContext(dpy, ctx);
    return give_up("eglMakeCurrent failed");
  }
  return std::make_unique<EglGl>(dpy, ctx, how);
}

// ---------------------------------------------------------------- GLFW fallback
class GlfwGl final : public OffscreenGl {
 public:
  explicit GlfwGl(GLFWwindow* w) : window_(w) {}
  ~GlfwGl() override {
    glfwDestroyWindow(window_);
    glfwTerminate();
  }
  GlfwGl(const GlfwGl&) = delete;
  GlfwGl& operator=(const GlfwGl&) = delete;
  std::string describe() const override { return "hidden GLFW window"; }

 private:
  GLFWwindow* window_;
};

std::unique_ptr<OffscreenGl> try_glfw(std::string& why) {
  if (glfwInit() != GLFW_TRUE) {
    why += "\n  hidden GLFW window: GLFW could not start (no display)";
    return nullptr;
  }
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* w = glfwCreateWindow(64, 64, "tconv-lab export", nullptr, nullptr);
  if (!w) {
    why += "\n  hidden GLFW window: no OpenGL 3.3 core context";
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(w);
  return std::make_unique<GlfwGl>(w);
}

}  // namespace

// ---------------------------------------------------------------- create
Result<std::unique_ptr<OffscreenGl>> create_offscreen_gl() {
  std::string why;
  if (epoxy_has_egl()) {
    // Mesa's surfaceless platform first: it is what CI machines have and needs no device access.
    if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless")) {
      const EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
      if (auto c = try_egl(dpy, "EGL surfaceless platform", why)) return c;
    }
    if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_device") &&
        epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_enumeration")) {
      EGLDeviceEXT devices[8];
      EGLint count = 0;
      if (eglQueryDevicesEXT(8, devices, &count) == EGL_TRUE) {
        for (EGLint i = 0; i < count; ++i) {
          const EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
          if (auto c = try_egl(dpy, "EGL device " + std::to_string(i), why)) return c;
        }
      }
    }
    if (auto c = try_egl(eglGetDisplay(EGL_DEFAULT_DISPLAY), "EGL default display", why)) return c;
  } else {
    why += "\n  EGL: libEGL could not be loaded";
  }
  if (auto c = try_glfw(why)) return c;
  return Error{"no OpenGL 3.3 context to draw the slides could be created. Tried:" + why +
               "\nInstall an OpenGL driver with EGL (on Debian: apt-get install libegl1 libegl-mesa0 "
               "libgl1-mesa-dri, which includes the llvmpipe software renderer), or run under a display "
               "(xvfb-run -a tconv-lab animate ...)."};
}

}  // namespace tconv::app
