// Fonts: DejaVu Sans (Debian's fonts-dejavu-core) when it is installed, because a proportional,
// anti-aliased font reads far better on a projector than ImGui's built-in bitmap font; otherwise
// ImGui's default font (ProggyClean). Each font is rasterised at the UI size and at a ladder of
// fixed pixel sizes for the numbers in the cells (drawing a font at its own size keeps it crisp).
// TCONV_FONT=/path/to/font.ttf picks another TrueType font; TCONV_FONT=builtin forces ProggyClean.
#include <imgui.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ui/shell/window.h"

namespace tconv::ui {

namespace {
const float kCanvasSizes[] = {13, 16, 20, 26, 32, 39, 52, 65};

// The bytes of a TrueType/OpenType file, or empty when none is usable. The magic number is checked
// so that a wrong TCONV_FONT falls back to the built-in font instead of reaching the rasteriser.
std::vector<unsigned char> load_font_file() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("TCONV_FONT")) {
    if (std::strcmp(env, "builtin") == 0) return {};
    candidates.emplace_back(env);
  }
  candidates.emplace_back("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  candidates.emplace_back("/usr/share/fonts/TTF/DejaVuSans.ttf");
  for (const auto& path : candidates) {
    std::ifstream f(path, std::ios::binary);
    if (!f) continue;
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const bool truetype = bytes.size() > 12 && ((bytes[0] == 0 && bytes[1] == 1 && bytes[2] == 0 && bytes[3] == 0) ||
                                                std::memcmp(bytes.data(), "true", 4) == 0 ||
                                                std::memcmp(bytes.data(), "OTTO", 4) == 0);
    if (truetype) return bytes;
  }
  return {};
}

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

void build_fonts(float scale) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  const std::vector<unsigned char> ttf = load_font_file();
  // DejaVu at 15 px is as wide as ProggyClean at 13 px, so the layout keeps its proportions.
  add_font(atlas, ttf, std::round((ttf.empty() ? 13.0f : 15.0f) * scale));  // Fonts[0]: the UI
  for (float px : kCanvasSizes) add_font(atlas, ttf, px);                    // Fonts[1..]: cell text
  atlas->Build();
}

}  // namespace tconv::ui
