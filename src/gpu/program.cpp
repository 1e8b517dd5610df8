// Compute-shader programs (see program.h).
#include "gpu/program.h"

#include <epoxy/gl.h>

#include <vector>

namespace tconv::gpu {
namespace {

std::string shader_log(GLuint shader) {
  GLint len = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &len);
  std::vector<char> log(static_cast<size_t>(len > 0 ? len : 1), '\0');
  glGetShaderInfoLog(shader, static_cast<GLsizei>(log.size()), nullptr, log.data());
  return log.data();
}

std::string program_log(GLuint program) {
  GLint len = 0;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &len);
  std::vector<char> log(static_cast<size_t>(len > 0 ? len : 1), '\0');
  glGetProgramInfoLog(program, static_cast<GLsizei>(log.size()), nullptr, log.data());
  return log.data();
}

const char* kFix =
    " This is a driver problem or a bug in tconv-lab: update the graphics driver (Mesa 20 or newer), "
    "or use --backend cpu.";

}  // namespace

Result<unsigned> compile_compute_program(const std::string& source, const std::string& name) {
  const GLuint shader = glCreateShader(GL_COMPUTE_SHADER);
  if (shader == 0)
    return Error{"could not create a compute shader for '" + name + "' (OpenGL 4.3 needed)." + kFix};
  const char* src = source.c_str();
  glShaderSource(shader, 1, &src, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    const std::string log = shader_log(shader);
    glDeleteShader(shader);
    return Error{"the compute shader '" + name + "' did not compile:\n" + log + kFix};
  }
  const GLuint program = glCreateProgram();
  glAttachShader(program, shader);
  glLinkProgram(program);
  glDetachShader(program, shader);
  glDeleteShader(shader);
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    const std::string log = program_log(program);
    glDeleteProgram(program);
    return Error{"the compute shader '" + name + "' did not link:\n" + log + kFix};
  }
  return static_cast<unsigned>(program);
}

void delete_program(unsigned program) {
  if (program != 0) glDeleteProgram(program);
}

}  // namespace tconv::gpu
