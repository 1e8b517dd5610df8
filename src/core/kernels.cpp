#include "core/kernels.h"

#include <cmath>

namespace tconv {
namespace {

std::vector<float> bilinear_1d(int64_t s) {
  // FCN initialisation: k = 2s - s%2, f = ceil(k/2), c = f-1 (k odd) or f-0.5 (k even),
  // w[i] = 1 - |i - c| / f. s=2: 0.25 0.75 0.75 0.25; s=3: 1/3 2/3 1 2/3 1/3.
  const int64_t k = 2 * s - s % 2;
  const int64_t f = (k + 1) / 2;
  const double c = (k % 2 == 1) ? static_cast<double>(f - 1) : static_cast<double>(f) - 0.5;
  std::vector<float> v(static_cast<size_t>(k));
  for (int64_t i = 0; i < k; ++i)
    v[static_cast<size_t>(i)] = static_cast<float>(1.0 - std::fabs(static_cast<double>(i) - c) / static_cast<double>(f));
  return v;
}

Kernel2D outer(const std::vector<float>& a, const std::vector<float>& b) {
  Kernel2D k{static_cast<int64_t>(a.size()), static_cast<int64_t>(b.size()), {}};
  for (float u : a)
    for (float v : b) k.v.push_back(u * v);
  return k;
}

Kernel2D fixed3(std::initializer_list<float> v) { return Kernel2D{3, 3, std::vector<float>(v)}; }

}  // namespace

int64_t bilinear_padding(int64_t stride) { return stride / 2; }  // ceil((s-1)/2)

Kernel2D bilinear_kernel(int64_t stride) { return outer(bilinear_1d(stride), bilinear_1d(stride)); }

Kernel2D nearest_kernel(int64_t stride) {
  return Kernel2D{stride, stride, std::vector<float>(static_cast<size_t>(stride * stride), 1.0f)};
}

std::vector<std::string> kernel_preset_names() {
  return {"bilinear", "nearest", "ones3", "box3", "edge", "identity"};
}

Result<KernelPreset> kernel_preset(const std::string& name, Pair stride) {
  if (stride.h < 1 || stride.w < 1)
    return Error{"the stride must be at least 1 to build the '" + name + "' kernel."};
  if ((name == "bilinear" || name == "nearest") && (stride.h > 64 || stride.w > 64))
    return Error{"stride " + std::to_string(std::max(stride.h, stride.w)) + " is too large for the '" + name +
                 "' kernel (at most 64). Use a smaller stride."};
  if (name == "bilinear")
    return KernelPreset{outer(bilinear_1d(stride.h), bilinear_1d(stride.w)),
                        Pair{bilinear_padding(stride.h), bilinear_padding(stride.w)}};
  if (name == "nearest") {
    Kernel2D k{stride.h, stride.w, std::vector<float>(static_cast<size_t>(stride.h * stride.w), 1.0f)};
    return KernelPreset{k, Pair{0, 0}};
  }
  if (name == "ones3") return KernelPreset{fixed3({1, 1, 1, 1, 1, 1, 1, 1, 1}), Pair{0, 0}};
  if (name == "box3") {
    const float v = 1.0f / 9.0f;
    return KernelPreset{fixed3({v, v, v, v, v, v, v, v, v}), Pair{0, 0}};
  }
  if (name == "edge") return KernelPreset{fixed3({0, -1, 0, -1, 4, -1, 0, -1, 0}), Pair{0, 0}};
  if (name == "identity") return KernelPreset{Kernel2D{1, 1, {1.0f}}, Pair{0, 0}};
  std::string known;
  for (const auto& n : kernel_preset_names()) known += (known.empty() ? "" : ", ") + n;
  return Error{"unknown kernel '" + name + "'. Known kernels: " + known + " (or give your own with --weight W.npy)."};
}

}  // namespace tconv
