#pragma once
// Line breaking for formulas and captions that contain indices. ImGui's word wrap breaks after
// any comma, so "x[1,0]" can end one line and start the next; these break only at spaces
// outside square brackets, preferring spaces outside parentheses (between terms, around
// operators). Window-free: the caller passes how wide a piece of text is.
#include <functional>
#include <string>
#include <vector>

namespace tconv::ui {

// Width of a piece of text in pixels.
using TextMeasure = std::function<float(const std::string&)>;

// `text` as lines no wider than max_width where possible. Explicit '\n' always break. Breaks
// happen only at spaces outside [...] (never inside an index), at spaces outside (...) when one
// fits, and the space broken at is dropped. A piece with no allowed break wider than max_width
// stays whole on its own line (the caller's clip shows it; it is never split mid-index).
std::vector<std::string> wrap_formula(const std::string& text, float max_width, const TextMeasure& measure);

}  // namespace tconv::ui
