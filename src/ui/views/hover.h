#pragma once
// Hover and pin on the transposed convolution's canvases: which input element, kernel tap and
// output cell belong together, derived from a TeachingModel.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/teaching.h"
#include "ui/ui_types.h"

namespace tconv::ui {

bool in_output(const TeachingModel& m, Cell c);
bool in_input(const TeachingModel& m, Cell c);
// Index of the placement of input element c (steps are row-major over the input).
size_t step_of_input(const TeachingModel& m, Cell input);

// Where input element `input` lands: the kept output cells its kernel placement adds to (one per
// tap, in tap order; may repeat only if dilation is 0, which is invalid) and how many are cropped.
struct Footprint {
  std::vector<Cell> kept;     // output cells
  std::vector<Cell> kept_taps;  // the tap that reaches each kept cell
  int64_t cropped = 0;        // taps that fall on padding (outside the kept output)
};
Footprint input_footprint(const TeachingModel& m, Cell input);

// Who feeds output cell `out`: the input elements and kernel taps of its terms (no duplicates).
struct Sources {
  std::vector<Cell> inputs, taps;
};
Sources output_sources(const TeachingModel& m, Cell out);

}  // namespace tconv::ui
