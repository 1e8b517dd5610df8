#pragma once
// The GUI's "Export animation..." dialog: its state, shared between the panel that draws it
// (panel_export_dialog.cpp) and the app that renders the frames (src/app), and the panel.
#include <array>
#include <cstddef>
#include <string>

namespace tconv::ui {

struct ExportUi {
  // settings (edited in the dialog)
  std::array<char, 1024> path{{"tconv_animation.gif"}};  // the GIF; PNG frames go to <stem>_frames/
  bool png_frames = true;  // also write numbered PNG frames
  int width = 1280, height = 720;  // slide size, pixels
  int fps = 10;                    // frames per second of the GIF
  bool downloads = false;  // set by the app in a browser: the files become downloads (only the
                           // path's file name counts; the PNG frames come as <stem>_frames.zip)

  // requests from the dialog to the app (the app clears them)
  bool open_requested = false;   // open the dialog next frame
  bool start_requested = false;  // start exporting with the settings above
  bool overwrite = false;        // replacing existing files was confirmed
  bool cancel_requested = false; // stop a running export (nothing is written)
  bool download_frames_requested = false;  // a browser: hand over the frames' .zip now

  // progress, written by the app
  bool running = false;
  size_t done = 0, total = 0;  // frames rendered / planned
  std::string result;          // last outcome: "Wrote ..." or "error: ..."
  std::string frames_zip;      // a browser: the PNG frames' .zip waiting for its own click (name)
  bool result_is_error = false;
};

struct AppState;
// The "Export..." tab button, and the dialog it opens (path, size, fps, PNG frames, overwrite
// confirmation, progress). The app does the work when s.export_ui.start_requested.
void draw_export_button(AppState& s);
void draw_export_dialog(AppState& s);

}  // namespace tconv::ui
