#pragma once
// The browser's additions to the platform layer, for the page's hooks in src/app/web (the test
// hook window.tconvState(), "copy link to this view", "open picture..."). Browser build only.
#include <string>

#include "ui/app_state.h"

namespace tconv::app::platform {

// The state attached by run_gui (attach_app_state); null before the window is open.
const ui::AppState* web_app_state();

// A file the page wrote into the virtual file system ("open picture..."): it arrives through
// take_dropped_files, as if it had been dropped on the canvas.
void web_open_file(const std::string& path);

}  // namespace tconv::app::platform
