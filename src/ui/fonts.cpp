// Fonts: ImGui's default font (ProggyClean) only, rasterised at the UI size and at a ladder of
// fixed pixel sizes for the numbers in the cells (drawing a font at its own size keeps it crisp).
#include <imgui.h>

#include <cmath>

#include "ui/panels.h"

namespace tconv::ui {

namespace {
const float kCanvasSizes[] = {13, 16, 20, 26, 32, 39, 52, 65};
}

void build_fonts(float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  ImFontConfig cfg;
  cfg.SizePixels = std::round(13.0f * scale);
  atlas->AddFontDefault(&cfg);  // Fonts[0]: the UI
  for (float px : kCanvasSizes) {
    ImFontConfig c;
    c.SizePixels = px;
    atlas->AddFontDefault(&c);  // Fonts[1..]: cell text, see draw::font_for_px
  }
  atlas->Build();
}

}  // namespace tconv::ui
