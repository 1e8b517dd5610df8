// An OpenGL core context without a window (see gl_context.h for the order of attempts).
//
// Sections: EGL helpers | EglContext (owner of display + context) | trying one display |
//           create_offscreen_context
#include <epoxy/egl.h>
#include <epoxy/gl.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "gpu/gl_context.h"
#include "gpu/gl_context_detail.h"
#include "gpu/platform.h"

namespace tconv::gpu {
namespace {

// ---------------------------------------------------------------- EGL helpers
std::string egl_error_text() {
  const EGLint e = eglGetError();
  switch (e) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    default: return "EGL error " + std::to_string(e);
  }
}

// eglInitialize/eglTerminate pairs per display. EGL hands out one handle per platform and
// device, so two contexts on the same display must not terminate it under each other.
std::mutex g_display_mutex;
std::map<EGLDisplay, int> g_display_users;

bool acquire_display(EGLDisplay dpy) {
  std::lock_guard<std::mutex> lock(g_display_mutex);
  int& users = g_display_users[dpy];
  if (users == 0) {
    EGLint major = 0, minor = 0;
    if (eglInitialize(dpy, &major, &minor) != EGL_TRUE) {
      g_display_users.erase(dpy);
      return false;
    }
  }
  ++users;
  return true;
}

void release_display(EGLDisplay dpy) {
  std::lock_guard<std::mutex> lock(g_display_mutex);
  auto it = g_display_users.find(dpy);
  if (it == g_display_users.end()) return;
  if (--it->second == 0) {
    eglTerminate(dpy);
    g_display_users.erase(it);
  }
}

// ---------------------------------------------------------------- EglContext
class EglContext final : public GlContext {
 public:
  EglContext(EGLDisplay dpy, EGLContext ctx, std::string how) : dpy_(dpy), ctx_(ctx), how_(std::move(how)) {}
  ~EglContext() override {
    if (eglGetCurrentContext() == ctx_) eglMakeCurrent(dpy_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(dpy_, ctx_);
    release_display(dpy_);
  }
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  bool make_current() override {
    if (eglGetCurrentContext() == ctx_) return true;
    return eglMakeCurrent(dpy_, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx_) == EGL_TRUE;
  }
  std::string describe() const override { return how_; }

 private:
  EGLDisplay dpy_;
  EGLContext ctx_;
  std::string how_;
};

// ---------------------------------------------------------------- trying one display
// A current GL core context of the requested version on `dpy`, or null with the reason appended
// to `why`.
std::unique_ptr<GlContext> try_display(EGLDisplay dpy, const std::string& how, const ContextRequest& req,
                                       std::string& why) {
  auto fail = [&](const std::string& reason) {
    why += "\n  " + how + ": " + reason;
    return nullptr;
  };
  if (dpy == EGL_NO_DISPLAY) return fail("no display (" + egl_error_text() + ")");
  if (!acquire_display(dpy)) return fail("eglInitialize failed (" + egl_error_text() + ")");
  auto give_up = [&](const std::string& reason) {
    release_display(dpy);
    return fail(reason);
  };
  if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) return give_up("desktop OpenGL is not supported");
  if (!epoxy_has_egl_extension(dpy, "EGL_KHR_surfaceless_context"))
    return give_up("EGL_KHR_surfaceless_context is missing (a context without a window is impossible)");

  EGLConfig config = EGL_NO_CONFIG_KHR;
  if (!epoxy_has_egl_extension(dpy, "EGL_KHR_no_config_context") &&
      !epoxy_has_egl_extension(dpy, "EGL_MESA_configless_context")) {
    const EGLint want[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, 0, EGL_NONE};
    EGLint found = 0;
    if (eglChooseConfig(dpy, want, &config, 1, &found) != EGL_TRUE || found < 1)
      return give_up("no EGL config supports desktop OpenGL");
  }

  std::vector<EGLint> attribs = {EGL_CONTEXT_MAJOR_VERSION, req.major, EGL_CONTEXT_MINOR_VERSION, req.minor,
                                 EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT};
  if (req.debug) {
    if (epoxy_egl_version(dpy) >= 15) {
      attribs.insert(attribs.end(), {EGL_CONTEXT_OPENGL_DEBUG, EGL_TRUE});
    } else if (epoxy_has_egl_extension(dpy, "EGL_KHR_create_context")) {
      attribs.insert(attribs.end(), {EGL_CONTEXT_FLAGS_KHR, EGL_CONTEXT_OPENGL_DEBUG_BIT_KHR});
    }
  }
  attribs.push_back(EGL_NONE);
  const EGLContext ctx = eglCreateContext(dpy, config, EGL_NO_CONTEXT, attribs.data());
  if (ctx == EGL_NO_CONTEXT)
    return give_up("no OpenGL " + std::to_string(req.major) + "." + std::to_string(req.minor) + " core context (" +
                   egl_error_text() + ")");
  if (eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx) != EGL_TRUE) {
    const std::string e = egl_error_text();
    eglDestroyContext(dpy, ctx);
    return give_up("eglMakeCurrent failed (" + e + ")");
  }
  return std::make_unique<EglContext>(dpy, ctx, how);
}

// Offers a made context to `use`; on refusal appends the reason and returns false.
bool offer(std::unique_ptr<GlContext> context, const ContextUse& use, std::string& why) {
  if (!context) return false;
  const std::string how = context->describe();
  const Status st = use(std::move(context));
  if (st) return true;
  why += "\n  " + how + ": " + st.error().message;
  return false;
}

}  // namespace

// ---------------------------------------------------------------- create_offscreen_context
Status create_offscreen_context(const ContextRequest& req, const ContextUse& use) {
  std::string why;
  if (epoxy_has_egl()) {
    // 1. EGL device platform: every device the EGL driver lists (NVIDIA's driver offers only this).
    if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_platform_device") &&
        epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_EXT_device_enumeration")) {
      EGLDeviceEXT devices[16];
      EGLint count = 0;
      if (eglQueryDevicesEXT(16, devices, &count) == EGL_TRUE) {
        for (EGLint i = 0; i < count; ++i) {
          const EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
          if (offer(try_display(dpy, "EGL device " + std::to_string(i), req, why), use, why)) return Ok{};
        }
      }
    }
    // 2. Mesa's surfaceless platform.
    if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless")) {
      const EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
      if (offer(try_display(dpy, "EGL surfaceless platform", req, why), use, why)) return Ok{};
    }
    // 3. The default display (X11 or Wayland when a session is running).
    if (offer(try_display(eglGetDisplay(EGL_DEFAULT_DISPLAY), "EGL default display", req, why), use, why))
      return Ok{};
  } else {
    why += "\n  EGL: libEGL could not be loaded";
  }
#ifdef TCONV_GPU_HAVE_GLFW
  // 4. An invisible window.
  Result<std::unique_ptr<GlContext>> window = create_hidden_glfw_context(req);
  if (window) {
    if (offer(std::move(window).value(), use, why)) return Ok{};
  } else {
    why += "\n  hidden GLFW window: " + window.error().message;
  }
#endif
  return no_context_error(req, why,
                          "Install an OpenGL driver with EGL (on Debian: apt-get install libegl1 libegl-mesa0 "
                          "libgl1-mesa-dri, which includes the llvmpipe software renderer)");
}

}  // namespace tconv::gpu
