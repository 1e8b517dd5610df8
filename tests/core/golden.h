#pragma once
// Reader for tests/data/golden_conv_transpose.txt (made by tests/tools/make_golden.py with PyTorch).
// Header-only so every layer's tests (core, gpu) can check themselves against PyTorch.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/params.h"
#include "core/tensor.h"

namespace tconv::test {

struct GoldenCase {
  std::string name;
  bool rejected = false;      // PyTorch raised; error holds its message
  std::string error;
  Tensor4 x, w, y;            // y: PyTorch's output (empty when rejected)
  std::vector<float> bias;    // empty = none
  int64_t bias_len = -1;
  ConvTransposeParams p;
};

inline std::vector<float> read_values(std::istringstream& in) {
  std::vector<float> v;
  double d;
  while (in >> d) v.push_back(static_cast<float>(d));
  return v;
}

inline std::vector<GoldenCase> load_golden(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open golden file " + path + " (regenerate with tests/tools/make_golden.py)");
  std::vector<GoldenCase> cases;
  GoldenCase c;
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "case" || key == "reject") {
      c = GoldenCase{};
      in >> c.name;
      c.rejected = key == "reject";
    } else if (key == "shape") {
      std::string bar;
      in >> c.x.shape.n >> c.x.shape.c >> c.x.shape.h >> c.x.shape.w >> bar >> c.w.shape.n >> c.w.shape.c >>
          c.w.shape.h >> c.w.shape.w >> bar >> c.bias_len;
    } else if (key == "params") {
      in >> c.p.stride.h >> c.p.stride.w >> c.p.padding.h >> c.p.padding.w >> c.p.output_padding.h >>
          c.p.output_padding.w >> c.p.dilation.h >> c.p.dilation.w >> c.p.groups;
    } else if (key == "x") {
      c.x.data = read_values(in);
    } else if (key == "w") {
      c.w.data = read_values(in);
    } else if (key == "b") {
      c.bias = read_values(in);
    } else if (key == "y") {
      in >> c.y.shape.n >> c.y.shape.c >> c.y.shape.h >> c.y.shape.w;
      c.y.data = read_values(in);
    } else if (key == "error") {
      std::getline(in, c.error);
    } else if (key == "end") {
      if (c.x.data.size() != static_cast<size_t>(c.x.shape.count()) && !c.rejected)
        throw std::runtime_error("golden case " + c.name + ": x has the wrong number of values");
      cases.push_back(c);
    }
  }
  return cases;
}

// |a - b| <= abs_tol + rel_tol * |b| for every element; returns the worst offending index or -1.
inline long first_mismatch(const std::vector<float>& a, const std::vector<float>& b, double abs_tol, double rel_tol) {
  if (a.size() != b.size()) return 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double da = a[i], db = b[i];
    if (!(std::abs(da - db) <= abs_tol + rel_tol * std::abs(db))) return static_cast<long>(i);
  }
  return -1;
}

}  // namespace tconv::test
