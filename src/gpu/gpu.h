#pragma once
// OpenGL 4.3 compute backend: a second implementation of the core contract (core/conv_transpose.h),
// in the gather form (each invocation computes output cells; no atomics).
// Context ownership: ComputeContext is the one owner of every GL object this backend makes
// (programs, buffers); they are created and destroyed inside the context's lifetime.
#include <memory>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/result.h"
#include "core/tensor.h"

namespace tconv::gpu {

struct DeviceInfo {
  std::string vendor, renderer, version;  // glGetString
  std::string context;                    // how the context was made, e.g. "EGL device 0", "borrowed"
  long long max_ssbo_bytes = 0;           // GL_MAX_SHADER_STORAGE_BLOCK_SIZE
  int max_work_groups[3] = {0, 0, 0};     // GL_MAX_COMPUTE_WORK_GROUP_COUNT
  bool software = false;  // a CPU rasteriser (llvmpipe, softpipe, SwiftShader): slower than the
                          // fast CPU path, so callers choosing a backend may prefer the CPU
};

class ComputeContext {
 public:
  virtual ~ComputeContext() = default;
  virtual const DeviceInfo& info() const = 0;
  // Runs conv_transpose2d on the GPU. Precondition: the problem was validated
  // (conv_transpose_output_shape ok). Errors: GL failures, out of GPU memory.
  virtual Result<Tensor4> conv_transpose2d(const Tensor4& x, const Tensor4& w,
                                           const std::vector<float>& bias,
                                           const ConvTransposeParams& p) = 0;
  // Same, into an already-sized output (shape = the validated output shape). Benchmarks reuse y
  // so that they time the computation, not the operating system handing out fresh pages.
  virtual Status conv_transpose2d_into(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias,
                                       const ConvTransposeParams& p, Tensor4& y) = 0;

  // Problems larger than one buffer or one dispatch are split into bands (tiles of output
  // channels x rows x columns) within the driver's limits. Tests lower the limits to force
  // banding on small problems; 0 keeps the driver's value.
  struct BandLimits {
    long long max_buffer_bytes = 0;   // per buffer; bytes
    int max_work_groups[3] = {0, 0, 0};
  };
  virtual void set_band_limits(const BandLimits& limits) = 0;
  virtual int last_band_count() const = 0;  // bands the last call used (1 = no split)
};

// Headless: a GL 4.3 context from create_offscreen_context (gl_context.h); a context whose driver
// cannot build the compute program is skipped for the next. Error (with how to fix it) when no
// GL 4.3 context with compute shaders can be made.
Result<std::unique_ptr<ComputeContext>> create_headless_context();

// Borrows the GL context current on this thread (the GUI's window). Error when it is below 4.3.
Result<std::unique_ptr<ComputeContext>> borrow_current_context();

}  // namespace tconv::gpu
