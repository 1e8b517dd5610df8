#include "ui/draw/colormap.h"

#include <algorithm>
#include <cmath>

namespace tconv::ui {

namespace {
// viridis sampled at 11 evenly spaced points (matplotlib's _viridis_data).
const float kViridis[11][3] = {
    {0.267004f, 0.004874f, 0.329415f}, {0.282623f, 0.140926f, 0.457517f},
    {0.253935f, 0.265254f, 0.529983f}, {0.206756f, 0.371758f, 0.553117f},
    {0.163625f, 0.471133f, 0.558148f}, {0.127568f, 0.566949f, 0.550556f},
    {0.134692f, 0.658636f, 0.517649f}, {0.266941f, 0.748751f, 0.440573f},
    {0.477504f, 0.821444f, 0.318195f}, {0.741388f, 0.873449f, 0.149561f},
    {0.993248f, 0.906157f, 0.143936f},
};
float lin(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }
}  // namespace

Rgba viridis(float t) {
  if (!(t >= 0.0f)) t = 0.0f;  // also catches NaN
  t = std::min(t, 1.0f) * 10.0f;
  const int i = std::min(9, int(t));
  const float f = t - float(i);
  Rgba c;
  c.r = kViridis[i][0] + f * (kViridis[i + 1][0] - kViridis[i][0]);
  c.g = kViridis[i][1] + f * (kViridis[i + 1][1] - kViridis[i][1]);
  c.b = kViridis[i][2] + f * (kViridis[i + 1][2] - kViridis[i][2]);
  return c;
}

float luminance(Rgba c) { return 0.2126f * lin(c.r) + 0.7152f * lin(c.g) + 0.0722f * lin(c.b); }

Rgba text_on(Rgba bg) {
  // Contrast against white (1.05) vs against black (0.05): pick the larger ratio.
  const float l = luminance(bg);
  const float vs_white = 1.05f / (l + 0.05f), vs_black = (l + 0.05f) / 0.05f;
  return vs_black >= vs_white ? Rgba{0, 0, 0, 1} : Rgba{1, 1, 1, 1};
}

}  // namespace tconv::ui
