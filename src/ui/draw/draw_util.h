#pragma once
// Drawing helpers shared by the panels (internal to tconv_ui): colours, themed cell colours,
// text fitted into cells with the crispest available font size, simple shapes.
#include <imgui.h>

#include <string>

#include "ui/draw/colormap.h"
#include "ui/views/layout.h"

namespace tconv::ui::draw {

inline ImVec2 iv(Vec2f v) { return ImVec2(v.x, v.y); }
inline Vec2f vf(ImVec2 v) { return Vec2f{v.x, v.y}; }
ImU32 col(Rgba c, float alpha = 1.0f);

struct Theme {
  ImU32 canvas_bg, cell_bg, cell_border, text, text_dim, ghost_bg, ghost_border, zero_bg, label;
  Rgba cell_bg_rgba;
  ImU32 accent;       // hint text: yellow on dark, dark blue on light
  ImVec4 step_text;   // the current step's colour as text (orange / vermillion)
  ImVec4 focus_text;  // the pinned cell's colour as text (sky blue / blue)
};
Theme theme();  // from the current ImGui style (dark or light)

// Canvas fonts: ImGui's default font rasterised at fixed pixel sizes (index 1.. of the atlas).
// Returns the largest one not bigger than px (the smallest when px is below all of them).
ImFont* font_for_px(float px);
float ui_font_px();

// Text centred in r, as large as fits (at most max_px, at most 0.9 of the width).
void text_in_cell(ImDrawList* dl, RectF r, const std::string& text, ImU32 colour, float max_px);
// Small text in the top-left corner of r.
void text_corner(ImDrawList* dl, RectF r, const std::string& text, ImU32 colour, float px);
// Text with its top-left at p; px = 0 uses the UI font size.
void text_at(ImDrawList* dl, Vec2f p, const std::string& text, ImU32 colour, float px = 0);
float text_width(const std::string& text, float px);

void fill(ImDrawList* dl, RectF r, ImU32 colour);
void frame(ImDrawList* dl, RectF r, ImU32 colour, float thickness);
void dashed_frame(ImDrawList* dl, RectF r, ImU32 colour, float dash, float thickness);
void hatch(ImDrawList* dl, RectF r, ImU32 colour, float spacing);
RectF inset(RectF r, float d);
// The thin border of one grid cell; left out when cells are too small for borders to help.
void grid_line(ImDrawList* dl, RectF r, ImU32 colour);
// `full` when it fits in `width` pixels at the label size, else `short_text`.
const std::string& fit_text(const std::string& full, const std::string& short_text, float width, float px);

// ---------------------------------------------------------------- text and widgets that keep their words
// Formulas and captions with indices, wrapped at spaces between terms and never inside "x[1,0]"
// (text_wrap.h): as ImGui text lines in the current window's width (the current font)...
void text_formula(const std::string& text);
// ...and on a draw list: the height it takes, and drawing it with its top-left at p.
float formula_height(ImFont* font, float size, const std::string& text, float width);
void add_formula(ImDrawList* dl, ImFont* font, float size, Vec2f p, ImU32 colour, const std::string& text, float width);
// The width a Button(label) takes.
float button_width(const char* label);
// SameLine() when an item `width` wide still fits on the current line; else the item starts a new
// line (buttons keep their words instead of being cut by the window edge). Returns whether it did.
bool same_line_if_fits(float width);
// A button as wide as the column whose label wraps onto more lines instead of being cut.
bool wrapped_button(const char* label);
// A combo box whose preview wraps onto more lines instead of being cut: `width` pixels wide (0:
// the rest of the line). Returns true while its list is open; then add Selectables and call
// ImGui::EndPopup().
bool wrapped_combo(const char* id, const std::string& preview, float width = 0);
// A slider's shown text (its format with the value filled in) must fit its frame: reports it to
// the layout audit otherwise. Call right after the slider.
void audit_slider(const char* shown);
// The width a label needs in a frame (a slider, a combo preview) with the frame padding.
float frame_width(const char* label);
// A collapsing header whose label wraps onto more lines instead of being cut mid-word.
bool collapsing_header(const char* label, bool default_open = false);
// Whenever `key` changes, scrolls the current window so that the block from screen y `top_y` to
// the cursor is in view (its end at the bottom, or its top at the top when it is taller than the
// window): new feedback below the fold comes into view once; the reader can scroll away again.
void scroll_into_view_when_changed(const std::string& key, float top_y);

}  // namespace tconv::ui::draw
