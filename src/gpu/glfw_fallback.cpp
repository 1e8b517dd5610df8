// Last resort for create_offscreen_context(): an invisible 1x1 GLFW window whose GL context runs
// the compute shaders or draws the slides (for systems where EGL gives no desktop GL, e.g.
// GLX-only drivers). Needs a display; built only with the GUI (which brings GLFW).
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <string>

#include "gpu/platform.h"

namespace tconv::gpu {
namespace {

class GlfwContext final : public GlContext {
 public:
  explicit GlfwContext(GLFWwindow* window) : window_(window) {}
  // GLFW itself stays initialised: the GUI may share it, and glfwTerminate would close its windows.
  ~GlfwContext() override { glfwDestroyWindow(window_); }
  GlfwContext(const GlfwContext&) = delete;
  GlfwContext& operator=(const GlfwContext&) = delete;

  bool make_current() override {
    glfwMakeContextCurrent(window_);
    return true;
  }
  std::string describe() const override { return "hidden GLFW window"; }

 private:
  GLFWwindow* window_;
};

}  // namespace

Result<std::unique_ptr<GlContext>> create_hidden_glfw_context(const ContextRequest& req) {
  if (glfwInit() != GLFW_TRUE) return Error{"GLFW could not start (no display?)"};
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, req.major);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, req.minor);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(1, 1, "tconv-lab compute", nullptr, nullptr);
  glfwDefaultWindowHints();
  if (!window)
    return Error{"no window with an OpenGL " + std::to_string(req.major) + "." + std::to_string(req.minor) +
                 " core context could be made"};
  glfwMakeContextCurrent(window);
  return std::unique_ptr<GlContext>(std::make_unique<GlfwContext>(window));
}

}  // namespace tconv::gpu
