#include "ui/draw/layout_audit.h"

#include <imgui_internal.h>  // ImGuiWindow (the current window's visible rectangle)

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace tconv::ui::draw {

namespace {
// The audit is instrumentation of the frame being built, like ImGui's own debug tools: one
// collector for the one UI, switched on only by --layout-report.
struct Audit {
  bool on = false;
  std::vector<AuditEntry> entries;
};
Audit& audit() {
  static Audit a;
  return a;
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
    } else {
      o += c;
    }
  }
  return o;
}
}  // namespace

void audit_enable(bool on) { audit().on = on; }
bool audit_enabled() { return audit().on; }
void audit_clear() { audit().entries.clear(); }
const std::vector<AuditEntry>& audit_entries() { return audit().entries; }

void audit_last_item(const char* kind, const char* label, float extra_px) {
  if (!audit().on) return;
  const ImVec2 ts = ImGui::CalcTextSize(label, nullptr, true);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  const float need = ts.x + ImGui::GetStyle().FramePadding.x * 2.0f + extra_px - 1.0f;  // ImGui rounds
  const float have = b.x - a.x;
  const float visible_x1 = w->InnerClipRect.Max.x;
  const bool narrow = ts.x > 0 && have < need;
  const bool past_edge = b.x > visible_x1 + 1.0f && a.x < visible_x1;
  if (!narrow && !past_edge) return;
  AuditEntry e;
  e.kind = kind;
  e.window = w->Name;
  e.text = std::string(label, ImGui::FindRenderedTextEnd(label));
  e.need = need;
  e.avail = past_edge ? std::min(have, visible_x1 - a.x) : have;
  e.x = a.x;
  e.y = a.y;
  audit().entries.push_back(e);
}

void audit_draw_data(const ImDrawData* dd) {
  if (!audit().on || !dd) return;
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const ImVec2 white = atlas->TexUvWhitePixel;
  // Anti-aliased lines are drawn from a strip of the font texture: not text.
  ImVec4 lines(1e9f, 1e9f, -1e9f, -1e9f);
  for (const ImVec4& u : atlas->TexUvLines) {
    lines.x = std::min({lines.x, u.x, u.z});
    lines.y = std::min({lines.y, u.y, u.w});
    lines.z = std::max({lines.z, u.x, u.z});
    lines.w = std::max({lines.w, u.y, u.w});
  }
  auto is_glyph_uv = [&](ImVec2 uv) {
    if (uv.x == white.x && uv.y == white.y) return false;
    return !(uv.x >= lines.x && uv.x <= lines.z && uv.y >= lines.y && uv.y <= lines.w);
  };
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const ImDrawList* dl = dd->CmdLists[l];
    // A window that scrolls sideways (e.g. a 16-column value table) cuts text at its edge on
    // purpose: the rest is a scroll away. Not counted.
    if (dl->_OwnerName) {
      const ImGuiWindow* w = ImGui::FindWindowByName(dl->_OwnerName);
      if (w && w->ScrollbarX) continue;
    }
    std::map<int, AuditEntry> cut;  // one entry per text line (y) of this draw list
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
      if (cmd.UserCallback || cmd.TextureId != atlas->TexID) continue;
      const ImVec4 clip = cmd.ClipRect;
      for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
        ImVec2 lo(1e9f, 1e9f), hi(-1e9f, -1e9f);
        bool glyph = true;
        for (unsigned k = 0; k < 3; ++k) {
          const ImDrawVert& v = dl->VtxBuffer[int(cmd.VtxOffset + dl->IdxBuffer[int(cmd.IdxOffset + i + k)])];
          glyph = glyph && is_glyph_uv(v.uv);
          lo = ImVec2(std::min(lo.x, v.pos.x), std::min(lo.y, v.pos.y));
          hi = ImVec2(std::max(hi.x, v.pos.x), std::max(hi.y, v.pos.y));
        }
        if (!glyph) continue;
        const float mid_y = (lo.y + hi.y) * 0.5f;
        if (mid_y < clip.y || mid_y > clip.w) continue;  // scrolled out of view: not cut
        const bool right = hi.x > clip.z + 1.0f, left = lo.x < clip.x - 1.0f;
        if (!right && !left) continue;
        AuditEntry& e = cut[int(lo.y)];
        if (e.kind.empty()) {
          e.kind = "glyphs";
          e.window = dl->_OwnerName ? dl->_OwnerName : "";
          e.x = lo.x;
          e.y = lo.y;
          e.avail = clip.z - clip.x;
          e.need = 0;
        }
        e.need = std::max(e.need, hi.x - clip.x);
        e.text = "cut at x=" + std::to_string(int(right ? clip.z : clip.x));
      }
    }
    for (auto& [y, e] : cut) audit().entries.push_back(e);
  }
}

std::string audit_json_lines() {
  std::string out;
  char num[160];
  for (const AuditEntry& e : audit().entries) {
    std::snprintf(num, sizeof num, "\"need\":%.1f,\"avail\":%.1f,\"x\":%.0f,\"y\":%.0f", double(e.need),
                  double(e.avail), double(e.x), double(e.y));
    out += "{\"kind\":\"" + json_escape(e.kind) + "\",\"window\":\"" + json_escape(e.window) + "\",\"text\":\"" +
           json_escape(e.text) + "\"," + num + "}\n";
  }
  return out;
}

// ---------------------------------------------------------------- drawn text
namespace {

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

// The atlas's visible glyphs, found by a texture coordinate. Glyphs do not overlap in the atlas,
// so the glyph whose rectangle holds a quad's centre is the one it samples (also for a quad that
// ImGui clipped on the CPU, whose coordinates are a part of the glyph's).
class GlyphIndex {
 public:
  struct Entry {
    const ImFont* font;
    const ImFontGlyph* glyph;
  };
  explicit GlyphIndex(const ImFontAtlas* atlas) {
    for (const ImFont* f : atlas->Fonts)
      for (const ImFontGlyph& g : f->Glyphs) {
        if (!g.Visible) continue;
        for (int by = bucket(g.V0); by <= bucket(g.V1); ++by)
          for (int bx = bucket(g.U0); bx <= bucket(g.U1); ++bx) cells_[size_t(by * kGrid + bx)].push_back({f, &g});
      }
  }
  const Entry* find(float u, float v) const {
    for (const Entry& e : cells_[size_t(bucket(v) * kGrid + bucket(u))])
      if (u >= e.glyph->U0 && u <= e.glyph->U1 && v >= e.glyph->V0 && v <= e.glyph->V1) return &e;
    return nullptr;
  }

 private:
  static constexpr int kGrid = 64;
  static int bucket(float t) { return std::clamp(int(t * kGrid), 0, kGrid - 1); }
  std::vector<std::vector<Entry>> cells_ = std::vector<std::vector<Entry>>(size_t(kGrid * kGrid));
};

}  // namespace

std::vector<DrawnText> drawn_text(const ImDrawData* dd) {
  std::vector<DrawnText> out;
  if (!dd) return out;
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const GlyphIndex index(atlas);
  constexpr float kUvEps = 1e-6f;
  for (int l = 0; l < dd->CmdListsCount; ++l) {
    const ImDrawList* dl = dd->CmdLists[l];
    const std::string owner = dl->_OwnerName ? dl->_OwnerName : "";
    // The line being read: glyphs of one font and size on one baseline, each starting where the
    // previous one's advance ended (or a few spaces further on).
    struct Run {
      const ImFont* font = nullptr;
      float scale = 0, y = 0, next_x = 0;
      DrawnText t;
    } run;
    auto flush = [&] {
      if (run.font && !run.t.text.empty()) out.push_back(run.t);
      run = Run{};
    };
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
      if (cmd.UserCallback || cmd.TextureId != atlas->TexID) continue;
      const ImVec4 clip = cmd.ClipRect;
      // ImGui writes a glyph as one quad: 6 indices, two triangles over 4 vertices.
      for (unsigned i = 0; i + 5 < cmd.ElemCount; i += 3) {
        ImVec2 lo(1e9f, 1e9f), hi(-1e9f, -1e9f), uvlo(1e9f, 1e9f), uvhi(-1e9f, -1e9f);
        for (unsigned k = 0; k < 6; ++k) {
          const ImDrawVert& v = dl->VtxBuffer[int(cmd.VtxOffset + dl->IdxBuffer[int(cmd.IdxOffset + i + k)])];
          lo = ImVec2(std::min(lo.x, v.pos.x), std::min(lo.y, v.pos.y));
          hi = ImVec2(std::max(hi.x, v.pos.x), std::max(hi.y, v.pos.y));
          uvlo = ImVec2(std::min(uvlo.x, v.uv.x), std::min(uvlo.y, v.uv.y));
          uvhi = ImVec2(std::max(uvhi.x, v.uv.x), std::max(uvhi.y, v.uv.y));
        }
        const GlyphIndex::Entry* e = index.find((uvlo.x + uvhi.x) * 0.5f, (uvlo.y + uvhi.y) * 0.5f);
        // Not a glyph (a filled shape samples the white pixel, a thick line the line strip), or
        // two triangles of something else: read on from the next triangle.
        if (!e || uvhi.x - uvlo.x <= 0 || uvhi.y - uvlo.y <= 0 || uvlo.x < e->glyph->U0 - kUvEps ||
            uvhi.x > e->glyph->U1 + kUvEps || uvlo.y < e->glyph->V0 - kUvEps || uvhi.y > e->glyph->V1 + kUvEps)
          continue;
        i += 3;  // the quad's second triangle
        if (hi.x <= clip.x || lo.x >= clip.z || hi.y <= clip.y || lo.y >= clip.w) continue;  // clipped away
        const ImFontGlyph& g = *e->glyph;
        const bool whole_x = std::fabs(uvlo.x - g.U0) < kUvEps && std::fabs(uvhi.x - g.U1) < kUvEps;
        const bool whole_y = std::fabs(uvlo.y - g.V0) < kUvEps && std::fabs(uvhi.y - g.V1) < kUvEps;
        float scale = 1.0f;
        if (whole_x && g.X1 > g.X0) scale = (hi.x - lo.x) / (g.X1 - g.X0);
        else if (whole_y && g.Y1 > g.Y0) scale = (hi.y - lo.y) / (g.Y1 - g.Y0);
        const float ox = std::fabs(uvlo.x - g.U0) < kUvEps ? lo.x - g.X0 * scale : hi.x - g.X1 * scale;
        const float oy = std::fabs(uvlo.y - g.V0) < kUvEps ? lo.y - g.Y0 * scale : hi.y - g.Y1 * scale;
        const ImFontGlyph* space = e->font->FindGlyphNoFallback(' ');
        const float space_w = (space ? space->AdvanceX : e->font->FontSize * 0.3f) * scale;
        const float gap = ox - run.next_x;
        const bool same_line = run.font == e->font && std::fabs(scale - run.scale) < 0.01f &&
                               std::fabs(oy - run.y) < 0.5f && gap > -0.75f && gap < 2.6f * space_w;
        if (same_line) {
          for (int n = int(std::lround(gap / space_w)); n > 0; --n) run.t.text += ' ';
        } else {
          flush();
          run.font = e->font;
          run.scale = scale;
          run.y = oy;
          run.t.window = owner;
          run.t.x = ox;
          run.t.y = oy;
          run.t.px = e->font->FontSize * scale;
        }
        append_utf8(run.t.text, g.Codepoint);
        run.next_x = ox + g.AdvanceX * scale;
      }
    }
    flush();
  }
  return out;
}

std::string drawn_text_lines(const ImDrawData* dd) {
  std::string out;
  for (const DrawnText& t : drawn_text(dd)) out += t.window + "\t" + t.text + "\n";
  return out;
}

}  // namespace tconv::ui::draw
