#pragma once
// Colours: a colour-blind-safe palette (Okabe & Ito) for highlights and viridis for the overlap
// map. RGBA as 0..1 floats; the panels convert to ImGui colours.
#include <cstdint>

namespace tconv::ui {

struct Rgba {
  float r = 0, g = 0, b = 0, a = 1;
};

// viridis(t), t in [0, 1] (clamped): dark purple -> blue -> green -> yellow.
Rgba viridis(float t);
// Black or white, whichever reads better on `bg` (by relative luminance).
Rgba text_on(Rgba bg);
float luminance(Rgba c);

// Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
namespace palette {
constexpr Rgba kOrange{0.902f, 0.624f, 0.0f, 1};     // #E69F00: the current step
constexpr Rgba kSkyBlue{0.337f, 0.706f, 0.914f, 1};  // #56B4E9: hover / pinned cell
constexpr Rgba kBlue{0.0f, 0.447f, 0.698f, 1};       // #0072B2
constexpr Rgba kVermillion{0.835f, 0.369f, 0.0f, 1};  // #D55E00: problems
constexpr Rgba kGreen{0.0f, 0.620f, 0.451f, 1};      // #009E73
constexpr Rgba kYellow{0.941f, 0.894f, 0.259f, 1};   // #F0E442
constexpr Rgba kPurple{0.800f, 0.475f, 0.655f, 1};   // #CC79A7: output_padding
}  // namespace palette

}  // namespace tconv::ui
