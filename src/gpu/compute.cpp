// The OpenGL 4.3 compute backend: one class that owns every GL object it makes (program and
// buffers), created in init() and deleted in the destructor while the context still exists.
//
// Sections:
//   1. Errors and debug output
//   2. GlCompute: set-up and tear-down
//   3. GlCompute: one conv_transpose2d, tile by tile (upload, dispatch, read back)
//   4. create_gl_compute
#include <epoxy/gl.h>

#include <algorithm>
#include <cassert>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "gpu/platform.h"
#include "gpu/program.h"
#include "gpu/shaders.h"
#include "gpu/tiling.h"

namespace tconv::gpu {
namespace {

// ============================================================ 1. Errors and debug output
std::string hex(unsigned v) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), digits[v % 16]);
    v /= 16;
  } while (v);
  return "0x" + s;
}

const char* gl_error_name(GLenum e) {
  switch (e) {
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "unknown GL error";
  }
}

// The shader's work-group size (local_size_x in shaders/conv_transpose.comp; y and z are 1) and
// the output columns each invocation computes (kPer there).
constexpr int64_t kLocalX = 64;
constexpr int64_t kPerInvocation = 4;

// Largest buffer we bind: the shader indexes with 32-bit ints.
constexpr int64_t kMaxIndexableBytes = (int64_t(1) << 31) - 4;

enum Binding { kInput = 0, kWeights = 1, kBias = 2, kOutput = 3, kBindings = 4 };

// ============================================================ 2. GlCompute: set-up and tear-down
class GlCompute final : public ComputeContext {
 public:
  explicit GlCompute(std::unique_ptr<GlContext> owner) : owner_(std::move(owner)) {}
  ~GlCompute() override { release(); }
  GlCompute(const GlCompute&) = delete;
  GlCompute& operator=(const GlCompute&) = delete;

  Status init();
  const DeviceInfo& info() const override { return info_; }
  Result<Tensor4> conv_transpose2d(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                   const ConvTransposeParams& p) override;
  Status conv_transpose2d_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                               const ConvTransposeParams& p, Tensor4& y) override;
  void set_band_limits(const BandLimits& limits) override { limits_ = limits; }
  int last_band_count() const override { return last_bands_; }

 private:
  struct Uniforms {
    GLint in_size = -1, in_origin = -1, in_extent = -1, out_origin = -1, out_extent = -1, kernel = -1,
          stride = -1, padding = -1, dilation = -1, tap_step = -1, co0 = -1, ci0 = -1, cin_g = -1,
          cout_g = -1, phases = -1;
  };

  void release();
  Status check(const char* what);                       // glGetError after a step
  Status ensure_buffer(int binding, int64_t bytes);     // grows a buffer to at least `bytes`
  Status run_tiles(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                   const ConvTransposeParams& p, Tensor4& y);
  static void GLAPIENTRY on_debug_message(GLenum source, GLenum type, GLuint id, GLenum severity,
                                          GLsizei length, const GLchar* message, const void* self);

  // Settings.
  BandLimits limits_;              // 0 = the driver's limits
  // Read-only results.
  DeviceInfo info_;
  int last_bands_ = 0;
  // Internal state. The destructor's body deletes the GL objects (release()) before the members
  // go, owner_ (the context itself) among them.
  std::unique_ptr<GlContext> owner_;  // null: borrowed context, never destroyed here
  GLuint program_ = 0;
  GLuint buffers_[kBindings] = {0, 0, 0, 0};
  int64_t capacity_[kBindings] = {0, 0, 0, 0};  // bytes allocated per buffer
  Uniforms u_;
  std::vector<float> staging_;     // reused between tiles for non-contiguous copies
  std::string debug_log_;          // last high-severity KHR_debug message (debug contexts)
};

void GLAPIENTRY GlCompute::on_debug_message(GLenum, GLenum type, GLuint, GLenum severity, GLsizei,
                                            const GLchar* message, const void* self) {
  if (severity == GL_DEBUG_SEVERITY_HIGH || type == GL_DEBUG_TYPE_ERROR) {
    auto* me = static_cast<GlCompute*>(const_cast<void*>(self));
    me->debug_log_ = message;
  }
}

Status GlCompute::check(const char* what) {
  GLenum first = GL_NO_ERROR;
  for (GLenum e = glGetError(); e != GL_NO_ERROR; e = glGetError())
    if (first == GL_NO_ERROR) first = e;
  if (first == GL_NO_ERROR) return Ok{};
  std::string msg = std::string("OpenGL reported ") + gl_error_name(first) + " (" + hex(first) + ") while " + what;
  if (!debug_log_.empty()) msg += " (driver says: " + debug_log_ + ")";
  if (first == GL_OUT_OF_MEMORY)
    return Error{msg + ": the GPU ran out of memory. Use a smaller input, or --backend cpu."};
  return Error{msg + ". This is a driver problem or a bug in tconv-lab; --backend cpu computes the same "
                     "result (set TCONV_GL_DEBUG=1 for the driver's messages)."};
}

Status GlCompute::init() {
  if (owner_ && !owner_->make_current())
    return Error{"could not make the OpenGL context current. Use --backend cpu."};
  const char* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  if (!version)
    return Error{"no OpenGL context is current on this thread. Make the window's context current "
                 "on this thread before borrowing it."};
  info_.version = version;
  info_.context = owner_ ? owner_->describe() : "borrowed";
  const char* vendor = reinterpret_cast<const char*>(glGetString(GL_VENDOR));
  const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  info_.vendor = vendor ? vendor : "";
  info_.renderer = renderer ? renderer : "";
  for (const char* soft : {"llvmpipe", "softpipe", "SwiftShader", "Software Rasterizer"})
    if (info_.renderer.find(soft) != std::string::npos) info_.software = true;
  if (!epoxy_is_desktop_gl() || epoxy_gl_version() < 43)
    return Error{"the GPU backend needs OpenGL 4.3 (compute shaders), but this context is OpenGL " +
                 info_.version + " (" + info_.renderer +
                 "). Update the graphics driver (Mesa's llvmpipe provides 4.5 in software), or use "
                 "--backend cpu."};

  if (owner_ && epoxy_has_gl_extension("GL_KHR_debug")) {
    GLint flags = 0;
    glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
    if (flags & GL_CONTEXT_FLAG_DEBUG_BIT) {
      glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
      glDebugMessageCallback(on_debug_message, this);
    }
  }

  GLint64 ssbo = 0;
  glGetInteger64v(GL_MAX_SHADER_STORAGE_BLOCK_SIZE, &ssbo);
  info_.max_ssbo_bytes = static_cast<long long>(ssbo);
  for (GLuint i = 0; i < 3; ++i) glGetIntegeri_v(GL_MAX_COMPUTE_WORK_GROUP_COUNT, i, &info_.max_work_groups[i]);
  if (auto st = check("querying the compute limits"); !st) return st;
  if (info_.max_ssbo_bytes < 16 || info_.max_work_groups[0] < 1)
    return Error{"this OpenGL context reports no usable shader storage buffers (" + info_.renderer +
                 "). Use --backend cpu."};

  auto program = compile_compute_program(shaders::conv_transpose_comp, "conv_transpose.comp");
  if (!program) return program.error();
  program_ = program.value();
  auto loc = [&](const char* name) { return glGetUniformLocation(program_, name); };
  u_.in_size = loc("u_in_size");
  u_.in_origin = loc("u_in_origin");
  u_.in_extent = loc("u_in_extent");
  u_.out_origin = loc("u_out_origin");
  u_.out_extent = loc("u_out_extent");
  u_.kernel = loc("u_kernel");
  u_.stride = loc("u_stride");
  u_.padding = loc("u_padding");
  u_.dilation = loc("u_dilation");
  u_.tap_step = loc("u_tap_step");
  u_.co0 = loc("u_co0");
  u_.ci0 = loc("u_ci0");
  u_.cin_g = loc("u_cin_g");
  u_.cout_g = loc("u_cout_g");
  u_.phases = loc("u_phases");

  glGenBuffers(kBindings, buffers_);
  return check("creating the program and buffers");
}

void GlCompute::release() {
  if (program_ == 0 && buffers_[0] == 0) return;
  if (owner_ && !owner_->make_current()) return;  // context gone: its objects went with it
  if (owner_ && epoxy_has_gl_extension("GL_KHR_debug")) glDebugMessageCallback(nullptr, nullptr);
  delete_program(program_);
  program_ = 0;
  glDeleteBuffers(kBindings, buffers_);
  for (int i = 0; i < kBindings; ++i) {
    buffers_[i] = 0;
    capacity_[i] = 0;
  }
}

Status GlCompute::ensure_buffer(int binding, int64_t bytes) {
  bytes = std::max<int64_t>(bytes, 16);
  glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffers_[binding]);
  if (capacity_[binding] < bytes) {
    glBufferData(GL_SHADER_STORAGE_BUFFER, static_cast<GLsizeiptr>(bytes), nullptr, GL_DYNAMIC_DRAW);
    capacity_[binding] = bytes;
    if (auto st = check("allocating a GPU buffer"); !st) {
      capacity_[binding] = 0;
      return Error{st.error().message + " (" + std::to_string(bytes >> 20) + " MiB requested)"};
    }
  }
  return Ok{};
}

// ============================================================ 3. One conv_transpose2d, tile by tile
Result<Tensor4> GlCompute::conv_transpose2d(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                            const ConvTransposeParams& p) {
  auto shape = conv_transpose_output_shape(x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p);
  if (!shape) return shape.error();
  Tensor4 y(shape.value());
  if (auto st = conv_transpose2d_into(x, w, bias, p, y); !st) return st.error();
  return y;
}

Status GlCompute::conv_transpose2d_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                        const ConvTransposeParams& p, Tensor4& y) {
  auto shape = conv_transpose_output_shape(x.shape, w.shape, bias.empty() ? -1 : static_cast<int64_t>(bias.size()), p);
  if (!shape) return shape.error();
  assert(shape.value() == y.shape && y.data.size() == static_cast<size_t>(y.shape.count()) &&
         "conv_transpose2d_into: size y to conv_transpose_output_shape(...) first");
  if (owner_ && !owner_->make_current())
    return Error{"could not make the OpenGL context current on this thread. Use --backend cpu."};

  // A borrowed context belongs to the GUI: leave its program binding as we found it.
  GLint previous_program = 0;
  glGetIntegerv(GL_CURRENT_PROGRAM, &previous_program);
  for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; ++i) {
  }  // start clean: an earlier error of a borrowed context is not ours
  debug_log_.clear();
  Status st = run_tiles(x, w, bias, p, y);
  glUseProgram(static_cast<GLuint>(previous_program));
  for (GLuint i = 0; i < kBindings; ++i) glBindBufferBase(GL_SHADER_STORAGE_BUFFER, i, 0);
  glBindBuffer(GL_SHADER_STORAGE_BUFFER, 0);
  return st;
}

Status GlCompute::run_tiles(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                            const ConvTransposeParams& p, Tensor4& y) {
  // Before any size below is computed from the parameters (or anything is allocated).
  if (auto st = check_shader_index_range(w.shape, p, y.shape, kPerInvocation); !st) return st;
  TileLimits tl;
  tl.max_buffer_bytes = std::min<int64_t>(info_.max_ssbo_bytes, kMaxIndexableBytes);
  if (limits_.max_buffer_bytes > 0) tl.max_buffer_bytes = std::min<int64_t>(tl.max_buffer_bytes, limits_.max_buffer_bytes);
  int64_t max_groups[3];
  for (int i = 0; i < 3; ++i) {
    max_groups[i] = info_.max_work_groups[i];
    if (limits_.max_work_groups[i] > 0) max_groups[i] = std::min<int64_t>(max_groups[i], limits_.max_work_groups[i]);
  }
  // Dispatch layout (see the shader): x = blocks of 64*kPer columns of one phase, so a group spans
  // 64*kPer*stride_w columns; y = one row per group; z = channel x column phase.
  const int64_t phases = std::min(p.stride.w, y.shape.w);
  tl.local[0] = kLocalX * kPerInvocation * p.stride.w;
  tl.max_groups[0] = max_groups[0];
  tl.max_groups[1] = max_groups[1];
  tl.max_groups[2] = std::max<int64_t>(1, max_groups[2] / phases);
  auto planned = plan_tiles(x.shape, w.shape, p, y.shape, tl);
  if (!planned) return planned.error();
  const std::vector<Tile>& tiles = planned.value();
  last_bands_ = static_cast<int>(tiles.size());

  const int64_t G = p.groups, cin_g = x.shape.c / G, cout_g = w.shape.c;
  const int64_t taps = w.shape.h * w.shape.w;
  auto i32 = [](int64_t v) { return static_cast<GLint>(v); };

  glUseProgram(program_);
  glUniform2i(u_.in_size, i32(x.shape.h), i32(x.shape.w));
  glUniform2i(u_.kernel, i32(w.shape.h), i32(w.shape.w));
  glUniform2i(u_.stride, i32(p.stride.h), i32(p.stride.w));
  glUniform2i(u_.padding, i32(p.padding.h), i32(p.padding.w));
  glUniform2i(u_.dilation, i32(p.dilation.h), i32(p.dilation.w));
  glUniform2i(u_.tap_step, i32(p.stride.h / std::gcd(p.stride.h, p.dilation.h)),
              i32(p.stride.w / std::gcd(p.stride.w, p.dilation.w)));
  glUniform1i(u_.cin_g, i32(cin_g));
  glUniform1i(u_.cout_g, i32(cout_g));

  int64_t weights_ci0 = -1, weights_count = -1;  // the weight slice now in the buffer
  for (const Tile& t : tiles) {
    // Input window: channels [ci0, +ci_count) x rows [ih0, +in_rows) x columns [iw0, +in_cols).
    const int64_t in_plane = t.in_rows * t.in_cols;
    if (auto st = ensure_buffer(kInput, t.ci_count * in_plane * 4); !st) return st;
    if (in_plane > 0) {
      if (t.iw0 == 0 && t.in_cols == x.shape.w) {  // each channel's rows are contiguous in x
        for (int64_t c = 0; c < t.ci_count; ++c)
          glBufferSubData(GL_SHADER_STORAGE_BUFFER, static_cast<GLintptr>(c * in_plane * 4),
                          static_cast<GLsizeiptr>(in_plane * 4), &x.data[x.index(t.n, t.ci0 + c, t.ih0, 0)]);
      } else {
        staging_.resize(static_cast<size_t>(t.ci_count * in_plane));
        for (int64_t c = 0; c < t.ci_count; ++c)
          for (int64_t r = 0; r < t.in_rows; ++r)
            std::memcpy(&staging_[static_cast<size_t>((c * t.in_rows + r) * t.in_cols)],
                        &x.data[x.index(t.n, t.ci0 + c, t.ih0 + r, t.iw0)], static_cast<size_t>(t.in_cols) * 4);
        glBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, static_cast<GLsizeiptr>(staging_.size() * 4), staging_.data());
      }
    }
    // Weights of the tile's groups: rows [ci0, +ci_count) of (Cin, Cout/g, kH, kW), contiguous.
    if (t.ci0 != weights_ci0 || t.ci_count != weights_count) {
      const int64_t count = t.ci_count * cout_g * taps;
      if (auto st = ensure_buffer(kWeights, count * 4); !st) return st;
      glBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, static_cast<GLsizeiptr>(count * 4),
                      &w.data[static_cast<size_t>(t.ci0 * cout_g * taps)]);
      weights_ci0 = t.ci0;
      weights_count = t.ci_count;
    }
    // Bias of the tile's output channels (zeros without a bias).
    if (auto st = ensure_buffer(kBias, t.co_count * 4); !st) return st;
    staging_.assign(static_cast<size_t>(t.co_count), 0.0f);
    if (!bias.empty()) std::copy_n(bias.begin() + t.co0, t.co_count, staging_.begin());
    glBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, static_cast<GLsizeiptr>(t.co_count * 4), staging_.data());
    const int64_t out_plane = t.rows * t.cols;
    if (auto st = ensure_buffer(kOutput, t.co_count * out_plane * 4); !st) return st;
    if (auto st = check("uploading a tile"); !st) return st;

    for (GLuint i = 0; i < kBindings; ++i) glBindBufferBase(GL_SHADER_STORAGE_BUFFER, i, buffers_[i]);
    glUniform2i(u_.in_origin, i32(t.ih0), i32(t.iw0));
    glUniform2i(u_.in_extent, i32(t.in_rows), i32(t.in_cols));
    glUniform2i(u_.out_origin, i32(t.oh0), i32(t.ow0));
    glUniform2i(u_.out_extent, i32(t.rows), i32(t.cols));
    glUniform1i(u_.co0, i32(t.co0));
    glUniform1i(u_.ci0, i32(t.ci0));
    const int64_t tile_phases = std::min(p.stride.w, t.cols);
    const int64_t per_phase = (t.cols + p.stride.w - 1) / p.stride.w;  // columns of the widest phase
    glUniform1i(u_.phases, i32(tile_phases));
    const int64_t per_group = kLocalX * kPerInvocation;
    glDispatchCompute(static_cast<GLuint>((per_phase + per_group - 1) / per_group), static_cast<GLuint>(t.rows),
                      static_cast<GLuint>(t.co_count * tile_phases));
    // Shader writes must land before glGetBufferSubData reads them.
    glMemoryBarrier(GL_BUFFER_UPDATE_BARRIER_BIT);
    if (auto st = check("running the compute shader"); !st) return st;

    glBindBuffer(GL_SHADER_STORAGE_BUFFER, buffers_[kOutput]);
    if (t.ow0 == 0 && t.cols == y.shape.w) {  // each channel's rows are contiguous in y
      for (int64_t c = 0; c < t.co_count; ++c)
        glGetBufferSubData(GL_SHADER_STORAGE_BUFFER, static_cast<GLintptr>(c * out_plane * 4),
                           static_cast<GLsizeiptr>(out_plane * 4), &y.data[y.index(t.n, t.co0 + c, t.oh0, 0)]);
    } else {
      staging_.resize(static_cast<size_t>(t.co_count * out_plane));
      glGetBufferSubData(GL_SHADER_STORAGE_BUFFER, 0, static_cast<GLsizeiptr>(staging_.size() * 4), staging_.data());
      for (int64_t c = 0; c < t.co_count; ++c)
        for (int64_t r = 0; r < t.rows; ++r)
          std::memcpy(&y.data[y.index(t.n, t.co0 + c, t.oh0 + r, t.ow0)],
                      &staging_[static_cast<size_t>((c * t.rows + r) * t.cols)], static_cast<size_t>(t.cols) * 4);
    }
    if (auto st = check("reading the result back"); !st) return st;
  }
  return Ok{};
}

}  // namespace

// ============================================================ 4. create_gl_compute
Result<std::unique_ptr<ComputeContext>> create_gl_compute(std::unique_ptr<GlContext> owner) {
  auto ctx = std::make_unique<GlCompute>(std::move(owner));
  if (auto st = ctx->init(); !st) return st.error();
  return std::unique_ptr<ComputeContext>(std::move(ctx));
}

}  // namespace tconv::gpu
