#pragma once
// Image mode's viewport maths: the synchronised zoom and pan of the image panes. Window-free.
//
// Coordinates, stated once: a pane shows a picture that may have any pixel count (input, output
// s times bigger, spectra); all panes share one ImageViewport expressed in PICTURE coordinates
// (u, v) in [0, 1] x [0, 1] (0,0 = top-left corner of the picture, 1,1 = bottom-right), so a
// point of the scene lines up in every pane whatever its resolution. zoom = screen pixels per
// INPUT pixel; a pane of a w-pixel-wide image draws each of its pixels zoom * in_w / w wide.
#include <cstdint>

namespace tconv::ui {

// ------------------------------------------------------------------ zoom and pan
struct ImageViewport {
  double zoom = 1.0;             // screen px per input pixel (0.02 .. 256)
  double cu = 0.5, cv = 0.5;     // picture point at the centre of every pane
  bool fitted = true;            // follows the pane size (fit whole picture) until the user zooms
  static constexpr double kMinZoom = 0.02, kMaxZoom = 256.0;
};

struct PaneGeom {
  double x0 = 0, y0 = 0, w = 1, h = 1;  // pane rectangle on screen (px)
  int64_t img_w = 1, img_h = 1;         // pixels of the picture the pane shows
  int64_t in_w = 1, in_h = 1;           // pixels of the INPUT picture (defines zoom)
};

// Screen px per pixel of the pane's own image, horizontally and vertically.
double pane_px_per_pixel_x(const ImageViewport& v, const PaneGeom& g);
double pane_px_per_pixel_y(const ImageViewport& v, const PaneGeom& g);
// Screen point -> pixel coordinate of the pane's image (continuous; pixel i covers [i, i+1)).
void pane_screen_to_pixel(const ImageViewport& v, const PaneGeom& g, double sx, double sy, double* px, double* py);
// Pixel coordinate of the pane's image -> screen point.
void pane_pixel_to_screen(const ImageViewport& v, const PaneGeom& g, double px, double py, double* sx, double* sy);
// Zoom that fits the whole picture in the pane (with a small margin).
double fit_zoom(const PaneGeom& g);
void fit(ImageViewport& v, const PaneGeom& g);
// Multiplies the zoom by factor, keeping the picture point under the screen point (sx, sy) fixed.
void zoom_at(ImageViewport& v, const PaneGeom& g, double sx, double sy, double factor);
// Pans by a mouse drag of (dx, dy) screen pixels.
void pan_by(ImageViewport& v, const PaneGeom& g, double dx, double dy);
// A pixel grid is drawn when pixels are at least this many screen pixels wide.
constexpr double kPixelGridMinPx = 8.0;

}  // namespace tconv::ui
