#pragma once
// The GUI side of "Export animation...": runs an AnimationExport in the window's own GL context,
// a few frames per GUI frame (so the window keeps drawing its progress bar), driven by the
// dialog's state in AppState::export_ui.
#include <memory>
#include <string>
#include <vector>

#include "app/slide_export.h"
#include "ui/app_state.h"

namespace tconv::app {

class GuiExport {
 public:
  // Call once per GUI frame, outside ImGui::NewFrame/Render, with the window's context current.
  // Starts, advances (for about budget_s seconds), finishes or cancels the export. With
  // export_ui.downloads (a browser) the files go into the page's file system, the PNG frames
  // packed into one <stem>_frames.zip, and pump returns the files to offer as downloads: the GIF
  // when the export finishes, the .zip when the dialog's "Download" button asks for it (a browser
  // starts one download per user action without asking). Otherwise it returns nothing: the files
  // are where the user named them.
  std::vector<std::string> pump(ui::AppState& s, double budget_s = 0.04);
  bool busy() const { return job_ != nullptr; }
  void cancel() { job_.reset(); }  // removes frames written so far; call before the GL context goes

 private:
  std::unique_ptr<AnimationExport> job_;
  std::string gif_, frames_dir_;
  bool downloads_ = false;
  std::string frames_zip_;  // a browser: the .zip waiting for its download click
};

}  // namespace tconv::app
