#include "ui/draw/draw_util.h"

#include <imgui_internal.h>  // RenderArrow, FindRenderedTextEnd

#include <algorithm>
#include <cmath>
#include <functional>

#include "ui/draw/layout_audit.h"
#include "ui/draw/text_wrap.h"

namespace tconv::ui::draw {

ImU32 col(Rgba c, float alpha) { return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a * alpha)); }

Theme theme() {
  const ImGuiStyle& st = ImGui::GetStyle();
  const ImVec4 bg = st.Colors[ImGuiCol_WindowBg];
  const bool light = (bg.x + bg.y + bg.z) > 1.5f;
  Theme t;
  if (light) {
    t.cell_bg_rgba = {0.97f, 0.97f, 0.97f, 1};
    t.canvas_bg = IM_COL32(255, 255, 255, 255);
    t.cell_border = IM_COL32(90, 90, 90, 255);
    t.text = IM_COL32(0, 0, 0, 255);
    t.text_dim = IM_COL32(140, 140, 140, 255);
    t.ghost_bg = IM_COL32(235, 235, 235, 255);
    t.ghost_border = IM_COL32(170, 170, 170, 255);
    t.zero_bg = IM_COL32(225, 225, 225, 255);
    t.label = IM_COL32(20, 20, 20, 255);
  } else {
    t.cell_bg_rgba = {0.16f, 0.17f, 0.19f, 1};
    t.canvas_bg = IM_COL32(22, 23, 26, 255);
    t.cell_border = IM_COL32(150, 150, 155, 255);
    t.text = IM_COL32(245, 245, 245, 255);
    t.text_dim = IM_COL32(125, 125, 130, 255);
    t.ghost_bg = IM_COL32(32, 33, 37, 255);
    t.ghost_border = IM_COL32(85, 85, 92, 255);
    t.zero_bg = IM_COL32(45, 46, 52, 255);
    t.label = IM_COL32(235, 235, 235, 255);
  }
  t.cell_bg = col(t.cell_bg_rgba);
  const Rgba step = light ? palette::kVermillion : palette::kOrange;
  const Rgba focus = light ? palette::kBlue : palette::kSkyBlue;
  t.accent = light ? col(palette::kBlue) : col(palette::kYellow);
  t.step_text = ImVec4(step.r, step.g, step.b, 1);
  t.focus_text = ImVec4(focus.r, focus.g, focus.b, 1);
  return t;
}

ImFont* font_for_px(float px) {
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  ImFont* best = nullptr;
  for (int i = 1; i < atlas->Fonts.Size; ++i) {
    ImFont* f = atlas->Fonts[i];
    if (f->FontSize <= px + 0.5f && (!best || f->FontSize > best->FontSize)) best = f;
  }
  if (!best) best = atlas->Fonts.Size > 1 ? atlas->Fonts[1] : ImGui::GetFont();
  return best;
}

float ui_font_px() { return ImGui::GetFontSize(); }

float text_width(const std::string& text, float px) {
  ImFont* f = font_for_px(px);
  return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, text.c_str()).x;
}

void text_in_cell(ImDrawList* dl, RectF r, const std::string& text, ImU32 colour, float max_px) {
  float px = std::min(max_px, r.h() * 0.62f);
  ImFont* f = font_for_px(px);
  float size = f->FontSize;
  ImVec2 ts = f->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
  // Step down through the sizes until the text fits the width. Each pass makes the size smaller
  // (a smaller atlas font, or one final scaling of the smallest), so the loop ends.
  const float limit = r.w() * 0.92f;
  while (ts.x > limit && size > 7.0f) {
    ImFont* smaller = font_for_px(size - 1.0f);
    if (smaller != f && smaller->FontSize < size) {
      f = smaller;
      size = f->FontSize;
      ts = f->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
      continue;
    }
    // Below the smallest atlas size: scale it down once, with a margin for rounding.
    size = std::max(7.0f, size * limit / ts.x * 0.995f);
    ts = f->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
    break;
  }
  if (size < 7.0f || r.h() < 8.0f || ts.x > r.w() * 0.92f) return;  // too small to read: no number beats an overprinted one
  const ImVec2 p(std::floor(r.x0 + (r.w() - ts.x) * 0.5f), std::floor(r.y0 + (r.h() - ts.y) * 0.5f));
  dl->AddText(f, size, p, colour, text.c_str());
}

void text_corner(ImDrawList* dl, RectF r, const std::string& text, ImU32 colour, float px) {
  ImFont* f = font_for_px(px);
  float size = f->FontSize;
  const ImVec2 ts = f->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
  if (ts.x > r.w() * 0.95f) size *= (r.w() * 0.95f) / ts.x;
  if (size < 7.0f) return;
  dl->AddText(f, size, ImVec2(r.x0 + 2.0f, r.y0 + 1.0f), colour, text.c_str());
}

void text_at(ImDrawList* dl, Vec2f p, const std::string& text, ImU32 colour, float px) {
  if (px <= 0.0f) {
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), iv(p), colour, text.c_str());
    return;
  }
  ImFont* f = font_for_px(px);
  dl->AddText(f, f->FontSize, iv(p), colour, text.c_str());
}

void fill(ImDrawList* dl, RectF r, ImU32 colour) { dl->AddRectFilled(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), colour); }

void frame(ImDrawList* dl, RectF r, ImU32 colour, float thickness) {
  const float h = thickness * 0.5f;
  dl->AddRect(ImVec2(r.x0 + h, r.y0 + h), ImVec2(r.x1 - h, r.y1 - h), colour, 0.0f, 0, thickness);
}

void dashed_frame(ImDrawList* dl, RectF r, ImU32 colour, float dash, float thickness) {
  auto line = [&](ImVec2 a, ImVec2 b) {
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    const int n = std::max(1, int(len / dash));
    for (int i = 0; i < n; i += 2) {
      const float t0 = float(i) / float(n), t1 = std::min(1.0f, float(i + 1) / float(n));
      dl->AddLine(ImVec2(a.x + (b.x - a.x) * t0, a.y + (b.y - a.y) * t0),
                  ImVec2(a.x + (b.x - a.x) * t1, a.y + (b.y - a.y) * t1), colour, thickness);
    }
  };
  line(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y0));
  line(ImVec2(r.x1, r.y0), ImVec2(r.x1, r.y1));
  line(ImVec2(r.x1, r.y1), ImVec2(r.x0, r.y1));
  line(ImVec2(r.x0, r.y1), ImVec2(r.x0, r.y0));
}

void hatch(ImDrawList* dl, RectF r, ImU32 colour, float spacing) {
  dl->PushClipRect(ImVec2(r.x0, r.y0), ImVec2(r.x1, r.y1), true);
  for (float d = -r.h(); d < r.w(); d += spacing)
    dl->AddLine(ImVec2(r.x0 + d, r.y1), ImVec2(r.x0 + d + r.h(), r.y0), colour, 1.0f);
  dl->PopClipRect();
}

RectF inset(RectF r, float d) { return {r.x0 + d, r.y0 + d, r.x1 - d, r.y1 - d}; }

void grid_line(ImDrawList* dl, RectF r, ImU32 colour) {
  if (r.w() >= 7.0f) frame(dl, r, colour, 1.0f);
}

const std::string& fit_text(const std::string& full, const std::string& short_text, float width, float px) {
  return text_width(full, px) <= width ? full : short_text;
}

void text_formula(const std::string& text) {
  const float width = std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x);
  for (const std::string& line :
       wrap_formula(text, width, [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; }))
    ImGui::TextUnformatted(line.c_str());
}

namespace {
std::vector<std::string> formula_lines(ImFont* font, float size, const std::string& text, float width) {
  return wrap_formula(text, width, [&](const std::string& t) {
    return font->CalcTextSizeA(size, FLT_MAX, 0.0f, t.c_str()).x;
  });
}
}  // namespace

float formula_height(ImFont* font, float size, const std::string& text, float width) {
  return float(formula_lines(font, size, text, width).size()) * size;
}

void add_formula(ImDrawList* dl, ImFont* font, float size, Vec2f p, ImU32 colour, const std::string& text, float width) {
  for (const std::string& line : formula_lines(font, size, text, width)) {
    dl->AddText(font, size, iv(p), colour, line.c_str());
    p.y += size;
  }
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

bool same_line_if_fits(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
  if (x + width > right) return false;
  ImGui::SameLine();
  return true;
}

bool wrapped_button(const char* label) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float avail = std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x);
  const float wrap = avail - st.FramePadding.x * 2;
  const char* end = ImGui::FindRenderedTextEnd(label);
  const ImVec2 ts = ImGui::CalcTextSize(label, end, false, wrap);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(avail, ts.y + st.FramePadding.y * 2);
  const bool pressed = ImGui::InvisibleButton(label, size);
  const ImGuiCol bg = ImGui::IsItemActive() ? ImGuiCol_ButtonActive : ImGui::IsItemHovered() ? ImGuiCol_ButtonHovered : ImGuiCol_Button;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(bg), st.FrameRounding);
  // Centred when it fits on one line, like a button.
  const float x = ts.x < wrap ? p.x + (size.x - ts.x) * 0.5f : p.x + st.FramePadding.x;
  dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(x, p.y + st.FramePadding.y), ImGui::GetColorU32(ImGuiCol_Text),
              label, end, wrap);
  return pressed;
}

bool wrapped_combo(const char* id, const std::string& preview, float width) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float fs = ImGui::GetFontSize();
  const float avail = std::max(fs * 4, width > 0 ? width : ImGui::GetContentRegionAvail().x);
  const float arrow = ImGui::GetFrameHeight();
  const float wrap = std::max(fs * 2, avail - arrow - st.FramePadding.x * 2);
  const ImVec2 ts = ImGui::CalcTextSize(preview.c_str(), nullptr, false, wrap);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(avail, ts.y + st.FramePadding.y * 2);
  ImGui::PushID(id);
  const bool pressed = ImGui::InvisibleButton("##combo", size);
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(hovered ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg),
                    st.FrameRounding);
  dl->AddRectFilled(ImVec2(p.x + size.x - arrow, p.y), ImVec2(p.x + size.x, p.y + size.y),
                    ImGui::GetColorU32(hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button), st.FrameRounding);
  ImGui::RenderArrow(dl, ImVec2(p.x + size.x - arrow + st.FramePadding.y, p.y + st.FramePadding.y),
                     ImGui::GetColorU32(ImGuiCol_Text), ImGuiDir_Down, 1.0f);
  dl->AddText(ImGui::GetFont(), fs, ImVec2(p.x + st.FramePadding.x, p.y + st.FramePadding.y), ImGui::GetColorU32(ImGuiCol_Text),
              preview.c_str(), nullptr, wrap);
  if (pressed) ImGui::OpenPopup(id);
  if (!ImGui::IsPopupOpen(id)) return false;
  ImGui::SetNextWindowPos(ImVec2(p.x, p.y + size.y));
  ImGui::SetNextWindowSizeConstraints(ImVec2(size.x, 0), ImVec2(FLT_MAX, ImGui::GetMainViewport()->WorkSize.y * 0.6f));
  return ImGui::BeginPopup(id);
}

void audit_slider(const char* shown) { audit_last_item("slider", shown); }

float frame_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

bool collapsing_header(const char* label, bool default_open) {
  const ImGuiStyle& st = ImGui::GetStyle();
  ImGuiStorage* store = ImGui::GetStateStorage();
  const ImGuiID id = ImGui::GetID(label);
  bool open = store->GetBool(id, default_open);
  const float fs = ImGui::GetFontSize();
  const float avail = std::max(fs * 4, ImGui::GetContentRegionAvail().x);
  const float text_x = st.FramePadding.x + fs + st.ItemInnerSpacing.x;
  const float wrap = std::max(fs * 3, avail - text_x - st.FramePadding.x);
  const char* end = ImGui::FindRenderedTextEnd(label);
  const ImVec2 ts = ImGui::CalcTextSize(label, end, false, wrap);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(avail, ts.y + st.FramePadding.y * 2);
  if (ImGui::InvisibleButton(label, size)) {
    open = !open;
    store->SetBool(id, open);
  }
  const ImGuiCol bg = ImGui::IsItemActive() ? ImGuiCol_HeaderActive : ImGui::IsItemHovered() ? ImGuiCol_HeaderHovered : ImGuiCol_Header;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(bg), st.FrameRounding);
  const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
  ImGui::RenderArrow(dl, ImVec2(p.x + st.FramePadding.x, p.y + st.FramePadding.y), text_col,
                     open ? ImGuiDir_Down : ImGuiDir_Right, 1.0f);
  dl->AddText(ImGui::GetFont(), fs, ImVec2(p.x + text_x, p.y + st.FramePadding.y), text_col, label, end, wrap);
  return open;
}

void scroll_into_view_when_changed(const std::string& key, float top_y) {
  ImGuiStorage* store = ImGui::GetStateStorage();
  const ImGuiID id = ImGui::GetID("##scroll_into_view");
  // The width is part of the key: a window that gains its scrollbar on the next frame rewraps its
  // text, which moves the block, so it is scrolled to again (the first frames of a screenshot
  // then show the same thing as later ones).
  const std::string keyed = key + "|" + std::to_string(int(ImGui::GetContentRegionAvail().x));
  const int h = int(std::hash<std::string>{}(keyed) & 0x7fffffff) | 1;  // never the default 0
  if (store->GetInt(id, 0) == h) return;
  store->SetInt(id, h);
  const float bottom = ImGui::GetCursorScreenPos().y;
  if (bottom - top_y <= ImGui::GetWindowHeight() * 0.9f) {
    ImGui::SetScrollFromPosY(bottom - ImGui::GetWindowPos().y, 1.0f);
  } else {
    ImGui::SetScrollFromPosY(top_y - ImGui::GetWindowPos().y, 0.0f);
  }
}

}  // namespace tconv::ui::draw
