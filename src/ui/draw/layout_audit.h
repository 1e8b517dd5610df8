#pragma once
// Layout audit: does every piece of text on screen have the room it needs? Collected while a
// frame is built (widgets whose label ImGui would shorten or clip: tabs, buttons, sliders, combos)
// and from the frame's draw data (glyphs drawn across the edge of their clip rectangle, i.e. text
// cut off by a window or canvas edge). `gui --screenshot --layout-report FILE` writes it, and the
// UI tests check it is empty at the window sizes and UI scales a classroom uses.
// Off unless enabled: the checks cost nothing in normal use.
#include <imgui.h>

#include <string>
#include <vector>

namespace tconv::ui::draw {

struct AuditEntry {
  std::string kind;    // "tab", "button", "slider", "combo", "glyphs" (text cut at a clip edge)
  std::string window;  // the ImGui window (or draw list owner) it is in
  std::string text;    // the label, or for "glyphs" how many glyphs were cut
  float need = 0;      // pixels the text needs
  float avail = 0;     // pixels it got
  float x = 0, y = 0;  // where (screen pixels)
};

void audit_enable(bool on);
bool audit_enabled();
void audit_clear();  // at the start of a frame
const std::vector<AuditEntry>& audit_entries();

// The last submitted item shows `label` (text after "##" is not shown) inside its frame: records
// it when the frame is narrower than the label plus the frame padding, or reaches past the
// window's visible area.
// extra_px: room the frame needs besides the text (e.g. a combo's arrow).
void audit_last_item(const char* kind, const char* label, float extra_px = 0.0f);
// Text glyphs of the frame that cross the left or right edge of their clip rectangle (text cut
// off horizontally). Text hidden vertically (a scrolled list) is not counted.
void audit_draw_data(const ImDrawData* dd);
// One JSON object per line: {"kind":...,"window":...,"text":...,"need":...,"avail":...,"x":...,"y":...}
std::string audit_json_lines();

// ---------------------------------------------------------------- drawn text
// The text a frame actually draws, read back from its draw data: every glyph quad is matched to
// the font glyph it samples, and glyphs that follow each other on one baseline (spaces restored
// from the gaps) form one line. So it is what a student sees -- widgets, canvas labels and cell
// numbers alike -- and not what the code meant to draw: a "?" placeholder reads as "?", a glyph
// clipped away entirely is missing. `gui --screenshot --text-dump FILE` writes it; the lesson tests
// check that no open question's answer is on screen.
struct DrawnText {
  std::string window;  // the draw list's owner window ("" for the background/foreground lists)
  std::string text;    // UTF-8, one line of glyphs
  float x = 0, y = 0;  // the line's pen origin (screen pixels, baseline top)
  float px = 0;        // font size in pixels
};
std::vector<DrawnText> drawn_text(const ImDrawData* dd);
// One "window<TAB>text" line per DrawnText, in draw order.
std::string drawn_text_lines(const ImDrawData* dd);

}  // namespace tconv::ui::draw
