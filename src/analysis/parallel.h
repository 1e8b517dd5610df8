#pragma once
// Internal: splits [0, n) into contiguous bands, one per thread (no pool: the analyses are
// one-off computations on user action, where thread start-up is negligible).
#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace tconv::analysis::detail {

inline int thread_count(int threads) {
  if (threads > 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

// fn(begin, end) for bands covering [0, n); runs inline when one band suffices.
template <class Fn>
void parallel_bands(int64_t n, int threads, int64_t min_band, Fn fn) {
  const int64_t max_bands = std::max<int64_t>(1, n / std::max<int64_t>(1, min_band));
  const int64_t bands = std::min<int64_t>(thread_count(threads), max_bands);
  if (bands <= 1) {
    if (n > 0) fn(int64_t(0), n);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(bands - 1));
  for (int64_t b = 1; b < bands; ++b)
    pool.emplace_back(fn, n * b / bands, n * (b + 1) / bands);
  fn(int64_t(0), n / bands);
  for (auto& t : pool) t.join();
}

}  // namespace tconv::analysis::detail
