#pragma once
// Screen geometry of the canvases, as pure arithmetic on rectangles (no ImGui), so hit testing and
// "everything fits and nothing overlaps" are tested without a window.
// Every layout takes the pixel rectangle it may use, the height of one text line (labels sit on a
// line above their grid) and the largest cell size worth drawing (so a 1x1 grid is not a wall).
#include <cstdint>
#include <optional>

#include "core/params.h"
#include "ui/ui_types.h"

namespace tconv::ui {

struct GridGeom {
  Vec2f origin;      // top-left corner of cell (0, 0)
  float cell = 0;    // side of one square cell, pixels
  int64_t rows = 0, cols = 0;

  RectF rect() const;
  RectF cell_rect(int64_t r, int64_t c) const;       // r, c may lie outside the grid
  Vec2f point(double r, double c) const;             // top-left corner of fractional cell (r, c)
  std::optional<Cell> hit(Vec2f p) const;            // the cell under p, if any
};

// Smallest cell for which grids are drawn at all; below this the view says it does not fit.
constexpr float kMinCell = 3.0f;

// Scatter view: input x, kernel w and the scaled kernel x[i,j]*w (products) in a column left of
// the output canvas (which includes the ghost cells that padding crops away), in a row above it,
// or all four in one row (short canvases: one label line) -- whichever gives the output the
// larger cells.
enum class ScatterArrangement { Side, Above, Row };
struct ScatterLayout {
  GridGeom input, kernel, products;
  GridGeom full;    // full_h x full_w: uncropped canvas (ghost border = padding)
  GridGeom output;  // out_h x out_w: the kept output, a window of `full` offset by padding
  Vec2f input_label, kernel_label, products_label, output_label;  // label line top-left
  float input_room = 0, kernel_room = 0, products_room = 0, output_room = 0;  // label widths, px
  ScatterArrangement arrangement = ScatterArrangement::Side;
  bool fits = false;
};
ScatterLayout layout_scatter(RectF area, Pair in, Pair kernel, Pair full, Pair padding, float line_h,
                             float max_cell);
// The output cell one arrangement would get (0: it does not fit); layout_scatter takes the larger.
float scatter_output_cell(ScatterArrangement a, RectF area, Pair in, Pair kernel, Pair full, float line_h,
                          float max_cell);

// Gather view: top strip = kernel w, arrow, flipped kernel; below, the zero-inserted padded
// input z and the output y with one cell size (so the sliding window matches), side by side or
// z above y, whichever gives larger cells.
struct GatherLayout {
  GridGeom kernel, flipped, z, output;
  Vec2f kernel_label, flipped_label, z_label, output_label;
  float kernel_room = 0, flipped_room = 0, z_room = 0, output_room = 0;  // label widths, px
  RectF arrow;  // where the "rotate 180 degrees" arrow goes, between kernel and flipped
  bool stacked = false;  // z above y
  bool fits = false;
};
GatherLayout layout_gather(RectF area, Pair kernel, Pair z, Pair out, float line_h, float max_cell);

// Forward view: the padded input x, the kernel w and the output y with one cell size (the patch
// matches the kernel): in a row, or x above w and y, whichever gives larger cells. Labels sit on
// the line above each grid.
struct ForwardLayout {
  GridGeom input, kernel, output;
  float input_room = 0, kernel_room = 0, output_room = 0;  // label widths, px
  bool stacked = false;  // x above w and y
  bool fits = false;
};
ForwardLayout layout_forward(RectF area, Pair padded, Pair kernel, Pair out, float line_h, float max_cell);

// Matrix view: x as a row above C^T (aligned with its columns), C^T, and y as a column on its
// right (aligned with its rows). label_w: room for row labels "y[r,c]" (0 = none).
struct MatrixLayout {
  GridGeom x_row, ct, y_col;
  Vec2f title;
  bool fits = false;
};
MatrixLayout layout_matrix(RectF area, int64_t rows, int64_t cols, float line_h, float label_w,
                           float max_cell);

// Heat-map view: the overlap map, its column profile above and row profile on the left, and the
// colour legend on the right (legend_w includes its tick labels).
struct HeatmapLayout {
  GridGeom map, col_profile, row_profile;
  RectF legend;  // the colour bar itself
  Vec2f title;
  bool fits = false;
};
HeatmapLayout layout_heatmap(RectF area, Pair out, float line_h, float legend_w, float max_cell);

// Zoom and pan of a teaching canvas: the canvas lays its grids out in a virtual area `zoom` times
// the visible one, moved by `pan` pixels (then clipped to the visible one). 1 and {0,0} = fit.
struct CanvasZoom {
  float zoom = 1;  // 1 .. kMaxCanvasZoom
  Vec2f pan;       // pixels, screen
  bool is_fit() const { return zoom == 1.0f && pan.x == 0.0f && pan.y == 0.0f; }
};
constexpr float kMaxCanvasZoom = 8.0f;
// The virtual area the canvas lays out in.
RectF zoomed_area(RectF visible, const CanvasZoom& z);
// Zoom by `factor` keeping the point under `anchor` (screen) where it is; clamped to 1..max (at 1
// the pan is reset: the fit view).
CanvasZoom zoom_about(const CanvasZoom& z, RectF visible, Vec2f anchor, float factor);
// Pan by a mouse movement, keeping some of the virtual area in view.
CanvasZoom pan_by(const CanvasZoom& z, RectF visible, Vec2f delta);

}  // namespace tconv::ui
