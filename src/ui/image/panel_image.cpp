// Image mode's panels: controls (picture, kernel, parameters, save) | tabs "Upsample" (input and
// output side by side, zoom and pan in sync) and "Checkerboard explorer" (overlap pattern,
// methods, difference, spectrum, two layers). Draws textures the app uploaded; never calls gl*.
// Sections: helpers | image panes | controls | upsample tab | explorer tab | draw_image_mode.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/kernels.h"
#include "ui/draw/draw_util.h"
#include "ui/image/image_mode.h"
#include "ui/image/image_state.h"

namespace tconv::ui {

namespace {

// ---------------------------------------------------------------- helpers
ImVec4 vermillion() { return ImVec4(palette::kVermillion.r, palette::kVermillion.g, palette::kVermillion.b, 1); }
ImVec4 green() { return ImVec4(palette::kGreen.r, palette::kGreen.g, palette::kGreen.b, 1); }

void wrapped(const std::string& text) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
}

void wrapped_colored(ImVec4 c, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, c);
  wrapped(text);
  ImGui::PopStyleColor();
}

bool pair_slider(const char* label, Pair& v, int lo, int hi) {
  int a[2] = {int(v.h), int(v.w)};
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 7.5f);
  const bool changed = ImGui::SliderInt2(label, a, lo, hi, "%d", ImGuiSliderFlags_AlwaysClamp);
  if (changed) {
    v.h = a[0];
    v.w = a[1];
  }
  return changed;
}

// A spectrum's circle, and the legend's sample of it: one drawing, so they cannot differ. A dark
// ring under the colour keeps it visible on every viridis shade.
void peak_mark(ImDrawList* dl, ImVec2 c, float radius, bool significant) {
  const float fs = ImGui::GetFontSize();
  const float t = std::max(1.5f, fs * 0.12f);
  dl->AddCircle(c, radius, IM_COL32(0, 0, 0, 200), 0, t * 2.2f);
  dl->AddCircle(c, radius, draw::col(significant ? palette::kVermillion : palette::kGreen), 0, t);
}

// ---------------------------------------------------------------- image panes
// Where a pane shows the overlap pattern's magnifier: on hover, and also when pinned (the
// "magnifier" box or --image-magnify) -- one pane only, so it appears once.
enum class Magnify { None, OnHover, OnHoverAndPinned };

// The magnifier: the counts of the output pixels around (row, col), enlarged until their numbers
// are readable (a large picture's pattern is a blur at screen size), coloured as the pattern is.
// Drawn in a corner of the pane away from the point, with the source area outlined on the pane.
void draw_magnifier(const ImageState& st, ImDrawList* dl, RectF box, const ImageViewport& v, const PaneGeom& g,
                    int64_t row, int64_t col) {
  const ImageResult& r = st.result;
  if (!overlap_count_at(r, 0, 0)) return;
  const float fs = ImGui::GetFontSize();
  const float cell = std::max(fs * 1.9f, draw::text_width(std::to_string(int(r.pattern_max)), fs) + fs * 0.6f);
  int n = 9;  // pixels per side, odd so the point is the middle one
  while (n > 3 && float(n) * cell > std::min(box.x1 - box.x0, box.y1 - box.y0 - fs * 1.6f) * 0.7f) n -= 2;
  const float side = float(n) * cell, margin = fs * 0.4f;
  // The source area, outlined on the picture.
  double ax = 0, ay = 0, bx = 0, by = 0;
  pane_pixel_to_screen(v, g, double(col - n / 2), double(row - n / 2), &ax, &ay);
  pane_pixel_to_screen(v, g, double(col + n / 2 + 1), double(row + n / 2 + 1), &bx, &by);
  const float grow = std::max(0.0f, fs * 0.6f - float(bx - ax)) * 0.5f;  // findable when tiny
  const RectF src = draw::inset(RectF{float(ax), float(ay), float(bx), float(by)}, -grow);
  draw::frame(dl, draw::inset(src, -1), IM_COL32(0, 0, 0, 220), 3.0f);
  draw::frame(dl, src, IM_COL32(255, 255, 255, 255), 1.5f);
  // The inset, in the upper corner on the other side from the point.
  const bool right = (src.x0 + src.x1) * 0.5f < (box.x0 + box.x1) * 0.5f;
  const float x0 = right ? box.x1 - margin - side : box.x0 + margin;
  const float y0 = box.y0 + margin + fs * 1.5f;
  const RectF caption{x0, y0 - fs * 1.5f, x0 + side, y0};
  draw::fill(dl, draw::inset(RectF{x0, caption.y0, x0 + side, y0 + side}, -3), IM_COL32(20, 20, 24, 235));
  draw::text_in_cell(dl, caption, "counts around row " + std::to_string(row) + ", col " + std::to_string(col),
                     IM_COL32(255, 255, 255, 255), fs);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      const RectF c{x0 + float(j) * cell, y0 + float(i) * cell, x0 + float(j + 1) * cell, y0 + float(i + 1) * cell};
      const std::optional<float> k = overlap_count_at(r, row - n / 2 + i, col - n / 2 + j);
      if (!k) {  // outside the output
        draw::hatch(dl, c, IM_COL32(90, 90, 90, 255), fs * 0.4f);
        continue;
      }
      const Rgba bg = viridis(r.pattern_max > 0 ? *k / r.pattern_max : 0.0f);
      draw::fill(dl, c, draw::col(bg));
      draw::grid_line(dl, c, IM_COL32(0, 0, 0, 90));
      char num[16];
      std::snprintf(num, sizeof num, "%.0f", double(*k));
      draw::text_in_cell(dl, draw::inset(c, cell * 0.12f), num, draw::col(text_on(bg)), fs * 1.1f);
    }
  // A leader from the outlined area to the inset.
  const ImVec2 from((src.x0 + src.x1) * 0.5f, (src.y0 + src.y1) * 0.5f), to(right ? x0 - 3 : x0 + side + 3, y0 + side * 0.5f);
  if (right ? from.x < to.x : from.x > to.x) {
    dl->AddLine(from, to, IM_COL32(0, 0, 0, 200), 3.5f);
    dl->AddLine(from, to, IM_COL32(255, 255, 255, 230), 1.5f);
  }
  const RectF mid{x0 + float(n / 2) * cell, y0 + float(n / 2) * cell, x0 + float(n / 2 + 1) * cell, y0 + float(n / 2 + 1) * cell};
  draw::frame(dl, mid, IM_COL32(255, 255, 255, 255), std::max(2.0f, fs * 0.14f));
}

// One picture in a rectangle, placed by the shared viewport (or fitted, for spectra). Mouse
// wheel zooms at the cursor, dragging pans, a double click fits the picture again.
void draw_pane(ImageState& st, const char* id, const DisplayImage& img, RectF r, const std::string& title,
               bool synced, const DisplayImage* overlay = nullptr, float overlay_alpha = 0.0f,
               bool highlight = false, const std::vector<ImageResult::PeakMark>* marks = nullptr,
               Magnify magnify = Magnify::None) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const draw::Theme th = draw::theme();
  const float fs = ImGui::GetFontSize();
  // A narrow pane keeps the title's first words: "output 1025 x 769" without "(stride 2x2)".
  std::string shown_title = title;
  while (ImGui::CalcTextSize(shown_title.c_str()).x > r.x1 - r.x0 && shown_title.find(' ') != std::string::npos)
    shown_title = shown_title.substr(0, shown_title.rfind(' '));
  draw::text_at(dl, Vec2f{r.x0, r.y0}, shown_title, th.text);
  const RectF box{r.x0, r.y0 + fs * 1.35f, r.x1, r.y1};
  if (box.x1 - box.x0 < 4 || box.y1 - box.y0 < 4) return;
  dl->AddRectFilled(ImVec2(box.x0, box.y0), ImVec2(box.x1, box.y1), th.canvas_bg);
  ImGui::SetCursorScreenPos(ImVec2(box.x0, box.y0));
  ImGui::InvisibleButton(id, ImVec2(box.x1 - box.x0, box.y1 - box.y0));
  if (img.w <= 0 || !st.image) {
    const std::string busy = st.busy_what + "...";  // "loading..." or "computing..."
    const char* why = st.busy                                ? busy.c_str()
                      : !st.error.empty() || !st.result.error.empty() ? "nothing to show: see the message on the left"
                      : !st.image                              ? "no picture yet: drop one here"
                                                               : "(not computed yet)";
    draw::text_at(dl, Vec2f{box.x0 + fs, box.y0 + fs}, why, th.text_dim);
    return;
  }
  PaneGeom g;
  g.x0 = box.x0;
  g.y0 = box.y0;
  g.w = box.x1 - box.x0;
  g.h = box.y1 - box.y0;
  g.img_w = img.w;
  g.img_h = img.h;
  g.in_w = synced ? st.image->shape.w : img.w;
  g.in_h = synced ? st.image->shape.h : img.h;
  ImageViewport local;
  fit(local, g);
  if (synced && st.view.fitted) fit(st.view, g);
  ImageViewport& v = synced ? st.view : local;
  const ImGuiIO& io = ImGui::GetIO();
  if (synced && ImGui::IsItemHovered()) {
    if (io.MouseWheel != 0.0f) zoom_at(v, g, io.MousePos.x, io.MousePos.y, std::pow(1.25, double(io.MouseWheel)));
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) fit(v, g);
  }
  if (synced && ImGui::IsItemActive() && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0))
    pan_by(v, g, io.MouseDelta.x, io.MouseDelta.y);

  double sx0 = 0, sy0 = 0, sx1 = 0, sy1 = 0;
  pane_pixel_to_screen(v, g, 0, 0, &sx0, &sy0);
  pane_pixel_to_screen(v, g, double(img.w), double(img.h), &sx1, &sy1);
  dl->PushClipRect(ImVec2(box.x0, box.y0), ImVec2(box.x1, box.y1), true);
  // Each texture band where its rows fall (the overlay has the picture's size: the same rows).
  const auto draw_bands = [&](const DisplayImage& d, ImU32 tint) {
    if (d.w <= 0 || d.h <= 0) return;  // emptied (a new picture), not yet computed again
    for (const TextureBand& b : d.bands) {
      double bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;
      pane_pixel_to_screen(v, g, 0, double(b.y0) * double(img.h) / double(std::max<int64_t>(1, d.h)), &bx0, &by0);
      pane_pixel_to_screen(v, g, double(img.w), double(b.y1) * double(img.h) / double(std::max<int64_t>(1, d.h)), &bx1, &by1);
      dl->AddImage(b.texture, ImVec2(float(bx0), float(by0)), ImVec2(float(bx1), float(by1)), ImVec2(0, 0), ImVec2(1, 1),
                   tint);
    }
  };
  draw_bands(img, IM_COL32_WHITE);
  if (overlay && overlay_alpha > 0) draw_bands(*overlay, IM_COL32(255, 255, 255, int(overlay_alpha * 255)));
  // Pixel grid when pixels are big enough to tell apart.
  const double kx = pane_px_per_pixel_x(v, g), ky = pane_px_per_pixel_y(v, g);
  if (kx >= kPixelGridMinPx && ky >= kPixelGridMinPx) {
    double px0 = 0, py0 = 0, px1 = 0, py1 = 0;
    pane_screen_to_pixel(v, g, box.x0, box.y0, &px0, &py0);
    pane_screen_to_pixel(v, g, box.x1, box.y1, &px1, &py1);
    const ImU32 c = IM_COL32(128, 128, 128, 110);
    for (int64_t i = std::max<int64_t>(0, int64_t(px0)); i <= std::min<int64_t>(img.w, int64_t(px1) + 1); ++i) {
      const float x = float(sx0 + double(i) * kx);
      dl->AddLine(ImVec2(x, float(std::max(sy0, double(box.y0)))), ImVec2(x, float(std::min(sy1, double(box.y1)))), c);
    }
    for (int64_t j = std::max<int64_t>(0, int64_t(py0)); j <= std::min<int64_t>(img.h, int64_t(py1) + 1); ++j) {
      const float y = float(sy0 + double(j) * ky);
      dl->AddLine(ImVec2(float(std::max(sx0, double(box.x0))), y), ImVec2(float(std::min(sx1, double(box.x1))), y), c);
    }
  }
  // Circles around the stride's frequencies in a spectrum, placed by geometry alone (the same in
  // every pane of that size), coloured by whether a peak stands out there.
  if (marks) {
    const float rad = std::max(fs * 0.7f, float(kx) * 2.5f);
    for (const ImageResult::PeakMark& q : *marks) {
      double cx = 0, cy = 0;
      pane_pixel_to_screen(v, g, q.x, q.y, &cx, &cy);
      peak_mark(dl, ImVec2(float(cx), float(cy)), rad, q.significant);
    }
  }
  if (magnify != Magnify::None) {
    const bool hovered = ImGui::IsItemHovered() && !ImGui::IsItemActive();
    double px = -1, py = -1;
    if (hovered) pane_screen_to_pixel(v, g, io.MousePos.x, io.MousePos.y, &px, &py);
    if (hovered && px >= 0 && py >= 0 && px < double(img.w) && py < double(img.h)) {
      st.magnify_row = std::floor(py);
      st.magnify_col = std::floor(px);
      draw_magnifier(st, dl, box, v, g, int64_t(py), int64_t(px));
    } else if (magnify == Magnify::OnHoverAndPinned && st.magnifier) {
      draw_magnifier(st, dl, box, v, g, int64_t(st.magnify_row), int64_t(st.magnify_col));
    }
  }
  dl->PopClipRect();
  if (highlight) draw::frame(dl, box, draw::col(palette::kOrange), std::max(2.0f, fs * 0.15f));
  // Hover: which pixel.
  if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) {
    double px = 0, py = 0;
    pane_screen_to_pixel(v, g, io.MousePos.x, io.MousePos.y, &px, &py);
    if (px >= 0 && py >= 0 && px < double(img.w) && py < double(img.h))
      ImGui::SetTooltip("pixel (row %lld, col %lld) of %lld rows x %lld columns\nwheel: zoom, drag: pan, double-click: fit",
                        static_cast<long long>(py), static_cast<long long>(px), static_cast<long long>(img.h),
                        static_cast<long long>(img.w));
  }
}

std::string size_text(const DisplayImage& d) {
  if (d.w <= 0) return "";
  return std::to_string(d.w) + " x " + std::to_string(d.h);
}

// Two panes side by side in the remaining space, with room for `text_lines` of text below.
void two_panes(ImageState& st, const char* id_a, const DisplayImage& a, const std::string& ta, const char* id_b,
               const DisplayImage& b, const std::string& tb, bool synced, float text_h,
               const DisplayImage* overlay_a = nullptr, float alpha = 0.0f,
               const std::vector<ImageResult::PeakMark>* marks_a = nullptr,
               const std::vector<ImageResult::PeakMark>* marks_b = nullptr, bool magnifier = false) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetFontSize() * 0.8f;
  const float h = std::max(ImGui::GetFontSize() * 6, avail.y - text_h);
  const float w = (avail.x - gap) * 0.5f;
  draw_pane(st, id_a, a, RectF{p.x, p.y, p.x + w, p.y + h}, ta, synced, overlay_a, alpha, false, marks_a,
            magnifier ? Magnify::OnHover : Magnify::None);
  draw_pane(st, id_b, b, RectF{p.x + w + gap, p.y, p.x + avail.x, p.y + h}, tb, synced, nullptr, 0.0f, false, marks_b,
            magnifier ? Magnify::OnHoverAndPinned : Magnify::None);
  ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + h + ImGui::GetStyle().ItemSpacing.y));
}

// ---------------------------------------------------------------- controls
void picture_controls(ImageState& st) {
  ImGui::TextUnformatted("Picture");
  ImGui::Separator();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%s", st.path_box.c_str());
  const bool enter = ImGui::InputTextWithHint("##path", "path to a picture (or drop one)", buf, sizeof buf,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  st.path_box = buf;
  ImGui::SameLine();
  if ((ImGui::Button("Open") || enter) && !st.path_box.empty()) st.open_request = st.path_box;
  const float samples_w = ImGui::CalcTextSize("Samples").x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
  const float recent_w = ImGui::CalcTextSize("Recent pictures").x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetFrameHeight();
  ImGui::SetNextItemWidth(std::max(recent_w, ImGui::GetContentRegionAvail().x - samples_w - ImGui::GetStyle().ItemSpacing.x));
  if (ImGui::BeginCombo("##recent", "Recent pictures", ImGuiComboFlags_HeightLarge)) {
    if (st.recent.empty()) ImGui::TextDisabled("(none yet)");
    for (const std::string& r : st.recent)
      if (ImGui::Selectable(r.c_str())) st.open_request = st.path_box = r;
    ImGui::EndCombo();
  }
  draw::same_line_if_fits(samples_w);  // the two lists keep their words in a narrow column
  ImGui::SetNextItemWidth(samples_w);
  if (ImGui::BeginCombo("##samples", "Samples", ImGuiComboFlags_HeightLarge)) {
    if (st.samples.empty()) ImGui::TextDisabled("(assets/ not found)");
    for (const std::string& r : st.samples)
      if (ImGui::Selectable(std::filesystem::path(r).filename().string().c_str())) st.open_request = st.path_box = r;
    ImGui::EndCombo();
  }
  if (st.image) {
    char info[128];
    std::snprintf(info, sizeof info, "  %lld x %lld, %lld channel%s", static_cast<long long>(st.image->shape.w),
                  static_cast<long long>(st.image->shape.h), static_cast<long long>(st.image->shape.c),
                  st.image->shape.c == 1 ? "" : "s");
    wrapped_colored(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
                    std::filesystem::path(st.image_path).filename().string() + info);
  } else {
    wrapped("Drop a picture on the window, type its path, or pick a sample.");
  }
}

void kernel_values(const Kernel2D& k) {
  if (k.h * k.w > 81) {
    ImGui::TextDisabled("%lld x %lld kernel (too big to list)", static_cast<long long>(k.h), static_cast<long long>(k.w));
    return;
  }
  if (ImGui::BeginTable("kvals", int(k.w), ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) {
    for (int64_t i = 0; i < k.h; ++i) {
      ImGui::TableNextRow();
      for (int64_t j = 0; j < k.w; ++j) {
        ImGui::TableNextColumn();
        ImGui::Text("%.3g", double(k.v[size_t(i * k.w + j)]));
      }
    }
    ImGui::EndTable();
  }
}

void kernel_controls(ImageState& st) {
  ImageSettings& s = st.settings;
  ImGui::Spacing();
  ImGui::TextUnformatted("Kernel");
  ImGui::Separator();
  int src = int(s.source);
  bool changed = false;
  changed |= ImGui::RadioButton("preset", &src, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("custom", &src, 1);
  draw::same_line_if_fits(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("weights .npy").x);
  changed |= ImGui::RadioButton("weights .npy", &src, 2);
  s.source = KernelSource(src);
  if (s.source == KernelSource::Preset) {
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##preset", s.preset.c_str())) {
      for (const std::string& n : kernel_preset_names()) {
        if (ImGui::Selectable(n.c_str(), n == s.preset)) {
          s.preset = n;
          changed = true;
          Result<KernelPreset> p = kernel_preset(n, s.params.stride);
          if (p) s.params.padding = p.value().default_padding;  // the preset's natural padding
        }
      }
      ImGui::EndCombo();
    }
  } else if (s.source == KernelSource::Custom) {
    int size[2] = {int(s.custom.h), int(s.custom.w)};
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 7.5f);
    if (ImGui::SliderInt2("size (h, w)", size, 1, 7, "%d", ImGuiSliderFlags_AlwaysClamp)) {
      Kernel2D k{size[0], size[1], std::vector<float>(size_t(size[0] * size[1]), 1.0f)};
      for (int64_t i = 0; i < std::min<int64_t>(k.h, s.custom.h); ++i)
        for (int64_t j = 0; j < std::min<int64_t>(k.w, s.custom.w); ++j)
          k.v[size_t(i * k.w + j)] = s.custom.v[size_t(i * s.custom.w + j)];
      s.custom = k;
      changed = true;
    }
    const float cw = ImGui::GetFontSize() * 3.2f;
    for (int64_t i = 0; i < s.custom.h; ++i) {
      for (int64_t j = 0; j < s.custom.w; ++j) {
        if (j) ImGui::SameLine();
        ImGui::PushID(int(i * 16 + j));
        ImGui::SetNextItemWidth(cw);
        changed |= ImGui::DragFloat("##k", &s.custom.v[size_t(i * s.custom.w + j)], 0.01f, -10.0f, 10.0f, "%.2f");
        ImGui::PopID();
      }
    }
  } else {
    char buf[1024];
    std::snprintf(buf, sizeof buf, "%s", s.weights_path.c_str());
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
    const bool enter = ImGui::InputTextWithHint("##npy", "weights.npy", buf, sizeof buf, ImGuiInputTextFlags_EnterReturnsTrue);
    st.settings.weights_path = buf;
    ImGui::SameLine();
    if (ImGui::Button("Load") || enter) st.weights_request = buf;
    if (!s.weights_shape.empty()) {
      std::string shp = "(";
      for (size_t i = 0; i < s.weights_shape.size(); ++i) shp += (i ? ", " : "") + std::to_string(s.weights_shape[i]);
      ImGui::TextDisabled("shape %s)", shp.c_str());
      if (s.weights_shape.size() == 4 && !(s.weights_shape[0] == 1 && s.weights_shape[1] == 1)) {
        int g = int(s.weights_groups);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
        if (ImGui::InputInt("groups", &g)) {
          s.weights_groups = std::clamp(g, 1, 4096);
          changed = true;
        }
      }
    } else {
      wrapped("A (kH, kW) kernel, or a trained ConvTranspose2d weight (Cin, Cout/groups, kH, kW).");
    }
  }
  Result<Kernel2D> k = settings_kernel(s);
  if (k) {
    if (s.source == KernelSource::Weights && s.weights_shape.size() == 4 &&
        !(s.weights_shape[0] == 1 && s.weights_shape[1] == 1))
      ImGui::TextDisabled("mean over channels (used by the explorer):");
    kernel_values(k.value());
  }
  // Choosing "weights" before any are loaded changes nothing until a file is loaded.
  if (changed && !(s.source == KernelSource::Weights && s.weights.empty())) st.dirty = true;
}

void parameter_controls(ImageState& st) {
  ImageSettings& s = st.settings;
  ImGui::Spacing();
  ImGui::TextUnformatted("Parameters (height, width)");
  ImGui::Separator();
  bool changed = false;
  const Pair old_stride = s.params.stride;
  changed |= pair_slider("stride", s.params.stride, 1, 8);
  changed |= pair_slider("padding", s.params.padding, 0, 16);
  changed |= pair_slider("output_padding", s.params.output_padding, 0, 7);
  changed |= pair_slider("dilation", s.params.dilation, 1, 4);
  if (s.source == KernelSource::Preset && s.params.stride != old_stride) {
    Result<KernelPreset> p = kernel_preset(s.preset, s.params.stride);  // bilinear/nearest follow the stride
    if (p) s.params.padding = p.value().default_padding;
  }
  changed |= ImGui::Checkbox("keep brightness", &s.unit_gain);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Scale the kernel so a flat picture keeps its level (the kernel sums to stride x stride).\n"
                      "Off: PyTorch's numbers for the kernel as given.");
  ImGui::BeginDisabled(!st.gpu_available);
  changed |= ImGui::Checkbox("GPU for large pictures", &s.prefer_gpu);
  ImGui::EndDisabled();
  if (changed) st.dirty = true;
  if (!st.notice.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    wrapped(st.notice);
    ImGui::PopStyleColor();
  }
}

void save_controls(ImageState& st) {
  ImGui::Spacing();
  ImGui::TextUnformatted("Save the output");
  ImGui::Separator();
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%s", st.save_box.c_str());
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 4.0f);
  ImGui::InputTextWithHint("##save", "output.png (.jpg .bmp .tga)", buf, sizeof buf);
  st.save_box = buf;
  ImGui::SameLine();
  ImGui::BeginDisabled(!st.result.output || st.save_box.empty() || st.saving);
  if (ImGui::Button("Save")) {
    std::error_code ec;
    if (std::filesystem::exists(st.save_box, ec)) {
      st.confirm_path = st.save_box;
      ImGui::OpenPopup("Replace file?");
    } else {
      st.save_request = st.save_box;
    }
  }
  ImGui::EndDisabled();
  if (ImGui::BeginPopupModal("Replace file?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::Text("%s already exists.", st.confirm_path.c_str());
    ImGui::TextUnformatted("Replace it with the output?");
    if (ImGui::Button("Replace")) {
      st.save_request = st.confirm_path;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void status_lines(ImageState& st) {
  ImGui::Spacing();
  if (st.busy) {
    char label[96];
    std::snprintf(label, sizeof label, "%s %.1f s", st.busy_what.c_str(), st.busy_seconds);
    ImGui::ProgressBar(std::max(0.02f, st.progress), ImVec2(-1, 0), label);
  }
  if (!st.error.empty()) wrapped_colored(vermillion(), st.error);
  if (!st.result.error.empty()) wrapped_colored(vermillion(), st.result.error);
  if (st.result.output && st.result.error.empty()) {
    const Shape4& o = st.result.output->shape;
    char line[256];
    std::snprintf(line, sizeof line, "output %lld x %lld in %.2f s (%s)", static_cast<long long>(o.w),
                  static_cast<long long>(o.h), st.result.seconds, st.result.backend.c_str());
    wrapped_colored(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), line);
    if (st.result.clipped > 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      wrapped(clipped_values_text(st.result));
      ImGui::PopStyleColor();
    }
  }
  if (!st.status.empty() && st.status_age < 6.0) wrapped_colored(green(), st.status);
}

// ---------------------------------------------------------------- upsample tab
void upsample_tab(ImageState& st) {
  const DisplayImage& in = slot(st, Slot::Input);
  const DisplayImage& out = slot(st, Slot::Output);
  const Pair s = st.settings.params.stride;
  const char* help = "Wheel: zoom (both sides together), drag: pan, double-click: fit. A pixel grid appears when zoomed in.";
  const float help_h = ImGui::CalcTextSize(help, nullptr, false, ImGui::GetContentRegionAvail().x).y;
  two_panes(st, "##in", in, "input " + size_text(in), "##out", out,
            "output " + size_text(out) + "  (stride " + std::to_string(s.h) + "x" + std::to_string(s.w) + ")", true,
            help_h + ImGui::GetFontSize() * 0.6f);
  wrapped_colored(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), help);
}

// ---------------------------------------------------------------- explorer tab
// The spectrum for a newcomer, in one line above it.
std::string spectrum_intro(Pair stride) {
  const std::string st = stride.h == stride.w ? std::to_string(stride.h) : std::to_string(stride.h) + " x " + std::to_string(stride.w);
  if (stride.h == 1 && stride.w == 1)
    return "How to read it: the centre is the picture's average brightness; bright dots away from the centre are "
           "patterns that repeat across the picture. Stride 1 makes no checkerboard, so there is nothing to circle.";
  return "How to read it: the centre is the picture's average brightness; bright dots away from the centre are "
         "patterns that repeat across the picture. A stride-" + st + " checkerboard shows up at the circled spots.";
}

// What the circles mean, with a sample of each drawn like the circles themselves.
void spectrum_legend() {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = ImGui::GetFontSize();
  const ImVec4 dim = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
  ImGui::PushStyleColor(ImGuiCol_Text, dim);
  wrapped("Log magnitude, zero frequency (the average) in the centre. Circles: the stride's frequencies, 1/stride "
          "cycles per pixel.");
  ImGui::PopStyleColor();
  for (const bool sig : {true, false}) {
    if (!sig) ImGui::SameLine(0, fs * 1.5f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(fs * 1.4f, fs));
    peak_mark(dl, ImVec2(p.x + fs * 0.6f, p.y + fs * 0.5f), fs * 0.42f, sig);
    ImGui::SameLine();
    ImGui::TextUnformatted(sig ? "a peak stands out there: the checkerboard" : "nothing stands out there");
  }
}

void explorer_tab(ImageState& st) {
  using M = analysis::UpsampleMethod;
  ImageSettings& s = st.settings;
  const float fs = ImGui::GetFontSize();
  // Panel choice and the method compared with the transposed convolution.
  auto radio_w = [](const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
  };
  for (int i = 0; i < kExplorerPanelCount; ++i) {
    if (i) draw::same_line_if_fits(radio_w(explorer_panel_title(ExplorerPanel(i))));  // a narrow window wraps the row
    if (ImGui::RadioButton(explorer_panel_title(ExplorerPanel(i)), s.panel == ExplorerPanel(i))) {
      s.panel = ExplorerPanel(i);
      st.dirty = true;
    }
  }
  if (s.panel == ExplorerPanel::Difference || s.panel == ExplorerPanel::Spectrum || s.panel == ExplorerPanel::Methods) {
    ImGui::TextUnformatted("compare with:");
    for (M m : {M::nearest_then_conv, M::bilinear_then_conv, M::bilinear}) {
      draw::same_line_if_fits(radio_w(analysis::upsample_method_name(m)));
      if (ImGui::RadioButton(analysis::upsample_method_name(m), s.method == m)) {
        s.method = m;
        st.dirty = true;
      }
    }
  }
  const ImageResult& r = st.result;
  const float text_h = fs * 5.2f;
  switch (s.panel) {
    case ExplorerPanel::Pattern: {
      ImGui::SetNextItemWidth(fs * 10);
      ImGui::SliderFloat("overlay", &s.pattern_alpha, 0.0f, 1.0f, "%.2f");
      draw::same_line_if_fits(ImGui::GetFrameHeight() + ImGui::CalcTextSize("magnifier").x + fs);
      ImGui::Checkbox("magnifier", &st.magnifier);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Hover either picture to read the overlap counts up close.\nTicked, the magnifier stays where you last hovered.");
      two_panes(st, "##po", slot(st, Slot::Output), "output with the overlap pattern over it", "##pp",
                slot(st, Slot::Pattern), "overlap count per output pixel (interior, tiled)", true, text_h,
                &slot(st, Slot::Pattern), s.pattern_alpha, nullptr, nullptr, true);
      ImGui::PushFont(draw::font_for_px(fs * 1.15f));
      wrapped(r.pattern_text);
      ImGui::PopFont();
      wrapped_colored(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
                      "viridis: dark purple = fewest kernel taps, yellow = most. Hover to magnify.");
      break;
    }
    case ExplorerPanel::Methods: {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      const float gap = fs * 0.8f;
      const float w = (avail.x - gap) * 0.5f, h = (avail.y - text_h * 0.5f - gap) * 0.5f;
      struct Q { Slot sl; M m; };
      const Q q[4] = {{Slot::Output, M::transposed}, {Slot::MethodNearest, M::nearest_then_conv},
                      {Slot::MethodBilinearConv, M::bilinear_then_conv}, {Slot::MethodBilinear, M::bilinear}};
      for (int i = 0; i < 4; ++i) {
        const float x = p.x + float(i % 2) * (w + gap), y = p.y + float(i / 2) * (h + gap);
        ImGui::PushID(i);
        draw_pane(st, "##m", slot(st, q[i].sl), RectF{x, y, x + w, y + h}, analysis::upsample_method_name(q[i].m),
                  true, nullptr, 0.0f, q[i].m == s.method);
        ImGui::PopID();
      }
      ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + 2 * h + gap + ImGui::GetStyle().ItemSpacing.y));
      wrapped(r.methods_text.empty() ? "Same kernel, same output size. Resizing first and then convolving spreads "
                                       "every input pixel evenly, so no checkerboard can appear."
                                     : r.methods_text);
      break;
    }
    case ExplorerPanel::Difference:
      two_panes(st, "##do", slot(st, Slot::Output), "transposed convolution", "##dd", slot(st, Slot::Difference),
                "difference (transposed minus the other)", true, text_h);
      wrapped(r.difference_text);
      wrapped_colored(ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
                      "white = equal, orange = transposed brighter, blue = transposed darker.");
      break;
    case ExplorerPanel::Spectrum: {
      wrapped(spectrum_intro(s.params.stride));
      two_panes(st, "##sa", slot(st, Slot::SpectrumTransposed), "transposed convolution: spectrum", "##sb",
                slot(st, Slot::SpectrumMethod), std::string(analysis::upsample_method_name(s.method)) + ": spectrum",
                false, fs * 7.5f, nullptr, 0.0f, &r.peaks, &r.peaks_method);
      ImGui::PushFont(draw::font_for_px(fs * 1.1f));
      wrapped_colored(r.checkerboard ? vermillion() : green(), "Transposed: " + r.spectrum_text);
      wrapped_colored(r.checkerboard_method ? vermillion() : green(),
                      std::string(analysis::upsample_method_name(s.method)) + ": " + r.spectrum_method_text);
      ImGui::PopFont();
      spectrum_legend();
      break;
    }
    case ExplorerPanel::Stacked:
      two_panes(st, "##ta", slot(st, Slot::Stacked), "two stacked transposed convolutions", "##tb",
                slot(st, Slot::StackedPattern), "paths per output pixel through both layers", true, text_h);
      wrapped(r.stacked_text);
      break;
  }
}

}  // namespace

// ---------------------------------------------------------------- draw_image_mode
void draw_image_mode_tab(AppState& s) {
  if (ImGui::TabItemButton("Image", ImGuiTabItemFlags_Trailing)) s.image_mode = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Image mode: upsample your own pictures and explore checkerboard artifacts");
}

void draw_image_mode(AppState& app) {
  ImageState& st = *app.image;
  st.status_age += double(ImGui::GetIO().DeltaTime);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fs = ImGui::GetFontSize();
  const float left_w = std::clamp(avail.x * 0.26f, fs * 16, fs * 26);
  ImGui::BeginChild("image_controls", ImVec2(left_w, avail.y), true);
  if (ImGui::Button("< Teaching views")) app.image_mode = false;
  ImGui::Spacing();
  picture_controls(st);
  kernel_controls(st);
  parameter_controls(st);
  save_controls(st);
  status_lines(st);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("image_center", ImVec2(0, avail.y), false, ImGuiWindowFlags_NoScrollWithMouse);  // wheel: zoom
  if (ImGui::BeginTabBar("image_tabs")) {
    const bool want_explorer = st.settings.tab == ImageTab::Explorer;
    if (ImGui::BeginTabItem("Upsample", nullptr, st.select_tab && !want_explorer ? ImGuiTabItemFlags_SetSelected : 0)) {
      if (!st.select_tab && st.settings.tab != ImageTab::Upsample) {
        st.settings.tab = ImageTab::Upsample;
        st.dirty = true;
      }
      ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Checkerboard explorer", nullptr, st.select_tab && want_explorer ? ImGuiTabItemFlags_SetSelected : 0)) {
      if (!st.select_tab && st.settings.tab != ImageTab::Explorer) {
        st.settings.tab = ImageTab::Explorer;
        st.dirty = true;
      }
      ImGui::EndTabItem();
    }
    st.select_tab = false;
    ImGui::EndTabBar();
  }
  if (st.settings.tab == ImageTab::Upsample) upsample_tab(st);
  else explorer_tab(st);
  ImGui::EndChild();
}

}  // namespace tconv::ui
