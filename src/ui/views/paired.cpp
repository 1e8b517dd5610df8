#include "ui/views/paired.h"

namespace tconv::ui {

PairedData build_paired_data(const TeachingConfig& config, const std::string& problem) {
  PairedData d;
  if (!problem.empty()) {
    d.problem = problem;
    return d;
  }
  Result<PairedView> p = build_paired_view(config, Grid{});
  if (p.ok()) {
    d.model = std::make_shared<const PairedView>(std::move(p).value());
  } else {
    d.problem = p.error().message;
  }
  return d;
}

}  // namespace tconv::ui
