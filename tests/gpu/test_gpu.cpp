// The OpenGL compute backend against the CPU reference (scatter) and PyTorch's golden vectors.
// It runs on whatever OpenGL 4.3 context EGL gives (Mesa's llvmpipe in CI). Without one these
// tests FAIL -- a missing GPU must not pass silently -- unless TCONV_SKIP_GPU_TESTS=1 is set.
//
// Tolerance (random cases): |gpu - scatter| <= 1e-4 * S + 1e-6, where S is the sum of the
// absolute values of the terms of the cell (sum |x*w| + |bias|, computed by running the scatter
// on absolute values): 1e-4 relative to the magnitude of what is summed. (Relative to the result
// itself would be meaningless where the terms cancel.)
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <sstream>

#include "core/conv_transpose.h"
#include "golden.h"
#include "gpu/gpu.h"
#include "gpu/program.h"

using namespace tconv;

namespace {

bool skip_requested() {
  const char* v = std::getenv("TCONV_SKIP_GPU_TESTS");
  return v && std::string(v) == "1";
}

// The context of this test process, made on first use (ctest runs each test case in its own
// process). Null only when TCONV_SKIP_GPU_TESTS=1 and no context could be made.
gpu::ComputeContext* context() {
  static Result<std::unique_ptr<gpu::ComputeContext>> made = gpu::create_headless_context();
  if (!made) {
    if (skip_requested()) {
      WARN("GPU tests skipped (TCONV_SKIP_GPU_TESTS=1): " << made.error().message);
      return nullptr;
    }
    FAIL("no OpenGL 4.3 context for the GPU tests (set TCONV_SKIP_GPU_TESTS=1 to skip them on "
         "purpose): "
         << made.error().message);
  }
  return made.value().get();
}

// Restores the driver's band limits when a test that lowered them ends (even by failing).
struct BandLimitsGuard {
  gpu::ComputeContext* ctx;
  ~BandLimitsGuard() { ctx->set_band_limits({}); }
};

Tensor4 plane(int64_t h, int64_t w, std::vector<float> v) {
  Tensor4 t(Shape4{1, 1, h, w});
  REQUIRE(v.size() == t.data.size());
  t.data = std::move(v);
  return t;
}

std::string describe(const Tensor4& x, const Tensor4& w, const std::vector<float>& bias, const ConvTransposeParams& p) {
  std::ostringstream s;
  s << "x (" << x.shape.n << "," << x.shape.c << "," << x.shape.h << "," << x.shape.w << ") w (" << w.shape.n << ","
    << w.shape.c << "," << w.shape.h << "," << w.shape.w << ") bias " << bias.size() << " stride " << p.stride.h << ","
    << p.stride.w << " padding " << p.padding.h << "," << p.padding.w << " output_padding " << p.output_padding.h << ","
    << p.output_padding.w << " dilation " << p.dilation.h << "," << p.dilation.w << " groups " << p.groups;
  return s.str();
}

// GPU result (into an output pre-filled with NaN, so unwritten cells show) vs the scatter.
void check_against_scatter(gpu::ComputeContext& ctx, const Tensor4& x, const Tensor4& w,
                           const std::vector<float>& bias, const ConvTransposeParams& p) {
  INFO(describe(x, w, bias, p));
  const Tensor4 ref = conv_transpose2d_scatter(x, w, bias, p);
  Tensor4 ax = x, aw = w;
  std::vector<float> ab = bias;
  for (auto* v : {&ax.data, &aw.data, &ab})
    for (float& e : *v) e = std::abs(e);
  const Tensor4 mag = conv_transpose2d_scatter(ax, aw, ab, p);
  Tensor4 y(ref.shape, std::numeric_limits<float>::quiet_NaN());
  auto st = ctx.conv_transpose2d_into(x, w, bias, p, y);
  INFO((st ? std::string("ok") : st.error().message));
  REQUIRE(st.ok());
  long bad = -1;
  for (size_t i = 0; i < y.data.size() && bad < 0; ++i)
    if (!(std::abs(static_cast<double>(y.data[i]) - ref.data[i]) <= 1e-4 * mag.data[i] + 1e-6)) bad = static_cast<long>(i);
  INFO("first mismatch at flat index " << bad << (bad >= 0 ? ": gpu " + std::to_string(y.data[static_cast<size_t>(bad)]) +
                                                                 " scatter " + std::to_string(ref.data[static_cast<size_t>(bad)])
                                                           : std::string()));
  CHECK(bad == -1);
}

struct RandomCase {
  Tensor4 x, w;
  std::vector<float> bias;
  ConvTransposeParams p;
};

// A random valid problem covering every parameter (channels, groups, batch, bias, stride,
// padding, output_padding, dilation, odd and 1x1 shapes).
RandomCase random_case(std::mt19937& rng, int max_side) {
  auto uni = [&](int lo, int hi) { return static_cast<int64_t>(std::uniform_int_distribution<int>(lo, hi)(rng)); };
  std::uniform_real_distribution<float> val(-1, 1);
  for (;;) {
    RandomCase c;
    c.p.groups = uni(1, 3);
    const int64_t cin = c.p.groups * uni(1, 3), coutg = uni(1, 4);
    c.p.stride = {uni(1, 4), uni(1, 4)};
    c.p.dilation = {uni(1, 3), uni(1, 3)};
    c.p.padding = {uni(0, 3), uni(0, 3)};
    c.p.output_padding = {uni(0, static_cast<int>(std::max(c.p.stride.h, c.p.dilation.h)) - 1),
                          uni(0, static_cast<int>(std::max(c.p.stride.w, c.p.dilation.w)) - 1)};
    const bool one = uni(0, 7) == 0;
    c.x = Tensor4(Shape4{uni(1, 2), cin, one ? 1 : uni(1, max_side), one ? 1 : uni(1, max_side)});
    c.w = Tensor4(Shape4{cin, coutg, uni(1, 5), uni(1, 5)});
    if (uni(0, 1)) c.bias.resize(static_cast<size_t>(coutg * c.p.groups));
    for (auto* v : {&c.x.data, &c.w.data, &c.bias})
      for (float& e : *v) e = val(rng);
    if (conv_transpose_output_shape(c.x.shape, c.w.shape, c.bias.empty() ? -1 : static_cast<int64_t>(c.bias.size()), c.p)
            .ok())
      return c;
  }
}

}  // namespace

TEST_CASE("gpu: a headless OpenGL 4.3 context reports its limits", "[gpu]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  const gpu::DeviceInfo& info = ctx->info();
  INFO(info.vendor << " / " << info.renderer << " / " << info.version << " / " << info.context);
  CHECK_FALSE(info.context.empty());
  CHECK_FALSE(info.version.empty());
  CHECK(info.software == (info.renderer.find("llvmpipe") != std::string::npos ||
                          info.renderer.find("softpipe") != std::string::npos ||
                          info.renderer.find("SwiftShader") != std::string::npos ||
                          info.renderer.find("Software Rasterizer") != std::string::npos));
  CHECK(info.max_ssbo_bytes >= (1 << 24));  // GL 4.3 guarantees 16 MiB
  CHECK(info.max_work_groups[0] >= 65535);
  CHECK(info.max_work_groups[1] >= 65535);
  CHECK(info.max_work_groups[2] >= 65535);
}

TEST_CASE("gpu: the seed example, 3x3 input and 3x3 ones kernel at stride 1 -> 5x5", "[gpu][hand]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  const Tensor4 x = plane(3, 3, {1, 2, 3,
                                 4, 5, 6,
                                 7, 8, 9});
  const Tensor4 w = plane(3, 3, {1, 1, 1, 1, 1, 1, 1, 1, 1});
  auto y = ctx->conv_transpose2d(x, w, {}, ConvTransposeParams{});
  REQUIRE(y.ok());
  CHECK(y.value().shape == Shape4{1, 1, 5, 5});
  // Small integers: exact whatever the order of summation.
  CHECK(y.value().data == std::vector<float>{ 1,  3,  6,  5,  3,
                                              5, 12, 21, 16,  9,
                                             12, 27, 45, 33, 18,
                                             11, 24, 39, 28, 15,
                                              7, 15, 24, 17,  9});
}

TEST_CASE("gpu: equals PyTorch's conv_transpose2d on the golden vectors", "[gpu][golden]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  const auto cases = test::load_golden(std::string(TCONV_TEST_DATA_DIR) + "/golden_conv_transpose.txt");
  int accepted = 0;
  for (const auto& c : cases) {
    if (c.rejected) continue;
    ++accepted;
    INFO("golden case " << c.name);
    auto y = ctx->conv_transpose2d(c.x, c.w, c.bias, c.p);
    REQUIRE(y.ok());
    REQUIRE(y.value().shape == c.y.shape);
    // float32 on the GPU vs PyTorch's float64 reference: 1e-5 absolute + 1e-4 relative.
    CHECK(test::first_mismatch(y.value().data, c.y.data, 1e-5, 1e-4) == -1);
  }
  CHECK(accepted >= 60);
}

TEST_CASE("gpu: equals the scatter on random configurations", "[gpu][property]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  std::mt19937 rng(43);
  for (int iter = 0; iter < 150; ++iter) {
    INFO("iteration " << iter);
    const RandomCase c = random_case(rng, 11);
    check_against_scatter(*ctx, c.x, c.w, c.bias, c.p);
    CHECK(ctx->last_band_count() == static_cast<int>(c.x.shape.n));  // one tile per image
  }
}

TEST_CASE("gpu: problems split into bands (artificially small limits) give the same result", "[gpu][property]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  BandLimitsGuard guard{ctx};
  std::mt19937 rng(44);
  int banded = 0;
  for (int iter = 0; iter < 60; ++iter) {
    INFO("iteration " << iter);
    const RandomCase c = random_case(rng, 20);
    gpu::ComputeContext::BandLimits lim;
    // One group's weights must fit; beyond that, a few hundred floats per buffer and at most 2
    // work groups per axis force splits over channels, rows and columns.
    const int64_t weights = (c.x.shape.c / c.p.groups) * c.w.shape.c * c.w.shape.h * c.w.shape.w;
    lim.max_buffer_bytes = 4 * (std::max<int64_t>(weights, 150) + 120);
    lim.max_work_groups[0] = 2;
    lim.max_work_groups[1] = 2;
    lim.max_work_groups[2] = 2;
    ctx->set_band_limits(lim);
    check_against_scatter(*ctx, c.x, c.w, c.bias, c.p);
    banded += ctx->last_band_count() > static_cast<int>(c.x.shape.n);
  }
  CHECK(banded > 30);  // most cases really were split
  // A bigger image split only by the buffer limit: rows of an RGB upsampling.
  Tensor4 x(Shape4{1, 3, 64, 48}), w(Shape4{3, 1, 4, 4});
  std::mt19937 r2(5);
  std::uniform_real_distribution<float> val(-1, 1);
  for (auto* v : {&x.data, &w.data})
    for (float& e : *v) e = val(r2);
  ConvTransposeParams p;
  p.stride = {2, 2};
  p.padding = {1, 1};
  p.groups = 3;
  ctx->set_band_limits({16 * 1024, {0, 0, 0}});
  check_against_scatter(*ctx, x, w, {}, p);
  CHECK(ctx->last_band_count() > 3);
}

TEST_CASE("gpu: the benchmark shapes, small", "[gpu][property]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  std::mt19937 rng(8);
  std::uniform_real_distribution<float> val(-1, 1);
  auto fill = [&](Tensor4& t) {
    for (float& e : t.data) e = val(rng);
  };
  SECTION("decoder-like: 16 -> 11 channels, 4x4 kernel, stride 2, padding 1, bias") {
    Tensor4 x(Shape4{2, 16, 9, 37}), w(Shape4{16, 11, 4, 4});
    fill(x);
    fill(w);
    std::vector<float> bias(11);
    for (float& b : bias) b = val(rng);
    ConvTransposeParams p;
    p.stride = {2, 2};
    p.padding = {1, 1};
    check_against_scatter(*ctx, x, w, bias, p);
  }
  SECTION("depthwise RGB: groups 3, weight (3,1,4,4), stride 2, padding 1") {
    Tensor4 x(Shape4{1, 3, 41, 133}), w(Shape4{3, 1, 4, 4});
    fill(x);
    fill(w);
    ConvTransposeParams p;
    p.stride = {2, 2};
    p.padding = {1, 1};
    p.groups = 3;
    check_against_scatter(*ctx, x, w, {}, p);
  }
}

TEST_CASE("gpu: an invalid problem is an error, not a crash", "[gpu]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  ConvTransposeParams p;
  p.padding = {5, 5};  // crops more than the output has
  auto y = ctx->conv_transpose2d(Tensor4(Shape4{1, 1, 2, 2}), Tensor4(Shape4{1, 1, 3, 3}), {}, p);
  REQUIRE_FALSE(y.ok());
  CHECK_FALSE(y.error().message.empty());
}

TEST_CASE("gpu: a shader that does not compile is an error carrying the driver's log", "[gpu]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  auto program = gpu::compile_compute_program(
      "#version 430\nlayout(local_size_x = 1) in;\nvoid main() { no_such_function(); }\n", "broken.comp");
  REQUIRE_FALSE(program.ok());
  INFO(program.error().message);
  CHECK_THAT(program.error().message, Catch::Contains("broken.comp") && Catch::Contains("did not compile") &&
                                          Catch::Contains("no_such_function") && Catch::Contains("--backend cpu"));
}

TEST_CASE("gpu: borrowing the current context computes the same and leaves it usable", "[gpu]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  std::mt19937 rng(9);
  const RandomCase c = random_case(rng, 9);
  {
    // The headless context is current on this thread, as the GUI's window context would be.
    auto borrowed = gpu::borrow_current_context();
    REQUIRE(borrowed.ok());
    CHECK(borrowed.value()->info().renderer == ctx->info().renderer);
    CHECK(borrowed.value()->info().context == "borrowed");
    check_against_scatter(*borrowed.value(), c.x, c.w, c.bias, c.p);
  }
  // Destroying the borrowed backend deleted only its own objects, not the context.
  check_against_scatter(*ctx, c.x, c.w, c.bias, c.p);
}
