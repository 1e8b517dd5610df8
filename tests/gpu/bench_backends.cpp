// Micro-benchmark (not a test): the benchmark shapes (tests/core/cases.h) on the fast CPU path (every
// instruction-set level this CPU runs) and on the GPU backend, in-process, each into a reused
// output so that only the computation is timed. Prints one line per case and backend.
//   bench_backends [runs=7] [threads=0 (all cores)] [cpu (skip the GPU)]
// scripts/bench.py is the end-to-end comparison with PyTorch through the CLI.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "cases.h"
#include "core/fast.h"
#include "gpu/gpu.h"

using namespace tconv;

namespace {

double median_ms(int runs, const std::function<void()>& f) {
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  const bool cpu_only = argc > 3 && std::string(argv[3]) == "cpu";
  auto gpu = cpu_only ? Result<std::unique_ptr<gpu::ComputeContext>>(Error{"skipped"}) : gpu::create_headless_context();
  if (gpu)
    std::printf("gpu: %s, %s (%s)\n", gpu.value()->info().renderer.c_str(), gpu.value()->info().version.c_str(),
                gpu.value()->info().context.c_str());
  else
    std::printf("gpu: none (%s)\n", gpu.error().message.c_str());
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-1, 1);
  for (const test::BenchmarkShape& c : test::benchmark_shapes()) {
    Tensor4 x(c.x), w(c.w);
    for (float& e : x.data) e = u(rng);
    for (float& e : w.data) e = u(rng);
    ConvTransposeParams p;
    p.stride = {c.stride, c.stride};
    p.padding = {c.padding, c.padding};
    p.groups = c.groups;
    Tensor4 y(conv_transpose_output_shape(c.x, c.w, -1, p).value());
    for (SimdLevel level : {SimdLevel::baseline, SimdLevel::avx2, SimdLevel::avx512}) {
      if (static_cast<int>(level) > static_cast<int>(best_simd_level())) continue;
      conv_transpose2d_fast_into(x, w, {}, p, y, threads, level);  // warm-up: pages, caches
      const double ms = median_ms(runs, [&] { conv_transpose2d_fast_into(x, w, {}, p, y, threads, level); });
      std::printf("%-10s cpu %-8s %3d threads  median %9.2f ms\n", c.name, simd_level_name(level),
                  threads > 0 ? threads : default_thread_count(), ms);
    }
    if (gpu) {
      auto& ctx = *gpu.value();
      if (auto st = ctx.conv_transpose2d_into(x, w, {}, p, y); !st) {
        std::printf("%-10s gpu error: %s\n", c.name, st.error().message.c_str());
        continue;
      }
      const double ms = median_ms(std::min(runs, 3), [&] { (void)ctx.conv_transpose2d_into(x, w, {}, p, y); });
      std::printf("%-10s gpu %d band(s)          median %9.2f ms\n", c.name, ctx.last_band_count(), ms);
    }
  }
  return 0;
}
