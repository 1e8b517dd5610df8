#pragma once
// Index convention, stated once for the whole project:
//   tensors are row-major NCHW: element (n, c, h, w) lives at ((n*C + c)*H + h)*W + w.
//   weights use the same struct with (n, c, h, w) = (Cin, Cout/groups, kH, kW), as in PyTorch.
//   a bias is a vector of Cout floats (empty = no bias).
#include <cassert>
#include <cstdint>
#include <vector>

namespace tconv {

struct Shape4 {
  int64_t n = 1, c = 1, h = 1, w = 1;
  int64_t count() const { return n * c * h * w; }
  bool operator==(const Shape4& o) const { return n == o.n && c == o.c && h == o.h && w == o.w; }
  bool operator!=(const Shape4& o) const { return !(*this == o); }
};

struct Tensor4 {
  Shape4 shape;
  std::vector<float> data;  // shape.count() floats, row-major NCHW

  Tensor4() = default;
  explicit Tensor4(Shape4 s, float fill = 0.0f) : shape(s), data(static_cast<size_t>(s.count()), fill) {}

  size_t index(int64_t n, int64_t c, int64_t h, int64_t w) const {
    assert(n >= 0 && n < shape.n && c >= 0 && c < shape.c && h >= 0 && h < shape.h && w >= 0 &&
           w < shape.w && "Tensor4 index out of range: check the loop bounds against shape");
    return static_cast<size_t>(((n * shape.c + c) * shape.h + h) * shape.w + w);
  }
  float& at(int64_t n, int64_t c, int64_t h, int64_t w) { return data[index(n, c, h, w)]; }
  float at(int64_t n, int64_t c, int64_t h, int64_t w) const { return data[index(n, c, h, w)]; }
};

}  // namespace tconv
