#include "ui/views/forward.h"

#include <algorithm>

namespace tconv::ui {

ForwardData build_forward_data(const TeachingConfig& c) {
  ForwardData d;
  ForwardConfig fc;
  fc.input = c.input;
  fc.kernel = c.kernel;
  fc.params = c.params;
  Result<ForwardModel> f = build_forward_model(fc);
  if (f.ok()) {
    d.model = std::make_shared<const ForwardModel>(std::move(f).value());
  } else {
    d.problem = f.error().message;
  }
  return d;
}

std::string forward_step_caption(const ForwardData& f, size_t step) {
  if (!f.model) return "This regular convolution is impossible: " + f.problem;
  const ForwardModel& m = *f.model;
  const size_t k = std::min(step, m.steps.size() - 1);
  const ForwardStep& st = m.steps[k];
  const ConvTransposeParams& p = m.config.params;
  const int64_t r0 = st.top - p.padding.h, c0 = st.left - p.padding.w;
  const int64_t r1 = r0 + p.dilation.h * (m.config.kernel.rows - 1);
  const int64_t c1 = c0 + p.dilation.w * (m.config.kernel.cols - 1);
  std::string t = "Step " + std::to_string(k + 1) + " of " + std::to_string(m.steps.size()) + ": y[" +
                  std::to_string(st.out_r) + "," + std::to_string(st.out_c) +
                  "] = dot product of the kernel with the input patch at rows " + std::to_string(r0) + ".." +
                  std::to_string(r1) + ", cols " + std::to_string(c0) + ".." + std::to_string(c1) + " = " +
                  format_number(st.value);
  if (st.padding_taps > 0) t += " (" + std::to_string(st.padding_taps) + " taps read padding zeros)";
  return t + ".";
}

}  // namespace tconv::ui
