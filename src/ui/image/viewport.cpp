#include "ui/image/viewport.h"

#include <algorithm>
#include <cmath>

namespace tconv::ui {

double pane_px_per_pixel_x(const ImageViewport& v, const PaneGeom& g) {
  return v.zoom * double(g.in_w) / double(std::max<int64_t>(1, g.img_w));
}
double pane_px_per_pixel_y(const ImageViewport& v, const PaneGeom& g) {
  return v.zoom * double(g.in_h) / double(std::max<int64_t>(1, g.img_h));
}

void pane_screen_to_pixel(const ImageViewport& v, const PaneGeom& g, double sx, double sy, double* px, double* py) {
  // The picture point (cu, cv) sits at the pane's centre.
  const double kx = pane_px_per_pixel_x(v, g), ky = pane_px_per_pixel_y(v, g);
  *px = v.cu * double(g.img_w) + (sx - (g.x0 + g.w * 0.5)) / kx;
  *py = v.cv * double(g.img_h) + (sy - (g.y0 + g.h * 0.5)) / ky;
}

void pane_pixel_to_screen(const ImageViewport& v, const PaneGeom& g, double px, double py, double* sx, double* sy) {
  const double kx = pane_px_per_pixel_x(v, g), ky = pane_px_per_pixel_y(v, g);
  *sx = g.x0 + g.w * 0.5 + (px - v.cu * double(g.img_w)) * kx;
  *sy = g.y0 + g.h * 0.5 + (py - v.cv * double(g.img_h)) * ky;
}

double fit_zoom(const PaneGeom& g) {
  const double zx = g.w * 0.96 / double(std::max<int64_t>(1, g.in_w));
  const double zy = g.h * 0.96 / double(std::max<int64_t>(1, g.in_h));
  return std::clamp(std::min(zx, zy), ImageViewport::kMinZoom, ImageViewport::kMaxZoom);
}

void fit(ImageViewport& v, const PaneGeom& g) {
  v.zoom = fit_zoom(g);
  v.cu = v.cv = 0.5;
  v.fitted = true;
}

void zoom_at(ImageViewport& v, const PaneGeom& g, double sx, double sy, double factor) {
  double px = 0, py = 0;
  pane_screen_to_pixel(v, g, sx, sy, &px, &py);
  v.zoom = std::clamp(v.zoom * factor, ImageViewport::kMinZoom, ImageViewport::kMaxZoom);
  v.fitted = false;
  // Move the centre so that (px, py) is under (sx, sy) again.
  const double kx = pane_px_per_pixel_x(v, g), ky = pane_px_per_pixel_y(v, g);
  v.cu = (px - (sx - (g.x0 + g.w * 0.5)) / kx) / double(std::max<int64_t>(1, g.img_w));
  v.cv = (py - (sy - (g.y0 + g.h * 0.5)) / ky) / double(std::max<int64_t>(1, g.img_h));
}

void pan_by(ImageViewport& v, const PaneGeom& g, double dx, double dy) {
  v.cu -= dx / (v.zoom * double(std::max<int64_t>(1, g.in_w)));
  v.cv -= dy / (v.zoom * double(std::max<int64_t>(1, g.in_h)));
  v.cu = std::clamp(v.cu, 0.0, 1.0);  // the picture's centre never leaves the pane
  v.cv = std::clamp(v.cv, 0.0, 1.0);
  v.fitted = false;
}

}  // namespace tconv::ui
