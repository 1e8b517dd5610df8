// The GUI's "Export animation..." tab button and its dialog: path, size, fps, PNG frames,
// overwrite confirmation, progress. The app renders the frames when export_ui.start_requested.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "ui/app_state.h"
#include "ui/draw/draw_util.h"
#include "ui/export/export_dialog.h"

namespace tconv::ui {

using namespace draw;

void draw_export_button(AppState& s) {
  if (ImGui::TabItemButton("Export...", ImGuiTabItemFlags_Trailing | ImGuiTabItemFlags_NoTooltip))
    s.export_ui.open_requested = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Export animation: this view's step-through as an animated GIF and numbered PNG frames, for slides");
}

namespace {

// True when the export would replace something: the GIF, or frames in <stem>_frames/.
bool export_targets_exist(const ExportUi& e) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path gif(e.path.data());
  if (fs::exists(gif, ec)) return true;
  if (!e.png_frames) return false;
  const fs::path dir = gif.parent_path() / (gif.stem().string() + "_frames");
  return fs::exists(dir, ec) && !fs::is_empty(dir, ec);
}

}  // namespace

void draw_export_dialog(AppState& s) {
  ExportUi& e = s.export_ui;
  const char* id = "Export animation";
  if (e.open_requested) {
    ImGui::OpenPopup(id);
    e.open_requested = false;
  }
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowSize(ImVec2(fs * 34, 0), ImGuiCond_Appearing);
  if (!ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  ImGui::PushTextWrapPos(fs * 32);
  if (e.running) {
    ImGui::TextUnformatted("Rendering the frames of the animation...");
    const float f = e.total ? float(e.done) / float(e.total) : 0.0f;
    char over[64];
    std::snprintf(over, sizeof over, "frame %zu of %zu", e.done, e.total);
    ImGui::ProgressBar(f, ImVec2(fs * 30, 0), over);
    if (ImGui::Button("Cancel")) e.cancel_requested = true;
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
    return;
  }
  ImGui::TextUnformatted("The step-through of the current view and configuration, as on screen "
                         "without the side panels: an animated GIF (loops) and numbered PNG frames.");
  ImGui::Spacing();
  ImGui::SetNextItemWidth(fs * 24);
  const bool path_edited = ImGui::InputText(e.downloads ? "GIF name" : "GIF file", e.path.data(), e.path.size());
  ImGui::Checkbox("also PNG frames", &e.png_frames);
  if (e.png_frames) {
    const std::filesystem::path gif(e.path.data());
    ImGui::SameLine();
    ImGui::TextDisabled(e.downloads ? "as %s_frames.zip" : "in %s_frames/", gif.stem().string().c_str());
  }
  if (e.downloads) ImGui::TextDisabled("The browser saves them as downloads.");
  int size[2] = {e.width, e.height};
  ImGui::SetNextItemWidth(fs * 12);
  if (ImGui::InputInt2("size (pixels)", size)) {
    e.width = std::clamp(size[0], 320, 3840);
    e.height = std::clamp(size[1], 240, 2160);
  }
  ImGui::SetNextItemWidth(fs * 12);
  ImGui::SliderInt("frames per second", &e.fps, 2, 30);
  ImGui::TextDisabled("Speed: %.2f steps per second (the transport bar's speed).", s.prefs.speed);
  if (path_edited) e.overwrite = false;

  if (!e.result.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, e.result_is_error ? ImVec4(0.95f, 0.45f, 0.3f, 1) : theme().focus_text);
    ImGui::TextUnformatted(e.result.c_str());
    ImGui::PopStyleColor();
  }
  // A browser starts one download per click without asking: the frames get a click of their own.
  if (!e.frames_zip.empty()) {
    const std::string label = "Download " + e.frames_zip;
    if (ImGui::Button(label.c_str())) e.download_frames_requested = true;
  }
  ImGui::Spacing();
  const bool exists = !e.downloads && export_targets_exist(e);  // downloads never replace a file
  if (exists && !e.overwrite) {
    ImGui::TextUnformatted("These files exist already.");
    if (ImGui::Button("Replace them")) {
      e.overwrite = true;
      e.start_requested = true;
    }
  } else if (ImGui::Button("Export")) {
    e.start_requested = true;
  }
  ImGui::SameLine();
  if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  if (e.start_requested) e.result.clear();
  ImGui::PopTextWrapPos();
  ImGui::EndPopup();
}

}  // namespace tconv::ui
