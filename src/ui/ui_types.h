#pragma once
// Small value types shared by the window-free UI model (tconv_ui_model) and the ImGui panels.
// Screen coordinates are pixels, x to the right, y down (ImGui's convention).
#include <cstdint>

namespace tconv::ui {

// A cell of a grid: row r, column c, 0-based (input element, kernel tap or output cell).
struct Cell {
  int64_t r = 0, c = 0;
  bool operator==(const Cell& o) const { return r == o.r && c == o.c; }
  bool operator!=(const Cell& o) const { return !(*this == o); }
};

struct Vec2f {
  float x = 0, y = 0;
};

struct RectF {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float w() const { return x1 - x0; }
  float h() const { return y1 - y0; }
  bool contains(Vec2f p) const { return p.x >= x0 && p.x < x1 && p.y >= y0 && p.y < y1; }
  bool inside(const RectF& o) const {  // this rectangle lies within o (1/100 px slack)
    const float e = 0.01f;
    return x0 >= o.x0 - e && y0 >= o.y0 - e && x1 <= o.x1 + e && y1 <= o.y1 + e;
  }
  bool overlaps(const RectF& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace tconv::ui
