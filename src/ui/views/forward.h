#pragma once
// Data of the forward view (panel_forward.cpp): the editor's input convolved (conv2d) with its
// kernel, stepped one output cell at a time.
#include <cstddef>
#include <memory>
#include <string>

#include "core/forward.h"
#include "core/teaching.h"

namespace tconv::ui {

struct ForwardData {
  std::shared_ptr<const ForwardModel> model;  // empty when the regular convolution is impossible
  std::string problem;                        // then: what is wrong and how to fix it
};
// The forward convolution of config's input and kernel with its stride, padding and dilation.
ForwardData build_forward_data(const TeachingConfig& config);

// "Step 2 of 9: y[0,1] = dot product of the kernel with the input patch at rows 0..2, cols 1..3 = 72."
std::string forward_step_caption(const ForwardData& f, size_t step);

}  // namespace tconv::ui
