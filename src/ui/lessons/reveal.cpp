#include "ui/lessons/reveal.h"

#include <algorithm>

#include "ui/app_state.h"

namespace tconv::ui {

bool hidden(const AppState& s, Quantity q) {
  const LessonState& l = s.lessons;
  if (!l.open || l.revealed) return false;
  const Lesson* lesson = current_lesson(l);
  if (!lesson) return false;
  const std::vector<Quantity> qs = lesson_hidden_quantities(*lesson);
  return std::find(qs.begin(), qs.end(), q) != qs.end();
}

std::string shown(const AppState& s, Quantity q, const std::string& text) { return hidden(s, q) ? kHiddenText : text; }

std::string shown_result(const AppState& s, Quantity q, const std::string& formula) {
  if (!hidden(s, q)) return formula;
  const size_t eq = formula.rfind(" = ");
  return eq == std::string::npos ? kHiddenText : formula.substr(0, eq + 3) + kHiddenText;
}

std::string shown_round_trip(const AppState& s, const RoundTrip& rt, const char* axis_name) {
  if (!hidden(s, Quantity::RoundTrip)) return rt.text;
  const AxisParams& a = rt.transposed;
  std::string sizes;
  for (size_t i = 0; i < rt.sizes.size(); ++i)
    sizes += (i == 0 ? "" : (i + 1 == rt.sizes.size() ? " or " : ", ")) + std::to_string(rt.sizes[i].size);
  // They include the output size; a single one is the output size itself.
  if (rt.sizes.size() < 2 || hidden(s, Quantity::OutputSize)) sizes = kHiddenText;
  return std::string(axis_name) + ": a convolution with kernel " + std::to_string(a.kernel) + ", stride " +
         std::to_string(a.stride) + ", padding " + std::to_string(a.padding) + ", dilation " +
         std::to_string(a.dilation) + " maps " + sizes + " to " + std::to_string(rt.m) +
         ". Which output_padding brings " + std::to_string(rt.m) + " back to which size: " + kHiddenText +
         " (answer the lesson's question first).";
}

}  // namespace tconv::ui
