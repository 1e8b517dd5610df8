#pragma once
// Predict, then reveal: while a lesson's question is open (not yet answered right, nor revealed
// with "Show answer"), every place that prints a quantity the lesson hides prints "?" instead.
// The lesson says what it hides (core/lessons.h: Quantity, lesson_hidden_quantities); the panels
// pass each such text through shown(). One rule for every view, so a new view cannot forget a
// lesson: it only has to name the quantity it prints.
#include <string>

#include "core/forward.h"
#include "core/lessons.h"

namespace tconv::ui {

struct AppState;

constexpr const char* kHiddenText = "?";

// q is hidden now: the lessons panel is open on a lesson whose question is still open and that
// hides q.
bool hidden(const AppState& s, Quantity q);
// `text`, or "?" while q is hidden.
std::string shown(const AppState& s, Quantity q, const std::string& text);
// A worked formula "(4 - 1) x 2 + ... = 8" with its result (after the last " = ") shown as "?"
// while q is hidden.
std::string shown_result(const AppState& s, Quantity q, const std::string& formula);
// The round trip's words (RoundTrip::text), or while the round trip is hidden the question they
// answer with the sizes that collide but not which output_padding restores which.
std::string shown_round_trip(const AppState& s, const RoundTrip& rt, const char* axis_name);

}  // namespace tconv::ui
