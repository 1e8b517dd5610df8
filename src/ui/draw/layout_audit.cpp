#include "ui/draw/layout_audit.h"

#include <imgui_internal.h>  // ImGuiWindow (the current window's visible rectangle)

#include <algorithm>
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

}  // namespace tconv::ui::draw
