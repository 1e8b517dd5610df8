#pragma once
// Text from files (lessons, paths, error messages) made safe for Dear ImGui. Its draw lists use
// 16-bit vertex indices and one text call reserves 4 vertices per byte, so a single text item of
// about 16,000 bytes aborts the program ("Too many vertices in ImDrawList using 16-bit indices").
// Long text is therefore drawn in pieces, and text beyond a total limit is cut with a visible mark.
// Window-free (no ImGui here), so it is testable on its own.
#include <cstddef>
#include <string>
#include <vector>

namespace tconv::ui {

constexpr size_t kMaxTextPieceBytes = 2000;        // per ImGui text call: 8,000 vertices at most
constexpr size_t kMaxShownTextBytes = 64 * 1024;   // per text; more is cut

// `text` in pieces of at most max_piece bytes, each broken after the last newline or space that
// fits (else at max_piece, never inside a UTF-8 sequence). Text longer than max_total is cut and
// the last piece says how much was left out. Joining the pieces (the breaks as line breaks)
// gives back the text up to the cut.
std::vector<std::string> split_text_for_display(const std::string& text, size_t max_piece = kMaxTextPieceBytes,
                                                size_t max_total = kMaxShownTextBytes);

// One line of at most max_bytes (plus the mark): for titles, list items and other single lines.
std::string cut_text_for_display(const std::string& text, size_t max_bytes = 200);

}  // namespace tconv::ui
