#pragma once
// Data of the paired view (panel_paired.cpp): the editor's configuration as the transposed side of
// a convolution N -> M and its transpose M -> N.
#include <memory>
#include <string>

#include "core/forward.h"
#include "core/teaching.h"

namespace tconv::ui {

struct PairedData {
  std::shared_ptr<const PairedView> model;  // empty when the configuration is impossible
  std::string problem;                      // then: what is wrong and how to fix it
};
// `problem` is why the transposed configuration is impossible (empty when it is possible).
PairedData build_paired_data(const TeachingConfig& config, const std::string& problem);

}  // namespace tconv::ui
