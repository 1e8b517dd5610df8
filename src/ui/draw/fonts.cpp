// Fonts: DejaVu Sans (Debian's fonts-dejavu-core) when it is installed, because a proportional,
// anti-aliased font reads far better on a projector than ImGui's built-in bitmap font; otherwise
// ImGui's default font (ProggyClean). Each font is rasterised at the UI size and at a ladder of
// fixed pixel sizes for the numbers in the cells (drawing a font at its own size keeps it crisp).
// Which file is used is the platform layer's choice (platform::ui_font_bytes()); this file only
// rasterises the bytes it is given.
#include <imgui.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "ui/shell/window.h"

namespace tconv::ui {

namespace {
const float kCanvasSizes[] = {13, 16, 20, 26, 32, 39, 52, 65};

void add_font(ImFontAtlas* atlas, const std::vector<unsigned char>& ttf, float px) {
  ImFontConfig cfg;
  cfg.SizePixels = px;
  if (ttf.empty()) {
    atlas->AddFontDefault(&cfg);
    return;
  }
  // The atlas owns and frees the copy (IM_ALLOC), so each font gets its own.
  void* data = IM_ALLOC(ttf.size());
  std::memcpy(data, ttf.data(), ttf.size());
  cfg.OversampleH = 2;
  atlas->AddFontFromMemoryTTF(data, static_cast<int>(ttf.size()), px, &cfg);
}
}  // namespace

void build_fonts(float scale, const std::vector<unsigned char>& ttf) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  // DejaVu at 15 px is as wide as ProggyClean at 13 px, so the layout keeps its proportions.
  add_font(atlas, ttf, std::round((ttf.empty() ? 13.0f : 15.0f) * scale));  // Fonts[0]: the UI
  for (float px : kCanvasSizes) add_font(atlas, ttf, px);                    // Fonts[1..]: cell text
  atlas->Build();
}

}  // namespace tconv::ui
