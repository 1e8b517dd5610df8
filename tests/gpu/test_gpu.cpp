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
#include "cases.h"
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

// GPU result (into an output pre-filled with NaN, so unwritten cells show) vs the scatter.
void check_against_scatter(gpu::ComputeContext& ctx, const test::Case& c) {
  INFO(test::describe(c));
  const Tensor4 ref = conv_transpose2d_scatter(c.x, c.w, c.bias, c.p);
  const Tensor4 mag = test::term_magnitude(c);
  Tensor4 y(ref.shape, std::numeric_limits<float>::quiet_NaN());
  auto st = ctx.conv_transpose2d_into(c.x, c.w, c.bias, c.p, y);
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

TEST_CASE("gpu: the hand-worked outputs, exactly", "[gpu][hand]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  // The cases and their worked-out values are in tests/core/cases.h (shared with the reference
  // and fast suites). Small integers and halves: exact whatever the order of summation.
  for (const test::Case& c : test::hand_cases()) {
    INFO(test::describe(c));
    auto y = ctx->conv_transpose2d(c.x, c.w, c.bias, c.p);
    REQUIRE(y.ok());
    CHECK(y.value().shape == c.shape);
    CHECK(y.value().data == c.y);
  }
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
    test::RandomShape shape;
    shape.max_side = 11;
    const test::Case c = test::random_case(rng, shape);
    check_against_scatter(*ctx, c);
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
    test::RandomShape shape;
    shape.max_side = 20;
    const test::Case c = test::random_case(rng, shape);
    gpu::ComputeContext::BandLimits lim;
    // One group's weights must fit; beyond that, a few hundred floats per buffer and at most 2
    // work groups per axis force splits over channels, rows and columns.
    const int64_t weights = (c.x.shape.c / c.p.groups) * c.w.shape.c * c.w.shape.h * c.w.shape.w;
    lim.max_buffer_bytes = 4 * (std::max<int64_t>(weights, 150) + 120);
    lim.max_work_groups[0] = 2;
    lim.max_work_groups[1] = 2;
    lim.max_work_groups[2] = 2;
    ctx->set_band_limits(lim);
    check_against_scatter(*ctx, c);
    banded += ctx->last_band_count() > static_cast<int>(c.x.shape.n);
  }
  CHECK(banded > 30);  // most cases really were split
  // A bigger image split only by the buffer limit: rows of an RGB upsampling.
  std::mt19937 r2(5);
  const test::Case rgb = test::benchmark_cases(r2)[1];  // depthwise RGB upsampling
  ctx->set_band_limits({16 * 1024, {0, 0, 0}});
  check_against_scatter(*ctx, rgb);
  CHECK(ctx->last_band_count() > 3);
}

TEST_CASE("gpu: the benchmark shapes, small", "[gpu][property]") {
  gpu::ComputeContext* ctx = context();
  if (!ctx) return;
  std::mt19937 rng(8);
  for (const test::Case& c : test::benchmark_cases(rng)) check_against_scatter(*ctx, c);
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
  const test::Case c = test::random_case(rng);
  {
    // The headless context is current on this thread, as the GUI's window context would be.
    auto borrowed = gpu::borrow_current_context();
    REQUIRE(borrowed.ok());
    CHECK(borrowed.value()->info().renderer == ctx->info().renderer);
    CHECK(borrowed.value()->info().context == "borrowed");
    check_against_scatter(*borrowed.value(), c);
  }
  // Destroying the borrowed backend deleted only its own objects, not the context.
  check_against_scatter(*ctx, c);
}
